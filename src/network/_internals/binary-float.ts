import type { Decimal } from 'decimal.js';
import type { Precision } from '../../precision/context.js';
// The special functions' bit-length routine (one implementation in the project).
import { bitLength } from '../../precision/bits.js';

/**
 * Binary floating-point numbers m·2^e with BigInt mantissas, for the inner loops of the Decimal loss: a product of
 * two W-bit mantissas is one native BigInt multiplication and a shift, where decimal.js spends a JavaScript loop
 * over base-10⁷ limbs and allocates a Decimal per operation. Products are truncated to W bits (relative error
 * < 2^(1−W)); sums go to {@link Accumulators}, which add exactly down to their resolution.
 */
export interface BinaryFloat {
  readonly m: bigint;
  readonly e: number;
}

export const BF_ZERO: BinaryFloat = { m: 0n, e: 0 };

const pow10Cache: bigint[] = [];
function pow10(k: number): bigint {
  let v = pow10Cache[k];
  if (v === undefined) {
    v = 10n ** BigInt(k);
    if (k <= 4096) pow10Cache[k] = v;
  }
  return v;
}

const pow5Cache: bigint[] = [];
function pow5(k: number): bigint {
  let v = pow5Cache[k];
  if (v === undefined) {
    v = 5n ** BigInt(k);
    if (k <= 8192) pow5Cache[k] = v;
  }
  return v;
}

/** Working bits for `digits` significant decimal digits (plus 4 bits so that one truncation stays below the
 * decimal rounding of the same value). */
export function workingBits(digits: number): number {
  return Math.ceil(digits * Math.log2(10)) + 4;
}

/** m·2^e cut to at most W bits (floor of the mantissa; exact when it fits). */
export function normalise(m: bigint, e: number, W: number): BinaryFloat {
  if (m === 0n) return BF_ZERO;
  const k = bitLength(m) - W;
  if (k <= 0) return { m, e };
  return { m: m >> BigInt(k), e: e + k };
}

/** a·b to W bits. */
export function bfMul(a: BinaryFloat, b: BinaryFloat, W: number): BinaryFloat {
  return normalise(a.m * b.m, a.e + b.e, W);
}

/** A Decimal as a W-bit binary float (exact when the value fits, otherwise truncated: relative error < 2^(1−W)). */
export function bfFromDecimal(x: Decimal, W: number): BinaryFloat {
  if (!x.isFinite()) throw new RangeError(`binary float: ${x.toString()} is not finite`);
  if (x.isZero()) return BF_ZERO;
  // decimal.js keeps the coefficient in base-10⁷ limbs `d` (the first without padding) and the decimal exponent
  // of the leading digit in `e`.
  const limbs = (x as unknown as { d: number[] }).d;
  let text = String(limbs[0]);
  for (let i = 1; i < limbs.length; i++) text += String(limbs[i]).padStart(7, '0');
  const C = BigInt(text);
  const q = x.e - text.length + 1;
  const sign = x.isNeg() ? -1n : 1n;
  if (q >= 0) return normalise(sign * C * pow10(q), 0, W);
  const f = pow10(-q);
  const S = Math.max(0, W + bitLength(f) - bitLength(C) + 2);
  return normalise((sign * (C << BigInt(S))) / f, -S, W);
}

/** The exact value of m·2^e as a Decimal of `p.D` (not rounded: decimal.js keeps every digit of a string). */
export function bfToDecimal(x: BinaryFloat, p: Precision): Decimal {
  if (x.m === 0n) return new p.D(0);
  if (x.e >= 0) return new p.D((x.m << BigInt(x.e)).toString());
  // m·2^−k = m·5^k·10^−k exactly.
  return new p.D(`${(x.m * pow5(-x.e)).toString()}e${x.e}`);
}

const LOG10_2 = Math.log10(2);

