/** A binomial proportion with its Wilson score interval. */
export interface WilsonInterval {
  readonly count: number;
  readonly total: number;
  /** count / total (0 when total is 0). */
  readonly fraction: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * The Wilson score interval for k successes in n trials at normal quantile z (default 1.959963984540054, 95%):
 * centre (k + z²/2)/(n + z²), half-width z·√(k(n−k)/n + z²/4)/(n + z²). Unlike the Wald interval it stays inside
 * [0, 1] and is not degenerate at k = 0 or k = n. For n = 0 it is the uninformative [0, 1].
 */
export function wilsonInterval(k: number, n: number, z = 1.959963984540054): WilsonInterval {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && n >= k)) {
    throw new RangeError(`wilsonInterval: expected integers 0 ≤ k ≤ n, got k = ${k}, n = ${n}`);
  }
  if (n === 0) return { count: 0, total: 0, fraction: 0, lower: 0, upper: 1 };
  const z2 = z * z;
  const centre = (k + z2 / 2) / (n + z2);
  const half = (z * Math.sqrt((k * (n - k)) / n + z2 / 4)) / (n + z2);
  return {
    count: k,
    total: n,
    fraction: k / n,
    lower: k === 0 ? 0 : Math.max(0, centre - half),
    upper: k === n ? 1 : Math.min(1, centre + half),
  };
}
