import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLaw } from '../../../property-tests/_support/law.js';
import { resolveActivation } from '../../../src/activations/index.js';
import { precision } from '../../../src/precision/context.js';
import {
  BallDomainError,
  ball,
  ballDerivatives,
  ballField,
  exactBall,
} from '../../../src/precision/ball/index.js';
import { jetArithmetic } from '../../../src/precision/jet/index.js';
import { tierRuns } from '../../_support/tier.js';
import {
  X,
  ballRuns,
  ballArb,
  contains,
  decimalIn,
  digitsArb,
  outside,
  samplePoints,
  toBall,
} from './_support/ball-arbitraries.js';

/**
 * σ, σ′, σ″, σ‴ of every smooth registered activation over a ball (ballDerivatives: the activation's jet in the
 * ball field). Containment is checked at both ends and an interior point of the argument ball against the
 * activation's closed forms (activations/_internals/closed-decimal.ts: one or two special-function values and a
 * few products, a different code path from the jet recurrences) at p + 50 digits; for tanh and σ also against
 * decimal.js's exp alone. Midpoints up to |x| = 60 and down to 10^−300, with every radius width.
 */
const ACTIVATIONS = ['tanh', 'sigmoid', 'softplus', 'erf', 'gelu', 'silu', 'g'] as const;

/** tanh and its derivatives from decimal.js's exp: t = 1 − 2/(e^(2x) + 1), s = 4/(e^x + e^−x)² = 1 − t². */
function tanhByExp(a: string, digits: number): Decimal[] {
  const D = precision(Math.min(1100, digits + Math.max(0, -new X(a).e))).D;
  const t = new D(1).minus(new D(2).div(new D(a).times(2).exp().plus(1)));
  const e = new D(a).exp();
  const c = e.plus(new D(1).div(e));
  const s = new D(4).div(c.times(c));
  return [t, s, t.times(s).times(-2), t.times(t).times(6).minus(2).times(s)];
}

/** σ and its derivatives from decimal.js's exp: σ = 1/(1 + e^−x), w = σ(1 − σ) = 1/(e^(x/2) + e^(−x/2))². */
function sigmoidByExp(a: string, digits: number): Decimal[] {
  const D = precision(Math.min(1100, digits)).D;
  const s = new D(1).div(new D(1).plus(new D(a).neg().exp()));
  const h = new D(a).div(2).exp();
  const c = h.plus(new D(1).div(h));
  const w = new D(1).div(c.times(c));
  const d = new D(1).minus(s.times(2)); // 1 − 2σ: loses digits only where σ″ is small against σ′
  return [s, w, w.times(d), w.times(new D(1).minus(w.times(6)))];
}

describe('ball derivatives of the activations: containment', () => {
  for (const name of ACTIVATIONS) {
    it(`${name}: σ … σ‴ over the ball contain the values at its ends and inside`, () => {
      const act = resolveActivation(name);
      const mid = fc.oneof(
        decimalIn(-300, 1, 40),
        fc.integer({ min: -60_000, max: 60_000 }).map((k) => (k / 1000).toString()),
      );
      const arb = fc
        .record({ digits: digitsArb, u: fc.double({ min: -1, max: 1, noNaN: true }) })
        .chain(({ digits, u }) =>
          fc.record({ digits: fc.constant(digits), u: fc.constant(u), x: ballArb(mid, digits, true) }),
        );
      checkLaw(
        fc.property(arb, ({ digits, u, x: xs }) => {
          const p = precision(digits);
          const d = ballDerivatives((J, v) => act.jet(J, v), toBall(p, xs), 3, p);
          const truthP = precision(digits + 50);
          for (const a of samplePoints(xs, u)) {
            const truths = [act.derivatives(a, 3, truthP)];
            if (name === 'tanh') truths.push(tanhByExp(a, digits + 50));
            if (name === 'sigmoid') truths.push(sigmoidByExp(a, digits + 50));
            for (const truth of truths) {
              truth.forEach((v, k) => {
                expect(
                  contains(d[k]!, v),
                  outside(`${name}^(${k})(${a}) at ${digits} digits`, d[k]!, v),
                ).toBe(true);
              });
            }
          }
        }),
        { numRuns: ballRuns(100, 25) },
      );
    });
  }
});

