import type { Field } from './field.js';

/** A diagonal block of D in P·A·Pᵀ = L·D·Lᵀ: a 1×1 pivot or a symmetric 2×2 pivot starting at `index`. */
export type LdltBlockOf<T> =
  | { readonly size: 1; readonly index: number; readonly d: T }
  | { readonly size: 2; readonly index: number; readonly d11: T; readonly d21: T; readonly d22: T };

export interface LdltCore<T> {
  /** Unit lower triangular (2×2 blocks have L[k+1][k] = 0). */
  readonly l: T[][];
  readonly blocks: LdltBlockOf<T>[];
  /** `perm[k]` is the original index now at position k: (P·A·Pᵀ)[i][j] = A[perm[i]][perm[j]]. */
  readonly perm: number[];
}

function swapSymmetric<T>(s: T[][], l: T[][], perm: number[], i: number, j: number): void {
  if (i === j) return;
  [s[i], s[j]] = [s[j]!, s[i]!];
  for (const row of s) [row[i], row[j]] = [row[j]!, row[i]!];
  [l[i], l[j]] = [l[j]!, l[i]!];
  [perm[i], perm[j]] = [perm[j]!, perm[i]!];
}

/** The largest off-diagonal |s_ij| over active rows i ≥ k, i ≠ j, in column j, and its row (−1 if none). */
function columnMax<T>(
  F: Field<T>,
  s: readonly (readonly T[])[],
  k: number,
  j: number,
): { value: T; row: number } {
  let value = F.zero;
  let row = -1;
  for (let i = k; i < s.length; i++) {
    if (i === j) continue;
    const v = F.abs(s[i]![j]!);
    if (row < 0 || F.lt(value, v)) {
      value = v;
      row = i;
    }
  }
  return { value, row };
}

/**
 * Symmetric indefinite factorisation with rook ("bounded Bunch–Kaufman", Ashcraft–Grimes–Lewis) pivoting: 1×1
 * and 2×2 pivots with α = (1 + √17)/8. Classic Bunch–Kaufman bounds the growth of the Schur complements but not
 * the entries of L; when the active block is rounding noise (a rank-deficient matrix after its rank has been
 * eliminated) it can pick a 2×2 pivot whose off-diagonal is noise, and the huge multipliers then turn noise
 * into O(1) pivots, so a zero eigenvalue would be counted as nonzero. Rook pivoting searches until the pivot is
 * the largest entry of its row and column, which bounds |l_ij| by max(1/α, 1/(1 − α)) ≈ 2.8, so a pivot is small
 * exactly when the matrix is nearly singular in that direction. `s` is a full symmetric working copy and is
 * overwritten. Sylvester's law of inertia: A and D have the same numbers of negative, zero and positive
 * eigenvalues, so the signs of the pivots give the inertia without computing eigenvalues.
 */
