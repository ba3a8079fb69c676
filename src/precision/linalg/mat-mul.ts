import { roundTo, withGuard, type Precision } from '../context.js';
import { dot2 } from './_internals/float64-sum.js';
import { checkGuard, DEFAULT_GUARD_DIGITS, liftMatrix } from './_internals/decimal-io.js';
import { columnCount } from './_internals/shape.js';
import type { ReductionOptions } from './dot.js';
import type { DecimalMatrix, Float64Matrix } from './types.js';

function checkInner(
  a: readonly ArrayLike<unknown>[],
  b: readonly ArrayLike<unknown>[],
  what: string,
): number {
  const k = columnCount(a, what);
  if (b.length !== k) throw new RangeError(`${what}: A has ${k} columns but B has ${b.length} rows`);
  return columnCount(b, what);
}

/**
 * A·B for an m×k matrix A and a k×n matrix B; each entry accumulated with guard digits (see `ReductionOptions`)
 * and rounded to `p`. See also `matMulF64`, `matVec`, `transpose`.
 */
export function matMul(
  a: DecimalMatrix,
  b: DecimalMatrix,
  p: Precision,
  options: ReductionOptions = {},
): DecimalMatrix {
  const { guardDigits = DEFAULT_GUARD_DIGITS } = options;
  checkGuard(guardDigits, 'matMul');
  const n = checkInner(a, b, 'matMul');
  const g = withGuard(p, guardDigits);
  const ag = liftMatrix(g, a);
  const bg = liftMatrix(g, b);
  return ag.map((row) => {
    const out = [];
    for (let j = 0; j < n; j++) {
      let s = new g.D(0);
      for (let t = 0; t < row.length; t++) s = s.plus(row[t]!.times(bg[t]![j]!));
      out.push(roundTo(p, s));
    }
    return out;
  });
}

/** A·B in float64 with compensated accumulation of each entry. */
export function matMulF64(a: Float64Matrix, b: Float64Matrix): number[][] {
  const n = checkInner(a, b, 'matMulF64');
  return a.map((row) => {
    const out: number[] = [];
    for (let j = 0; j < n; j++) {
      out.push(
        dot2(
          row.length,
          (t) => row[t]!,
          (t) => b[t]![j]!,
        ),
      );
    }
    return out;
  });
}
