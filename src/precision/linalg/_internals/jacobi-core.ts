import type { Field } from './field.js';

export interface JacobiCore<T> {
  /** The diagonal after the rotations (unsorted). */
  readonly values: T[];
  /** Accumulated rotations: column k is the eigenvector of values[k]; null when not requested. */
  readonly vectors: T[][] | null;
  readonly sweeps: number;
  readonly rotations: number;
  readonly converged: boolean;
  /** sqrt(Σ_{i≠j} a_ij²) of the final matrix. */
  readonly offNorm: T;
}

/**
 * Cyclic (row-by-row) Jacobi on a full symmetric working copy `a` (overwritten). Each rotation zeroes a_pq with
 * Rutishauser's update formulas (t = tan φ as the smaller root, τ = s/(1 + c)), which keep the rounding error of
 * each update proportional to the size of the change. A pair is skipped when a_pq² ≤ ε²·|a_pp·a_qq| (the
 * relative criterion of Demmel–Veselić, which keeps small eigenvalues of graded matrices accurate) or when
 * |a_pq| ≤ ε·‖A‖_F / n (an absolute floor: zeroing such entries perturbs A by at most ε·‖A‖_F). The iteration has
 * converged when a whole sweep skips every pair; convergence is quadratic once the off-diagonal part is small.
 * `initialVectors` (overwritten) starts the accumulation from a given V instead of I, so that the result is
 * V·J₁·J₂·… when `a` is VᵀAV (see the staged driver).
 */
export function jacobiCore<T>(
  F: Field<T>,
  a: T[][],
  wantVectors: boolean,
  maxSweeps: number,
  initialVectors?: T[][],
): JacobiCore<T> {
  const n = a.length;
  const eps = F.epsilon;
  const eps2 = F.mul(eps, eps);
  let frob2 = F.zero;
  for (const row of a) for (const x of row) frob2 = F.add(frob2, F.mul(x, x));
  const floor2 = F.div(F.mul(eps2, frob2), F.of(n * n));
  // Beyond this |θ| the formula t = 1/(2θ) is exact to rounding and θ² might overflow in float64.
  const bigTheta = F.div(F.one, F.sqrt(eps));
  const v: T[][] | null = !wantVectors
    ? null
    : initialVectors !== undefined
      ? initialVectors
      : Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? F.one : F.zero)));
  let sweeps = 0;
  let rotations = 0;
  let converged = false;
  while (sweeps < maxSweeps) {
    sweeps += 1;
    let rotated = 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const ap = a[p]!;
        const aq = a[q]!;
        const apq = ap[q]!;
        if (F.isZero(apq)) continue;
        const app = ap[p]!;
        const aqq = aq[q]!;
        const apq2 = F.mul(apq, apq);
        if (!F.lt(F.mul(eps2, F.abs(F.mul(app, aqq))), apq2) || !F.lt(floor2, apq2)) {
          ap[q] = F.zero;
          aq[p] = F.zero;
          continue;
        }
        rotated += 1;
        const theta = F.div(F.sub(aqq, app), F.add(apq, apq));
        const absTheta = F.abs(theta);
        let t: T;
        if (F.lt(bigTheta, absTheta)) t = F.div(F.one, F.add(theta, theta));
        else {
          t = F.div(F.one, F.add(absTheta, F.sqrt(F.add(F.mul(theta, theta), F.one))));
          if (F.sign(theta) < 0) t = F.neg(t);
        }
        const c = F.div(F.one, F.sqrt(F.add(F.mul(t, t), F.one)));
        const s = F.mul(t, c);
        const tau = F.div(s, F.add(F.one, c));
        const tapq = F.mul(t, apq);
        ap[p] = F.sub(app, tapq);
        aq[q] = F.add(aqq, tapq);
        ap[q] = F.zero;
        aq[p] = F.zero;
        for (let r = 0; r < n; r++) {
          if (r === p || r === q) continue;
          const ar = a[r]!;
          const arp = ar[p]!;
          const arq = ar[q]!;
          const np = F.sub(arp, F.mul(s, F.add(arq, F.mul(tau, arp))));
          const nq = F.add(arq, F.mul(s, F.sub(arp, F.mul(tau, arq))));
          ar[p] = np;
          ap[r] = np;
          ar[q] = nq;
          aq[r] = nq;
        }
        if (v !== null) {
          for (let r = 0; r < n; r++) {
            const vr = v[r]!;
            const vrp = vr[p]!;
            const vrq = vr[q]!;
            vr[p] = F.sub(vrp, F.mul(s, F.add(vrq, F.mul(tau, vrp))));
            vr[q] = F.add(vrq, F.mul(s, F.sub(vrp, F.mul(tau, vrq))));
          }
        }
      }
    }
    rotations += rotated;
    if (rotated === 0) {
      converged = true;
      break;
    }
  }
  let off2 = F.zero;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (i !== j) off2 = F.add(off2, F.mul(a[i]![j]!, a[i]![j]!));
  }
  return {
    values: a.map((row, i) => row[i]!),
    vectors: v,
    sweeps,
    rotations,
    converged,
    offNorm: F.sqrt(off2),
  };
}

/**
 * Sorts eigenpairs by ascending eigenvalue and fixes each eigenvector's sign so that its largest-magnitude
 * component (the first, on ties) is positive: a deterministic convention, so results at different precisions or
 * in float64 can be compared entry by entry (for simple eigenvalues).
 */
export function sortEigenpairs<T>(
  F: Field<T>,
  values: readonly T[],
  vectors: readonly (readonly T[])[] | null,
): { values: T[]; vectors: T[][] | null } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => {
    const vi = values[i]!;
    const vj = values[j]!;
    return F.lt(vi, vj) ? -1 : F.lt(vj, vi) ? 1 : i - j;
  });
  const sortedValues = order.map((i) => values[i]!);
  if (vectors === null) return { values: sortedValues, vectors: null };
  const out: T[][] = Array.from({ length: n }, () => new Array<T>(n));
  order.forEach((src, k) => {
    let big = 0;
    for (let r = 1; r < n; r++) if (F.lt(F.abs(vectors[big]![src]!), F.abs(vectors[r]![src]!))) big = r;
    const flip = F.sign(vectors[big]![src]!) < 0;
    for (let r = 0; r < n; r++) {
      const x = vectors[r]![src]!;
      out[r]![k] = flip ? F.neg(x) : x;
    }
  });
  return { values: sortedValues, vectors: out };
}
