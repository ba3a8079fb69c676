/** Shape checks: a wrong shape is a programming error, so these throw RangeError (not InputError). */

/** The order n of a square matrix; throws when `a` is empty, ragged or not square. */
export function squareOrder(a: readonly ArrayLike<unknown>[], what: string): number {
  const n = a.length;
  if (n === 0) throw new RangeError(`${what}: the matrix is empty`);
  for (let i = 0; i < n; i++) {
    const row = a[i];
    if (row === undefined || row.length !== n) {
      throw new RangeError(
        `${what}: expected a square ${n}×${n} matrix, row ${i} has ${row?.length ?? 0} entries`,
      );
    }
  }
  return n;
}

/** The column count of a rectangular matrix; throws when `a` is empty or ragged. */
export function columnCount(a: readonly ArrayLike<unknown>[], what: string): number {
  const first = a[0];
  if (first === undefined) throw new RangeError(`${what}: the matrix is empty`);
  const m = first.length;
  for (let i = 1; i < a.length; i++) {
    if (a[i]?.length !== m)
      throw new RangeError(`${what}: row ${i} has ${a[i]?.length ?? 0} entries, row 0 has ${m}`);
  }
  return m;
}

/** Throws unless `length` equals `expected`. */
export function expectLength(length: number, expected: number, what: string): void {
  if (length !== expected) throw new RangeError(`${what}: expected length ${expected}, got ${length}`);
}

/** Row i, column j of a matrix whose shape has been checked. */
export function at<T>(a: readonly ArrayLike<T>[], i: number, j: number): T {
  return (a[i] as ArrayLike<T>)[j] as T;
}
