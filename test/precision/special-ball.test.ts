import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Ball,
  add,
  div,
  divInt,
  hull,
  mul,
  mulInt,
  plain,
  sub,
  toFixed,
} from '../../src/precision/special/_internals/ball.js';
import { constant } from '../../src/precision/special/_internals/constants.js';
import { expBall, expm1Ball } from '../../src/precision/special/_internals/exp-ball.js';
import {
  erfSeries,
  erfcContinuedFraction,
  erfcPositive,
} from '../../src/precision/special/_internals/erf-ball.js';
import { fromDecimal } from '../../src/precision/special/_internals/input.js';
import { log1pBall } from '../../src/precision/special/_internals/log1p-ball.js';

/**
 * The private ball arithmetic is the foundation of the correct-rounding claim: every operation must return a
 * ball containing the exact result for all inputs in the argument balls. Checked exactly, with BigInt rationals,
 * at every combination of endpoints (the extremes of +, −, ×, ÷ over boxes are attained there), and the kernels
 * against independent references (decimal.js exp/ln, a naive Decimal Maclaurin series for erf).
 */
interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}
const pow = (b: bigint, k: number): bigint => b ** BigInt(k);
function rational(m: bigint, e: number, t: number): Rational {
  return {
    n: m * pow(2n, Math.max(e, 0)) * pow(10n, Math.max(t, 0)),
    d: pow(2n, Math.max(-e, 0)) * pow(10n, Math.max(-t, 0)),
  };
}
const cmp = (a: Rational, b: Rational): number => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
const radd = (a: Rational, b: Rational): Rational => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const rmul = (a: Rational, b: Rational): Rational => ({ n: a.n * b.n, d: a.d * b.d });
const rdiv = (a: Rational, b: Rational): Rational =>
  b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n };
const rneg = (a: Rational): Rational => ({ n: -a.n, d: a.d });
const lo = (x: Ball): Rational => rational(x.m - x.r, x.e, x.t);
const hi = (x: Ball): Rational => rational(x.m + x.r, x.e, x.t);
const ends = (x: Ball): Rational[] => [lo(x), rational(x.m, x.e, x.t), hi(x)];
function contains(x: Ball, v: Rational, slack: Rational = { n: 0n, d: 1n }): boolean {
  return cmp(radd(lo(x), rneg(slack)), v) <= 0 && cmp(v, radd(hi(x), slack)) <= 0;
}
function fromDecimalString(s: string): Rational {
  const v = new Decimal(s);
  const [coef, exp] = v.toExponential().split('e') as [string, string];
  const digits = coef.replace('.', '').replace('-', '');
  const q = Number(exp) - (digits.length - 1);
  const n = BigInt(digits) * (v.isNegative() ? -1n : 1n);
  return q >= 0 ? { n: n * pow(10n, q), d: 1n } : { n, d: pow(10n, -q) };
}

const ballArb: fc.Arbitrary<Ball> = fc.record({
  m: fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }),
  r: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 1n << 20n })),
  e: fc.integer({ min: -400, max: 200 }),
  t: fc.oneof(fc.constant(0), fc.integer({ min: -120, max: 120 })),
});
const precisionArb = fc.integer({ min: 8, max: 260 });

