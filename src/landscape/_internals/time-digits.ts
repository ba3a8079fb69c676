import type { Decimal } from 'decimal.js';
import { precision } from '../../precision/context.js';

/**
 * The significant digits of t that its error estimate supports (at most `cap`): the most n with the estimate at
 * most half a unit in the n-th digit, so that the rounded t is within one unit of its last digit. 0 when not even
 * the first digit is supported.
 */
export function timeDigits(t: Decimal, err: Decimal, cap: number): number {
  if (t.isZero() || err.isZero()) return cap;
  const q = precision(40);
  const lead = t.e; // t = d.ddd… × 10^lead
  const n = Math.floor(lead + 1 - new q.D(err).times(2).log(10).toNumber());
  return Math.min(cap, Math.max(0, n));
}
