/**
 * Float64 zeros and Christoffel weights of the probabilists' Hermite polynomial He_n (weight N(0, 1)).
 *
 * Zeros: the eigenvalues of the Jacobi matrix of N(0, 1) (zero diagonal, off-diagonal √1, …, √(n−1)) found one at
 * a time by bisection on a Sturm count (the number of negative pivots of J − xI, i.e. its inertia), then polished
 * by one Newton step on the orthonormal recurrence. Bisection cannot miss or duplicate a zero, which Newton from
 * asymptotic guesses can for large n; at O(53·n) per zero it is also cheap enough for n in the thousands.
 *
 * Orthonormal polynomials p_k = He_k/√(k!) are used so that Newton steps and weights w = 1/(n·p_{n−1}(x)²) need
 * no factorials; p_k grows like e^{x²/4}, so values are rescaled by 2^−600 whenever they exceed 2^600 and the
 * scale is carried separately (weights of far zeros then underflow to 0 correctly instead of overflowing).
 */

/** Number of eigenvalues of the Hermite Jacobi matrix of order n that are < x. */
function sturmCount(n: number, x: number): number {
  let count = 0;
  let d = -x;
  if (d < 0) count++;
  for (let k = 1; k < n; k++) {
    if (d === 0) d = -1e-300;
    d = -x - k / d;
    if (d < 0) count++;
  }
  return count;
}

/** p_{n}(x) and p_{n−1}(x) (orthonormal, possibly rescaled by the same factor) and log2 of that factor. */
export function orthonormalPair(n: number, x: number): { pn: number; pn1: number; log2Scale: number } {
  let prev = 0;
  let cur = 1;
  let log2Scale = 0;
  for (let k = 0; k < n; k++) {
    const next = (x * cur - Math.sqrt(k) * prev) / Math.sqrt(k + 1);
    prev = cur;
    cur = next;
    if (Math.abs(cur) > 2 ** 600) {
      cur *= 2 ** -600;
      prev *= 2 ** -600;
      log2Scale += 600;
    }
  }
  return { pn: cur, pn1: prev, log2Scale };
}

/** Zeros of He_n in ascending order, to float64 accuracy. */
export function hermiteZerosF64(n: number): number[] {
  const zeros = new Array<number>(n).fill(0);
  const r = 2 * Math.sqrt(n) + 1; // Gershgorin: |λ| ≤ √(n−1) + √(n−2) < 2√n
  for (let i = Math.floor(n / 2); i < n; i++) {
    if (n % 2 === 1 && i === (n - 1) / 2) continue; // the middle zero of an odd degree is exactly 0
    // The i-th smallest eigenvalue: count(lo) ≤ i < count(hi).
    let lo = 0;
    let hi = r;
    for (let it = 0; it < 200 && hi - lo > 4 * Number.EPSILON * hi; it++) {
      const mid = 0.5 * (lo + hi);
      if (sturmCount(n, mid) <= i) lo = mid;
      else hi = mid;
    }
    let x = 0.5 * (lo + hi);
    const { pn, pn1 } = orthonormalPair(n, x);
    if (pn1 !== 0) {
      const step = pn / (Math.sqrt(n) * pn1);
      if (Math.abs(step) < hi - lo + 1e-300) x -= step;
    }
    zeros[i] = x;
    zeros[n - 1 - i] = -x;
  }
  return zeros;
}
