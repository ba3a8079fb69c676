import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { followChannel } from '../../src/landscape/follow-channel.js';
import { fig5Fits, gluApproximation, type Fig5Row } from '../../src/landscape/fig5-jump-table.js';
import { jumpChannel64, restricted64 } from '../../src/landscape/jump-channel.js';
import { resolveActivation } from '../../src/activations/index.js';
import type { Network } from '../../src/network/loss.js';
import { pairExpansion, pairOutput } from '../../src/landscape/pair-expansion.js';
import { toDataset64 } from '../../src/network/dataset.js';
import { precision } from '../../src/precision/context.js';
import { gluData, gluNetwork, gluStart } from './_glu-teacher.js';

const start64 = Float64Array.from(gluStart(precision(20)), (x) => x.toNumber());
const data64 = toDataset64(gluData(precision(20)));

describe('jumpChannel64 (the jump procedure in float64) on glu-teacher', () => {
  let jump!: ReturnType<typeof jumpChannel64>;
  beforeAll(() => {
    jump = jumpChannel64(gluNetwork, data64, start64, 15);
  });

  it('doubles A at each jump until |A| ≥ the target, each point a valley floor (restricted Hessian ≻ 0)', () => {
    expect(jump.kind, jump.kind === 'failed' ? jump.reason : '').toBe('reached');
    expect(jump.points.map((p) => p.A)).toEqual([4.75, 9.5, 19]);
    for (const p of jump.points) {
      expect(p.restrictedLambdaMin).toBeGreaterThan(0);
      expect(p.gradientNorm).toBeLessThanOrEqual(1e-10);
      expect(Math.abs(p.a - (2 * p.A) / p.invEps)).toBeLessThan(1e-12 * Math.abs(p.a));
    }
  });

  it('agrees with the Decimal Newton continuation (an independent route) on c, a and 1/ε to 10⁻⁹', () => {
    const cont = followChannel(gluNetwork, gluData, gluStart(precision(40)), '19', { values: ['9.5', '19'] });
    expect(cont.kind).toBe('reached');
    for (const [k, p] of jump.points.entries()) {
      const c = cont.points[k];
      if (c === undefined) throw new Error(`no continuation point ${k}`);
      const rel = (x: number, y: Decimal): number => Math.abs(x - y.toNumber()) / Math.abs(y.toNumber());
      expect(rel(p.c, c.c), `c at A = ${p.A}`).toBeLessThan(1e-9);
      expect(rel(p.a, c.a), `a at A = ${p.A}`).toBeLessThan(1e-9);
      expect(rel(1 / p.invEps, c.eps), `ε at A = ${p.A}`).toBeLessThan(1e-9);
    }
  });

  it('starts from fromA at fixed u, and stops after maxPoints', () => {
    const two = jumpChannel64(gluNetwork, data64, start64, Infinity, { fromA: 6, maxPoints: 2 });
    expect(two.points.map((p) => p.A)).toEqual([6, 12]);
  });

  it('rejects bad options with the option named', () => {
    expect(() => jumpChannel64(gluNetwork, data64, start64, 15, { fromA: -3 })).toThrow(/fromA/);
    expect(() => jumpChannel64(gluNetwork, data64, start64, 15, { maxPoints: 0 })).toThrow(/maxPoints/);
    expect(() => jumpChannel64(gluNetwork, data64, start64, 2)).toThrow(/target/);
  });
});

