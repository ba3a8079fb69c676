import { bitLength } from '../../bits.js';

export { bitLength };

/**
 * Ball arithmetic on BigInt mantissas: the private number type of the special functions.
 *
 * A Ball is the closed interval [m − r, m + r] · 2^e · 10^t with every part exact. Each operation returns a ball
 * that provably contains every exact result for exact inputs taken from the argument balls, so the radius of a
 * final result is a rigorous error bound, and rounding to the requested digits can be decided exactly (see
 * `round-ball.ts`). Mantissas are cut to a requested number of bits `P` after each operation (the working
 * precision); the cut is folded into the radius.
 *
 * The decimal exponent `t` keeps values such as e^(−10^6) ≈ 10^(−434294) or 10^(−10^5)-sized inputs cheap: the
 * binary exponent `e` stays small, and a sum whose terms differ by more than the working precision absorbs the
 * smaller term into the radius instead of expanding 10^t.
 */
export interface Ball {
  /** Midpoint mantissa (signed). */
  readonly m: bigint;
  /** Radius (≥ 0) in the same units as `m`. */
  readonly r: bigint;
  /** Binary exponent (a safe integer). */
  readonly e: number;
  /** Decimal exponent (a safe integer in practice; ±2e16 marks overflow/underflow, see `exp-ball.ts`). */
  readonly t: number;
}

/** Thrown when a ball is too wide for the next step (e.g. a divisor ball containing 0); the rounding driver
 * catches it and retries with more working bits. */
export class NeedMorePrecision extends Error {
  constructor(what: string) {
    super(`special functions: working precision too low (${what})`);
    this.name = 'NeedMorePrecision';
  }
}

export const LOG2_10 = Math.log2(10);

export const ZERO: Ball = { m: 0n, r: 0n, e: 0, t: 0 };
export const ONE: Ball = { m: 1n, r: 0n, e: 0, t: 0 };
export const TWO: Ball = { m: 2n, r: 0n, e: 0, t: 0 };

export function ball(m: bigint, r = 0n, e = 0, t = 0): Ball {
  return { m, r, e, t };
}

export function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** log2 |n| as a double (−Infinity for 0), accurate to about 1e−15 relative. */
export function log2Big(n: bigint): number {
  if (n < 0n) n = -n;
  if (n === 0n) return -Infinity;
  const b = bitLength(n);
  if (b <= 1000) return Math.log2(Number(n));
  const s = b - 64;
  return Math.log2(Number(n >> BigInt(s))) + s;
}

const pow10Cache: bigint[] = [1n];
/** 10^k as a BigInt (cached for k ≤ 4096). */
export function pow10(k: number): bigint {
  if (k <= 4096) {
    let v = pow10Cache[k];
    if (v === undefined) {
      v = 10n ** BigInt(k);
      pow10Cache[k] = v;
    }
    return v;
  }
  return 10n ** BigInt(k);
}

export function isExactZero(x: Ball): boolean {
  return x.m === 0n && x.r === 0n;
}

export function neg(x: Ball): Ball {
  return { m: -x.m, r: x.r, e: x.e, t: x.t };
}

/** x · 2^k (exact). */
export function mul2k(x: Ball, k: number): Ball {
  return { m: x.m, r: x.r, e: x.e + k, t: x.t };
}

/** The ball's midpoint as an exact ball (radius dropped): for approximations used as exact points. */
export function midpoint(x: Ball): Ball {
  return { m: x.m, r: 0n, e: x.e, t: x.t };
}

/** log2 of the largest |value| in the ball (−Infinity for the exact zero). */
export function log2Upper(x: Ball): number {
  return log2Big(abs(x.m) + x.r) + x.e + x.t * LOG2_10;
}

/** log2 of the smallest |value| in the ball (−Infinity if the ball contains 0). */
export function log2Lower(x: Ball): number {
  const lo = abs(x.m) - x.r;
  return lo <= 0n ? -Infinity : log2Big(lo) + x.e + x.t * LOG2_10;
}

/** Sign of every value in the ball: 1, −1, or 0 if the ball contains 0. */
export function signOf(x: Ball): number {
  if (x.m > x.r) return 1;
  if (-x.m > x.r) return -1;
  return 0;
}

/** The midpoint as a double (approximate; ±Infinity or 0 outside the double range). */
export function toNumber(x: Ball): number {
  if (x.m === 0n) return 0;
  const l = log2Big(x.m) + x.e + x.t * LOG2_10;
  return (x.m < 0n ? -1 : 1) * 2 ** l;
}