describe('ball derivatives: tightness', () => {
  // At exact points every derivative's radius is within 10^−(p−5) of the scale max_j |σ^(j)(x)| (the accuracy the
  // registry itself states for its derivatives; a derivative near one of its zeros is accurate only at that scale).
  for (const name of ACTIVATIONS) {
    it(`${name}: radius ≤ 10^−(p−5)·max_j |σ^(j)(x)| at exact points`, () => {
      const act = resolveActivation(name);
      const arb = fc.record({
        digits: digitsArb,
        a: fc.oneof(
          decimalIn(-300, 1, 40),
          fc.integer({ min: -60_000, max: 60_000 }).map((k) => (k / 1000).toString()),
        ),
      });
      checkLaw(
        fc.property(arb, ({ digits, a }) => {
          const p = precision(digits);
          const d = ballDerivatives((J, v) => act.jet(J, v), exactBall(p, a), 3, p);
          const scale = d.reduce((m, b) => (new X(b.mid).abs().gt(m) ? new X(b.mid).abs() : m), new X(0));
          for (const b of d) {
            expect(
              new X(b.rad).lte(scale.times(`1e${-(digits - 5)}`)),
              `${name}(${a}): ${b.rad.toString()}`,
            ).toBe(true);
          }
        }),
        { numRuns: tierRuns(100, 10) },
      );
    });
  }
});

describe('ball field', () => {
  const p = precision(30);
  it('its constants contain π, e, √2 and 2/√π (decimal.js acos, exp, sqrt at 80 digits)', () => {
    const F = ballField(p);
    const D = precision(80).D;
    expect(contains(F.constant('pi'), new D(-1).acos())).toBe(true);
    expect(contains(F.constant('e'), new D(1).exp())).toBe(true);
    expect(contains(F.constant('sqrt2'), new D(2).sqrt())).toBe(true);
    expect(contains(F.constant('twoOverSqrtPi'), new D(2).div(new D(-1).acos().sqrt()))).toBe(true);
  });
  it('pow and sinh/cosh (compositions of exp and log) contain decimal.js values at 80 digits', () => {
    const F = ballField(p);
    const D = precision(80).D;
    expect(contains(F.pow(exactBall(p, 2), exactBall(p, '0.5')), new D(2).sqrt())).toBe(true);
    expect(contains(F.pow(exactBall(p, '1e-20'), exactBall(p, '-1.5')), new D('1e30'))).toBe(true);
    const [sh, ch] = F.sinhCosh(ball(p, '0.75', '1e-25'));
    for (const x of ['0.75', '0.7500000000000000000000001', '0.7499999999999999999999999']) {
      const e = new D(x).exp();
      expect(contains(sh, e.minus(new D(1).div(e)).div(2))).toBe(true);
      expect(contains(ch, e.plus(new D(1).div(e)).div(2))).toBe(true);
    }
  });
  it('sign refuses a ball straddling 0 (a jet would take sign 0 for an exact zero)', () => {
    const F = ballField(p);
    expect(F.sign(exactBall(p, 0))).toBe(0);
    expect(F.sign(ball(p, '-1e-3', '1e-4'))).toBe(-1);
    expect(() => F.sign(ball(p, '1e-5', '1e-4'))).toThrow(BallDomainError);
    expect(() => jetArithmetic(F, 2).abs([ball(p, '1e-5', '1e-4'), F.one, F.zero])).toThrow(BallDomainError);
  });
  it('a wide ball gives a wide but containing enclosure (tanh″ over [−1, 1] contains its extremes ±4/(3√3))', () => {
    const d = ballDerivatives((J, v) => J.tanh(v), ball(p, 0, 1), 2, p);
    const extreme = new (precision(60).D)(4).div(new (precision(60).D)(27).sqrt());
    expect(contains(d[2]!, extreme) && contains(d[2]!, extreme.neg())).toBe(true);
  });
});
