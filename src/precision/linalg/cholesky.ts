import type { Decimal } from 'decimal.js';
import { roundTo, withGuard, type Precision } from '../context.js';
import { choleskyCore, choleskySolveCore } from './_internals/cholesky-core.js';
import { decimalField, float64Field } from './_internals/field.js';
import {
  checkGuard,
  DEFAULT_GUARD_DIGITS,
  liftSymmetric,
  liftVector,
  roundMatrix,
  roundVector,
} from './_internals/decimal-io.js';
import { symmetricF64 } from './_internals/float64-io.js';
import { expectLength, squareOrder } from './_internals/shape.js';
import type { DecimalMatrix, DecimalVector, Float64Matrix, Float64Vector } from './types.js';
import { DEFAULT_ZERO_TOLERANCE_F64, defaultZeroTolerance, type ToleranceUsed } from './zero-tolerance.js';

/** Options of {@link cholesky} and {@link choleskySolve}. */
export interface CholeskyOptions {
  /**
   * Relative pivot tolerance: step j fails when its pivot d_j = a_jj − Σ_k l_jk² is ≤ tolerance · a_jj. Relative
   * to the original diagonal entry, so the verdict does not change under symmetric diagonal scaling D·A·D.
   * Default `defaultZeroTolerance(p)` = 10^−max(⌈digits/2⌉, digits − 10); 0 fails only on d_j ≤ 0.
   */
  readonly tolerance?: Decimal.Value;
  /** Digits added to `p.digits` for the factorisation; results are rounded to `p`. Default 10. */
  readonly guardDigits?: number;
}

/** Options of the float64 Cholesky routines. */
export interface CholeskyOptionsF64 {
  /** As in {@link CholeskyOptions}. Default 1e−8 (`DEFAULT_ZERO_TOLERANCE_F64`). */
  readonly tolerance?: number;
}

/** The matrix is not (numerically) positive definite: step `index` met a pivot ≤ tolerance · a_jj. */
export interface NotPositiveDefinite<T = Decimal> {
  readonly kind: 'notPositiveDefinite';
  /** The first failing row/column (0-based). */
  readonly index: number;
  /** The pivot d_j = a_jj − Σ_k l_jk² that failed (may be negative). */
  readonly pivot: T;
  /** The tolerance used; `scale` is a_jj. */
  readonly tolerance: ToleranceUsed<T>;
}

/** Outcome of {@link cholesky}. */
export type CholeskyOutcome<T = Decimal> =
  | {
      readonly kind: 'factored';
      /** Lower triangular L with positive diagonal, A = L·Lᵀ (zeros above the diagonal). */
      readonly l: readonly (readonly T[])[];
      readonly relativeTolerance: T;
    }
  | NotPositiveDefinite<T>;

/** Outcome of {@link choleskySolve}. */
export type CholeskySolveOutcome<T = Decimal> =
  | { readonly kind: 'solved'; readonly x: readonly T[]; readonly relativeTolerance: T }
  | NotPositiveDefinite<T>;

function failure<T>(
  out: { index: number; pivot: T; scale: T },
  rel: T,
  mul: (x: T, y: T) => T,
  r: (x: T) => T,
): NotPositiveDefinite<T> {
  return {
    kind: 'notPositiveDefinite',
    index: out.index,
    pivot: r(out.pivot),
    tolerance: { relative: rel, scale: r(out.scale), absolute: mul(rel, out.scale) },
  };
}

function prepare(
  a: DecimalMatrix,
  p: Precision,
  options: CholeskyOptions,
  what: string,
): { g: Precision; tol: Decimal } {
  const { guardDigits = DEFAULT_GUARD_DIGITS, tolerance } = options;
  checkGuard(guardDigits, what);
  squareOrder(a, what);
  const g = withGuard(p, guardDigits);
  const tol = new g.D(tolerance ?? defaultZeroTolerance(p));
  if (tol.isNeg() || !tol.isFinite()) throw new RangeError(`${what}: tolerance must be finite and ≥ 0`);
  return { g, tol };
}

/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric matrix (only the lower triangle of `a` is read), computed with
 * guard digits and rounded to `p`. Returns `notPositiveDefinite` with the failing index when a pivot is not
 * safely positive (see {@link CholeskyOptions}): this is the cheap test for "is this Hessian positive definite?".
 * See also {@link choleskySolve}, `ldlt` (inertia of indefinite matrices), `luSolve`.
 */
export function cholesky(a: DecimalMatrix, p: Precision, options: CholeskyOptions = {}): CholeskyOutcome {
  const { g, tol } = prepare(a, p, options, 'cholesky');
  const out = choleskyCore(decimalField(g), liftSymmetric(g, a), tol);
  const rel = roundTo(p, tol);
  if (out.kind === 'notPositiveDefinite') {
    return failure(
      out,
      rel,
      (x, y) => roundTo(p, x.times(y)),
      (x) => roundTo(p, x),
    );
  }
  return { kind: 'factored', l: roundMatrix(p, out.l), relativeTolerance: rel };
}

/** Solves A·x = b for symmetric positive definite A (lower triangle read) by Cholesky with guard digits. */
export function choleskySolve(
  a: DecimalMatrix,
  b: DecimalVector,
  p: Precision,
  options: CholeskyOptions = {},
): CholeskySolveOutcome {
  const { g, tol } = prepare(a, p, options, 'choleskySolve');
  expectLength(b.length, a.length, 'choleskySolve: right-hand side');
  const F = decimalField(g);
  const out = choleskyCore(F, liftSymmetric(g, a), tol);
  const rel = roundTo(p, tol);
  if (out.kind === 'notPositiveDefinite') {
    return failure(
      out,
      rel,
      (x, y) => roundTo(p, x.times(y)),
      (x) => roundTo(p, x),
    );
  }
  return {
    kind: 'solved',
    x: roundVector(p, choleskySolveCore(F, out.l, liftVector(g, b))),
    relativeTolerance: rel,
  };
}

function toleranceF64(options: CholeskyOptionsF64, what: string): number {
  const { tolerance = DEFAULT_ZERO_TOLERANCE_F64 } = options;
  if (!(tolerance >= 0) || !Number.isFinite(tolerance))
    throw new RangeError(`${what}: tolerance must be finite and ≥ 0`);
  return tolerance;
}

/** Float64 twin of {@link cholesky}. */
export function choleskyF64(a: Float64Matrix, options: CholeskyOptionsF64 = {}): CholeskyOutcome<number> {
  squareOrder(a, 'choleskyF64');
  const tol = toleranceF64(options, 'choleskyF64');
  const out = choleskyCore(float64Field, symmetricF64(a), tol);
  if (out.kind === 'notPositiveDefinite')
    return failure(
      out,
      tol,
      (x, y) => x * y,
      (x) => x,
    );
  return { kind: 'factored', l: out.l, relativeTolerance: tol };
}

/** Float64 twin of {@link choleskySolve}. */
export function choleskySolveF64(
  a: Float64Matrix,
  b: Float64Vector,
  options: CholeskyOptionsF64 = {},
): CholeskySolveOutcome<number> {
  squareOrder(a, 'choleskySolveF64');
  expectLength(b.length, a.length, 'choleskySolveF64: right-hand side');
  const tol = toleranceF64(options, 'choleskySolveF64');
  const out = choleskyCore(float64Field, symmetricF64(a), tol);
  if (out.kind === 'notPositiveDefinite')
    return failure(
      out,
      tol,
      (x, y) => x * y,
      (x) => x,
    );
  return { kind: 'solved', x: choleskySolveCore(float64Field, out.l, Array.from(b)), relativeTolerance: tol };
}
