import { columnCount } from './_internals/shape.js';

/**
 * Aᵀ of an m×n matrix (Decimal or number entries; no arithmetic, so no precision is involved).
 * Example: `transpose([[1, 2, 3]])` is `[[1], [2], [3]]`.
 */
export function transpose<T>(a: readonly ArrayLike<T>[]): T[][] {
  const n = columnCount(a, 'transpose');
  const out: T[][] = [];
  for (let j = 0; j < n; j++) out.push(a.map((row) => row[j] as T));
  return out;
}
