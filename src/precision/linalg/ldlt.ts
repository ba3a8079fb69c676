import type { Decimal } from 'decimal.js';
import { roundTo, withGuard, type Precision } from '../context.js';
import { decimalField, float64Field, type Field } from './_internals/field.js';
import { checkGuard, DEFAULT_GUARD_DIGITS, liftSymmetric, roundMatrix } from './_internals/decimal-io.js';
import { rowSumNormF64, symmetricF64 } from './_internals/float64-io.js';
import { blockInertia, ldltCore, type LdltBlockOf, type LdltCore } from './_internals/ldlt-core.js';
import { squareOrder } from './_internals/shape.js';
import type { DecimalMatrix, Float64Matrix } from './types.js';
import { DEFAULT_ZERO_TOLERANCE_F64, defaultZeroTolerance, type ToleranceUsed } from './zero-tolerance.js';

/** Options of {@link ldlt} and {@link inertia}. */
export interface LdltOptions {
  /**
   * Relative zero tolerance: an eigenvalue μ of a pivot block of D counts as zero when |μ| ≤ tolerance · ‖A‖∞
   * (‖A‖∞ = max row sum of |a_ij|, an upper bound on every |eigenvalue| of A).
   * Default `defaultZeroTolerance(p)` = 10^−max(⌈digits/2⌉, digits − 10).
   */
  readonly tolerance?: Decimal.Value;
  /** Digits added to `p.digits` for the factorisation; results are rounded to `p`. Default 10. */
  readonly guardDigits?: number;
}

/** Options of {@link ldltF64} and {@link inertiaF64}. */
export interface LdltOptionsF64 {
  /** As in {@link LdltOptions}. Default 1e−8 (`DEFAULT_ZERO_TOLERANCE_F64`). */
  readonly tolerance?: number;
}

/** A diagonal block of D: a 1×1 pivot `d`, or a 2×2 pivot [[d11, d21], [d21, d22]] at rows index, index + 1. */
export type LdltBlock<T = Decimal> = LdltBlockOf<T>;

/**
 * Numbers of negative, zero and positive eigenvalues (they sum to n), and the tolerance that decided "zero":
 * `tolerance.scale` is ‖A‖∞ and `tolerance.absolute` = relative · ‖A‖∞.
 */
export interface Inertia<T = Decimal> {
  readonly negative: number;
  readonly zero: number;
  readonly positive: number;
  readonly tolerance: ToleranceUsed<T>;
}

/** P·A·Pᵀ = L·D·Lᵀ with the inertia of A. */
export interface LdltFactorization<T = Decimal> {
  /** Unit lower triangular L (for a 2×2 block at k, L[k+1][k] = 0). */
  readonly l: readonly (readonly T[])[];
  /** The diagonal blocks of D in order. */
  readonly blocks: readonly LdltBlock<T>[];
  /** `perm[k]` is the index of A moved to position k: (P·A·Pᵀ)[i][j] = A[perm[i]][perm[j]]. */
  readonly perm: readonly number[];
  readonly inertia: Inertia<T>;
}

function rowSumNorm<T>(F: Field<T>, s: readonly (readonly T[])[]): T {
  let m = F.zero;
  for (const row of s) {
    let t = F.zero;
    for (const v of row) t = F.add(t, F.abs(v));
    if (F.lt(m, t)) m = t;
  }
  return m;
}

function factorDecimal(
  a: DecimalMatrix,
  p: Precision,
  options: LdltOptions,
  what: string,
): { out: LdltCore<Decimal>; counts: ReturnType<typeof blockInertia>; tol: ToleranceUsed } {
  const { guardDigits = DEFAULT_GUARD_DIGITS, tolerance } = options;
  checkGuard(guardDigits, what);
  squareOrder(a, what);
  const g = withGuard(p, guardDigits);
  const F = decimalField(g);
  const rel = new g.D(tolerance ?? defaultZeroTolerance(p));
  if (rel.isNeg() || !rel.isFinite()) throw new RangeError(`${what}: tolerance must be finite and ≥ 0`);
  const s = liftSymmetric(g, a);
  const norm = rowSumNorm(F, s);
  const absolute = rel.times(norm);
  const out = ldltCore(F, s);
  const counts = blockInertia(F, out.blocks, absolute);
  return {
    out,
    counts,
    tol: { relative: roundTo(p, rel), scale: roundTo(p, norm), absolute: roundTo(p, absolute) },
  };
}

/**
 * Symmetric indefinite factorisation P·A·Pᵀ = L·D·Lᵀ with Bunch–Kaufman pivoting (D block diagonal with 1×1 and
 * 2×2 blocks), computed with guard digits and rounded to `p`; only the lower triangle of `a` is read.
 * The inertia follows from Sylvester's law: A and D have the same numbers of negative, zero and positive
 * eigenvalues, so it is read off the blocks (each 2×2 block through its two eigenvalues), with "zero" decided by
 * the relative tolerance of {@link LdltOptions}.
 * Example: for [[0, 1], [1, 0]] the inertia is 1 negative, 0 zero, 1 positive (one 2×2 block).
 * See also {@link inertia}, `cholesky`, `symmetricEigen`.
 */
export function ldlt(a: DecimalMatrix, p: Precision, options: LdltOptions = {}): LdltFactorization {
  const { out, counts, tol } = factorDecimal(a, p, options, 'ldlt');
  const r = (x: Decimal): Decimal => roundTo(p, x);
  return {
    l: roundMatrix(p, out.l),
    blocks: out.blocks.map((b) =>
      b.size === 1
        ? { size: 1, index: b.index, d: r(b.d) }
        : { size: 2, index: b.index, d11: r(b.d11), d21: r(b.d21), d22: r(b.d22) },
    ),
    perm: out.perm,
    inertia: { ...counts, tolerance: tol },
  };
}

/** The inertia (negative, zero, positive eigenvalue counts) of a symmetric matrix via {@link ldlt}: O(n³/3). */
export function inertia(a: DecimalMatrix, p: Precision, options: LdltOptions = {}): Inertia {
  const { counts, tol } = factorDecimal(a, p, options, 'inertia');
  return { ...counts, tolerance: tol };
}

/** Float64 twin of {@link ldlt}. */
export function ldltF64(a: Float64Matrix, options: LdltOptionsF64 = {}): LdltFactorization<number> {
  const { tolerance = DEFAULT_ZERO_TOLERANCE_F64 } = options;
  squareOrder(a, 'ldltF64');
  if (!(tolerance >= 0) || !Number.isFinite(tolerance))
    throw new RangeError('ldltF64: tolerance must be finite and ≥ 0');
  const s = symmetricF64(a);
  const norm = rowSumNormF64(s);
  const absolute = tolerance * norm;
  const out = ldltCore(float64Field, s);
  const counts = blockInertia(float64Field, out.blocks, absolute);
  return {
    l: out.l,
    blocks: out.blocks,
    perm: out.perm,
    inertia: { ...counts, tolerance: { relative: tolerance, scale: norm, absolute } },
  };
}

/** Float64 twin of {@link inertia}. */
export function inertiaF64(a: Float64Matrix, options: LdltOptionsF64 = {}): Inertia<number> {
  return ldltF64(a, options).inertia;
}
