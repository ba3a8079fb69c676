import type { Decimal } from 'decimal.js';
import { roundTo, withGuard, type Precision } from '../context.js';
import { dot2 } from './_internals/float64-sum.js';
import { checkGuard, DEFAULT_GUARD_DIGITS } from './_internals/decimal-io.js';
import { columnCount } from './_internals/shape.js';
import type { ReductionOptions } from './dot.js';
import type { DecimalMatrix, DecimalVector, Float64Matrix, Float64Vector } from './types.js';

/** The Euclidean norm sqrt(Σ x_i²), accumulated with guard digits and rounded to `p`. */
export function norm2(x: DecimalVector, p: Precision, options: ReductionOptions = {}): Decimal {
  const { guardDigits = DEFAULT_GUARD_DIGITS } = options;
  checkGuard(guardDigits, 'norm2');
  const g = withGuard(p, guardDigits);
  let s = new g.D(0);
  for (const v of x) s = s.plus(new g.D(v).times(v));
  return roundTo(p, s.sqrt());
}

/** The Frobenius norm sqrt(Σ a_ij²), accumulated with guard digits and rounded to `p`. */
export function frobenius(a: DecimalMatrix, p: Precision, options: ReductionOptions = {}): Decimal {
  const { guardDigits = DEFAULT_GUARD_DIGITS } = options;
  checkGuard(guardDigits, 'frobenius');
  columnCount(a, 'frobenius');
  const g = withGuard(p, guardDigits);
  let s = new g.D(0);
  for (const row of a) for (const v of row) s = s.plus(new g.D(v).times(v));
  return roundTo(p, s.sqrt());
}

function isMatrix(x: DecimalVector | DecimalMatrix): x is DecimalMatrix {
  return Array.isArray(x[0]);
}

/**
 * The ∞-norm: max_i |x_i| of a vector, or the maximum absolute row sum max_i Σ_j |a_ij| of a matrix (an upper
 * bound on every |eigenvalue|, which is why the zero tolerances of the symmetric routines are relative to it).
 * Row sums are accumulated with 10 guard digits and rounded to `p`.
 */
export function normInf(x: DecimalVector | DecimalMatrix, p: Precision): Decimal {
  const g = withGuard(p, DEFAULT_GUARD_DIGITS);
  let m = new g.D(0);
  if (isMatrix(x)) {
    columnCount(x, 'normInf');
    for (const row of x) {
      let s = new g.D(0);
      for (const v of row) s = s.plus(new g.D(v).abs());
      if (s.gt(m)) m = s;
    }
  } else {
    for (const v of x) if (v.abs().gt(m)) m = new g.D(v).abs();
  }
  return roundTo(p, m);
}

/** Euclidean norm in float64, with compensated accumulation of the squares. */
export function norm2F64(x: Float64Vector): number {
  return Math.sqrt(
    dot2(
      x.length,
      (i) => x[i]!,
      (i) => x[i]!,
    ),
  );
}

/** Frobenius norm in float64, with compensated accumulation of the squares. */
export function frobeniusF64(a: Float64Matrix): number {
  const n = columnCount(a, 'frobeniusF64');
  let s = 0;
  for (const row of a) {
    s += dot2(
      n,
      (j) => row[j]!,
      (j) => row[j]!,
    );
  }
  return Math.sqrt(s);
}

/** The ∞-norm in float64: max |x_i| of a vector, or the maximum absolute row sum of a matrix. */
export function normInfF64(x: Float64Vector | Float64Matrix): number {
  let m = 0;
  for (const entry of x) {
    if (typeof entry === 'number') m = Math.max(m, Math.abs(entry));
    else {
      let s = 0;
      for (const v of entry) s += Math.abs(v);
      m = Math.max(m, s);
    }
  }
  return m;
}