/** The exact ball of a finite double. */
export function fromDouble(v: number): Ball {
  if (v === 0) return ZERO;
  let e = 0;
  let y = Math.abs(v);
  // Scaling by powers of two is exact; a finite double becomes an integer after at most 1074 doublings.
  while (!Number.isInteger(y)) {
    y *= 2 ** 32;
    e -= 32;
  }
  return { m: v < 0 ? -BigInt(y) : BigInt(y), r: 0n, e, t: 0 };
}

/** Decimal exponents up to this size are folded into the binary mantissa: otherwise products of moderate
 * numbers would carry growing decimal exponents (u·(u + 2) repeated s times doubles t each time). */
const FOLD_T = 64;

/** x with t = 0 and a mantissa of at least P + 4 bits (exact for t > 0, one rounding for t < 0). */
function foldDecimal(x: Ball, P: number): Ball {
  if (x.t > 0) {
    const f = pow10(x.t);
    return { m: x.m * f, r: x.r * f, e: x.e, t: 0 };
  }
  const f = pow10(-x.t);
  const sh = Math.max(0, P + 4 + bitLength(f) - bitLength(x.m));
  const S = BigInt(sh);
  const num = x.m << S;
  const m = num / f;
  const exact = x.r === 0n && m * f === num;
  return { m, r: exact ? 0n : ((x.r << S) + f - 1n) / f + 1n, e: x.e - sh, t: 0 };
}

/** Cut the mantissa to at most P bits, and the radius to about 40 significant bits (digits of m below the
 * radius carry no information); the discarded part is added to the radius (rounded up, plus 1 for the floor). */
export function norm(x: Ball, P: number): Ball {
  if (x.t !== 0 && x.t >= -FOLD_T && x.t <= FOLD_T) x = foldDecimal(x, P);
  const k = Math.max(bitLength(x.m) - P, bitLength(x.r) - 40);
  if (k <= 0) return x;
  const K = BigInt(k);
  return { m: x.m >> K, r: ((x.r + (1n << K) - 1n) >> K) + 1n, e: x.e + k, t: x.t };
}

/** Absorb a ball `small` that lies entirely below 2^−(P+60) · |big| into big's radius. */
function absorb(big: Ball, small: Ball, P: number): Ball {
  let b = norm(big, P);
  const len = bitLength(b.m);
  if (len < P + 2) {
    // Exact short mantissa: make one unit of its last place at most 2^−(P+1) relative before adding a unit.
    const k = P + 2 - len;
    const K = BigInt(k);
    b = { m: b.m << K, r: b.r << K, e: b.e - k, t: b.t };
  }
  // |small| < 2^(log2Upper(big) − P − 60) ≤ one unit of b (b has ≤ P + 2 bits, so a unit is ≥ 2^−(P+2)·|b|).
  void small;
  return { m: b.m, r: b.r + 1n, e: b.e, t: b.t };
}

/** a + b with a P-bit mantissa. */
export function add(a: Ball, b: Ball, P: number): Ball {
  if (isExactZero(a)) return norm(b, P);
  if (isExactZero(b)) return norm(a, P);
  const la = log2Upper(a);
  const lb = log2Upper(b);
  // The margin of 60 bits also covers the rounding of the double estimates (|t|·log2 10 up to ~1e17·1e−16).
  if (lb < la - P - 60) return absorb(a, b, P);
  if (la < lb - P - 60) return absorb(b, a, P);
  let x = a;
  let y = b;
  if (x.t !== y.t) {
    // Comparable magnitudes, so the decimal gap is bounded by about (P + 60 + bits)/3.3 digits: expand it exactly.
    if (x.t < y.t) [x, y] = [y, x];
    const f = pow10(x.t - y.t);
    x = { m: x.m * f, r: x.r * f, e: x.e, t: y.t };
  }
  if (x.e !== y.e) {
    if (x.e < y.e) [x, y] = [y, x];
    const K = BigInt(x.e - y.e);
    x = { m: x.m << K, r: x.r << K, e: y.e, t: x.t };
  }
  return norm({ m: x.m + y.m, r: x.r + y.r, e: x.e, t: x.t }, P);
}

export function sub(a: Ball, b: Ball, P: number): Ball {
  return add(a, neg(b), P);
}

/** a · b with a P-bit mantissa. */
export function mul(a: Ball, b: Ball, P: number): Ball {
  const x = norm(a, P);
  const y = norm(b, P);
  const r = abs(x.m) * y.r + abs(y.m) * x.r + x.r * y.r;
  return norm({ m: x.m * y.m, r, e: x.e + y.e, t: x.t + y.t }, P);
}

