import { Decimal } from 'decimal.js';
import type { DecimalConstructor } from '../../context.js';

/** decimal.js's whole exponent range, as in context.ts. */
const RANGE = { minE: -9e15, maxE: 9e15 } as const;

/** Significant digits of a radius: enough to keep a radius tight, few enough to keep its arithmetic cheap. */
export const RADIUS_DIGITS = 20;

/**
 * Radius arithmetic: 20 digits, every result rounded towards +∞ (ROUND_CEIL). decimal.js rounds + − × ÷ correctly in
 * every mode, so a chain of these operations on non-negative upper bounds gives an upper bound.
 */
export const Up: DecimalConstructor = Decimal.clone({
  precision: RADIUS_DIGITS,
  rounding: Decimal.ROUND_CEIL,
  ...RANGE,
});

/** Lower bounds of positive quantities (the denominator of a quotient's radius): ROUND_FLOOR, 20 digits. */
export const Down: DecimalConstructor = Decimal.clone({
  precision: RADIUS_DIGITS,
  rounding: Decimal.ROUND_FLOOR,
  ...RANGE,
});

/**
 * Exact sign changes and magnitudes: decimal.js's `abs` and `neg` round to their context's precision, so a ball's
 * midpoint (which may hold more digits than any working context) is negated or made positive here, at 10^9 digits
 * (decimal.js's maximum), i.e. exactly. Only for abs, neg and products known to be short.
 */
export const Exact: DecimalConstructor = Decimal.clone({
  precision: 1e9,
  rounding: Decimal.ROUND_HALF_EVEN,
  ...RANGE,
});

/** Upper bounds of distances |a − b|: 40 digits rounded away from zero (ROUND_UP), so |round(a − b)| ≥ |a − b|. */
export const Away: DecimalConstructor = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_UP,
  ...RANGE,
});

/** The smallest positive Decimal of the contexts: a nonzero value that underflowed to 0 lies below it. */
export const TINY: Decimal = new Up('1e-9000000000000000');

const floors = new Map<number, DecimalConstructor>();
const ceils = new Map<number, DecimalConstructor>();

/** A context rounding towards −∞ at `digits` digits (cached). */
export function floorContext(digits: number): DecimalConstructor {
  let D = floors.get(digits);
  if (D === undefined) {
    D = Decimal.clone({ precision: digits, rounding: Decimal.ROUND_FLOOR, ...RANGE });
    floors.set(digits, D);
  }
  return D;
}

/** A context rounding towards +∞ at `digits` digits (cached). */
export function ceilContext(digits: number): DecimalConstructor {
  let D = ceils.get(digits);
  if (D === undefined) {
    D = Decimal.clone({ precision: digits, rounding: Decimal.ROUND_CEIL, ...RANGE });
    ceils.set(digits, D);
  }
  return D;
}

const halfEvens = new Map<number, DecimalConstructor>();

/** A round-half-even context at `digits` digits (cached), for intermediate results that need guard digits only. */
export function halfEvenContext(digits: number): DecimalConstructor {
  let D = halfEvens.get(digits);
  if (D === undefined) {
    D = Decimal.clone({ precision: digits, rounding: Decimal.ROUND_HALF_EVEN, ...RANGE });
    halfEvens.set(digits, D);
  }
  return D;
}

/** An upper bound of |x| (20 digits). `new Up(x)` keeps every digit; `abs` then rounds the positive value up. */
export function magnitudeUp(x: Decimal): Decimal {
  return new Up(x).abs();
}

/** A lower bound of |x| (20 digits). */
export function magnitudeDown(x: Decimal): Decimal {
  return new Down(x).abs();
}

/**
 * A bound on the rounding error of `v`, a result of one operation of the context `D` (correctly rounded, which
 * decimal.js guarantees for + − × ÷ and √): half a unit in the last place of v for the round-to-nearest modes,
 * one unit for the directed ones. The unit is taken at v's own exponent, which is never below the exact result's
 * (rounding to p digits cannot lower the leading digit's position), so it bounds the error. 0 for v = 0: a nonzero
 * exact result never rounds to 0 except by underflow, which callers check.
 */
export function roundingError(v: Decimal, D: DecimalConstructor): Decimal {
  if (v.isZero()) return new Up(0);
  const nearest = D.rounding >= Decimal.ROUND_HALF_UP;
  return new Up(`${nearest ? 5 : 10}e${v.e - D.precision}`);
}

/**
 * One unit in the last place of v as a `digits`-digit number, 10^(e(v) − digits + 1): the error bound of a
 * faithfully (not necessarily correctly) rounded result v. For v = 0 (an underflowed or an exact zero), TINY.
 */
export function unitInLastPlace(v: Decimal, digits: number): Decimal {
  if (v.isZero()) return TINY;
  return new Up(`1e${v.e - digits + 1}`);
}
