import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLaw } from '../../../property-tests/_support/law.js';
import { type Precision, precision } from '../../../src/precision/context.js';
import {
  type Ball,
  BallDomainError,
  ball,
  ballErf,
  ballErfc,
  ballExp,
  ballExpNegSquare,
  ballLog,
  ballSech2,
  ballSigmoid,
  ballSigmoidComplement,
  ballSoftplus,
  ballTanh,
  exactBall,
} from '../../../src/precision/ball/index.js';
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
 * Containment of the ball functions: f at both ends and an interior point of the argument ball must lie in the
 * result. The truth is computed at p + 50 digits (more where the route itself cancels) by a route independent of
 * the ball code, which rests on this layer's binary-ball special functions:
 *   exp, log, sigmoid, sech², e^(−x²):  decimal.js's own exp and ln;
 *   tanh:      1 − 2/(e^(2x) + 1) with decimal.js's exp, with −log10|x| extra digits for the cancellation at 0;
 *   softplus:  ln(1 + e^x) for x ≥ −40 (20 extra digits), the series Σ (−1)^(k+1) e^(kx)/k below;
 *   erf, erfc: the plain Maclaurin series in decimal.js at p + 50 + x²/2 + 10 digits (its alternating terms rise
 *              to e^(x²)), erfc as 1 − erf with x²/2 more digits; |x| ≤ 8 (the special layer switches to a
 *              continued fraction beyond, which this route does not reach).
 */
type Truth = (a: string, t: number) => Decimal;

function ctx(digits: number): Precision {
  return precision(Math.min(1100, digits));
}

const expTruth: Truth = (a, t) => new (ctx(t).D)(a).exp();
const logTruth: Truth = (a, t) => new (ctx(t).D)(a).ln();
const tanhTruth: Truth = (a, t) => {
  const extra = Math.max(0, -new X(a).e);
  const D = ctx(t + extra).D;
  return new D(1).minus(new D(2).div(new D(a).times(2).exp().plus(1)));
};
const sigmoidTruth: Truth = (a, t) => {
  const D = ctx(t).D;
  return new D(1).div(new D(1).plus(new D(a).neg().exp()));
};
const sigmoidComplementTruth: Truth = (a, t) => sigmoidTruth(new X(a).neg().toString(), t);
const softplusTruth: Truth = (a, t) => {
  const x = new X(a);
  if (x.gte(-40)) {
    const D = ctx(t + 20).D;
    return new D(1).plus(new D(a).exp()).ln();
  }
  const D = ctx(t + 5).D;
  const e = new D(a).exp();
  let power = e;
  let sum = e;
  for (let k = 2; k <= Math.ceil(t / 17) + 2; k++) {
    power = power.times(e);
    sum = k % 2 === 0 ? sum.minus(power.div(k)) : sum.plus(power.div(k));
  }
  return sum;
};
function erfSeries(a: string, t: number): Decimal {
  const x = new X(a);
  const x2 = x.times(x).toNumber();
  const D = ctx(t + Math.ceil(x2 / 2) + 10).D;
  const z = new D(a);
  const z2 = z.times(z);
  let term = z; // (−1)^k z^(2k+1)/k!
  let sum = z;
  const eps = new D(`1e-${t + 10}`);
  for (let k = 1; ; k++) {
    term = term.times(z2).neg().div(k);
    const contribution = term.div(2 * k + 1);
    sum = sum.plus(contribution);
    if (k > x2 && contribution.abs().lt(eps.times(sum.abs()))) break;
  }
  const pi = new D(-1).acos();
  return sum.times(2).div(pi.sqrt());
}
const erfTruth: Truth = (a, t) => erfSeries(a, t);
const erfcTruth: Truth = (a, t) => {
  const x2 = new X(a).times(a).toNumber();
  const v = erfSeries(a, t + Math.ceil(x2 / 2) + 2);
  return new (ctx(t + Math.ceil(x2 / 2) + 2).D)(1).minus(v);
};
const sech2Truth: Truth = (a, t) => {
  const D = ctx(t).D;
  const e = new D(a).exp();
  const s = e.plus(new D(1).div(e));
  return new D(4).div(s.times(s));
};
const expNegSquareTruth: Truth = (a, t) => {
  const D = ctx(t).D;
  return new D(new X(a).times(a).neg()).exp();
};

interface Case {
  readonly name: string;
  readonly f: (x: Ball, p: Precision) => Ball;
  readonly truth: Truth;
  /** Range of log10|x| of the midpoints, and whether they may be negative. */
  readonly minLog: number;
  readonly maxLog: number;
  readonly positive?: boolean;
  /** Largest |x| used (the truth's cost or range). */
  readonly cap?: number;
}

const cases: readonly Case[] = [
  { name: 'exp', f: ballExp, truth: expTruth, minLog: -300, maxLog: 6 },
  { name: 'log', f: ballLog, truth: logTruth, minLog: -300, maxLog: 300, positive: true },
  { name: 'tanh', f: ballTanh, truth: tanhTruth, minLog: -300, maxLog: 5 },
  { name: 'sigmoid', f: ballSigmoid, truth: sigmoidTruth, minLog: -300, maxLog: 6 },
  { name: '1 − sigmoid', f: ballSigmoidComplement, truth: sigmoidComplementTruth, minLog: -300, maxLog: 6 },
  { name: 'softplus', f: ballSoftplus, truth: softplusTruth, minLog: -300, maxLog: 6 },
  { name: 'sech²', f: ballSech2, truth: sech2Truth, minLog: -300, maxLog: 5 },
  { name: 'e^(−x²)', f: ballExpNegSquare, truth: expNegSquareTruth, minLog: -300, maxLog: 2 },
  { name: 'erf', f: ballErf, truth: erfTruth, minLog: -300, maxLog: 0, cap: 8 },
  { name: 'erfc', f: ballErfc, truth: erfcTruth, minLog: -300, maxLog: 0, cap: 8 },
];

