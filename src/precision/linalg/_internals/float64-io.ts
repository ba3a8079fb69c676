import type { Float64Matrix } from '../types.js';

/** A mutable full symmetric copy of `a` built from its lower triangle (the symmetric routines read only that). */
export function symmetricF64(a: Float64Matrix): number[][] {
  return a.map((_, i) => a.map((_, j) => (i >= j ? a[i]![j]! : a[j]![i]!)));
}

/** max_i Σ_j |a_ij| of a full matrix. */
export function rowSumNormF64(a: readonly (readonly number[])[]): number {
  let m = 0;
  for (const row of a) {
    let s = 0;
    for (const v of row) s += Math.abs(v);
    if (s > m) m = s;
  }
  return m;
}
