import type { Decimal } from 'decimal.js';

/**
 * Guard digits for a Decimal jet of `order` at x, on top of the requested digits:
 * * 10 for the rounding of a few dozen operations per coefficient and the final rounding to p.digits;
 * * ⌈order/4⌉ for the cancellation inside the O(K²) recurrences, which grows slowly with the order (measured on
 *   the registered activations; test/activations/guard.test.ts keeps the measurement honest);
 * * 2·(⌊log₁₀(1 + |x|)⌋ + 1): tail derivatives such as those of e^(−x²/2) have relative condition ~x² in their
 *   argument, and internal constants (1/√2, 2/√π) are rounded, so |x| = 100 needs 4 more digits.
 */
export function guardDigits(x: Decimal, order: number): number {
  return 10 + Math.ceil(order / 4) + 2 * (x.abs().plus(1).e + 1);
}
