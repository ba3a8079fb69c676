import type { Field } from './field.js';

/** Lower-triangular Cholesky factor, or the first step whose pivot is not safely positive. */
export type CholeskyCore<T> =
  | { readonly kind: 'factored'; readonly l: T[][] }
  | { readonly kind: 'notPositiveDefinite'; readonly index: number; readonly pivot: T; readonly scale: T };

/**
 * A = L·Lᵀ from the lower triangle of `a` (row-oriented, left-looking). Step j fails when the pivot
 * d_j = a_jj − Σ_k l_jk² satisfies d_j ≤ tol · a_jj (or a_jj ≤ 0). Measuring d_j against the original diagonal
 * entry makes the test invariant under symmetric diagonal scaling D·A·D, which Cholesky itself is: a graded but
 * well-conditioned matrix such as diag(10³⁰, 1) is accepted at any precision.
 */
export function choleskyCore<T>(F: Field<T>, a: readonly (readonly T[])[], tol: T): CholeskyCore<T> {
  const n = a.length;
  const l: T[][] = Array.from({ length: n }, () => Array.from({ length: n }, () => F.zero));
  for (let j = 0; j < n; j++) {
    const lj = l[j]!;
    const ajj = a[j]![j]!;
    let d: T = ajj;
    for (let k = 0; k < j; k++) d = F.sub(d, F.mul(lj[k]!, lj[k]!));
    if (F.sign(ajj) <= 0 || F.sign(d) <= 0 || !F.lt(F.mul(tol, ajj), d)) {
      return { kind: 'notPositiveDefinite', index: j, pivot: d, scale: ajj };
    }
    const ljj = F.sqrt(d);
    lj[j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const li = l[i]!;
      let s: T = a[i]![j]!;
      for (let k = 0; k < j; k++) s = F.sub(s, F.mul(li[k]!, lj[k]!));
      li[j] = F.div(s, ljj);
    }
  }
  return { kind: 'factored', l };
}

/** Solves L·Lᵀ·x = b. */
export function choleskySolveCore<T>(F: Field<T>, l: readonly (readonly T[])[], b: readonly T[]): T[] {
  const n = l.length;
  const y: T[] = [...b];
  for (let i = 0; i < n; i++) {
    const li = l[i]!;
    let s: T = y[i]!;
    for (let k = 0; k < i; k++) s = F.sub(s, F.mul(li[k]!, y[k]!));
    y[i] = F.div(s, li[i]!);
  }
  for (let i = n - 1; i >= 0; i--) {
    let s: T = y[i]!;
    for (let k = i + 1; k < n; k++) s = F.sub(s, F.mul(l[k]![i]!, y[k]!));
    y[i] = F.div(s, l[i]![i]!);
  }
  return y;
}
