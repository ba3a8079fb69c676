import type { Decimal } from 'decimal.js';
import { roundTo, withGuard, type Precision } from '../context.js';
import { decimalField, float64Field } from './_internals/field.js';
import { luCore, luDeterminantCore, luSolveCore } from './_internals/lu-core.js';
import {
  checkGuard,
  DEFAULT_GUARD_DIGITS,
  liftMatrix,
  liftVector,
  roundMatrix,
  roundVector,
} from './_internals/decimal-io.js';
import { expectLength, squareOrder } from './_internals/shape.js';
import type { DecimalMatrix, DecimalVector, Float64Matrix, Float64Vector } from './types.js';
import { DEFAULT_ZERO_TOLERANCE_F64, defaultZeroTolerance, type ToleranceUsed } from './zero-tolerance.js';

/** Options of {@link luDecompose} and {@link luSolve}. */
export interface LuOptions {
  /**
   * Relative pivot tolerance: the matrix is reported singular at step k when |u_kk| ≤ tolerance · s, where s is
   * the largest |entry| of the pivot's original row (scaled partial pivoting, so the test does not depend on how
   * the rows are scaled). Default `defaultZeroTolerance(p)` = 10^−max(⌈digits/2⌉, digits − 10).
   */
  readonly tolerance?: Decimal.Value;
  /** Digits added to `p.digits` for the elimination; results are rounded to `p`. Default 10. */
  readonly guardDigits?: number;
}

/** Options of the float64 LU routines. */
export interface LuOptionsF64 {
  /** Relative pivot tolerance as in {@link LuOptions}. Default 1e−8 (`DEFAULT_ZERO_TOLERANCE_F64`). */
  readonly tolerance?: number;
}

/** A pivot was zero relative to the tolerance: no factorisation or solution is returned. */
export interface LuSingular<T = Decimal> {
  readonly kind: 'singular';
  /** The elimination step (0-based) whose pivot failed. */
  readonly pivotIndex: number;
  /** |u_kk| / s at that step (0 when the remaining rows are exactly zero). */
  readonly pivotRatio: T;
  /** The tolerance used; `scale` is the pivot row's largest original |entry|. */
  readonly tolerance: ToleranceUsed<T>;
}

/** Outcome of {@link luDecompose}. */
export type LuOutcome<T = Decimal> =
  | {
      readonly kind: 'factored';
      /** L (unit lower triangular, stored strictly below the diagonal) and U (on and above it): P·A = L·U. */
      readonly lu: readonly (readonly T[])[];
      /** `perm[k]` is the row of A that became row k. */
      readonly perm: readonly number[];
      /** The sign of the permutation, ±1. */
      readonly sign: 1 | -1;
      readonly relativeTolerance: T;
    }
  | LuSingular<T>;

/** Outcome of {@link luSolve}. */
export type LuSolveOutcome<T = Decimal> =
  { readonly kind: 'solved'; readonly x: readonly T[]; readonly relativeTolerance: T } | LuSingular<T>;

function prepare(
  a: DecimalMatrix,
  p: Precision,
  options: LuOptions,
  what: string,
): { g: Precision; tol: Decimal; work: Decimal[][] } {
  const { guardDigits = DEFAULT_GUARD_DIGITS, tolerance } = options;
  checkGuard(guardDigits, what);
  squareOrder(a, what);
  const g = withGuard(p, guardDigits);
  const tol = new g.D(tolerance ?? defaultZeroTolerance(p));
  if (tol.isNeg() || !tol.isFinite()) throw new RangeError(`${what}: tolerance must be finite and ≥ 0`);
  return { g, tol, work: liftMatrix(g, a) };
}

function singular<T>(
  out: { pivotIndex: number; pivotRatio: T; scale: T },
  rel: T,
  mul: (x: T, y: T) => T,
): LuSingular<T> {
  return {
    kind: 'singular',
    pivotIndex: out.pivotIndex,
    pivotRatio: out.pivotRatio,
    tolerance: { relative: rel, scale: out.scale, absolute: mul(rel, out.scale) },
  };
}

/**
 * LU factorisation with scaled partial pivoting, P·A = L·U, computed with guard digits and rounded to `p`.
 * Example: `luDecompose([[0, 1], [1, 0]].map(r => r.map(x => new p.D(x))), p)` has perm [1, 0], sign −1.
 * See also {@link luSolve}, {@link determinant}, `cholesky`, `ldlt`.
 */