/**
 * m·2^e·k/N (k, N positive integers) as a Decimal of `p.D` with `digits` significant digits, truncated towards
 * zero (an error below one unit of the last digit): the end of a binary sum, converted once, without the exact
 * decimal expansion of m·2^e (hundreds of digits) that {@link bfToDecimal} builds. Callers keep guard digits below
 * the ones they print, so the truncation never shows after their final rounding.
 */
export function bfToDecimalScaled(
  x: BinaryFloat,
  k: number,
  N: number,
  digits: number,
  p: Precision,
): Decimal {
  if (x.m === 0n) return new p.D(0);
  const neg = x.m < 0n;
  const num = (neg ? -x.m : x.m) * BigInt(k);
  const den = BigInt(N);
  // log10 of the value, to choose the decimal scale s with value·10^s ≈ 10^(digits + 1).
  const log10 = (bitLength(num) + x.e) * LOG10_2 - Math.log10(N);
  const s = Math.ceil(digits + 2 - log10);
  // q = floor(num·2^e·10^s/den), exactly in integers.
  let top = num;
  let bottom = den;
  if (s >= 0) top *= pow10(s);
  else bottom *= pow10(-s);
  if (x.e >= 0) top <<= BigInt(x.e);
  else bottom <<= BigInt(-x.e);
  const q = top / bottom;
  const text = `${neg ? '-' : ''}${q.toString()}e${-s}`;
  return new p.D(text).toSignificantDigits(digits, 1);
}

/**
 * Many running sums of binary floats. Each sum is an exact BigInt s at a resolution 2^e fixed by its first term
 * (W + 16 bits below it); smaller terms are truncated to that resolution (error < 2^e each), larger ones are added
 * exactly, and when a sum outgrows W + 80 bits its resolution is coarsened to W + 16 bits below its size. The
 * error of a sum of n terms is thus below n·2^−(W+16) times the largest partial sum, as for a decimal sum rounded
 * at every step to W bits' worth of digits.
 */
export class Accumulators {
  readonly #s: bigint[];
  readonly #e: number[];
  readonly #set: boolean[];
  readonly #W: number;

  constructor(count: number, W: number) {
    this.#s = new Array<bigint>(count).fill(0n);
    this.#e = new Array<number>(count).fill(0);
    this.#set = new Array<boolean>(count).fill(false);
    this.#W = W;
  }

  /** Adds x to sum i. */
  add(i: number, x: BinaryFloat): void {
    if (x.m === 0n) return;
    if (!(this.#set[i] as boolean)) {
      // Resolution 16 bits below the last bit of a W-bit mantissa.
      const shift = Math.max(0, this.#W + 16 - bitLength(x.m));
      this.#s[i] = x.m << BigInt(shift);
      this.#e[i] = x.e - shift;
      this.#set[i] = true;
      return;
    }
    let e = this.#e[i] as number;
    let s = this.#s[i] as bigint;
    if (x.e - e > this.#W + 96) {
      // x dwarfs the sum's resolution (e.g. a first term that is an underflowing σ′ of 2^−(10⁹)): coarsen the sum to
      // x's own resolution first, so that the shift below stays within W + 16 bits (it once asked BigInt for 10⁹
      // bits). What is cut off is below 2^e of the new resolution, the error the class already allows per term.
      const e2 = x.e - Math.max(0, this.#W + 16 - bitLength(x.m));
      const k = e2 - e;
      s = k > bitLength(s) ? (s < 0n ? -1n : 0n) : s >> BigInt(k);
      e = e2;
      this.#e[i] = e;
    }
    s += x.e >= e ? x.m << BigInt(x.e - e) : x.m >> BigInt(e - x.e);
    if (x.e > e + 80) {
      const k = bitLength(s) - (this.#W + 16);
      if (k > 64) {
        s >>= BigInt(k);
        this.#e[i] = e + k;
      }
    }
    this.#s[i] = s;
  }

  /** Sum i as a binary float (exact value of the accumulator). */
  get(i: number): BinaryFloat {
    return { m: this.#s[i] as bigint, e: this.#e[i] as number };
  }
}
