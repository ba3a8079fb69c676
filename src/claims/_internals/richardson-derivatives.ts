import type { Decimal } from 'decimal.js';
import { precision } from '../../precision/context.js';

/** Derivatives f(x), f′(x), …, f^(K)(x) from central differences, each with its estimated error. */
export interface ReferenceDerivatives {
  readonly values: readonly Decimal[];
  /** Estimated absolute error of each value (from the Richardson table; 0 for f(x) itself at the working digits). */
  readonly errors: readonly Decimal[];
  /** The working digits of the function evaluations. */
  readonly workingDigits: number;
}

/** Largest number of step halvings. */
const MAX_LEVELS = 22;
/** The first step, 1/16: a dyadic number, so every stencil point x + m·h is exact when x is. */
const FIRST_STEP = '0.0625';

/**
 * An independent route to σ^(k)(x), k ≤ order: the central difference of order k with step h,
 * δ_h^k f(x) / h^k = Σ_j (−1)^j C(k, j) f(x + (k/2 − j)h) / h^k = f^(k)(x) + c₁h² + c₂h⁴ + …,
 * extrapolated in h² (Richardson) over h = 1/16, 1/32, …. The error of each value is estimated as in Ridders' method
 * from the last two entries of the table; the table stops growing when the estimate falls below `target` (absolute)
 * or has not improved for three halvings (rounding has taken over).
 *
 * `f` must be computed at `workingDigits`; the k-th difference at the smallest step h_L loses about k·log₁₀(1/h_L)
 * digits, so callers pick workingDigits ≳ wanted + 6·order + 30.
 */
export function richardsonDerivatives(
  f: (x: Decimal) => Decimal,
  x: Decimal,
  order: number,
  workingDigits: number,
  target: Decimal,
): ReferenceDerivatives {
  const w = precision(workingDigits);
  const x0 = new w.D(x);
  // Stencil points are x + m·h_L/2 for integers m; evaluations are shared across orders and levels.
  const cache = new Map<string, Decimal>();
  const at = (offset: Decimal): Decimal => {
    const key = offset.toString();
    let v = cache.get(key);
    if (v === undefined) {
      v = f(x0.plus(offset));
      cache.set(key, v);
    }
    return v;
  };
  const values: Decimal[] = [at(new w.D(0))];
  const errors: Decimal[] = [new w.D(0)];
  for (let k = 1; k <= order; k++) {
    const binom = binomials(k);
    const diff = (h: Decimal): Decimal => {
      let s = new w.D(0);
      for (let j = 0; j <= k; j++) {
        const term = at(h.times(k / 2 - j)).times(binom[j] ?? 0);
        s = j % 2 === 0 ? s.plus(term) : s.minus(term);
      }
      return s.div(h.pow(k));
    };
    let h = new w.D(FIRST_STEP);
    let previous: Decimal[] = [diff(h)];
    let best = previous[0] ?? new w.D(0);
    let bestError = new w.D(Infinity);
    let stale = 0;
    for (let level = 1; level <= MAX_LEVELS; level++) {
      h = h.div(2);
      const row: Decimal[] = [diff(h)];
      const before = bestError;
      let four = new w.D(1);
      for (let m = 1; m <= level; m++) {
        four = four.times(4);
        const hi = row[m - 1] ?? new w.D(0);
        const lo = previous[m - 1] ?? new w.D(0);
        const next = hi.plus(hi.minus(lo).div(four.minus(1)));
        row.push(next);
        const err = w.D.max(next.minus(hi).abs(), next.minus(lo).abs());
        if (err.lt(bestError)) {
          bestError = err;
          best = next;
        }
      }
      if (bestError.lt(target)) break;
      // Three halvings without a better estimate: rounding has taken over.
      stale = bestError.lt(before) ? 0 : stale + 1;
      if (stale >= 3) break;
      previous = row;
    }
    values.push(best);
    errors.push(bestError);
  }
  return { values, errors, workingDigits };
}

function binomials(k: number): number[] {
  const row = [1];
  for (let i = 1; i <= k; i++) row.push(((row[i - 1] ?? 0) * (k - i + 1)) / i);
  return row;
}
