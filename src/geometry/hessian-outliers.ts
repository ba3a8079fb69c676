/** Options of {@link hessianOutliers}. */
export interface HessianOutliersOptions {
  /** How many of the largest eigenvalues the gap is sought among. Default 40. */
  readonly window?: number;
  /** The largest gap must be at least this ratio λ_m/λ_{m+1} for the top m to count as outliers. Default 2. */
  readonly minimumRatio?: number;
}

/** What {@link hessianOutliers} found. */
export interface HessianOutliers {
  /**
   * m, the number of eigenvalues above the largest log-gap, when that gap's ratio is at least the minimum;
   * 0 when no gap in the window is that wide (no outliers detected).
   */
  readonly count: number;
  /** The position m of the largest log-gap (whether or not it passes the minimum ratio). */
  readonly gapAt: number;
  /** λ_m/λ_{m+1} at the largest gap. */
  readonly ratio: number;
  /** The second-largest gap ratio in the window (how unique the chosen gap is). */
  readonly runnerUpRatio: number;
  /** Its position. */
  readonly runnerUpAt: number;
  /** The eigenvalues in decreasing order. */
  readonly descending: readonly number[];
}

/**
 * Counts the outliers of a Hessian spectrum by one stated criterion: sort the eigenvalues in decreasing order
 * λ₁ ≥ λ₂ ≥ …; among the first `window` of them, consider every consecutive pair with both members positive and
 * take the position m (1 ≤ m < window) of the largest log-gap ln(λ_m/λ_{m+1}); the top m are the outliers if
 * λ_m/λ_{m+1} ≥ `minimumRatio`, otherwise there are none. The criterion does not know the number of classes.
 */
export function hessianOutliers(
  values: readonly number[],
  options: HessianOutliersOptions = {},
): HessianOutliers {
  const { window = 40, minimumRatio = 2 } = options;
  if (!Number.isInteger(window) || window < 2)
    throw new RangeError(`hessianOutliers: window must be an integer ≥ 2, got ${window}`);
  const descending = [...values].sort((a, b) => b - a);
  const top = Math.min(window, descending.length);
  let best = { at: 0, log: -Infinity };
  let second = { at: 0, log: -Infinity };
  for (let m = 1; m < top; m++) {
    const hi = descending[m - 1] as number;
    const lo = descending[m] as number;
    if (!(lo > 0)) break;
    const g = Math.log(hi / lo);
    if (g > best.log) {
      second = best;
      best = { at: m, log: g };
    } else if (g > second.log) second = { at: m, log: g };
  }
  const ratio = Math.exp(best.log);
  return {
    count: best.at > 0 && ratio >= minimumRatio ? best.at : 0,
    gapAt: best.at,
    ratio,
    runnerUpRatio: Math.exp(second.log),
    runnerUpAt: second.at,
    descending,
  };
}
