import { Decimal } from 'decimal.js';

/** The decimal.js constructor type; every context has its own clone. */
export type DecimalConstructor = typeof Decimal;

/** Smallest and largest supported `digits`. decimal.js `ln` throws above about 1025 digits, and the
 * special functions work with guard digits on top of the requested ones, so 1000 is the public cap. */
export const MIN_DIGITS = 10;
export const MAX_DIGITS = 1000;
/** The largest precision {@link precision} makes: MAX_DIGITS plus room for internal guard digits. */
export const MAX_INTERNAL_DIGITS = 1100;

/**
 * A precision context: `digits` significant decimal digits and a decimal.js clone configured for them.
 * Configuration is passed as an argument everywhere; no code in this project calls `Decimal.set`.
 *
 * Values made by `ctx.D` compute with `ctx.digits` digits. Note that `new ctx.D(x)` does NOT round `x`
 * (decimal.js keeps every digit of its argument); use {@link roundTo} to round to a context.
 */
export interface Precision {
  readonly digits: number;
  readonly D: DecimalConstructor;
}

const cache = new Map<number, Precision>();

/**
 * The context for `digits` significant digits (cached: one clone per precision).
 * Throws a RangeError for non-integers or digits outside 1 … 1100 (internal guard digits may exceed
 * {@link MAX_DIGITS}; user-facing code validates against MIN_DIGITS … MAX_DIGITS first).
 */
export function precision(digits: number): Precision {
  if (!Number.isInteger(digits) || digits < 1 || digits > MAX_INTERNAL_DIGITS) {
    throw new RangeError(
      `precision: digits must be an integer in 1…${MAX_INTERNAL_DIGITS}, got ${String(digits)}`,
    );
  }
  let p = cache.get(digits);
  if (p === undefined) {
    const D = Decimal.clone({
      precision: digits,
      rounding: Decimal.ROUND_HALF_EVEN,
      toExpNeg: -7,
      toExpPos: 21,
      minE: -9e15,
      maxE: 9e15,
    });
    p = Object.freeze({ digits, D });
    cache.set(digits, p);
  }
  return p;
}

/** The context with `extra` more digits than `p` (guard digits for an internal computation). */
export function withGuard(p: Precision, extra: number): Precision {
  return precision(p.digits + extra);
}

/** `x` rounded to `p.digits` significant digits, as a value of `p.D`. */
export function roundTo(p: Precision, x: Decimal.Value): Decimal {
  return new p.D(x).toSignificantDigits(p.digits);
}

/** `x` as a value of `p.D` without rounding (exact conversion of decimal strings and Decimals). */
export function lift(p: Precision, x: Decimal.Value): Decimal {
  return new p.D(x);
}

/** The exact decimal value of a binary double (decimal.js parses numbers through their shortest string,
 * which is not the double's value; this goes through the exact binary expansion). */
export function fromDouble(p: Precision, x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`fromDouble: ${String(x)} is not finite`);
  if (x === 0) return new p.D(Object.is(x, -0) ? '-0' : '0');
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const sign = bits >> 63n === 1n ? -1n : 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = expBits === 0 ? frac : frac | (1n << 52n);
  const e2 = (expBits === 0 ? 1 : expBits) - 1075;
  // mant · 2^e2 is exact; a double has at most 767 significant decimal digits, so compute unrounded.
  const exact = precision(1100);
  const two = new exact.D(2);
  const v = new exact.D((sign * mant).toString()).times(two.pow(e2));
  return new p.D(v);
}
