import type { Decimal } from 'decimal.js';
import { roundTo, withGuard, type Precision } from '../context.js';
import { dot2 } from './_internals/float64-sum.js';
import { checkGuard, DEFAULT_GUARD_DIGITS } from './_internals/decimal-io.js';
import { expectLength } from './_internals/shape.js';
import type { DecimalVector, Float64Vector } from './types.js';

/** Options of the Decimal reductions ({@link dot}, `matVec`, `matMul`, `norm2`, `frobenius`). */
export interface ReductionOptions {
  /**
   * Digits added to `p.digits` while accumulating; the result is rounded to `p` once at the end. Default 10.
   * Why: every decimal.js operation rounds, so a sum of n products accumulates up to n roundings, and
   * cancellation between terms turns those absolute errors into large relative ones. With g guard digits the
   * accumulated error stays below 10^−g of the largest term for any realistic n, so the single final rounding
   * dominates and the result is (almost always) the correctly rounded value.
   */
  readonly guardDigits?: number;
}

/**
 * Σ a_i·b_i, accumulated with guard digits and rounded to `p`.
 *
 * Example: `dot([new p.D(1), new p.D(2)], [new p.D(3), new p.D(4)], p)` is 11.
 * See also `dotF64`, `matVec`, `norm2`.
 */
export function dot(
  a: DecimalVector,
  b: DecimalVector,
  p: Precision,
  options: ReductionOptions = {},
): Decimal {
  const { guardDigits = DEFAULT_GUARD_DIGITS } = options;
  checkGuard(guardDigits, 'dot');
  expectLength(b.length, a.length, 'dot: second vector');
  const g = withGuard(p, guardDigits);
  let s = new g.D(0);
  for (let i = 0; i < a.length; i++) s = s.plus(new g.D(a[i]!).times(b[i]!));
  return roundTo(p, s);
}

/** Σ a_i·b_i in float64 with compensated (doubled-precision) accumulation; see `dot`. */
export function dotF64(a: Float64Vector, b: Float64Vector): number {
  expectLength(b.length, a.length, 'dotF64: second vector');
  return dot2(
    a.length,
    (i) => a[i]!,
    (i) => b[i]!,
  );
}
