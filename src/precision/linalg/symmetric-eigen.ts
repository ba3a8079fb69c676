import type { Decimal } from 'decimal.js';
import { roundTo, withGuard, type Precision } from '../context.js';
import { decimalField, float64Field } from './_internals/field.js';
import {
  checkGuard,
  DEFAULT_GUARD_DIGITS,
  liftSymmetric,
  roundMatrix,
  roundVector,
} from './_internals/decimal-io.js';
import { symmetricF64 } from './_internals/float64-io.js';
import { jacobiCore, sortEigenpairs } from './_internals/jacobi-core.js';
import { squareOrder } from './_internals/shape.js';
import { stagedJacobi } from './_internals/staged-jacobi.js';
import type { DecimalMatrix, Float64Matrix } from './types.js';

/** Options of {@link symmetricEigen} and {@link symmetricEigenvalues}. */
export interface SymmetricEigenOptions {
  /** Digits added to `p.digits` for the rotations; results are rounded to `p`. Default 10. */
  readonly guardDigits?: number;
  /**
   * Most sweeps before giving up with `notConverged`. Default 60: cyclic Jacobi converges quadratically, so about
   * 6–8 sweeps reach float64 accuracy and each further sweep doubles the correct digits (≈ 12 sweeps at 300
   * digits); 60 is far beyond what any input needs and only stops a pathological loop.
   */
  readonly maxSweeps?: number;
}

/** Options of the float64 twins. */
export interface SymmetricEigenOptionsF64 {
  /** As in {@link SymmetricEigenOptions}. Default 60. */
  readonly maxSweeps?: number;
}

/** Diagnostics of a Jacobi run. */
export interface JacobiStats<T = Decimal> {
  readonly sweeps: number;
  readonly rotations: number;
  /** sqrt(Σ_{i≠j} b_ij²) of the rotated matrix B = VᵀAV when the iteration stopped (at working precision). */
  readonly offDiagonal: T;
}

/** Outcome of {@link symmetricEigen}. */
export type SymmetricEigenOutcome<T = Decimal> =
  | (JacobiStats<T> & {
      readonly kind: 'converged';
      /** Eigenvalues in ascending order. */
      readonly values: readonly T[];
      /**
       * Orthonormal eigenvectors as COLUMNS: `vectors[i][k]` is component i of the eigenvector of `values[k]`,
       * so A·V = V·Λ. Each column's largest-magnitude component is positive (first one on ties).
       */
      readonly vectors: readonly (readonly T[])[];
    })
  | (JacobiStats<T> & { readonly kind: 'notConverged' });

/** Outcome of {@link symmetricEigenvalues}. */
export type SymmetricEigenvaluesOutcome<T = Decimal> =
  | (JacobiStats<T> & { readonly kind: 'converged'; readonly values: readonly T[] })
  | (JacobiStats<T> & { readonly kind: 'notConverged' });

function checkSweeps(maxSweeps: number, what: string): void {
  if (!Number.isInteger(maxSweeps) || maxSweeps < 1) {
    throw new RangeError(`${what}: maxSweeps must be a positive integer, got ${String(maxSweeps)}`);
  }
}