export function luDecompose(a: DecimalMatrix, p: Precision, options: LuOptions = {}): LuOutcome {
  const { g, tol, work } = prepare(a, p, options, 'luDecompose');
  const out = luCore(decimalField(g), work, tol);
  const rel = roundTo(p, tol);
  if (out.kind === 'singular') return singular(out, rel, (x, y) => roundTo(p, x.times(y)));
  return {
    kind: 'factored',
    lu: roundMatrix(p, out.lu),
    perm: out.perm,
    sign: out.sign,
    relativeTolerance: rel,
  };
}

/**
 * Solves A·x = b by LU with scaled partial pivoting at `p.digits + guardDigits` digits; x is rounded to `p`.
 * Its relative error is about cond(A)·10^−(digits+guard) plus the final rounding, so for cond(A) < 10^guard
 * every returned digit is correct. Returns `{ kind: 'singular', … }` instead of a meaningless x when a pivot is
 * zero relative to the tolerance (see {@link LuOptions}).
 */
export function luSolve(
  a: DecimalMatrix,
  b: DecimalVector,
  p: Precision,
  options: LuOptions = {},
): LuSolveOutcome {
  const { g, tol, work } = prepare(a, p, options, 'luSolve');
  expectLength(b.length, a.length, 'luSolve: right-hand side');
  const F = decimalField(g);
  const out = luCore(F, work, tol);
  const rel = roundTo(p, tol);
  if (out.kind === 'singular') return singular(out, rel, (x, y) => roundTo(p, x.times(y)));
  const x = luSolveCore(F, out.lu, out.perm, liftVector(g, b));
  return { kind: 'solved', x: roundVector(p, x), relativeTolerance: rel };
}

/**
 * det(A) as ±Π u_kk of an LU factorisation with guard digits, rounded to `p`. No tolerance applies: a nearly
 * singular matrix has a small but meaningful determinant, and exactly 0 is returned only when elimination meets
 * an exactly zero column. Its relative error is about n·cond(A)·10^−(digits+guard).
 */
export function determinant(
  a: DecimalMatrix,
  p: Precision,
  options: Pick<LuOptions, 'guardDigits'> = {},
): Decimal {
  const { g, work } = prepare(a, p, { ...options, tolerance: 0 }, 'determinant');
  const F = decimalField(g);
  const out = luCore(F, work, F.zero);
  if (out.kind === 'singular') return new p.D(0);
  return roundTo(p, luDeterminantCore(F, out.lu, out.sign));
}

function prepareF64(
  a: Float64Matrix,
  options: LuOptionsF64,
  what: string,
): { tol: number; work: number[][] } {
  const { tolerance = DEFAULT_ZERO_TOLERANCE_F64 } = options;
  squareOrder(a, what);
  if (!(tolerance >= 0) || !Number.isFinite(tolerance))
    throw new RangeError(`${what}: tolerance must be finite and ≥ 0`);
  return { tol: tolerance, work: a.map((row) => Array.from(row)) };
}

/** Float64 twin of {@link luDecompose}. */
export function luDecomposeF64(a: Float64Matrix, options: LuOptionsF64 = {}): LuOutcome<number> {
  const { tol, work } = prepareF64(a, options, 'luDecomposeF64');
  const out = luCore(float64Field, work, tol);
  if (out.kind === 'singular') return singular(out, tol, (x, y) => x * y);
  return { kind: 'factored', lu: out.lu, perm: out.perm, sign: out.sign, relativeTolerance: tol };
}

/** Float64 twin of {@link luSolve} (no guard digits: relative error about cond(A)·2^−53). */
export function luSolveF64(
  a: Float64Matrix,
  b: Float64Vector,
  options: LuOptionsF64 = {},
): LuSolveOutcome<number> {
  const { tol, work } = prepareF64(a, options, 'luSolveF64');
  expectLength(b.length, a.length, 'luSolveF64: right-hand side');
  const out = luCore(float64Field, work, tol);
  if (out.kind === 'singular') return singular(out, tol, (x, y) => x * y);
  return {
    kind: 'solved',
    x: luSolveCore(float64Field, out.lu, out.perm, Array.from(b)),
    relativeTolerance: tol,
  };
}

/** Float64 twin of {@link determinant}. */
export function determinantF64(a: Float64Matrix): number {
  const { work } = prepareF64(a, { tolerance: 0 }, 'determinantF64');
  const out = luCore(float64Field, work, 0);
  if (out.kind === 'singular') return 0;
  return luDeterminantCore(float64Field, out.lu, out.sign);
}
