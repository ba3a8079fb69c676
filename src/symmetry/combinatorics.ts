/**
 * Exact integer combinatorics (BigInt) for the subspace counts: factorials, binomial coefficients and Stirling
 * numbers of the second kind. Arguments are small non-negative integers; the values are exact at any size.
 */

function checkIndex(fn: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 10_000) {
    throw new RangeError(`${fn}: ${name} must be an integer in 0…10000, got ${String(v)}`);
  }
}

/** n! exactly. */
export function factorial(n: number): bigint {
  checkIndex('factorial', 'n', n);
  let f = 1n;
  for (let i = 2; i <= n; i++) f *= BigInt(i);
  return f;
}

/** C(n, k) exactly (0 when k > n). */
export function binomial(n: number, k: number): bigint {
  checkIndex('binomial', 'n', n);
  checkIndex('binomial', 'k', k);
  if (k > n) return 0n;
  const j = Math.min(k, n - k);
  let c = 1n;
  // c stays an integer after each step: it is C(n − j + i, i) after i steps.
  for (let i = 1; i <= j; i++) c = (c * BigInt(n - j + i)) / BigInt(i);
  return c;
}

const stirlingRows: bigint[][] = [[1n]];

/**
 * S(n, k), the Stirling number of the second kind: the number of partitions of n labelled elements into k
 * non-empty unlabelled blocks. From the recurrence S(n, k) = k·S(n−1, k) + S(n−1, k−1) (element n either joins one
 * of the k blocks of a partition of the others or forms a block of its own), S(0, 0) = 1; 0 when k > n.
 */
export function stirling2(n: number, k: number): bigint {
  checkIndex('stirling2', 'n', n);
  checkIndex('stirling2', 'k', k);
  if (k > n) return 0n;
  for (let i = stirlingRows.length; i <= n; i++) {
    const prev = stirlingRows[i - 1] as bigint[];
    const row: bigint[] = [0n];
    for (let j = 1; j <= i; j++) row.push(BigInt(j) * (prev[j] ?? 0n) + (prev[j - 1] ?? 0n));
    stirlingRows.push(row);
  }
  return (stirlingRows[n] as bigint[])[k] ?? 0n;
}