export function ldltCore<T>(F: Field<T>, s: T[][]): LdltCore<T> {
  const n = s.length;
  const alpha = F.div(F.add(F.one, F.sqrt(F.of(17))), F.of(8));
  const l: T[][] = Array.from({ length: n }, () => Array.from({ length: n }, () => F.zero));
  const perm = Array.from({ length: n }, (_, i) => i);
  const blocks: LdltBlockOf<T>[] = [];
  let k = 0;
  while (k < n) {
    let size: 1 | 2 = 1;
    let first = columnMax(F, s, k, k);
    if (first.row < 0 || (F.isZero(first.value) && F.isZero(s[k]![k]!))) {
      // A zero column (or the last row): a 1×1 pivot, nothing to eliminate.
      l[k]![k] = F.one;
      blocks.push({ size: 1, index: k, d: s[k]![k]! });
      k += 1;
      continue;
    }
    if (F.lt(F.abs(s[k]![k]!), F.mul(alpha, first.value))) {
      // Rook search: i is the current column, r the row of its largest off-diagonal entry ω_i.
      let i = k;
      let r = first.row;
      for (;;) {
        const second = columnMax(F, s, k, r);
        if (!F.lt(F.abs(s[r]![r]!), F.mul(alpha, second.value))) {
          swapSymmetric(s, l, perm, k, r);
          break;
        }
        if (!F.lt(first.value, second.value)) {
          // ω_r = ω_i: s_ir is the largest entry of both columns, a 2×2 pivot on (i, r).
          swapSymmetric(s, l, perm, k, i);
          swapSymmetric(s, l, perm, k + 1, r === k ? i : r);
          size = 2;
          break;
        }
        i = r;
        r = second.row;
        first = second;
      }
    }
    if (size === 1) {
      const d = s[k]![k]!;
      l[k]![k] = F.one;
      blocks.push({ size: 1, index: k, d });
      const mult: T[] = [];
      for (let i = k + 1; i < n; i++) {
        const m = F.div(s[i]![k]!, d);
        mult[i] = m;
        l[i]![k] = m;
      }
      for (let i = k + 1; i < n; i++) {
        const si = s[i]!;
        const mi = mult[i]!;
        if (F.isZero(mi)) continue;
        for (let j = k + 1; j <= i; j++) {
          const v = F.sub(si[j]!, F.mul(mi, s[j]![k]!));
          si[j] = v;
          s[j]![i] = v;
        }
      }
      k += 1;
    } else {
      const e11 = s[k]![k]!;
      const e21 = s[k + 1]![k]!;
      const e22 = s[k + 1]![k + 1]!;
      // Bunch–Kaufman guarantees det < 0 with |det| ≥ (1 − α²)·λ², so this division is safe.
      const det = F.sub(F.mul(e11, e22), F.mul(e21, e21));
      l[k]![k] = F.one;
      l[k + 1]![k + 1] = F.one;
      blocks.push({ size: 2, index: k, d11: e11, d21: e21, d22: e22 });
      const m1: T[] = [];
      const m2: T[] = [];
      for (let i = k + 2; i < n; i++) {
        const u = s[i]![k]!;
        const v = s[i]![k + 1]!;
        const a = F.div(F.sub(F.mul(u, e22), F.mul(v, e21)), det);
        const b = F.div(F.sub(F.mul(v, e11), F.mul(u, e21)), det);
        m1[i] = a;
        m2[i] = b;
        l[i]![k] = a;
        l[i]![k + 1] = b;
      }
      for (let i = k + 2; i < n; i++) {
        const si = s[i]!;
        const a = m1[i]!;
        const b = m2[i]!;
        for (let j = k + 2; j <= i; j++) {
          const sj = s[j]!;
          const v = F.sub(si[j]!, F.add(F.mul(a, sj[k]!), F.mul(b, sj[k + 1]!)));
          si[j] = v;
          sj[i] = v;
        }
      }
      k += 2;
    }
  }
  return { l, blocks, perm };
}

/** The two eigenvalues of a symmetric 2×2 block, computed without cancellation. */
export function blockEigenvalues<T>(F: Field<T>, a: T, b: T, c: T): readonly [T, T] {
  const two = F.of(2);
  const m = F.div(F.add(a, c), two);
  const h = F.div(F.sub(a, c), two);
  const r = F.sqrt(F.add(F.mul(h, h), F.mul(b, b)));
  if (F.isZero(m)) return [F.neg(r), r];
  const big = F.sign(m) > 0 ? F.add(m, r) : F.sub(m, r);
  if (F.isZero(big)) return [F.zero, F.zero];
  const det = F.sub(F.mul(a, c), F.mul(b, b));
  return [big, F.div(det, big)];
}

/** Counts of negative, zero and positive values among the eigenvalues of the blocks, zero meaning |μ| ≤ thr. */
export function blockInertia<T>(
  F: Field<T>,
  blocks: readonly LdltBlockOf<T>[],
  thr: T,
): { negative: number; zero: number; positive: number } {
  let negative = 0;
  let zero = 0;
  let positive = 0;
  const classify = (mu: T): void => {
    if (!F.lt(thr, F.abs(mu))) zero += 1;
    else if (F.sign(mu) < 0) negative += 1;
    else positive += 1;
  };
  for (const blk of blocks) {
    if (blk.size === 1) classify(blk.d);
    else {
      const [x, y] = blockEigenvalues(F, blk.d11, blk.d21, blk.d22);
      classify(x);
      classify(y);
    }
  }
  return { negative, zero, positive };
}
