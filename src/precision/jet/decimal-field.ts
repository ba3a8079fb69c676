import type { Decimal } from 'decimal.js';
import { precision, type Precision } from '../context.js';
import { erf, erfc, exp, expm1, log1p, softplus } from '../special/index.js';
import { decimalConstant } from './_internals/decimal-constants.js';
import { sinCos } from './_internals/sin-cos.js';
import type { FieldConstant, ScalarField } from './scalar-field.js';
import type { TranscendentalCounter } from './transcendental-counter.js';

/** ln 2, below which 1 − e^(−y) cancels enough that expm1 is used instead of exp. */
const LN2 = 0.6931471805599453;
/** The largest precision context there is (see context.ts). */
const MAX_CONTEXT_DIGITS = 1100;

/**
 * The scalar field of Decimals at `p.digits` significant digits: every arithmetic result is rounded to
 * `p.digits`, every base-point function is accurate to a few units in the last place of `p.digits`.
 * Callers that want results good to d digits build the field at d plus guard digits (see {@link JetArithmetic}).
 * Values passed in may belong to any Decimal clone; results belong to `p.D`.
 */
export function decimalField(p: Precision, counter?: TranscendentalCounter): ScalarField<Decimal> {
  const D = p.D;
  const zero = new D(0);
  const one = new D(1);
  const rec = (name: string): void => counter?.record(name);
  // decimal.js clones share one prototype, so `instanceof` cannot tell them apart; each value records its
  // constructor, whose precision governs the operations it starts. Object.is compares the constructor functions
  // (the lint rule against Decimal `===` would flag the constructor's type, whose name is also Decimal).
  const lift = (a: Decimal): Decimal => (Object.is(a.constructor, D) ? a : new D(a));
  return {
    kind: 'decimal',
    digits: p.digits,
    counter,
    zero,
    one,
    fromInt: (n) => new D(n),
    fromDecimalString: (text) => new D(text),
    constant: (name: FieldConstant) => decimalConstant(p, name),
    add: (a, b) => lift(a).plus(b),
    sub: (a, b) => lift(a).minus(b),
    mul: (a, b) => lift(a).times(b),
    div: (a, b) => lift(a).div(b),
    neg: (a) => lift(a).neg(),
    mulInt: (a, n) => lift(a).times(n),
    divInt: (a, n) => lift(a).div(n),
    sign: (a) => (a.isZero() ? 0 : a.isNeg() ? -1 : 1),
    isInteger: (a) => a.isInteger(),
    toNumber: (a) => a.toNumber(),
    toString: (a) => a.toString(),

    exp(a) {
      rec('exp');
      return exp(a, p);
    },
    log(a) {
      rec('log');
      return logOf(a, p);
    },
    sqrt(a) {
      rec('sqrt');
      return lift(a).sqrt();
    },
    pow(a, r) {
      rec('pow');
      return lift(a).pow(r);
    },
    expNegSquare(a) {
      rec('exp');
      // e^(−a²) has relative condition 2a² in a: square with 2·log10|a| extra digits so that rounding the square
      // costs nothing at p.digits.
      const extra = Math.max(0, 2 * (a.e + 1)) + 5;
      if (p.digits + extra > MAX_CONTEXT_DIGITS) {
        // |a| ≥ 10^(~500): e^(−a²) underflows every Decimal exponent range anyway.
        return zero;
      }
      const w = precision(p.digits + extra);
      const a2 = new w.D(a).times(a);
      return exp(a2.neg(), p);
    },
    sinCos(a) {
      rec('sin');
      rec('cos');
      return sinCos(lift(a), p);
    },
    sinhCosh(a) {
      const x = lift(a).abs();
      let E: Decimal;
      let sinh: Decimal;
      if (x.lt(0.35)) {
        // e^x − e^(−x) cancels for small x: build sinh from m = e^x − 1 = expm1(x) instead.
        rec('expm1');
        const m = lift(expm1(x, p));
        E = one.plus(m);
        sinh = m.times(m.plus(2)).div(E.times(2));
      } else {
        rec('exp');
        E = exp(x, p);
        sinh = E.minus(one.div(E)).div(2);
      }
      const cosh = E.plus(one.div(E)).div(2);
      return [a.isNeg() ? sinh.neg() : sinh, cosh];
    },
    tanhSech2(a) {
      const x = lift(a).abs();
      if (x.isZero()) return [zero, one];
      // With E = e^(−2x) and m = E − 1: tanh x = −m/(2+m), sech² x = 4E/(2+m)². Neither formula cancels
      // provided m is accurate (expm1 for small x) and E is accurate (exp for large x).
      let E: Decimal;
      let m: Decimal;
      if (x.times(2).lt(LN2)) {
        rec('expm1');
        m = lift(expm1(x.times(-2), p));
        E = one.plus(m);
      } else {
        rec('exp');
        E = exp(x.times(-2), p);
        m = E.minus(one);
      }
      const den = m.plus(2);
      const t = m.neg().div(den);
      return [a.isNeg() ? t.neg() : t, E.times(4).div(den.times(den))];
    },
    sigmoidPair(a) {
      rec('exp');
      const E = exp(lift(a).abs().neg(), p);
      const big = one.div(one.plus(E));
      const small = E.times(big);
      return a.isNeg() ? [small, big] : [big, small];
    },
    softplus(a) {
      rec('softplus');
      return lift(softplus(a, p));
    },
    erf(a) {
      rec('erf');
      return lift(erf(a, p));
    },
    erfc(a) {
      rec('erfc');
      return lift(erfc(a, p));
    },
  };
}

/**
 * ln a for a > 0 at p.digits, as log1p(a − 1) with a − 1 formed exactly (our correctly rounded log1p is several
 * times faster than decimal.js's `ln`); decimal.js's `ln` when the exact difference would need more than the
 * largest context.
 */
function logOf(a: Decimal, p: Precision): Decimal {
  // a − 1 is exact with as many digits as span from a's leading digit (or the units digit) to its last digit.
  const span = Math.max(a.e, 0) - Math.min(a.e - a.sd() + 1, 0) + 2;
  if (span > MAX_CONTEXT_DIGITS) return new p.D(a).ln();
  return log1p(new (precision(span).D)(a).minus(1), p);
}
