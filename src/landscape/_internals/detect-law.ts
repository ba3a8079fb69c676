/**
 * Which divergence law a confirming flow follows (mathematics.md §2, time laws): A^k ≈ A₀^k + K t with k = 4
 * (generic channel, L∞ > 0) or k = 6 (realisable GLU target), i.e. dA/dt ∝ A^{1−k}.
 *
 * Both laws are the leading terms of an expansion in ε² (the loss is even in ε), so at finite ε the local exponent
 * 1 − d ln(dA/dt)/d ln A is k + β ε² + O(ε⁴). A plain log-log slope over a short window therefore misses k by
 * about βε² — a bias, not noise: the rates come from the exact gradient at each record, and the residuals of a
 * straight-line fit are this curvature. The fit removes it by Richardson extrapolation in ε²:
 *
 *   ln(dA/dt) = b + (1 − k) ln|A| + (β/2) ε²        (integrating the local exponent with ε ∝ 1/A)
 *
 * and takes as the uncertainty of the extrapolated k the whole size of the correction it applied (the usual
 * conservative error estimate of one Richardson step: the neglected O(ε⁴) is smaller than the O(ε²) removed), plus,
 * when there are more points than parameters, the 95% Student-t half-width of its standard error. A law is decided
 * when this interval contains its k and excludes the other's; it is `undecided` when the interval contains both
 * (the window is too short for the scatter of the rates) or when the correction is too large for the records to be
 * in the asymptotic regime (ε not small yet, or the rates curve for another reason, e.g. transverse coordinates
 * still relaxing), `neither` when the interval contains neither law.
 */

/** One late record of the confirming flow. */
export interface LawPoint {
  /** ln|A|. */
  readonly lnA: number;
  /** ln(d|A|/dt) (> 0 rates only). */
  readonly lnRate: number;
  /** ε² at the record. */
  readonly eps2: number;
}

export type DivergenceLaw = 'generic' | 'realisableGlu' | 'undecided' | 'neither' | 'notEnoughData';

export interface LawFit {
  readonly points: number;
  /** 1 − the straight-line slope of ln(dA/dt) against ln|A| (the uncorrected exponent). */
  readonly slopeExponent?: number;
  /** k extrapolated to ε → 0. */
  readonly exponent?: number;
  /** The interval for k (see the module comment). */
  readonly interval?: readonly [number, number];
  readonly law: DivergenceLaw;
}

/** The k of each law. */
export const LAW_EXPONENTS = { generic: 4, realisableGlu: 6 } as const;

/**
 * Largest shift of the exponent by the ε² extrapolation for which the records count as asymptotic (a local exponent
 * k + βε² with βε² ≤ 0.1: the neglected O(ε⁴) ≈ (βε²)² ≤ 0.01 is 200 times smaller than the gap between the laws).
 */
export const ASYMPTOTIC_CORRECTION = 0.1;

/** 97.5% quantiles of Student's t for 1…30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

function t975(dof: number): number {
  return T975[dof - 1] ?? 1.96 + 2.5 / dof;
}

/** Least squares of y on centred columns (intercept implied) by modified Gram–Schmidt; coefficients and the
 * diagonal of (XᵀX)⁻¹. */
function leastSquares(
  cols: readonly (readonly number[])[],
  y: readonly number[],
): { coef: number[]; invDiag: number[]; rss: number } | undefined {
  const n = y.length;
  const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / n;
  const q = cols.map((c) => {
    const m = mean(c);
    return c.map((v) => v - m);
  });
  const my = mean(y);
  let r = y.map((v) => v - my);
  const p = q.length;
  const R = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let k = 0; k < p; k++) {
    const qk = q[k] as number[];
    for (let j = 0; j < k; j++) {
      const qj = q[j] as number[];
      const d = qj.reduce((s, v, i) => s + v * (qk[i] as number), 0);
      (R[j] as number[])[k] = d;
      for (let i = 0; i < n; i++) qk[i] = (qk[i] as number) - d * (qj[i] as number);
    }
    const norm = Math.hypot(...qk);
    const scale = Math.hypot(...(cols[k] as number[]).map((v) => v - mean(cols[k] as number[])));
    // A column (numerically) in the span of the previous ones: the extrapolation is not determined.
    if (!(norm > 1e-12 * scale) || !(norm > 0)) return undefined;
    (R[k] as number[])[k] = norm;
    for (let i = 0; i < n; i++) qk[i] = (qk[i] as number) / norm;
  }
  const qty = q.map((qk) => qk.reduce((s, v, i) => s + v * (r[i] as number), 0));
  for (const [k, qk] of q.entries()) r = r.map((v, i) => v - (qty[k] as number) * (qk[i] as number));
  // Back substitution for the coefficients and for R⁻¹ (its row norms give the diagonal of (RᵀR)⁻¹).
  const Rinv = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let col = 0; col < p; col++) {
    for (let row = col; row >= 0; row--) {
      let sum = row === col ? 1 : 0;
      for (let k = row + 1; k <= col; k++) sum -= (R[row] as number[])[k]! * (Rinv[k] as number[])[col]!;
      (Rinv[row] as number[])[col] = sum / (R[row] as number[])[row]!;
    }
  }
  const coef = Array.from({ length: p }, (_, row) =>
    (Rinv[row] as number[]).reduce((s, v, k) => s + v * (qty[k] as number), 0),
  );
  const invDiag = Rinv.map((row) => row.reduce((s, v) => s + v * v, 0));
  return { coef, invDiag, rss: r.reduce((s, v) => s + v * v, 0) };
}

/** Decides the divergence law from the late records of a confirming flow (see the module comment). */
export function fitDivergenceLaw(points: readonly LawPoint[]): LawFit {
  const n = points.length;
  if (n < 3) return { points: n, law: 'notEnoughData' };
  const x = points.map((q) => q.lnA);
  const y = points.map((q) => q.lnRate);
  const line = leastSquares([x], y);
  if (line === undefined) return { points: n, law: 'notEnoughData' };
  const slopeExponent = 1 - (line.coef[0] as number);
  const curved = leastSquares([x, points.map((q) => q.eps2 / 2)], y);
  if (curved === undefined) return { points: n, slopeExponent, law: 'undecided' };
  const exponent = 1 - (curved.coef[0] as number);
  const dof = n - 3;
  const statistical = dof > 0 ? t975(dof) * Math.sqrt((curved.rss / dof) * (curved.invDiag[0] as number)) : 0;
  // The float64 rounding of the logarithms, propagated through the fit (matters only for exact power laws).
  const yMax = y.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const rounding = 4 * Number.EPSILON * yMax * Math.sqrt(n * (curved.invDiag[0] as number));
  const correction = Math.abs(exponent - slopeExponent);
  const u = correction + statistical + rounding;
  const interval: [number, number] = [exponent - u, exponent + u];
  const inside = (k: number): boolean => interval[0] <= k && k <= interval[1];
  const g = inside(LAW_EXPONENTS.generic);
  const r = inside(LAW_EXPONENTS.realisableGlu);
  // A correction above ASYMPTOTIC_CORRECTION means the records are not yet in the asymptotic regime (the O(ε⁴)
  // remainder, ~ its square, is no longer small against the gap of 2): nothing is decided there.
  const law: DivergenceLaw = !(Number.isFinite(u) && correction <= ASYMPTOTIC_CORRECTION)
    ? 'undecided'
    : g && r
      ? 'undecided'
      : g
        ? 'generic'
        : r
          ? 'realisableGlu'
          : 'neither';
  return { points: n, slopeExponent, exponent, interval, law };
}
