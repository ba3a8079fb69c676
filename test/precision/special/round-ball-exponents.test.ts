import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { precision } from '../../../src/precision/context.js';
import { fromDecimal } from '../../../src/precision/special/_internals/input.js';
import { bound, pow5Bounds, roundBall } from '../../../src/precision/special/_internals/round-ball.js';
import { expm1 } from '../../../src/precision/special/index.js';

/** N·2^e·10^t exactly, as a Decimal string (decimal.js keeps every digit of a string and compares exactly). */
function exact(N: bigint, e: number, t: number): Decimal {
  if (e >= 0) return new Decimal(`${N << BigInt(e)}e${t}`);
  return new Decimal(`${N * 5n ** BigInt(-e)}e${t + e}`);
}

describe('round-ball: rounding with large binary exponents', () => {
  it('pow5Bounds brackets 5^k with W-bit mantissas', () => {
    for (const k of [0, 1, 2, 3, 10, 97, 1000, 12345, 100003]) {
      for (const W of [64, 200, 700]) {
        const { L, U, g } = pow5Bounds(k, W);
        const five = 5n ** BigInt(k);
        const scale = g >= 0 ? [L << BigInt(g), U << BigInt(g)] : [L, U];
        expect(scale[0]! <= five && five <= scale[1]!).toBe(true);
        expect(U.toString(2).length).toBeLessThanOrEqual(Math.max(W, k === 0 ? 1 : 3));
        // A squaring doubles a relative error and each truncation adds < 2^−(W−1): U/L − 1 ≤ 2(k + log2 k + 2)·2^−(W−1).
        if (g > 0) {
          const allowed = U * BigInt(2 * (k + Math.ceil(Math.log2(k + 1)) + 2));
          expect((U - L) << BigInt(W - 1)).toBeLessThanOrEqual(allowed);
        }
      }
    }
  });

  it('bound encloses N·2^e·10^t outwards and to the digits kept, for binary exponents far from 0', () => {
    for (const digits of [20, 60]) {
      const p = precision(digits);
      const cases: [bigint, number, number][] = [
        [0x1234567890abcdef1234567n, -150_000, 0],
        [-0x1f3a5c7e9b2d4f6a8c0e1n, -150_001, 7],
        [0x1234567890abcdef1234567n, 150_000, -45_000],
        [-0x7fffffffffffffffffffffffn, 149_999, 12],
        [3n, -200_000, 60_000],
        [(1n << 400n) + 12345n, 180_000, 0],
      ];
      for (const [N, e, t] of cases) {
        const x = exact(N, e, t);
        const lo = bound(N, e, t, false, p);
        const hi = bound(N, e, t, true, p);
        expect(lo.lte(x) && x.lte(hi), `${N} 2^${e} 10^${t}`).toBe(true);
        expect(
          hi
            .minus(lo)
            .abs()
            .lte(x.abs().times(`1e-${digits + 8}`)),
        ).toBe(true);
      }
    }
  });

  it('roundBall at a large binary exponent gives the exact value rounded (independent route: decimal.js)', () => {
    const p = precision(30);
    const N = 0x2f0e1d2c3b4a5968778695a4b3c2d1e0f1n;
    for (const [e, t] of [
      [-120_000, 36_000],
      [120_000, -36_200],
      [-400_000, 0],
    ] as const) {
      const got = roundBall({ m: N, r: 1n, e, t }, p);
      const want = exact(N, e, t).toSignificantDigits(30);
      expect(got?.eq(want)).toBe(true);
    }
  });

  it('reads a moderate argument with many decimals in binary, not as c·10^q (the decimal exponent doubled in expm1)', () => {
    // 0.3034…, 387 decimals: an exact dyadic number, as the formula activations' jets pass them.
    const c = BigInt(`3${'0123456789'.repeat(38)}123456`);
    const b = fromDecimal(c, -387, 500);
    expect(b.t).toBe(0);
    expect(fromDecimal(1n, -5000, 500).t).toBe(-5000);
    const p = precision(122);
    const x = new p.D(`${c}e-387`);
    const ref = precision(160);
    // Independent route: e^x − 1 by decimal.js at 160 digits (x is moderate, no cancellation).
    const want = new ref.D(x).exp().minus(1).toSignificantDigits(122);
    expect(expm1(x, p).eq(want)).toBe(true);
  });
});
