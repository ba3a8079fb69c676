import type { Decimal } from 'decimal.js';
import type { Precision } from '../../context.js';
import { type Ball, LOG2_10, NeedMorePrecision, bitLength, pow10 } from './ball.js';

const LOG10_2 = Math.log10(2);

/**
 * Bounds L·2^g ≤ 5^k ≤ U·2^g with U of at most W bits, by binary powering in which every product is truncated
 * downwards for L and upwards for U: the cost grows with log k, not with k. A squaring doubles a relative error
 * and each truncation adds less than 2^−(W−1), so U/L − 1 ≤ 2(k + log2 k + 2)·2^−(W−1): callers add log2 k bits.
 */
export function pow5Bounds(k: number, W: number): { L: bigint; U: bigint; g: number } {
  let L = 1n;
  let U = 1n;
  let g = 0;
  let bL = 5n;
  let bU = 5n;
  let bg = 0;
  const cut = (lo: bigint, hi: bigint, e: number): [bigint, bigint, number] => {
    const sh = bitLength(hi) - W;
    if (sh <= 0) return [lo, hi, e];
    const S = BigInt(sh);
    return [lo >> S, -(-hi >> S), e + sh];
  };
  for (let rest = k; rest > 0; rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) [L, U, g] = cut(L * bL, U * bU, g + bg);
    if (rest > 1) [bL, bU, bg] = cut(bL * bL, bU * bU, 2 * bg);
  }
  return { L, U, g };
}

/** ⌊n/d⌋ (up = false) or ⌈n/d⌉ (up = true) for d > 0. */
function divRound(n: bigint, d: bigint, up: boolean): bigint {
  const q = n / d;
  const rem = n - q * d;
  if (rem === 0n) return q;
  return up ? (rem > 0n ? q + 1n : q) : rem < 0n ? q - 1n : q;
}

/**
 * N·2^e·10^t as a Decimal of p.D, rounded down (up = false) or up (up = true); exact for moderate e ≥ 0. It
 * keeps as many digits as N has bits' worth (and at least p.digits + 8): with fewer, a value just beside a
 * rounding tie would be cut to the tie itself and the test below could never decide it.
 *
 * A large |e| is first traded for a power of ten, 2^e = 10^k·2^(e−k)·5^(∓k) with k ≈ |e|·log10 2, using bounds
 * of 5^k that are W + log2 k + 4 bits wide (W = max(bits(N), p.digits·log2 10) + 64), widened outwards: what
 * remains has a binary exponent of about W, so the cost grows with log |e| only (it grew linearly: a ball with
 * e = 1.05e7 and t = −3.17e6 from expm1 took 2.8 s to round at 122 digits). The bounds are wider than the exact
 * conversion by a relative 2^−(W − 1) at most, far below the ball's own radius (≥ one unit of N): they only make
 * Ziv's test decide slightly less often, never wrongly.
 */
export function bound(N: bigint, e: number, t: number, up: boolean, p: Precision): Decimal {
  if (N === 0n) return new p.D(0);
  const bits = bitLength(N);
  const W = Math.max(bits, Math.ceil(p.digits * LOG2_10)) + 64;
  if (e < -2 * W - 64) {
    const k = Math.floor(-e * LOG10_2);
    const { L, U, g } = pow5Bounds(k, W + Math.ceil(Math.log2(k)) + 4);
    // N·2^e·10^t = N·5^k·2^(e+k)·10^(t−k), and e + k + g ≈ −W: the exact routine below is then cheap.
    const factor = N > 0n === up ? U : L;
    return bound(N * factor, e + k + g, t - k, up, p);
  }
  if (e > 2 * W + 64) {
    const k = Math.floor(e * LOG10_2);
    const { L, U, g } = pow5Bounds(k, W + Math.ceil(Math.log2(k)) + 4);
    // N·2^e·10^t = N·2^(e−k−g)/(5^k/2^g)·10^(t+k); e − k − g ≈ W − 3 (k·log2 10 ≤ e + 1e−6·e by the choice of k).
    const sh = W + 8;
    const num = N << BigInt(e - k - g + sh);
    const divisor = N > 0n === up ? L : U;
    return bound(divRound(num, divisor, up), -sh, t + k, up, p);
  }
  if (e >= 0) return new p.D(`${(N << BigInt(e)).toString()}e${t}`);
  const k = -e;
  const keep = Math.max(p.digits + 8, Math.ceil(bits * LOG10_2) + 2);
  const s = Math.max(0, Math.ceil((k - bits) * LOG10_2) + keep);
  const num = N * pow10(s);
  const K = BigInt(k);
  const Q = up ? -(-num >> K) : num >> K;
  return new p.D(`${Q.toString()}e${t - s}`);
}