function runDecimal(
  a: DecimalMatrix,
  p: Precision,
  options: SymmetricEigenOptions,
  wantVectors: boolean,
  what: string,
) {
  const { guardDigits = DEFAULT_GUARD_DIGITS, maxSweeps = 60 } = options;
  checkGuard(guardDigits, what);
  checkSweeps(maxSweeps, what);
  squareOrder(a, what);
  const g = withGuard(p, guardDigits);
  const F = decimalField(g);
  const out = stagedJacobi(g, liftSymmetric(g, a), wantVectors, maxSweeps);
  const stats: JacobiStats = {
    sweeps: out.sweeps,
    rotations: out.rotations,
    offDiagonal: roundTo(p, out.offNorm),
  };
  return { F, out, stats };
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix by cyclic Jacobi with
 * guard digits, rounded to `p`; only the lower triangle of `a` is read.
 *
 * Accuracy: Jacobi is backward stable, so each eigenvalue has an absolute error of about
 * n·10^−(digits+guard)·‖A‖_F before the final rounding (with guard 10 and n ≤ 100: all `p.digits` digits of the
 * eigenvalues of size ≈ ‖A‖; an eigenvalue 10^k times smaller than ‖A‖ loses about k − 8 digits: the accuracy
 * is absolute, not relative, also for graded matrices). Eigenvectors of close eigenvalues are only determined up
 * to rotations within their cluster.
 *
 * Method: the sweeps that take the matrix from dense to diagonal at float64 accuracy run in float64; then each
 * stage (precision roughly doubling up to digits + guard) re-orthonormalises the accumulated rotations Q
 * (Gram–Schmidt), forms QᵀAQ from the original A and needs about one rotating sweep (Jacobi converges
 * quadratically). Cost per stage ≈ 7n³ multiplications at that stage's precision: about 0.6–1 s for 20×20 and
 * 6–10 s for 50×50 at 50 digits (decimal.js arithmetic dominates).
 * See also {@link symmetricEigenvalues} (no vectors in the last stage), `inertia` (signs only, ≈ 100× cheaper).
 */
export function symmetricEigen(
  a: DecimalMatrix,
  p: Precision,
  options: SymmetricEigenOptions = {},
): SymmetricEigenOutcome {
  const { F, out, stats } = runDecimal(a, p, options, true, 'symmetricEigen');
  if (!out.converged) return { kind: 'notConverged', ...stats };
  const sorted = sortEigenpairs(F, out.values, out.vectors);
  return {
    kind: 'converged',
    values: roundVector(p, sorted.values),
    vectors: roundMatrix(p, sorted.vectors ?? []),
    ...stats,
  };
}

/** Eigenvalues only (ascending) of a symmetric matrix by cyclic Jacobi; see {@link symmetricEigen}. */
export function symmetricEigenvalues(
  a: DecimalMatrix,
  p: Precision,
  options: SymmetricEigenOptions = {},
): SymmetricEigenvaluesOutcome {
  const { F, out, stats } = runDecimal(a, p, options, false, 'symmetricEigenvalues');
  if (!out.converged) return { kind: 'notConverged', ...stats };
  return { kind: 'converged', values: roundVector(p, sortEigenpairs(F, out.values, null).values), ...stats };
}

/** Float64 twin of {@link symmetricEigen}. */
export function symmetricEigenF64(
  a: Float64Matrix,
  options: SymmetricEigenOptionsF64 = {},
): SymmetricEigenOutcome<number> {
  const { maxSweeps = 60 } = options;
  checkSweeps(maxSweeps, 'symmetricEigenF64');
  squareOrder(a, 'symmetricEigenF64');
  const out = jacobiCore(float64Field, symmetricF64(a), true, maxSweeps);
  const stats = { sweeps: out.sweeps, rotations: out.rotations, offDiagonal: out.offNorm };
  if (!out.converged) return { kind: 'notConverged', ...stats };
  const sorted = sortEigenpairs(float64Field, out.values, out.vectors);
  return { kind: 'converged', values: sorted.values, vectors: sorted.vectors ?? [], ...stats };
}

/** Float64 twin of {@link symmetricEigenvalues}. */
export function symmetricEigenvaluesF64(
  a: Float64Matrix,
  options: SymmetricEigenOptionsF64 = {},
): SymmetricEigenvaluesOutcome<number> {
  const { maxSweeps = 60 } = options;
  checkSweeps(maxSweeps, 'symmetricEigenvaluesF64');
  squareOrder(a, 'symmetricEigenvaluesF64');
  const out = jacobiCore(float64Field, symmetricF64(a), false, maxSweeps);
  const stats = { sweeps: out.sweeps, rotations: out.rotations, offDiagonal: out.offNorm };
  if (!out.converged) return { kind: 'notConverged', ...stats };
  return { kind: 'converged', values: sortEigenpairs(float64Field, out.values, null).values, ...stats };
}
