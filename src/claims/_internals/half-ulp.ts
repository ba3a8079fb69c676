import type { Decimal } from 'decimal.js';
import type { Precision } from '../../precision/context.js';

/**
 * Half a unit in the last of `d` significant digits of v (at v = 0, of the digit 10^(1−d)), in context W: the
 * bound of correct rounding to d digits, which the claims use as the tolerance of correctly rounded values.
 */
export function halfUlp(v: Decimal, d: number, W: Precision): Decimal {
  return new W.D(10).pow((v.isZero() ? 0 : v.e) - d + 1).div(2);
}
