import type { Decimal } from 'decimal.js';
import { roundTo, withGuard, type Precision } from '../context.js';
import type { NormalIntegrand } from './de-expectation.js';
import { gaussHermite, gaussHermiteF64 } from './gauss-hermite.js';

/** An integrand for E[f(x)], x ~ N(0, I_d): called with the point (length d) and the working context `q`. */
export type MultivariateNormalIntegrand = (x: readonly Decimal[], q: Precision) => Decimal;

/** Options of {@link gaussHermiteExpectation} and {@link gaussHermiteProductExpectation}. */
export interface GaussHermiteExpectationOptions {
  /** Digits added to `p.digits` for the nodes, f and the sum; the value is rounded to `p`. Default 10. */
  readonly guardDigits?: number;
}

/** Largest number of grid points of the product rule (n^d). */
export const MAX_PRODUCT_POINTS = 10_000_000;

function guardOf(options: GaussHermiteExpectationOptions, what: string): number {
  const { guardDigits = 10 } = options;
  if (!Number.isInteger(guardDigits) || guardDigits < 0) {
    throw new RangeError(`${what}: guardDigits must be a nonnegative integer, got ${String(guardDigits)}`);
  }
  return guardDigits;
}

/**
 * E[f(x)], x ~ N(0, 1), by the n-point Gauss–Hermite rule at `p.digits + guardDigits`, rounded to `p`.
 * Exact (up to rounding) for polynomials of degree ≤ 2n − 1; for smooth, slowly varying f the error falls
 * geometrically in n, but steep features (erf(5x ± 2.5)) need many nodes. There is NO error estimate: compare two
 * values of n, or use `deExpectation`, before trusting digits.
 * Example: `gaussHermiteExpectation((x) => x.pow(4), 3, p)` is exactly 3.
 */
export function gaussHermiteExpectation(
  f: NormalIntegrand,
  n: number,
  p: Precision,
  options: GaussHermiteExpectationOptions = {},
): Decimal {
  const q = withGuard(p, guardOf(options, 'gaussHermiteExpectation'));
  const rule = gaussHermite(n, q);
  let s = new q.D(0);
  for (let i = 0; i < n; i++) s = s.plus(new q.D(f(rule.nodes[i]!, q)).times(rule.weights[i]!));
  return roundTo(p, s);
}

/**
 * E[f(x)], x ~ N(0, I_d), by the tensor product of n-point Gauss–Hermite rules (n^d evaluations; exact for
 * polynomials of degree ≤ 2n − 1 in each coordinate), at `p.digits + guardDigits`, rounded to `p`. No error
 * estimate (see {@link gaussHermiteExpectation}); `deProductExpectation` gives one.
 */
export function gaussHermiteProductExpectation(
  f: MultivariateNormalIntegrand,
  d: number,
  n: number,
  p: Precision,
  options: GaussHermiteExpectationOptions = {},
): Decimal {
  if (!Number.isInteger(d) || d < 1)
    throw new RangeError(`gaussHermiteProductExpectation: d must be a positive integer`);
  if (n ** d > MAX_PRODUCT_POINTS) {
    throw new RangeError(
      `gaussHermiteProductExpectation: n^d = ${n}^${d} exceeds ${MAX_PRODUCT_POINTS} points`,
    );
  }
  const q = withGuard(p, guardOf(options, 'gaussHermiteProductExpectation'));
  const rule = gaussHermite(n, q);
  const idx = new Array<number>(d).fill(0);
  let s = new q.D(0);
  for (;;) {
    let w = new q.D(1);
    const x = idx.map((i) => {
      w = w.times(rule.weights[i]!);
      return rule.nodes[i]!;
    });
    s = s.plus(new q.D(f(x, q)).times(w));
    let k = d - 1;
    while (k >= 0 && idx[k] === n - 1) idx[k--] = 0;
    if (k < 0) break;
    idx[k] = idx[k]! + 1;
  }
  return roundTo(p, s);
}

/** Float64 twin of {@link gaussHermiteExpectation}, summed with Neumaier compensation. */
export function gaussHermiteExpectationF64(f: (x: number) => number, n: number): number {
  const rule = gaussHermiteF64(n);
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const t = f(rule.nodes[i]!) * rule.weights[i]!;
    const u = s + t;
    c += Math.abs(s) >= Math.abs(t) ? s - u + t : t - u + s;
    s = u;
  }
  return s + c;
}