/** Midpoints for a case: wide magnitudes, plus a band around ±1 (log's 1, the knee of tanh and σ). */
function midArb(c: Case, digits: number): fc.Arbitrary<string> {
  const wide = decimalIn(c.minLog, c.maxLog, digits + 5);
  const nearOne = fc
    .record({
      k: fc.integer({ min: 1, max: digits + 20 }),
      lead: fc.integer({ min: 1, max: 99999 }),
      sign: fc.boolean(),
    })
    .map(({ k, lead, sign }) => new X(1).plus(`${sign ? '-' : ''}${lead}e-${k + 4}`).toString());
  const signed = fc.oneof({ weight: 3, arbitrary: wide }, { weight: 1, arbitrary: nearOne });
  const clipped =
    c.cap === undefined
      ? signed
      : signed.map((s) => (new X(s).abs().gt(c.cap!) ? new X(s).times('9.5367431640625e-7').toString() : s));
  const eightDigits = clipped.map((s) => new X(s).toSignificantDigits(digits + 5).toString());
  return c.positive === true ? eightDigits.map((s) => s.replace(/^-/, '')) : eightDigits;
}

describe('ball functions: containment', () => {
  for (const c of cases) {
    it(`${c.name} contains f at the ends and inside the ball (30–200 digits)`, () => {
      const arb = fc
        .record({ digits: digitsArb, u: fc.double({ min: -1, max: 1, noNaN: true }) })
        .chain(({ digits, u }) =>
          fc.record({
            digits: fc.constant(digits),
            u: fc.constant(u),
            x: ballArb(midArb(c, digits), digits, c.positive !== true),
          }),
        );
      checkLaw(
        fc.property(arb, ({ digits, u, x: xs }) => {
          const p = precision(digits);
          const r = c.f(toBall(p, xs), p);
          for (const a of samplePoints(xs, u)) {
            // A wide ball may reach beyond the truth route's range (erf's series): those points are not checked.
            if (c.cap !== undefined && new X(a).abs().gt(c.cap)) continue;
            const v = c.truth(a, digits + 50);
            expect(contains(r, v), outside(`${c.name}(${a}) at ${digits} digits`, r, v)).toBe(true);
          }
        }),
        { numRuns: ballRuns(200, 40) },
      );
    });
  }
});

describe('ball functions: tightness', () => {
  // At exact points the radius is the midpoint's rounding plus the guard evaluation's unit (10^−3 of a unit):
  // rad/|mid| ≤ 10^−(p−5) everywhere these functions are well conditioned (all of them, at points; log included,
  // since it is evaluated as log1p of the exact a − 1 near 1).
  for (const c of cases) {
    it(`${c.name}: rad/|mid| ≤ 10^−(p−5) at exact points`, () => {
      const arb = fc
        .record({ digits: digitsArb })
        .chain(({ digits }) => fc.record({ digits: fc.constant(digits), a: midArb(c, digits) }));
      checkLaw(
        fc.property(arb, ({ digits, a }) => {
          const p = precision(digits);
          const r = c.f(exactBall(p, a), p);
          const bound = new X(r.mid).abs().times(`1e${-(digits - 5)}`);
          expect(new X(r.rad).lte(bound), `${c.name}(${a}): ${r.mid.toString()} ± ${r.rad.toString()}`).toBe(
            true,
          );
        }),
        { numRuns: tierRuns(200, 20) },
      );
    });
  }

  it('a ball of radius r around x is about |f′(x)|·r wide (exp, tanh at 1 ± 1e−10)', () => {
    const p = precision(30);
    const e = ballExp(ball(p, 1, '1e-10'), p);
    // e·1e−10 = 2.718…e−10, exceeded only by e·(e^(1e−10) − 1 − 1e−10) ≈ 1.4e−20 and the rounding.
    expect(e.rad.gte('2.718281828e-10') && e.rad.lte('2.718281829e-10')).toBe(true);
    const t = ballTanh(ball(p, 1, '1e-10'), p);
    // sech²(1) = 0.41997434161…
    expect(t.rad.gte('4.1997434e-11') && t.rad.lte('4.1997435e-11')).toBe(true);
  });
});

describe('ball functions: domain and range', () => {
  const p = precision(30);
  it('log of a ball reaching 0 is a BallDomainError; exp beyond the Decimal range is an OutOfRangeError', () => {
    expect(() => ballLog(ball(p, '1e-5', '1e-5'), p)).toThrow(BallDomainError);
    expect(() => ballExp(exactBall(p, '1e17'), p)).toThrow(/Decimal range/);
  });
  it('e^(−x²) and sech² of a ball containing 0 reach up to 1', () => {
    expect(contains(ballExpNegSquare(ball(p, '0.1', '0.2'), p), 1)).toBe(true);
    expect(contains(ballSech2(ball(p, '-0.1', '0.2'), p), 1)).toBe(true);
  });
});
