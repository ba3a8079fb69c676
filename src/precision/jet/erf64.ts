import type { Decimal } from 'decimal.js';
import { precision } from '../context.js';
import { expNegSquare64 } from './exp-neg-square64.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;

/** Below this |x|, erf comes from its Maclaurin series (and erfc = 1 − erf loses nothing, erfc ≥ 0.47). */
const SERIES_LIMIT = 0.5;
/** From here on, erfcx comes from its asymptotic series, whose smallest term is below 1e−60. */
const ASYMPTOTIC_LIMIT = 12;
/** Width of the intervals between the two, each with its own Taylor polynomial of erfcx about its midpoint. */
const STEP = 0.25;
const INTERVALS = Math.round((ASYMPTOTIC_LIMIT - SERIES_LIMIT) / STEP);

/** (−1)^n / (n! (2n+1)), n = 0…13: erf x = (2/√π) Σ c_n x^(2n+1); the n = 14 term is below 1e−19 for |x| ≤ ½. */
const MACLAURIN: readonly number[] = (() => {
  const c: number[] = [];
  let factorial = 1;
  for (let n = 0; n <= 13; n++) {
    if (n > 0) factorial *= n;
    c.push((n % 2 === 0 ? 1 : -1) / (factorial * (2 * n + 1)));
  }
  return c;
})();

/** The error function erf x = (2/√π) ∫₀ˣ e^(−t²) dt in float64, relative error below about 4e−16. */
export function erf64(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < SERIES_LIMIT) return erfSeries(x);
  const r = 1 - erfcPositive(a);
  return x < 0 ? -r : r;
}

/**
 * The complementary error function erfc x = 1 − erf x in float64, relative error below about 5e−16 also in the
 * tail (erfc 26 ≈ 5.7e−296), where 1 − erf64(x) would return 0.
 */
export function erfc64(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < SERIES_LIMIT) return 1 - erfSeries(x);
  return x > 0 ? erfcPositive(x) : 2 - erfcPositive(-x);
}

/**
 * The scaled complementary error function erfcx x = e^(x²) erfc x, which stays of size 1/(x√π) for large x
 * instead of underflowing. Relative error below about 5e−16 for x ≥ −5 (for x ≪ 0 it overflows like 2e^(x²)).
 */
export function erfcx64(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= SERIES_LIMIT) return erfcxPositive(x);
  if (x > -SERIES_LIMIT) return Math.exp(x * x) * (1 - erfSeries(x));
  return 2 / expNegSquare64(x) - erfcxPositive(-x);
}

function erfSeries(x: number): number {
  const x2 = x * x;
  let s = MACLAURIN[MACLAURIN.length - 1] ?? 0;
  for (let n = MACLAURIN.length - 2; n >= 0; n--) s = s * x2 + (MACLAURIN[n] ?? 0);
  return TWO_OVER_SQRT_PI * (x * s);
}

/** erfc a for a ≥ SERIES_LIMIT. */
function erfcPositive(a: number): number {
  return expNegSquare64(a) * erfcxPositive(a);
}

/** erfcx a for a ≥ SERIES_LIMIT. */
function erfcxPositive(a: number): number {
  if (a >= ASYMPTOTIC_LIMIT) {
    // erfcx a ~ (1/(a√π)) Σ (−1)^n (2n−1)!! / (2a²)^n; at a ≥ 12 the terms fall by 2a²/(2n+1) ≥ 11 for the 12
    // terms used, and the truncation error (term 12) is below 1e−17.
    const v = 1 / (2 * a * a);
    let s = 1;
    for (let n = 11; n >= 1; n--) s = 1 - (2 * n - 1) * v * s;
    return (INV_SQRT_PI / a) * s;
  }
  const table = taylorTable();
  const i = Math.min(INTERVALS - 1, Math.floor((a - SERIES_LIMIT) / STEP));
  const coeffs = table[i] ?? [];
  const h = a - (SERIES_LIMIT + (i + 0.5) * STEP);
  let s = coeffs[coeffs.length - 1] ?? 0;
  for (let k = coeffs.length - 2; k >= 0; k--) s = s * h + (coeffs[k] ?? 0);
  return s;
}