/**
 * The correctly rounded value of every number in the ball, or undefined when the ball straddles a rounding
 * boundary (Ziv's test): both ends, bounded outwards, must round to the same p.digits-digit value. Rounding is
 * p.D's (round-half-even); since rounding is monotone, every point in between rounds to the same value.
 */
export function roundBall(x: Ball, p: Precision): Decimal | undefined {
  if (x.m === 0n && x.r === 0n) return new p.D(0);
  // Beyond the exponent range of every context (±9e15): overflow to ±Infinity, underflow to ±0.
  if (x.t > 1e16) return x.m - x.r > 0n ? new p.D(Infinity) : x.m + x.r < 0n ? new p.D(-Infinity) : undefined;
  if (x.t < -1e16) return new p.D(x.m < 0n ? '-0' : '0');
  const lo = bound(x.m - x.r, x.e, x.t, false, p).toSignificantDigits(p.digits);
  const hi = bound(x.m + x.r, x.e, x.t, true, p).toSignificantDigits(p.digits);
  return lo.eq(hi) ? hi : undefined;
}

/** Counters for tests and benchmarks: how often the first attempt was not decisive, and whether the
 * midpoint fallback was ever used. Not part of the public API. */
export const zivStatistics = { calls: 0, retries: 0, fallbacks: 0 };

/** Extra working bits on top of p.digits·log2(10) for the first attempt. */
export const DEFAULT_GUARD_BITS = 24;

/**
 * Ziv's strategy: compute a ball with P working bits, return its rounding if decided, otherwise retry with 1.5×
 * the bits. `compute` returns a rigorous enclosure, so a returned value is correctly rounded; guard bits only
 * decide how often a retry is needed (probability ≈ radius/ulp ≈ 2^−(guard − loss)). For a transcendental
 * function at a nonzero decimal point the exact value is never a rounding boundary, so the loop ends; after
 * six attempts (≈ 11× the bits) the midpoint's rounding is returned. `zivStatistics.fallbacks` counts that case
 * and also six attempts that all threw NeedMorePrecision (then an Error is thrown): before 595597e the latter
 * happened for erf, erfc and normalCdf at |x| ≳ 1e33 (the Mills fraction for z > 2^64), e.g. through gelu in the
 * CLI fuzz test. After it, test/precision, test/activations and test/symbolic (36 files) counted 0 fallbacks.
 */
export function correctlyRounded(p: Precision, guardBits: number, compute: (bits: number) => Ball): Decimal {
  zivStatistics.calls++;
  let bits = Math.ceil(p.digits * LOG2_10) + guardBits;
  let last: Ball | undefined;
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      last = compute(bits);
      const r = roundBall(last, p);
      if (r !== undefined) return r;
    } catch (err) {
      if (!(err instanceof NeedMorePrecision)) throw err;
    }
    bits += Math.max(64, bits >> 1);
    zivStatistics.retries++;
  }
  zivStatistics.fallbacks++;
  if (last === undefined) throw new Error('special functions: no enclosure after six attempts');
  return bound(last.m, last.e, last.t, false, p).toSignificantDigits(p.digits);
}
