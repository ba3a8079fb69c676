import type { LossAndGradient64 } from './gradient-descent64.js';
import { gaussianSource } from './_internals/gaussian.js';

/**
 * k orthonormal vectors of R^D spanning a uniformly random k-dimensional subspace: seeded Gaussian vectors
 * orthonormalised by modified Gram–Schmidt, applied twice ("twice is enough": the columns are orthonormal to
 * about D·2⁻⁵² whatever the conditioning of the draw). Returned as columns P[j] ∈ R^D.
 */
export function randomOrthonormalBasis(D: number, k: number, seed: number): Float64Array[] {
  if (!Number.isInteger(D) || !Number.isInteger(k) || k < 1 || k > D)
    throw new RangeError(`randomOrthonormalBasis: need integers 1 ≤ k ≤ D, got D = ${D}, k = ${k}`);
  const normal = gaussianSource(seed);
  const basis: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const v = Float64Array.from({ length: D }, normal);
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let s = 0;
        for (let i = 0; i < D; i++) s += (q[i] as number) * (v[i] as number);
        for (let i = 0; i < D; i++) v[i] = (v[i] as number) - s * (q[i] as number);
      }
      let n = 0;
      for (let i = 0; i < D; i++) n += (v[i] as number) ** 2;
      n = Math.sqrt(n);
      for (let i = 0; i < D; i++) v[i] = (v[i] as number) / n;
    }
    basis.push(v);
  }
  return basis;
}

/** θ = θ₀ + P u for the columns P of `basis`. */
export function subspacePoint(
  theta0: Float64Array,
  basis: readonly Float64Array[],
  u: Float64Array,
): Float64Array {
  if (u.length !== basis.length)
    throw new RangeError(`subspacePoint: ${basis.length} basis vectors but ${u.length} coordinates`);
  const theta = theta0.slice();
  basis.forEach((q, j) => {
    const uj = u[j] as number;
    for (let i = 0; i < theta.length; i++) theta[i] = (theta[i] as number) + uj * (q[i] as number);
  });
  return theta;
}

/**
 * The loss restricted to the affine subspace θ = θ₀ + P u, as a function of u: L(θ₀ + P u) and its gradient
 * Pᵀ ∇L(θ₀ + P u) (the chain rule; `basis` holds the columns of P).
 */
export function subspaceObjective64(
  f: LossAndGradient64,
  theta0: Float64Array,
  basis: readonly Float64Array[],
): LossAndGradient64 {
  return (u) => {
    const { loss, gradient } = f(subspacePoint(theta0, basis, u));
    const g = new Float64Array(basis.length);
    basis.forEach((q, j) => {
      let s = 0;
      for (let i = 0; i < q.length; i++) s += (q[i] as number) * (gradient[i] as number);
      g[j] = s;
    });
    return { loss, gradient: g };
  };
}

/** Pᵀ H P (k × k, rows) for a symmetric row-major D × D Hessian H and the columns P of `basis`. */
export function restrictedHessian64(hessian: Float64Array, basis: readonly Float64Array[]): Float64Array[] {
  const k = basis.length;
  const D = basis[0]?.length ?? 0;
  if (hessian.length !== D * D)
    throw new RangeError(`restrictedHessian64: Hessian of ${hessian.length} entries for dimension ${D}`);
  const HP = basis.map((q) => {
    const out = new Float64Array(D);
    for (let i = 0; i < D; i++) {
      let s = 0;
      for (let l = 0; l < D; l++) s += (hessian[i * D + l] as number) * (q[l] as number);
      out[i] = s;
    }
    return out;
  });
  const R = Array.from({ length: k }, () => new Float64Array(k));
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      const qa = basis[a] as Float64Array;
      const hb = HP[b] as Float64Array;
      let s = 0;
      for (let i = 0; i < D; i++) s += (qa[i] as number) * (hb[i] as number);
      (R[a] as Float64Array)[b] = s;
      (R[b] as Float64Array)[a] = s;
    }
  return R;
}