describe('gluApproximation (loss, limit loss and the RMS approximation error, in Decimal)', () => {
  const flat = ['1.1', '0.9', '5', '-4.5'];
  it('matches a naive reference built from pairOutput and pairExpansion, sample by sample', () => {
    const p = precision(30);
    const data = gluData(precision(40));
    const got = gluApproximation(gluNetwork, data, flat, 0, 1, p);
    // Channel coordinates of the start by hand: w = 1, ε = 0.1, Δ = 1, c = 0.5, a = ε(a₁ − a₂) = 0.95.
    const pt = (x: Decimal) => ({ c: '0.5', a: '0.95', z: x, delta: x });
    let sl = new p.D(0);
    let sg = new p.D(0);
    let se = new p.D(0);
    data.inputs.forEach((row, n) => {
      const x = row[0] as Decimal;
      const f = pairOutput(gluNetwork.activation, pt(x), '0.1', precision(50));
      const f0 = pairExpansion(gluNetwork.activation, pt(x), 1, precision(50))[0] as Decimal;
      const y = data.targets[n] as Decimal;
      sl = sl.plus(f.minus(y).pow(2));
      sg = sg.plus(f0.minus(y).pow(2));
      se = se.plus(f.minus(f0).pow(2));
    });
    const N = data.inputs.length;
    const close = (x: Decimal, y: Decimal): boolean => x.minus(y).abs().lte(y.abs().times('1e-28'));
    expect(close(got.loss, sl.div(N))).toBe(true);
    expect(close(got.limitLoss, sg.div(N))).toBe(true);
    expect(close(got.approximationError, se.div(N).sqrt())).toBe(true);
  });

  it('precision ladder: 20 digits and 40 digits agree to 20', () => {
    const [lo, hi] = [20, 40].map((d) =>
      gluApproximation(gluNetwork, gluData(precision(d + 10)), flat, 0, 1, precision(d)),
    ) as [ReturnType<typeof gluApproximation>, ReturnType<typeof gluApproximation>];
    for (const key of ['loss', 'limitLoss', 'approximationError'] as const)
      expect(hi[key].toSignificantDigits(20).eq(lo[key]), key).toBe(true);
  });

  it('law: at fixed c, a, w, Δ the approximation error falls by 4 when ε halves (to O(ε²) relative)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.05, noNaN: true }), (eps) => {
        const at = (e: number): number => {
          const A = 0.95 / (2 * e);
          const f = [String(1 + e), String(1 - e), String(0.25 + A), String(0.25 - A)];
          return gluApproximation(
            gluNetwork,
            gluData(precision(40)),
            f,
            0,
            1,
            precision(25),
          ).approximationError.toNumber();
        };
        const ratio = at(eps) / at(eps / 2);
        expect(Math.abs(ratio - 4)).toBeLessThan(40 * eps * eps * 4);
      }),
      { numRuns: 8, seed: 5 },
    );
  });
});

describe('fig5Fits', () => {
  it('recovers planted exponents: error = 0.18 ε², λ_max = 56/ε², L − L∞ = 0.3 ε²', () => {
    const inv = [70, 140, 280, 560, 1120];
    const rows = inv.map(
      (x) =>
        ({
          invEps: String(x),
          approximationError: String(0.18 / x ** 2),
          lambdaMax: String(56 * x ** 2),
          lossAboveLimit: String(0.3 / x ** 2),
        }) as Fig5Row,
    );
    const f = fig5Fits(rows);
    expect(f.error.exponent).toBeCloseTo(2, 12);
    expect(f.lambdaMax.exponent).toBeCloseTo(2, 12);
    expect(f.lossAboveLimit?.exponent).toBeCloseTo(2, 12);
  });
});

describe('restricted64 (the loss at fixed A in u = (others, w, v, c), float64)', () => {
  // Three softplus neurons with biases on 2-D inputs: the pair (0, 2), the other neuron 1.
  const net: Network = {
    layout: { width: 3, inputDimension: 2, hiddenBias: true, outputBias: false },
    activation: resolveActivation('softplus'),
  };
  const xs = [-1.2, -0.4, 0.3, 0.9, 1.5];
  const inputs = Float64Array.from(xs.flatMap((x, n) => [x, 0.7 - 0.5 * n]));
  const data = { n: xs.length, d: 2, inputs, targets: Float64Array.from(xs, (x) => Math.sin(2 * x)) };
  const A = 30;
  const r = restricted64(net, data, 0, 2, A);
  const u0 = Float64Array.from([0.2, -0.3, 0.5, 0.8, 0.4, -0.1, 0.6, 0.7, -0.2, 0.9, 0.3]);

  it('maps u to the flat point and back (a_i − a_j = 2A)', () => {
    const flat = r.toFlat(u0);
    expect(((flat[9] as number) - (flat[11] as number)) / 2).toBeCloseTo(A, 12);
    const back = r.fromFlat(flat);
    back.forEach((x, k) => expect(x).toBeCloseTo(u0[k] as number, 12));
  });

  it('its gradient and Hessian agree with central differences of its loss (step 10⁻⁵, error O(h²))', () => {
    const at = r.evaluate(u0, true);
    const n = u0.length;
    const h = 1e-5;
    const shifted = (k: number, s: number): Float64Array => u0.map((x, m) => (m === k ? x + s : x));
    for (let k = 0; k < n; k++) {
      const fd = (r.evaluate(shifted(k, h), false).loss - r.evaluate(shifted(k, -h), false).loss) / (2 * h);
      expect(Math.abs(fd - (at.gradient?.[k] as number)), `∂L/∂u_${k}`).toBeLessThan(1e-6);
      for (let m = 0; m < n; m++) {
        const gp = r.evaluate(shifted(k, h), false).gradient?.[m] as number;
        const gm = r.evaluate(shifted(k, -h), false).gradient?.[m] as number;
        expect(
          Math.abs((gp - gm) / (2 * h) - (at.hessian?.[k * n + m] as number)),
          `H_${k}${m}`,
        ).toBeLessThan(1e-5);
      }
    }
  });
});
