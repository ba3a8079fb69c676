import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import type { Precision } from '../../precision/context.js';

/**
 * Exact decimals on the grid 10^−decimals · ℤ within [lo, hi], from a shrinkable integer (shrinks towards 0, or
 * towards the end of the range closest to 0). fast-check's `double()` is biased to tiny magnitudes; realistic
 * weights and data come from a grid instead (numerics.md).
 */
export function gridDecimal(p: Precision, lo: number, hi: number, decimals = 3): fc.Arbitrary<Decimal> {
  const scale = 10 ** decimals;
  return fc
    .integer({ min: Math.ceil(lo * scale), max: Math.floor(hi * scale) })
    .map((k) => new p.D(`${k}e-${decimals}`));
}

/** `k · 10^−decimals` as an exact Decimal of `p`. */
export function scaled(p: Precision, k: number | bigint, decimals: number): Decimal {
  return new p.D(`${k.toString()}e-${decimals}`);
}
