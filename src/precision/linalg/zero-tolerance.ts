import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';

/**
 * The tolerance a factorisation used to call a pivot (or a pivot block's eigenvalue) zero:
 * |pivot| ≤ `absolute` = `relative` · `scale`, where `scale` is the norm the routine documents (‖A‖∞ for LDLᵀ,
 * the pivot row's largest entry for LU, the original diagonal entry for Cholesky).
 */
export interface ToleranceUsed<T = Decimal> {
  readonly relative: T;
  readonly scale: T;
  readonly absolute: T;
}

/**
 * The default relative zero tolerance at `digits` working digits: 10^−max(⌈digits/2⌉, digits − 10).
 *
 * Why this size: the factorisations run with guard digits, so rounding noise in a pivot of a singular matrix is
 * about 10^−(digits + guard) · ‖A‖ times a modest growth factor; 10^−(digits − 10) leaves a margin of 10 + guard
 * orders of magnitude above that noise, while a genuinely nonzero eigenvalue has to be smaller than ‖A‖ by
 * digits − 10 orders of magnitude before it is called zero. At low precision (digits < 20) the margin would
 * vanish, so the tolerance never exceeds 10^−⌈digits/2⌉.
 */
export function defaultZeroToleranceExponent(digits: number): number {
  return Math.max(Math.ceil(digits / 2), digits - 10);
}

/** {@link defaultZeroToleranceExponent} as a Decimal of `p`: 10^−max(⌈digits/2⌉, digits − 10). */
export function defaultZeroTolerance(p: Precision): Decimal {
  return new p.D(10).pow(-defaultZeroToleranceExponent(p.digits));
}

/** The float64 default, the same rule at 16 digits: 1e−8. */
export const DEFAULT_ZERO_TOLERANCE_F64 = 1e-8;
