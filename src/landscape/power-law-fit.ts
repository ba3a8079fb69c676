import { InputError } from '../errors.js';

/**
 * 97.5 % quantiles of Student's t for 1…30 degrees of freedom (standard tables, rounded to 4 digits; the same values
 * as the divergence-law fit's table).
 */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** A least-squares straight line y ≈ intercept + slope·x with 95 % Student-t intervals. */
export interface LineFit {
  readonly slope: number;
  readonly intercept: number;
  /** Standard errors from the residuals (n − 2 degrees of freedom). */
  readonly slopeStandardError: number;
  readonly interceptStandardError: number;
  /** 95 % intervals: estimate ± t₀.₉₇₅(n − 2)·SE. */
  readonly slopeInterval: readonly [number, number];
  readonly interceptInterval: readonly [number, number];
  /** Residual standard deviation. */
  readonly residualSd: number;
  readonly points: number;
}

/**
 * Ordinary least squares of y on x with 95 % Student-t intervals for slope and intercept (independent errors of
 * equal variance assumed; n − 2 ≤ 30 degrees of freedom from the table, beyond it the normal quantile plus a 2.5/dof
 * correction). Needs n ≥ 3 finite points and two distinct x.
 *
 * Example: `fitLine([0, 1, 2], [1, 3.1, 4.9]).slope` ≈ 1.95.
 */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  const n = xs.length;
  if (n !== ys.length) throw new InputError('fitLine: xs and ys must have the same length');
  if (n < 3) throw new InputError('fitLine: needs at least 3 points for an interval');
  if (!xs.every(Number.isFinite) || !ys.every(Number.isFinite))
    throw new InputError('fitLine: every x and y must be finite');
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, x) => s + x, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((ys[i] as number) - my);
  }
  if (!(sxx > 0)) throw new InputError('fitLine: needs two distinct x');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = (ys[i] as number) - intercept - slope * (xs[i] as number);
    rss += r * r;
  }
  const dof = n - 2;
  const residualSd = Math.sqrt(rss / dof);
  const slopeStandardError = residualSd / Math.sqrt(sxx);
  const interceptStandardError = residualSd * Math.sqrt(1 / n + (mx * mx) / sxx);
  const t = T975[dof - 1] ?? 1.96 + 2.5 / dof;
  return {
    slope,
    intercept,
    slopeStandardError,
    interceptStandardError,
    slopeInterval: [slope - t * slopeStandardError, slope + t * slopeStandardError],
    interceptInterval: [intercept - t * interceptStandardError, intercept + t * interceptStandardError],
    residualSd,
    points: n,
  };
}

/** A least-squares power law y ≈ e^b · x^α. */
export interface PowerLawFit {
  /** The exponent α (slope of log y against log x). */
  readonly exponent: number;
  /** The intercept b of log y = α log x + b (natural logarithms). */
  readonly intercept: number;
  /** Standard error of α from the residuals (n − 2 degrees of freedom). */
  readonly standardError: number;
  /** The 95 % Student-t interval α ± t₀.₉₇₅(n − 2)·SE. */
  readonly interval: readonly [number, number];
  /** Residual standard deviation of log y. */
  readonly residualSd: number;
  readonly points: number;
}

/**
 * {@link fitLine} of log y on log x: the exponent α of y ≈ e^b x^α with its 95 % Student-t interval. Needs n ≥ 3
 * points with x, y > 0 and two distinct x.
 *
 * Example: `fitPowerLaw([1, 2, 4], [3, 6.1, 11.9]).exponent` ≈ 0.99.
 */
export function fitPowerLaw(xs: readonly number[], ys: readonly number[]): PowerLawFit {
  if (xs.length !== ys.length) throw new InputError('fitPowerLaw: xs and ys must have the same length');
  if (xs.length < 3) throw new InputError('fitPowerLaw: needs at least 3 points for an interval');
  if (!xs.every((x) => x > 0 && Number.isFinite(x)) || !ys.every((y) => y > 0 && Number.isFinite(y)))
    throw new InputError('fitPowerLaw: every x and y must be a positive finite number');
  let line: LineFit;
  try {
    line = fitLine(xs.map(Math.log), ys.map(Math.log));
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.message.replace('fitLine', 'fitPowerLaw'));
    throw e;
  }
  return {
    exponent: line.slope,
    intercept: line.intercept,
    standardError: line.slopeStandardError,
    interval: line.slopeInterval,
    residualSd: line.residualSd,
    points: line.points,
  };
}
