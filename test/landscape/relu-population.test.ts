import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  gluPopulationLoss,
  gluPopulationLoss64,
  pairCoordinates,
  RELU_B13_START,
  RELU_POPULATION_TEACHER as TEACHER,
  reluKernel,
  reluKernel64,
  reluKernelGradient64,
  reluPairLoss64,
  reluPopulationLoss,
  reluPopulationRun,
} from '../../src/landscape/relu-population.js';
import { precision } from '../../src/precision/context.js';
import { SeededRandom } from '../../src/precision/random.js';

interface Fixture {
  cases: { theta: string[]; loss: string; gradient: string[] }[];
  kernels: { u: string[]; v: string[]; kernel: string }[];
}
const fixture = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/relu-population-reference.json'), 'utf8'),
) as Fixture;

/** |x − y| ≤ tol·(1 + |y|) at Decimal precision. */
const close = (x: Decimal, y: string, tol: string): boolean =>
  x
    .minus(y)
    .abs()
    .lte(new Decimal(tol).times(new Decimal(y).abs().plus(1)));

describe('ReLU population loss in closed form (arc-cosine kernel, gated second moments)', () => {
  it('matches the mpmath quadrature fixture to 30 digits at 50 digits, and to 1e-11 absolute in float64', () => {
    const p = precision(50);
    for (const c of fixture.cases) {
      const r = reluPopulationLoss(c.theta, TEACHER, p);
      expect(close(r.loss, c.loss, '1e-30')).toBe(true);
      r.gradient.forEach((g, i) => expect(close(g, c.gradient[i] as string, '1e-30')).toBe(true));
      const g64 = new Float64Array(6);
      const l64 = reluPairLoss64(c.theta.map(Number), TEACHER, g64);
      expect(Math.abs(l64 - Number(c.loss))).toBeLessThan(1e-11);
      g64.forEach((g, i) =>
        expect(Math.abs(g - Number(c.gradient[i]))).toBeLessThan(
          1e-10 * (1 + Math.abs(Number(c.gradient[i]))),
        ),
      );
    }
    for (const k of fixture.kernels) {
      expect(close(reluKernel(k.u, k.v, p), k.kernel, '1e-30')).toBe(true);
      expect(Math.abs(reluKernel64(k.u.map(Number), k.v.map(Number)) - Number(k.kernel))).toBeLessThan(1e-14);
    }
  });

  it('precision ladder: 40 and 60 digits agree to 28 digits at the B13 start (a = ±10⁵ cancels ~10 digits)', () => {
    const th = RELU_B13_START.map(String);
    const lo = reluPopulationLoss(th, TEACHER, precision(40)).loss;
    const hi = reluPopulationLoss(th, TEACHER, precision(60)).loss;
    expect(lo.minus(hi).abs().lt('1e-28')).toBe(true);
  });

  it('the gradient equals central finite differences of the loss (Decimal, 40 digits)', () => {
    const p = precision(40);
    const theta = ['0.8', '0.3', '-0.2', '1.1', '0.7', '-1.3'];
    const { gradient } = reluPopulationLoss(theta, TEACHER, p);
    const h = new p.D('1e-12');
    theta.forEach((_, i) => {
      const plus = theta.map((x, j) => (j === i ? new p.D(x).plus(h) : new p.D(x)));
      const minus = theta.map((x, j) => (j === i ? new p.D(x).minus(h) : new p.D(x)));
      const fd = reluPopulationLoss(plus, TEACHER, p)
        .loss.minus(reluPopulationLoss(minus, TEACHER, p).loss)
        .div(h.times(2));
      expect(
        fd
          .minus(gradient[i] as Decimal)
          .abs()
          .lt('1e-20'),
      ).toBe(true);
    });
    // the arc-cosine kernel's gradient in u, float64 central differences (step 1e-6: error ~1e-12)
    const u = [0.3, -1.2, 0.5];
    const v = [-0.7, 0.4, 0.9];
    const grad = reluKernelGradient64(u, v);
    u.forEach((_, i) => {
      const up = u.map((x, j) => (j === i ? x + 1e-6 : x));
      const um = u.map((x, j) => (j === i ? x - 1e-6 : x));
      expect(Math.abs((reluKernel64(up, v) - reluKernel64(um, v)) / 2e-6 - (grad[i] as number))).toBeLessThan(
        1e-9,
      );
    });
  });

  it('agrees with a seeded Monte-Carlo estimate (2·10⁵ samples, within 4 standard errors)', () => {
    const rng = new SeededRandom(7);
    const theta = [0.8, 0.3, -0.2, 1.1, 0.7, -1.3];
    const relu = (z: number): number => (z > 0 ? z : 0);
    let s = 0;
    let s2 = 0;
    const N = 200_000;
    for (let n = 0; n < N; n++) {
      const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
      const t = 2 * Math.PI * rng.next();
      const x0 = r * Math.cos(t);
      const x1 = r * Math.sin(t);
      const f =
        theta[4]! * relu(theta[0]! * x0 + theta[1]! * x1) + theta[5]! * relu(theta[2]! * x0 + theta[3]! * x1);
      const y = x0 > 0 ? x0 - x1 : 0; // relu(x₁) − x₂·1[x₁ > 0]
      const e = (f - y) ** 2;
      s += e;
      s2 += e * e;
    }
    const mean = s / N;
    const se = Math.sqrt((s2 / N - mean * mean) / N);
    expect(Math.abs(reluPairLoss64(theta, TEACHER) - mean)).toBeLessThan(4 * se);
  });

  it('the GLU limit: the pair loss tends to the loss of its gated linear unit, linearly in ε (at fixed c, v)', () => {
    const p = precision(40);
    // w₁,₂ = w ± ε n, a₁,₂ = c/2 ± k/(2ε): the pair's unit is (c·w + k·n)·x gated by w.
    const gaps = [1e-2, 1e-3, 1e-4].map((eps) => {
      const th = [1, eps * 0.3, 1, -eps * 0.3, 0.2 + 1 / (2 * eps * 0.6), 0.2 - 1 / (2 * eps * 0.6)];
      // θ rounded: the limit unit from the exact coordinates of the rounded θ
      const pc = pairCoordinates(th);
      const glu = gluPopulationLoss({ w: pc.w, c: pc.c, v: pc.v }, TEACHER, p).toNumber();
      expect(Math.abs(gluPopulationLoss64(pc, TEACHER) - glu)).toBeLessThan(1e-13);
      return reluPairLoss64(th, TEACHER) - glu;
    });
    // the gap is linear in ε for ReLU (the wedge between the gates has probability ∝ ε), not quadratic
    expect(gaps[0]! / gaps[1]!).toBeGreaterThan(9);
    expect(gaps[0]! / gaps[1]!).toBeLessThan(11);
    expect(gaps[1]! / gaps[2]!).toBeGreaterThan(9.5);
    expect(gaps[1]! / gaps[2]!).toBeLessThan(10.5);
  });

  it('gradient flow from the B13 start stays in the channel: loss drops 10⁶-fold, ε and |a| stay, L − L_GLU ≈ 0.075 ε', () => {
    const rec = reluPopulationRun([1, 100], { log10Tolerance: -12 });
    const [start, , end] = rec as [(typeof rec)[0], (typeof rec)[0], (typeof rec)[0]];
    expect(start.loss).toBeGreaterThan(0.5);
    expect(end.loss).toBeLessThan(1e-6);
    expect(end.loss).toBeLessThan(rec[1]!.loss);
    expect(end.eps).toBeLessThan(1e-5);
    expect(Math.abs(end.a1)).toBeGreaterThan(0.99e5);
    expect(Math.abs(end.a2)).toBeGreaterThan(0.99e5);
    // the pair's unit c·w + v → the teacher's (1, −1)
    expect(Math.abs(end.c * end.w[0] + end.v[0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(end.c * end.w[1] + end.v[1] + 1)).toBeLessThan(1e-6);
    expect(end.gluLoss).toBeLessThan(1e-10);
    const slope = (end.loss - end.gluLoss) / end.eps;
    expect(slope).toBeGreaterThan(0.07);
    expect(slope).toBeLessThan(0.08);
  });
});
