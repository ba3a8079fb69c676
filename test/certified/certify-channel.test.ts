import type { Decimal } from 'decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ballDataset } from '../../src/certified/ball-dataset.js';
import { ballEpsilonDerivatives, ballLimitLoss } from '../../src/certified/_internals/ball-channel.js';
import { certifyChannel, type CertifiedChannel } from '../../src/certified/certify-channel.js';
import { InputError } from '../../src/errors.js';
import {
  evaluateLimit,
  limitH,
  limitModelOf,
  type LimitModel,
} from '../../src/landscape/loss-at-infinity.js';
import { lossAndDerivatives } from '../../src/network/loss.js';
import { loadProblem, problemFromSpec, type Problem } from '../../src/network/problem.js';
import { builtinProblem } from '../../src/network/problems.js';
import {
  type Ball,
  ballAdd,
  ballContains,
  ballDiv,
  ballFromBounds,
  ballLower,
  ballMul,
  exactBall,
} from '../../src/precision/ball/index.js';
import { precision, type Precision } from '../../src/precision/context.js';

/**
 * certifyChannel (issue 17, item 6). The references are independent: scripts/certify-reference/channel.py (mpmath
 * at 120 digits, hand-written gradient and Hessian of L∞, the direct loss of the width-2 network and its ε-derivatives
 * by mpmath.diff) wrote channel.json; the decrease is also checked on the toolkit's ordinary Decimal loss
 * (network/loss.ts, a different code path from the ball arithmetic) at 60 digits, and h against loss-at-infinity.ts.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const GENERIC = join(ROOT, 'test', 'fixtures', 'certified', 'glu-teacher-generic.json');
const TOY = join(ROOT, 'test', 'fixtures', 'certified', 'paper-toy-grid.json');
const WIDTH3 = join(ROOT, 'test', 'fixtures', 'certified', 'glu-teacher-width3.json');
interface Reference {
  readonly w: string;
  readonly c: string;
  readonly a: string;
  readonly lossAtInfinity: string;
  readonly hessianEigenvalues: readonly string[];
  readonly h: string;
  readonly phi4: string;
  readonly loss: Readonly<Record<string, string>>;
  readonly derivatives: Readonly<Record<string, readonly string[]>>;
}
const REF = JSON.parse(
  readFileSync(join(ROOT, 'scripts', 'certify-reference', 'channel.json'), 'utf8'),
) as Record<'glu-teacher' | 'glu-teacher-generic', Reference>;

/** The network's loss L(θ₀, ε) at w_{1,2} = w ± ε, a_{1,2} = c/2 ± a/(2ε), by network/loss.ts (not the balls). */
function networkLoss(problem: Problem, t: readonly Decimal[], eps: Decimal.Value, q: Precision): Decimal {
  const [w, c, a] = t.map((v) => new q.D(v)) as [Decimal, Decimal, Decimal];
  const e = new q.D(eps);
  const flat = [w.plus(e), w.minus(e), c.div(2).plus(a.div(e.times(2))), c.div(2).minus(a.div(e.times(2)))];
  return lossAndDerivatives(problem.network, problem.dataset(q), flat, q, { gradient: false }).loss;
}

function limitOf(c: CertifiedChannel): NonNullable<CertifiedChannel['limit']> {
  if (c.limit === undefined)
    throw new Error(`no certified limit point: ${c.kind === 'not-certified' ? c.reason : ''}`);
  return c.limit;
}

