import { roundTo, withGuard, type Precision } from '../context.js';
import { dot2 } from './_internals/float64-sum.js';
import { checkGuard, DEFAULT_GUARD_DIGITS } from './_internals/decimal-io.js';
import { columnCount, expectLength } from './_internals/shape.js';
import type { ReductionOptions } from './dot.js';
import type { DecimalMatrix, DecimalVector, Float64Matrix, Float64Vector } from './types.js';

/**
 * A·x for an m×n matrix A, each entry accumulated with guard digits (see `ReductionOptions`) and rounded to `p`.
 * See also `matVecF64`, `matMul`, `dot`.
 */
export function matVec(
  a: DecimalMatrix,
  x: DecimalVector,
  p: Precision,
  options: ReductionOptions = {},
): DecimalVector {
  const { guardDigits = DEFAULT_GUARD_DIGITS } = options;
  checkGuard(guardDigits, 'matVec');
  const n = columnCount(a, 'matVec');
  expectLength(x.length, n, 'matVec: vector');
  const g = withGuard(p, guardDigits);
  const xg = x.map((v) => new g.D(v));
  return a.map((row) => {
    let s = new g.D(0);
    for (let j = 0; j < n; j++) s = s.plus(xg[j]!.times(row[j]!));
    return roundTo(p, s);
  });
}

/** A·x in float64 with compensated accumulation of each entry. */
export function matVecF64(a: Float64Matrix, x: Float64Vector): number[] {
  const n = columnCount(a, 'matVecF64');
  expectLength(x.length, n, 'matVecF64: vector');
  return a.map((row) =>
    dot2(
      n,
      (j) => row[j]!,
      (j) => x[j]!,
    ),
  );
}
