import type { Decimal } from 'decimal.js';
import { InputError } from '../../../errors.js';
import type { Precision } from '../../context.js';
import { type Ball, bitLength, pow10 } from './ball.js';

const LOG10_2 = Math.log10(2);

/**
 * An argument of a special function, classified. Inputs are read with `new p.D(x)`, which keeps every digit of a
 * Decimal or decimal string, and reads a JavaScript number through its shortest decimal string (0.1 means
 * exactly 1/10, not the double 0.1000000000000000055…); callers that want the exact double use `fromDouble`.
 */
export type Input =
  | { readonly kind: 'infinite'; readonly negative: boolean }
  | { readonly kind: 'zero'; readonly value: Decimal }
  | {
      readonly kind: 'finite';
      readonly value: Decimal;
      readonly negative: boolean;
      /** |x| = c · 10^q exactly, c without trailing zeros. */
      readonly c: bigint;
      readonly q: number;
      /** An upper bound of log2|x| rounded up to an integer, at least 0 (extra input bits for large |x|). */
      readonly magnitudeBits: number;
    };

/**
 * Reads the argument of the special function `name`. A NaN, or a string that is not a number, is an InputError
 * naming the function (the public functions returned NaN, which then flowed silently into sums and comparisons).
 */
export function readInput(x: Decimal.Value, p: Precision, name: string): Input {
  let value: Decimal;
  try {
    value = new p.D(x);
  } catch {
    throw new InputError(`${name}: the argument ${JSON.stringify(String(x).slice(0, 40))} is not a number`);
  }
  if (value.isNaN()) throw new InputError(`${name}: the argument is NaN`);
  if (!value.isFinite()) return { kind: 'infinite', negative: value.isNegative() };
  if (value.isZero()) return { kind: 'zero', value };
  const limbs = value.d;
  let digits = String(limbs[0]);
  for (let i = 1; i < limbs.length; i++) digits += String(limbs[i]).padStart(7, '0');
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  const c = BigInt(digits.slice(0, end));
  // value.e is the decimal exponent of the leading digit.
  const q = value.e - (end - 1);
  return {
    kind: 'finite',
    value,
    negative: value.isNegative(),
    c,
    q,
    magnitudeBits: Math.max(0, Math.ceil((value.e + 1) * Math.log2(10))),
  };
}

/**
 * c · 10^q (c > 0) as a ball with a mantissa of at least P bits: exact for integers, for q > 350 and for values
 * below about 10^−300 with q < −350 (the decimal exponent is kept), otherwise rounded once (radius one unit
 * unless the division is exact). A moderate value with many decimals (e.g. an exact dyadic number such as
 * 0.3034…, 387 decimals) is rounded to binary: kept as c·10^(−387), the doubling steps of expm1 doubled its
 * decimal exponent thirteen times (to −3.2e6, with a binary exponent of +1.05e7 to match), which cost seconds.
 */
export function fromDecimal(c: bigint, q: number, P: number): Ball {
  if (q >= 0) return q <= 350 ? { m: c * pow10(q), r: 0n, e: 0, t: 0 } : { m: c, r: 0n, e: 0, t: q };
  if (q < -350 && q + bitLength(c) * LOG10_2 < -300) return { m: c, r: 0n, e: 0, t: q };
  const f = pow10(-q);
  const sh = Math.max(0, P + 2 + bitLength(f) - bitLength(c));
  const num = c << BigInt(sh);
  const m = num / f;
  return { m, r: m * f === num ? 0n : 1n, e: -sh, t: 0 };
}
