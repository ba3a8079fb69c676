import type { Decimal } from 'decimal.js';
import { precision, roundTo, withGuard, type Precision } from '../../precision/context.js';
import { luSolve, symmetricEigenF64 } from '../../precision/linalg/index.js';

/**
 * How far the float64 eigenvalues of H/s may be from those of H/s itself, as a multiple of ‖H/s‖_F: rounding the
 * entries to doubles moves them by ≤ n·2⁻⁵³‖H/s‖_F (Weyl) and Jacobi in float64 is backward stable with an error of
 * a few n·2⁻⁵³‖H/s‖_F. 10⁻¹⁰ covers both with a margin for n up to 10⁴.
 */
const FLOAT64_SLACK = 1e-10;

/**
 * The float64 spectrum must separate λ_max from the rest by this fraction of ‖H/s‖_F; below it the float64
 * eigenvector is not a useful start (and the Kato–Temple bound needs a gap anyway).
 */
const MIN_GAP = 1e-6;

/**
 * λ_max of the symmetric matrix H to `q.digits` significant digits (rounded to q), certified by the Kato–Temple
 * inequality, or undefined when this route does not apply (then the caller runs Jacobi):
 *
 * 1. float64 Jacobi on H/s (s a power of ten near max|H_ij|, so any exponent range fits) gives the eigenvector x₀
 *    of λ_max to ~16 digits and the rest of the spectrum to ~16 digits of ‖H‖;
 * 2. one inverse-iteration step (H/s − λ̃I)y = x₀ at q.digits + 10 with the float64 λ̃ as shift multiplies the
 *    angle error by |λ̃ − λ_max|/gap ≈ 10⁻¹⁶‖H/s‖/gap, so the Rayleigh quotient ρ = yᵀ(H/s)y/yᵀy is accurate far beyond q;
 * 3. certification: every Rayleigh quotient is ≤ λ_max, and with r = (H/s)y − ρy and α an upper bound on the
 *    second-largest eigenvalue (the float64 one plus its slack), Kato–Temple gives λ_max ≤ ρ + ‖r‖²/(‖y‖²(ρ − α)).
 *    The value is returned only when that width is below 10^−(q.digits − 2)·ρ.
 *
 * Applies when λ_max > 0 dominates (max|λ| ≤ 10·λ_max, so a relative accuracy of λ_max is an absolute one of H)
 * and is separated from the next eigenvalue by at least 10⁻⁶‖H‖_F. Costs one float64 Jacobi and one n × n LU at
 * q.digits + 10, against a Decimal Jacobi at q.digits (for n = 4 at 40 digits, ≈ 20× less).
 */
export function largestEigenvalueCertified(
  H: readonly (readonly Decimal[])[],
  q: Precision,
): Decimal | undefined {
  const n = H.length;
  if (n === 0) return undefined;
  const g = withGuard(q, 10);
  let big = new g.D(0);
  for (const row of H) for (const x of row) if (x.abs().gt(big)) big = x.abs();
  if (big.isZero() || !big.isFinite()) return undefined;
  // H/s with s = 10^e: exact in decimal (an exponent shift), then rounded to g.
  const shift = new g.D(10).pow(-big.e);
  const Hs = H.map((row) => row.map((x) => new g.D(x).times(shift)));
  const q20 = precision(20);
  const Hf = Hs.map((row) => row.map((x) => new q20.D(x).toNumber()));
  const eig = symmetricEigenF64(Hf);
  if (eig.kind !== 'converged') return undefined;
  const values = eig.values;
  const l1 = values[n - 1] as number;
  const l2 = n > 1 ? (values[n - 2] as number) : -Infinity;
  let frob = 0;
  for (const row of Hf) for (const x of row) frob += x * x;
  frob = Math.sqrt(frob);
  const maxAbs = Math.max(Math.abs(values[0] as number), Math.abs(l1));
  if (!(l1 > 0) || maxAbs > 10 * l1 || l1 - l2 < MIN_GAP * frob) return undefined;
  const alpha = new g.D(l2 + FLOAT64_SLACK * frob);
  const x0 = eig.vectors.map((row) => new g.D(row[n - 1] as number));
  // A nearly singular H/s − λ̃I is what inverse iteration wants (its rounding errors lie along x₁), so no pivot
  // tolerance; an exactly singular one (λ̃ an eigenvalue to the last digit) is moved off by 10⁻²⁰ of λ̃.
  let y: readonly Decimal[] | undefined;
  for (const nudge of ['0', '1e-20']) {
    const lambda0 = new g.D(l1).times(new g.D(1).plus(nudge));
    const shifted = Hs.map((row, i) => row.map((x, j) => (i === j ? x.minus(lambda0) : x)));
    const solved = luSolve(shifted, x0, g, { guardDigits: 0, tolerance: 0 });
    if (solved.kind === 'solved') {
      y = solved.x;
      break;
    }
  }
  if (y === undefined) return undefined;
  const Hy = Hs.map((row) => row.reduce((s, x, j) => s.plus(x.times(y[j] as Decimal)), new g.D(0)));
  const yy = y.reduce((s, x) => s.plus(x.times(x)), new g.D(0));
  const rho = Hy.reduce((s, x, i) => s.plus(x.times(y[i] as Decimal)), new g.D(0)).div(yy);
  if (!rho.gt(alpha)) return undefined;
  const rr = Hy.reduce((s, x, i) => {
    const r = x.minus(rho.times(y[i] as Decimal));
    return s.plus(r.times(r));
  }, new g.D(0));
  const width = rr.div(yy).div(rho.minus(alpha));
  if (width.gt(rho.times(new g.D(10).pow(-(q.digits - 2))))) return undefined;
  return roundTo(q, rho.div(shift));
}