describe('certifyChannel', () => {
  const p = precision(40);
  const generic = loadProblem(GENERIC);
  const gluTeacher = loadProblem('glu-teacher');

  it('glu-teacher-generic (L∞ > 0): certified; the mpmath minimum lies in K(X), h in its ball, and the toolkit’s Decimal loss decreases towards ε → 0 on (0, ε₀]', () => {
    const out = certifyChannel(generic, { w: '0.91', c: '0.3', a: '0.8' }, p);
    if (out.kind !== 'certified') throw new Error(out.reason);
    const ref = REF['glu-teacher-generic'];
    const [kw, kc, ka] = out.limit.enclosure as [Ball, Ball, Ball];
    expect([ballContains(kw, ref.w), ballContains(kc, ref.c), ballContains(ka, ref.a)]).toEqual([
      true,
      true,
      true,
    ]);
    expect(out.limit.enclosureRadius.lte('1e-35')).toBe(true);
    expect(out.limit.strictMinimum).toBe(true);
    expect(ballContains(out.limit.loss, ref.lossAtInfinity)).toBe(true);
    // Pivots of VᵀHV ≈ the eigenvalues of ∇²L∞ (mpmath.eigsy), all positive.
    out.limit.inertia.pivots.forEach((d, i) =>
      expect(
        d.mid
          .minus(ref.hessianEigenvalues[i] as string)
          .abs()
          .lte('1e-25'),
      ).toBe(true),
    );
    expect(ballContains(out.h, ref.h)).toBe(true);
    expect(out.h.rad.lte('1e-35')).toBe(true);
    expect(ballLower(out.h, 20).gt(0)).toBe(true);
    // h by loss-at-infinity.ts (limitH at ℓ's minimum: Decimal, optimal readouts): a third route.
    const model: LimitModel = {
      activation: generic.network.activation,
      layout: generic.network.layout,
      data: (q) => generic.dataset(q),
    };
    const q = precision(50);
    const hLimit = limitH(model, evaluateLimit(model, ref.w, q), q);
    expect(hLimit.minus(out.h.mid).abs().lte('1e-30')).toBe(true);
    // The range: ε₀ ≥ 0.05 (0.096 at 40 digits, order 6), from 0.
    const d = out.decrease;
    expect(d.from.isZero()).toBe(true);
    expect(d.epsilon0.gte('0.05')).toBe(true);
    expect(d.epsilon0.lte('1')).toBe(true);
    expect(d.margin.gt(0)).toBe(true);
    // Independent: the Decimal loss at 60 digits is strictly increasing in ε at sampled points of (0, ε₀], agrees
    // with mpmath's direct loss, and (L − L∞)/ε² → h.
    const q60 = precision(60);
    const center = out.limit.center;
    const eps = ['1e-6', '0.001', '0.01', '0.02', '0.05', d.epsilon0.toString()];
    const losses = eps.map((e) => networkLoss(generic, center, e, q60));
    for (let i = 1; i < losses.length; i++)
      expect((losses[i] as Decimal).gt(losses[i - 1] as Decimal)).toBe(true);
    for (const e of ['0.001', '0.02', '0.05']) {
      expect(
        networkLoss(generic, center, e, q60)
          .minus(ref.loss[e] as string)
          .abs()
          .lte('1e-34'),
      ).toBe(true);
    }
    const quotient = (losses[0] as Decimal).minus(ref.lossAtInfinity).div('1e-12');
    expect(quotient.minus(ref.h).abs().lte('1e-11')).toBe(true);
    expect(out.statement).toContain('strict local minimum of L∞');
    expect(out.notCertified).toContain('not certified');
    expect(out.theorems.length).toBeGreaterThanOrEqual(3);
  });

  it('glu-teacher (realisable, L∞ = 0): h > 0 is not certified (its ball contains 0); the strict minimum of L∞ and the decrease on [ε₁, ε₀] are', () => {
    const out = certifyChannel(gluTeacher, { w: '1.01', c: '0.49', a: '1.02' }, p);
    expect(out.kind).toBe('not-certified');
    if (out.kind !== 'not-certified') return;
    expect(out.reason).toContain('h > 0 is not certified');
    const limit = limitOf(out);
    const [kw, kc, ka] = limit.enclosure as [Ball, Ball, Ball];
    // The exact minimum (w, c, a) = (1, 1/2, 1): the target is that GLU.
    expect([ballContains(kw, '1'), ballContains(kc, '0.5'), ballContains(ka, '1')]).toEqual([
      true,
      true,
      true,
    ]);
    expect(limit.strictMinimum).toBe(true);
    expect(ballContains(limit.loss, '0')).toBe(true);
    const h = out.h as Ball;
    expect(ballContains(h, '0')).toBe(true);
    expect(h.rad.lte('1e-35')).toBe(true);
    const d = out.decrease;
    if (d === undefined) throw new Error('no decrease certified');
    expect(d.order).toBe(6);
    expect(d.bound).toBe('dL/dε − 2hε ≥ ε³·margin');
    // φ⁗(0) = 24·(1/N)Σ f₂² (mpmath) lies in its ball; ε₁ ≈ √(|h|/φ⁗(0)) from h's radius, far below ε₀.
    expect(ballContains(d.coefficients[1] as Ball, REF['glu-teacher'].phi4)).toBe(true);
    expect(d.from.gt(0) && d.from.lt('1e-15')).toBe(true);
    expect(d.epsilon0.gte('0.1')).toBe(true);
    // Independent: the Decimal loss increases in ε at sampled points of [ε₁, ε₀] (and ≈ φ⁗(0)ε⁴/24 at small ε).
    const q60 = precision(60);
    const eps = ['1e-6', '0.001', '0.02', '0.05', d.epsilon0.toString()];
    const losses = eps.map((e) => networkLoss(gluTeacher, limit.center, e, q60));
    for (let i = 1; i < losses.length; i++)
      expect((losses[i] as Decimal).gt(losses[i - 1] as Decimal)).toBe(true);
    expect(
      (losses[1] as Decimal).div('1e-12').minus(new q60.D(REF['glu-teacher'].phi4).div(24)).abs().lte('1e-6'),
    ).toBe(true);
    expect(out.statement).toContain('if h(θ₀*) ≥ 0');
  });

  it('width 3 with an output bias (the other neuron and b are parameters of L∞): certified; c, a, b are the optimal readouts of loss-at-infinity.ts at the certified w, h agrees with its limitH, and the Decimal loss decreases towards ε → 0', () => {
    const problem = loadProblem(WIDTH3);
    const out = certifyChannel(
      problem,
      { w: '0.99', c: '0.4', a: '0.95', others: [{ w: '2', a: '0.5' }], b: '0.2' },
      p,
      { epsilon0: '0.01' },
    );
    if (out.kind !== 'certified') throw new Error(out.reason);
    expect(out.pair).toEqual([2, 3]);
    expect(out.limit.names).toEqual(['w', 'c', 'a', 'w_1', 'a_1', 'b']);
    const [w, c, a, w1, a1, b] = out.limit.center;
    const q = precision(50);
    const model = limitModelOf(
      problem.network,
      (r) => problem.dataset(r),
      (r) => [w1, w, w, a1, new r.D(0), new r.D(0), b].map((v) => new r.D(v as Decimal)),
      [1, 2],
    );
    const ev = evaluateLimit(model, w as Decimal, q);
    expect(ev.slope.abs().lte('1e-30')).toBe(true);
    for (const [x, y] of [
      [ev.c, c],
      [ev.a, a],
      [ev.b, b],
    ] as const)
      expect(
        (x as Decimal)
          .minus(y as Decimal)
          .abs()
          .lte('1e-30'),
      ).toBe(true);
    expect(limitH(model, ev, q).minus(out.h.mid).abs().lte('1e-30')).toBe(true);
    expect(ballLower(out.h, 20).gt(0)).toBe(true);
    const q60 = precision(60);
    const loss = (e: string): Decimal => {
      const E = new q60.D(e);
      const A = new q60.D(a as Decimal).div(E.times(2));
      const half = new q60.D(c as Decimal).div(2);
      const flat = [
        w1,
        new q60.D(w as Decimal).plus(E),
        new q60.D(w as Decimal).minus(E),
        a1,
        half.plus(A),
        half.minus(A),
        b,
      ];
      return lossAndDerivatives(
        problem.network,
        problem.dataset(q60),
        flat.map((v) => new q60.D(v as Decimal)),
        q60,
        {
          gradient: false,
        },
      ).loss;
    };
    const losses = ['1e-4', '0.001', '0.005', '0.01'].map(loss);
    for (let i = 1; i < losses.length; i++)
      expect((losses[i] as Decimal).gt(losses[i - 1] as Decimal)).toBe(true);
    expect(
      (losses[0] as Decimal).minus(out.limit.loss.mid).div('1e-8').minus(out.h.mid).abs().lte('1e-9'),
    ).toBe(true);
  });

  it('the ball L∞, its gradient and Hessian (width 3, output bias) agree with central finite differences of the loss and of the gradient', () => {
    const problem = loadProblem(WIDTH3);
    const q = precision(50);
    const data = ballDataset(problem, q);
    if (data.kind !== 'finite') throw new Error('not finite');
    const shape = { activation: problem.network.activation, others: 1, outputBias: true };
    const at = ['0.93', '0.41', '0.97', '2.1', '0.47', '0.19'];
    const ev = (v: readonly Decimal[]): ReturnType<typeof ballLimitLoss> =>
      ballLimitLoss(
        shape,
        data.data,
        v.map((x) => exactBall(q, x)),
        q,
        true,
      );
    const x0 = at.map((v) => new q.D(v));
    const e0 = ev(x0);
    const step = new q.D('1e-12');
    for (let i = 0; i < x0.length; i++) {
      const plus = ev(x0.map((v, j) => (j === i ? v.plus(step) : v)));
      const minus = ev(x0.map((v, j) => (j === i ? v.minus(step) : v)));
      const fd = plus.loss.mid.minus(minus.loss.mid).div(step.times(2));
      expect([
        i,
        fd
          .minus((e0.gradient[i] as Ball).mid)
          .abs()
          .lte('1e-18'),
      ]).toEqual([i, true]);
      for (let j = 0; j < x0.length; j++) {
        const fdh = (plus.gradient[j] as Ball).mid.minus((minus.gradient[j] as Ball).mid).div(step.times(2));
        expect([
          i,
          j,
          fdh
            .minus(((e0.hessian[j] as Ball[])[i] as Ball).mid)
            .abs()
            .lte('1e-18'),
        ]).toEqual([i, j, true]);
      }
    }
  });

  it('the ball derivatives φ^(k)(ε), k ≤ 6, over |ε| ≤ 0.1 contain mpmath’s at ε = 0.05 and 0.1 (both problems)', () => {
    for (const [problem, name] of [
      [generic, 'glu-teacher-generic'],
      [gluTeacher, 'glu-teacher'],
    ] as const) {
      const ref = REF[name];
      const data = ballDataset(problem, p);
      if (data.kind !== 'finite') throw new Error('not finite');
      const t = [ref.w, ref.c, ref.a].map((v) => exactBall(p, v));
      const shape = { activation: problem.network.activation, others: 0, outputBias: false };
      const over = ballEpsilonDerivatives(shape, data.data, t, new p.D('0.1'), 6, p);
      for (const e of ['0.05', '0.1']) {
        (ref.derivatives[e] as readonly string[]).forEach((v, k) =>
          expect([name, e, k, ballContains(over[k] as Ball, v)]).toEqual([name, e, k, true]),
        );
      }
      // At ε = 0 exactly: the odd derivatives vanish, φ″(0) = 2h and φ⁗(0) are tight.
      const at0 = ballEpsilonDerivatives(shape, data.data, t, undefined, 4, p);
      expect(at0[1]?.mid.isZero() && at0[3]?.mid.isZero()).toBe(true);
      expect(ballContains(at0[2] as Ball, new p.D(ref.h).times(2))).toBe(true);
      expect(ballContains(at0[4] as Ball, ref.phi4)).toBe(true);
      expect((at0[4] as Ball).rad.lte('1e-30')).toBe(true);
    }
  });

  it('the certificate re-checks from its own fields (orders 4 and 6): Taylor’s bound for φ′(ε)/ε, transcribed here from the theorem in ball arithmetic over ε² ∈ [0, ε₀²], is positive and at least the margin', () => {
    for (const order of [4, 6] as const) {
      const out = certifyChannel(generic, { w: '0.91', c: '0.3', a: '0.8' }, p, { order, bisections: 8 });
      if (out.kind !== 'certified') throw new Error(out.reason);
      const d = out.decrease;
      expect(d.order).toBe(order);
      const e = exactBall(p, d.epsilon0);
      const u0 = ballMul(e, e, p);
      const U = ballFromBounds(p, new p.D(0), u0.mid.plus(u0.rad));
      const phi2 = d.coefficients[0] as Ball;
      // φ′(ε)/ε = φ″(0) + φ⁗(ξ)u/3! (order 4), = φ″(0) + φ⁗(0)u/3! + φ^(6)(ξ)u²/5! (order 6), u = ε², ξ ∈ (0, ε).
      const tail =
        order === 4
          ? ballDiv(ballMul(d.remainder, U, p), exactBall(p, 6), p)
          : ballMul(
              U,
              ballAdd(
                ballDiv(d.coefficients[1] as Ball, exactBall(p, 6), p),
                ballDiv(ballMul(d.remainder, U, p), exactBall(p, 120), p),
                p,
              ),
              p,
            );
      const bound = ballLower(ballAdd(phi2, tail, p), 30);
      expect([order, bound.gt(0), d.margin.gt(0), d.margin.lte(bound.plus('1e-30'))]).toEqual([
        order,
        true,
        true,
        true,
      ]);
      // The remainder's enclosure holds mpmath's φ^(order) at the sampled ε inside the range.
      const ref = REF['glu-teacher-generic'].derivatives['0.05'] as readonly string[];
      expect(ballContains(d.remainder, ref[order] as string)).toBe(true);
    }
  });

  it('precision ladder: at 60 digits the enclosures shrink and lie inside the 40-digit ones; the same ε₀', () => {
    const a = certifyChannel(generic, { w: '0.91', c: '0.3', a: '0.8' }, p);
    const b = certifyChannel(generic, { w: '0.91', c: '0.3', a: '0.8' }, precision(60));
    if (a.kind !== 'certified' || b.kind !== 'certified') throw new Error('not certified');
    expect(b.h.rad.lte('1e-55')).toBe(true);
    expect(ballContains(a.h, b.h.mid)).toBe(true);
    b.limit.enclosure.forEach((k, i) => expect(ballContains(a.limit.enclosure[i] as Ball, k.mid)).toBe(true));
    expect(b.decrease.epsilon0.minus(a.decrease.epsilon0).abs().lte(a.decrease.epsilon0.times('0.05'))).toBe(
      true,
    );
  });

  it('honest failures: ε₀ = 0.5 is not certified (the remainder bound is too wide), a saddle of L∞ is not a minimum, a sign-flipped start gives the canonical point', () => {
    const big = certifyChannel(generic, { w: '0.91', c: '0.3', a: '0.8' }, p, { epsilon0: '0.5' });
    expect(big.kind).toBe('not-certified');
    if (big.kind === 'not-certified') {
      expect(big.reason).toContain('ε₀ = 0.5 is not certified');
      expect(limitOf(big).strictMinimum).toBe(true);
    }
    const fixed = certifyChannel(generic, { w: '0.91', c: '0.3', a: '0.8' }, p, { epsilon0: '0.05' });
    expect(fixed.kind === 'certified' && fixed.decrease.epsilon0.toString()).toBe('0.05');
    // The finite-data paper toy: its saddle of L∞ between the two channels (a = 0, the one-neuron critical point).
    const toy = loadProblem(TOY);
    const saddle = certifyChannel(toy, { w: '1.5707', c: '2.031', a: '0' }, p);
    expect(saddle.kind === 'not-certified' && saddle.reason).toContain(
      'is a saddle with 1 descending direction(s), not a strict local minimum',
    );
    const inertia = limitOf(saddle).inertia;
    expect(inertia.kind === 'decided' && [inertia.negative, inertia.positive]).toEqual([1, 2]);
    // The sign flip (w, c, a) → (−w, −c, a) of the GLU (tanh odd): the same canonical point.
    const flipped = certifyChannel(generic, { w: '-0.91', c: '-0.3', a: '0.8' }, p, { epsilon0: '0.01' });
    expect(flipped.kind === 'certified' && flipped.limit.center.map(String)).toEqual(
      limitOf(certifyChannel(generic, { w: '0.91', c: '0.3', a: '0.8' }, p, { epsilon0: '0.01' })).center.map(
        String,
      ),
    );
  });

  it('refuses what it cannot certify: a population problem, two inputs, a relu network; a bad pair or limit point is an input error', () => {
    const toy = certifyChannel(loadProblem('paper-toy'), { w: '1', c: '1', a: '1' }, p);
    expect(toy.kind === 'not-certified' && toy.reason).toMatch(/population|quadrature/);
    const rosen = certifyChannel(loadProblem('rosenbrock-2d'), { w: '1', c: '1', a: '1' }, p);
    expect(rosen.kind === 'not-certified' && rosen.reason).toContain('one input dimension');
    const spec = builtinProblem('glu-teacher');
    const relu = certifyChannel(
      problemFromSpec({ ...spec, activation: 'relu' }),
      { w: '1', c: '1', a: '1' },
      p,
    );
    expect(relu.kind === 'not-certified' && relu.reason).toContain('not smooth');
    expect(() => certifyChannel(generic, { w: '1', c: '1', a: '1' }, p, { pair: [1, 1] })).toThrow(
      InputError,
    );
    expect(() => certifyChannel(generic, { w: '1', c: '1', a: '1', b: '0' }, p)).toThrow(InputError);
    expect(() => certifyChannel(generic, { w: '1', c: '1', a: '1' }, p, { epsilon0: '-1' })).toThrow(
      InputError,
    );
  });
});