/** a · k for an integer k (exact before the cut to P bits). */
export function mulInt(a: Ball, k: bigint, P: number): Ball {
  return norm({ m: a.m * k, r: a.r * abs(k), e: a.e, t: a.t }, P);
}

/** a / k for a positive integer k. */
export function divInt(a: Ball, k: bigint, P: number): Ball {
  const x = norm(a, P);
  const sh = Math.max(0, P + 2 + bitLength(k) - bitLength(x.m));
  const S = BigInt(sh);
  // Truncation of each quotient moves it by less than one unit.
  const m = (x.m << S) / k;
  const r = ((x.r << S) + k - 1n) / k + 1n;
  return norm({ m, r, e: x.e - sh, t: x.t }, P);
}

/** a / b with a P-bit mantissa; throws NeedMorePrecision if the divisor ball contains 0. */
export function div(a: Ball, b: Ball, P: number): Ball {
  const x = norm(a, P);
  const y = norm(b, P);
  const B = abs(y.m);
  if (B <= y.r) throw new NeedMorePrecision('divisor contains 0');
  const sh = Math.max(0, P + 2 + bitLength(B) - bitLength(x.m));
  const S = BigInt(sh);
  const q = (x.m << S) / y.m;
  // |a/b − A/B| ≤ (RA·B + |A|·RB) / (B·(B − RB)) for a ∈ A ± RA, b ∈ B ± RB; in units of 2^−sh, plus 1 for the
  // truncated quotient.
  const num = (x.r * B + abs(x.m) * y.r) << S;
  const den = B * (B - y.r);
  const r = (num + den - 1n) / den + 1n;
  return norm({ m: q, r, e: x.e - y.e - sh, t: x.t - y.t }, P);
}

/** A ball centred at 0 whose radius bounds |x| (for adding an error bound given as a ball). */
export function magnitudeBall(x: Ball): Ball {
  return { m: 0n, r: abs(x.m) + x.r, e: x.e, t: x.t };
}

/** x widened by an absolute error bound `bound` (a ball whose values bound the error in magnitude). */
export function widenAbs(x: Ball, bound: Ball, P: number): Ball {
  if (isExactZero(bound)) return x;
  return add(x, magnitudeBall(bound), P);
}

/** x widened by a relative error of at most 2^log2Rel (i.e. by |x|·2^log2Rel in absolute terms). */
export function widenRel(x: Ball, log2Rel: number): Ball {
  if (log2Rel === -Infinity) return x;
  if (log2Rel >= 0) throw new NeedMorePrecision('relative error ≥ 1');
  // Units of |x.m|·2^−k with k = floor(−log2Rel) overestimate |x|·2^log2Rel; round up and add one.
  const k = Math.floor(-log2Rel);
  const extra = ((abs(x.m) + x.r) >> BigInt(k)) + 1n;
  return { m: x.m, r: x.r + extra, e: x.e, t: x.t };
}

/** The smallest ball (up to one unit) containing both a and b. */
export function hull(a: Ball, b: Ball, P: number): Ball {
  const d = sub(a, b, P + 8);
  const centre = mul2k(add(a, b, P + 8), -1);
  // centre ± (|a − b|/2 + ra + rb) contains both balls (d's radius already contains ra + rb).
  return add(centre, mul2k(magnitudeBall(d), -1), P);
}

/**
 * The ball with decimal exponent 0 and absolute precision 2^−absBits (for kernels that work in fixed point).
 * Values below 2^−absBits become 0 ± 2^−absBits.
 */
export function plain(x: Ball, absBits: number): Ball {
  if (x.t === 0) return x;
  if (log2Upper(x) < -absBits - 2) return { m: 0n, r: 1n, e: -absBits, t: 0 };
  if (x.t > 0) {
    const f = pow10(x.t);
    return { m: x.m * f, r: x.r * f, e: x.e, t: 0 };
  }
  const f = pow10(-x.t);
  const sh = Math.max(0, x.e + absBits);
  const S = BigInt(sh);
  const m = (x.m << S) / f;
  const r = ((x.r << S) + f - 1n) / f + 1n;
  return { m, r, e: x.e - sh, t: 0 };
}

/**
 * A fixed-point view of x with W fractional bits: returns v and err with |x − v·2^−W| ≤ err·2^−W for every x in
 * the ball.
 */
export function toFixed(x: Ball, W: number): { v: bigint; err: bigint } {
  const y = plain(x, W + 2);
  const s = y.e + W;
  if (s >= 0) {
    const S = BigInt(s);
    return { v: y.m << S, err: y.r << S };
  }
  const S = BigInt(-s);
  return { v: y.m >> S, err: (y.r >> S) + 2n };
}