let TABLE: readonly (readonly number[])[] | undefined;

/**
 * Taylor coefficients of erfcx about the midpoint of each interval of [SERIES_LIMIT, ASYMPTOTIC_LIMIT), built once
 * at first use (about 0.1 s, once per process) at 30 significant digits and then rounded to doubles. erfcx solves
 * y′ = 2xy − 2/√π, so about a centre c its coefficients follow from y(c) alone:
 *     a₁ = 2c·a₀ − 2/√π,   (k+1)·a_{k+1} = 2c·a_k + 2·a_{k−1}.
 * y(c) comes from stepping the same Taylor series downwards from the asymptotic value at ASYMPTOTIC_LIMIT.
 * Downwards is the stable direction: an error in y(c) travels along the homogeneous solution e^(x²), which
 * shrinks by e^(−2c·h) over a step of length h, whereas upward stepping would amplify it by as much as e^(144).
 */
function taylorTable(): readonly (readonly number[])[] {
  if (TABLE !== undefined) return TABLE;
  const w = precision(30);
  const D = w.D;
  const twoOverSqrtPi = new D(2).div(new D(-1).acos().sqrt());
  const tiny = new D(10).pow(-w.digits - 5);
  // erfcx at the top, from the asymptotic series summed until its terms are below 10^−(digits+5).
  const top = new D(ASYMPTOTIC_LIMIT);
  const v = new D(1).div(top.times(top).times(2));
  let term = new D(1);
  let sum = new D(1);
  for (let n = 1; term.abs().gt(tiny); n++) {
    term = term.times(-(2 * n - 1)).times(v);
    sum = sum.plus(term);
  }
  // y = sum / (a√π) = sum · (2/√π) / (2a).
  let y = sum.times(twoOverSqrtPi).div(top.times(2));
  const coefficients = (c: Decimal, y0: Decimal, h: Decimal): Decimal[] => {
    const a: Decimal[] = [y0, c.times(2).times(y0).minus(twoOverSqrtPi)];
    const habs = h.abs();
    let hk = habs;
    let quiet = 0;
    for (let k = 1; ; k++) {
      const ak = a[k] ?? y0;
      const next = c
        .times(2)
        .times(ak)
        .plus((a[k - 1] ?? y0).times(2))
        .div(k + 1);
      a.push(next);
      // Stop once three consecutive terms at |h| are negligible (a single coefficient can pass near zero).
      hk = hk.times(habs);
      quiet = next.abs().times(hk).lt(tiny) ? quiet + 1 : 0;
      if (quiet === 3) return a;
    }
  };
  const tables: number[][] = new Array<number[]>(INTERVALS);
  // Coefficients about the current point, good for a step of up to STEP; the first step (to the topmost centre)
  // is STEP/2 long.
  let x = top;
  let a = coefficients(x, y, new D(STEP));
  for (let i = INTERVALS - 1; i >= 0; i--) {
    const centre = new D(SERIES_LIMIT).plus(new D(STEP).times(i + 0.5));
    const h = centre.minus(x);
    let yc = new D(0);
    for (let k = a.length - 1; k >= 0; k--) yc = yc.times(h).plus(a[k] ?? 0);
    x = centre;
    y = yc;
    a = coefficients(x, y, new D(STEP));
    // The float table: enough terms for a relative 1e−19 at |h| ≤ STEP/2.
    const bound = y.abs().times('1e-19');
    const kept: number[] = [];
    let hk = new D(1);
    for (const ak of a) {
      kept.push(ak.toNumber());
      if (kept.length > 4 && ak.abs().times(hk).lt(bound)) break;
      hk = hk.times(STEP / 2);
    }
    tables[i] = kept;
  }
  TABLE = tables;
  return TABLE;
}
