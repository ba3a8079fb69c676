import type { Decimal } from 'decimal.js';
import type { Precision } from '../../context.js';
import { type Ball, LOG2_10, NeedMorePrecision, bitLength, pow10 } from './ball.js';

const LOG10_2 = Math.log10(2);

/** N·2^e·10^t as a Decimal of p.D, rounded down (up = false) or up (up = true); exact when e ≥ 0. It keeps
 * as many digits as N has bits' worth (and at least p.digits + 8): with fewer, a value just beside a rounding
 * tie would be cut to the tie itself and the test below could never decide it. */
function bound(N: bigint, e: number, t: number, up: boolean, p: Precision): Decimal {
  if (N === 0n) return new p.D(0);
  if (e >= 0) return new p.D(`${(N << BigInt(e)).toString()}e${t}`);
  const k = -e;
  const bits = bitLength(N);
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
 * six attempts (≈ 11× the bits) the midpoint's rounding is returned (never observed in the tests).
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