describe('ball arithmetic encloses exact results', () => {
  it('add, sub, mul contain every endpoint combination', () => {
    fc.assert(
      fc.property(ballArb, ballArb, precisionArb, (a, b, P) => {
        const s = add(a, b, P);
        const d = sub(a, b, P);
        const m = mul(a, b, P);
        for (const x of ends(a))
          for (const y of ends(b)) {
            if (!contains(s, radd(x, y))) return false;
            if (!contains(d, radd(x, rneg(y)))) return false;
            if (!contains(m, rmul(x, y))) return false;
          }
        return true;
      }),
      { numRuns: 400 },
    );
  });

  it('div contains every endpoint combination when the divisor excludes 0', () => {
    fc.assert(
      fc.property(ballArb, ballArb, precisionArb, (a, b0, P) => {
        const b = { ...b0, m: b0.m === 0n ? 1n << 30n : b0.m, r: b0.r >> 4n };
        if ((b.m < 0n ? -b.m : b.m) <= b.r) return true;
        const q = div(a, b, P);
        return ends(a).every((x) => ends(b).every((y) => contains(q, rdiv(x, y))));
      }),
      { numRuns: 400 },
    );
  });

  it('mulInt, divInt, hull, plain and toFixed contain their exact values', () => {
    fc.assert(
      fc.property(ballArb, ballArb, fc.bigInt({ min: 1n, max: 10n ** 6n }), precisionArb, (a, b, k, P) => {
        const kr: Rational = { n: k, d: 1n };
        const mi = mulInt(a, k, P);
        const di = divInt(a, k, P);
        const h = hull(a, b, P);
        const pl = plain(a, P);
        const W = P;
        const f = toFixed(a, W);
        const fixed: Ball = { m: f.v, r: f.err, e: -W, t: 0 };
        return ends(a).every(
          (x) =>
            contains(mi, rmul(x, kr)) &&
            contains(di, rdiv(x, kr)) &&
            contains(h, x) &&
            contains(pl, x) &&
            contains(fixed, x) &&
            ends(b).every((y) => contains(h, y)),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('kernels against independent references', () => {
  const decimalArg = fc
    .tuple(fc.bigInt({ min: 1n, max: 10n ** 25n }), fc.integer({ min: -60, max: 3 }), fc.boolean())
    .map(([m, e, neg]) => `${neg ? '-' : ''}${m.toString()}e${e - m.toString().length + 1}`);

  /** Ball of an exact decimal string (through the library's reader). */
  function ballOf(s: string, P: number): Ball {
    const v = new Decimal(s);
    const [coef, exp] = v.toExponential().split('e') as [string, string];
    const digits = coef.replace('.', '').replace('-', '');
    const b = fromDecimal(BigInt(digits), Number(exp) - (digits.length - 1), P);
    return v.isNegative() ? { ...b, m: -b.m } : b;
  }

  /** A reference computed by decimal.js at `digits` digits (correctly rounded exp/ln): error ≤ 1e−digits·|v|. */
  function refContains(x: Ball, ref: Decimal, digits: number): boolean {
    const v = fromDecimalString(ref.toString());
    const slack = fromDecimalString(
      ref
        .abs()
        .times(`1e-${digits - 1}`)
        .toString(),
    );
    return contains(x, v, slack);
  }

  it('expBall and expm1Ball contain decimal.js exp(x) (− 1)', () => {
    fc.assert(
      fc.property(decimalArg, fc.integer({ min: 40, max: 400 }), (s, P) => {
        const digits = Math.ceil(P * 0.302) + 30;
        const D = Decimal.clone({ precision: digits + 20 });
        const x = ballOf(s, P + 40);
        const ref = D.exp(s);
        const wide = Decimal.clone({ precision: 3 * digits + 200 });
        // exp(x) − 1 for tiny x needs many more digits in decimal.js: evaluate exp there.
        const refM1 = wide.exp(s).minus(1);
        return refContains(expBall(x, P), ref, digits) && refContains(expm1Ball(x, P), refM1, digits);
      }),
      { numRuns: 120 },
    );
  });

  it('log1pBall contains decimal.js ln(1 + x)', () => {
    fc.assert(
      fc.property(decimalArg, fc.integer({ min: 40, max: 400 }), (s0, P) => {
        const s = new Decimal(s0).lte(-1) ? new Decimal(s0).neg().toString() : s0;
        const digits = Math.ceil(P * 0.302) + 30;
        const D = Decimal.clone({ precision: 3 * digits + 200 });
        const ref = D.ln(new D(s).plus(1));
        const w = ballOf(s, P + 40);
        // 1 + x exactly (the default Decimal precision of 20 digits would round it).
        const u = ballOf(new (Decimal.clone({ precision: 200 }))(s).plus(1).toString(), P + 40);
        return refContains(log1pBall(w, u, P), ref, digits);
      }),
      { numRuns: 80 },
    );
  });

  it('erfSeries agrees with a naive Decimal Maclaurin sum, and the continued fraction with 1 − erf', () => {
    const D = Decimal.clone({ precision: 160 });
    for (const s of ['0.001', '0.3', '1', '2.75', '4', '6.5']) {
      const z = new D(s);
      let term = z;
      let sum = z;
      for (let n = 1; n < 2000; n++) {
        term = term.times(z).times(z).neg().div(n);
        const add1 = term.div(2 * n + 1);
        sum = sum.plus(add1);
        if (add1.abs().lt('1e-150')) break;
      }
      const naive = sum.times(2).div(D.acos(-1).sqrt());
      expect(refContains(erfSeries(ballOf(s, 300), 300), naive, 60)).toBe(true);
    }
    // Overlap of the two erfc methods: Maclaurin-based 1 − erf (P/4 ≥ z² at P = 400) vs the fraction.
    for (const s of ['2', '3.5', '7', '9.75']) {
      const z = ballOf(s, 300);
      const a = erfcPositive(z, 400);
      const b = erfcContinuedFraction(z, 200);
      const diff = sub(a, b, 400);
      // Two rigorous enclosures of the same number must overlap: a − b contains 0.
      const gap = rational((diff.m < 0n ? -diff.m : diff.m) - diff.r, diff.e, diff.t);
      expect(cmp(gap, { n: 0n, d: 1n })).toBeLessThanOrEqual(0);
    }
  });

  it('constants match decimal.js', () => {
    const D = Decimal.clone({ precision: 1000 });
    const checks: readonly [Parameters<typeof constant>[0], Decimal][] = [
      ['ln10', D.ln(10)],
      ['ln2', D.ln(2)],
      ['pi', D.acos(-1)],
      ['invSqrtPi', new D(1).div(D.acos(-1).sqrt())],
      ['twoOverSqrtPi', new D(2).div(D.acos(-1).sqrt())],
      ['invSqrt2', new D(1).div(D.sqrt(2))],
      ['invSqrt2Pi', new D(1).div(D.acos(-1).times(2).sqrt())],
    ];
    for (const [name, ref] of checks) {
      for (const bits of [64, 700, 3000]) {
        expect(refContains(constant(name, bits), ref, 990), `${name} at ${bits} bits`).toBe(true);
      }
    }
  });
});
