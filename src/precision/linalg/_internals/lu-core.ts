import type { Field } from './field.js';

/** LU with scaled partial pivoting, in place on `a`: P·A = L·U with L unit lower triangular (stored below the
 * diagonal) and U upper triangular (on and above it); `perm[k]` is the original row now at row k. */
export type LuCore<T> =
  | { readonly kind: 'factored'; readonly lu: T[][]; readonly perm: number[]; readonly sign: 1 | -1 }
  | { readonly kind: 'singular'; readonly pivotIndex: number; readonly pivotRatio: T; readonly scale: T };

/**
 * Doolittle elimination with scaled partial pivoting: the pivot of column k is the row i ≥ k maximising
 * |a_ik| / s_i, where s_i is the largest |entry| of original row i. This is partial pivoting on the row-equilibrated
 * matrix, so it behaves the same on matrices whose rows differ by many orders of magnitude (Hessians of
 * parameters with very different scales), and it makes the singularity test scale-invariant: the matrix is
 * called singular at step k when |u_kk| ≤ tol · s_{perm[k]}. With tol = 0 only an exactly zero column is singular.
 */
export function luCore<T>(F: Field<T>, a: T[][], tol: T): LuCore<T> {
  const n = a.length;
  const perm = Array.from({ length: n }, (_, i) => i);
  const scale: T[] = a.map((row) => row.reduce((m, x) => (F.lt(m, F.abs(x)) ? F.abs(x) : m), F.zero));
  let sign: 1 | -1 = 1;
  for (let k = 0; k < n; k++) {
    // Pivot search by cross-multiplication (|a_ik|·s_best > |a_best,k|·s_i) to avoid n² divisions.
    let best = -1;
    for (let i = k; i < n; i++) {
      const si = scale[perm[i]!]!;
      if (F.isZero(si)) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      const lhs = F.mul(F.abs(a[i]![k]!), scale[perm[best]!]!);
      const rhs = F.mul(F.abs(a[best]![k]!), si);
      if (F.lt(rhs, lhs)) best = i;
    }
    if (best < 0) {
      // Every remaining row was zero in the original matrix.
      return { kind: 'singular', pivotIndex: k, pivotRatio: F.zero, scale: F.zero };
    }
    if (best !== k) {
      [a[k], a[best]] = [a[best]!, a[k]!];
      [perm[k], perm[best]] = [perm[best]!, perm[k]!];
      sign = sign === 1 ? -1 : 1;
    }
    const rowK = a[k]!;
    const pivot = rowK[k]!;
    const s = scale[perm[k]!]!;
    if (!F.lt(F.mul(tol, s), F.abs(pivot)) || F.isZero(pivot)) {
      return { kind: 'singular', pivotIndex: k, pivotRatio: F.div(F.abs(pivot), s), scale: s };
    }
    for (let i = k + 1; i < n; i++) {
      const rowI = a[i]!;
      const aik = rowI[k]!;
      if (F.isZero(aik)) continue;
      const m = F.div(aik, pivot);
      rowI[k] = m;
      for (let j = k + 1; j < n; j++) rowI[j] = F.sub(rowI[j]!, F.mul(m, rowK[j]!));
    }
  }
  return { kind: 'factored', lu: a, perm, sign };
}

/** Solves L·U·x = P·b with the output of {@link luCore}. */
export function luSolveCore<T>(
  F: Field<T>,
  lu: readonly (readonly T[])[],
  perm: readonly number[],
  b: readonly T[],
): T[] {
  const n = lu.length;
  const y: T[] = perm.map((i) => b[i]!);
  for (let i = 0; i < n; i++) {
    const row = lu[i]!;
    let s: T = y[i]!;
    for (let j = 0; j < i; j++) s = F.sub(s, F.mul(row[j]!, y[j]!));
    y[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    const row = lu[i]!;
    let s: T = y[i]!;
    for (let j = i + 1; j < n; j++) s = F.sub(s, F.mul(row[j]!, y[j]!));
    y[i] = F.div(s, row[i]!);
  }
  return y;
}

/** det(A) = sign · Π u_kk from a factored LU. */
export function luDeterminantCore<T>(F: Field<T>, lu: readonly (readonly T[])[], sign: 1 | -1): T {
  let d = sign === 1 ? F.one : F.neg(F.one);
  for (let k = 0; k < lu.length; k++) d = F.mul(d, lu[k]![k]!);
  return d;
}
