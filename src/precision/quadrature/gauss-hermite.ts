import type { Decimal } from 'decimal.js';
import { precision, roundTo, type Precision } from '../context.js';
import { hermiteZerosF64, orthonormalPair } from './_internals/hermite-float64.js';

/** Largest supported number of nodes (the float64 bisection is O(n²) and the Decimal refinement O(n²·digits²)). */
export const MAX_GAUSS_HERMITE_NODES = 2000;

/**
 * An n-point Gauss–Hermite rule for the standard normal: E[f(x)] ≈ Σ w_i f(x_i), x ~ N(0, 1), exact for
 * polynomials of degree ≤ 2n − 1. Nodes ascending and symmetric (x_{n−1−i} = −x_i); weights positive, summing to 1.
 */
export interface GaussHermiteRule<T = Decimal> {
  readonly n: number;
  readonly nodes: readonly T[];
  readonly weights: readonly T[];
}

function checkN(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_GAUSS_HERMITE_NODES) {
    throw new RangeError(`${what}: n must be an integer in 1…${MAX_GAUSS_HERMITE_NODES}, got ${String(n)}`);
  }
}

/** He_n(x) and He_{n−1}(x) by the three-term recurrence He_{k+1} = x·He_k − k·He_{k−1}, at the precision of x. */
function hermitePair(n: number, x: Decimal): { hn: Decimal; hn1: Decimal } {
  let prev = new (x.constructor as typeof Decimal)(1);
  let cur = x;
  if (n === 1) return { hn: cur, hn1: prev };
  for (let k = 1; k < n; k++) {
    const next = x.times(cur).minus(prev.times(k));
    prev = cur;
    cur = next;
  }
  return { hn: cur, hn1: prev };
}

/**
 * Precisions of the Newton stages: the target, then ⌈d/2⌉ + 3, … down to the first value ≤ 30. Newton doubles
 * the correct digits per step, so each stage needs one step at about twice the digits of the previous one, and
 * only the last two evaluations run at full precision.
 */
function stages(target: number): number[] {
  const out = [target];
  while (out[0]! > 30) out.unshift(Math.ceil(out[0]! / 2) + 3);
  return out;
}

const cache = new Map<string, GaussHermiteRule>();

/**
 * The n-point Gauss–Hermite rule for N(0, 1) at `p.digits` significant digits (cached per (n, digits)).
 *
 * Method: float64 zeros by Sturm bisection on the Jacobi matrix, refined by Newton on He_n with the exact
 * derivative He_n' = n·He_{n−1}, at doubling precisions up to `p.digits + 10`; Newton stops when the step is
 * below 10^−(digits+5)·max(1, |x|). Weights w_i = n! / (n²·He_{n−1}(x_i)²) (the Christoffel numbers of the
 * probability measure), computed at the same precision; all values are then rounded to `p`.
 * Cost: O(n²) at full precision: about 0.01 s for n = 20, 0.1–0.2 s for n = 100 at 60 digits, 0.5 s for n = 100
 * at 300 digits, 6 s for n = 1000 at 30 digits.
 *
 * Example: `gaussHermite(2, p)` has nodes ∓1 and weights 1/2, 1/2.
 * See also `gaussHermiteExpectation`, `gaussHermiteF64`, `deExpectation` (adaptive, with an error estimate).
 */
export function gaussHermite(n: number, p: Precision): GaussHermiteRule {
  checkN(n, 'gaussHermite');
  const key = `${n}/${p.digits}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const g = precision(p.digits + 10);
  const start = hermiteZerosF64(n);
  const nodes = new Array<Decimal>(n);
  const weights = new Array<Decimal>(n);
  let factorial = new g.D(1);
  for (let k = 2; k <= n; k++) factorial = factorial.times(k);
  const nn = new g.D(n).times(n);
  const plan = stages(g.digits);
  for (let i = Math.floor(n / 2); i < n; i++) {
    const x0 = start[i]!;
    let x: Decimal;
    let hn1: Decimal;
    if (x0 === 0) {
      // The middle zero of an odd degree: He_{n−1}(0) = (−1)^{(n−1)/2}·(n−2)!!, recurrence at x = 0 exactly.
      x = new g.D(0);
      hn1 = hermitePair(n, x).hn1;
    } else {
      x = new (precision(plan[0]!).D)(x0);
      for (let s = 0; s < plan.length - 1; s++) {
        const q = precision(plan[s]!);
        x = new q.D(x);
        const { hn, hn1: h } = hermitePair(n, x);
        x = x.minus(hn.div(h.times(n)));
      }
      x = new g.D(x);
      // Quadratic convergence: once a step is below 10^−(g−5)·max(1, |x|) the error after it is far smaller, and
      // rounding noise in He_n (about 10^−g relative to its largest recurrence term) cannot stall the loop there.
      const tol = new g.D(10).pow(5 - g.digits).times(x.abs().gt(1) ? x.abs() : 1);
      let last: Decimal | undefined;
      for (;;) {
        const pair = hermitePair(n, x);
        const step = pair.hn.div(pair.hn1.times(n));
        x = x.minus(step);
        hn1 = pair.hn1;
        if (step.abs().lte(tol)) break;
        // A step that does not at least halve means rounding noise dominates: x is as good as it gets.
        if (last !== undefined && step.abs().gt(last.abs().div(2))) break;
        last = step;
      }
    }
    const w = roundTo(p, factorial.div(nn.times(hn1).times(hn1)));
    nodes[i] = roundTo(p, x);
    weights[i] = w;
    nodes[n - 1 - i] = roundTo(p, x.neg());
    weights[n - 1 - i] = w;
  }
  const rule: GaussHermiteRule = Object.freeze({
    n,
    nodes: Object.freeze(nodes),
    weights: Object.freeze(weights),
  });
  cache.set(key, rule);
  return rule;
}

/** The float64 n-point Gauss–Hermite rule for N(0, 1) (weights of far nodes may underflow to 0). */
export function gaussHermiteF64(n: number): GaussHermiteRule<number> {
  checkN(n, 'gaussHermiteF64');
  const nodes = hermiteZerosF64(n);
  const weights = nodes.map((x) => {
    const { pn1, log2Scale } = orthonormalPair(n, x);
    return 1 / (n * pn1 * pn1) / 2 ** (2 * log2Scale);
  });
  return Object.freeze({ n, nodes: Object.freeze(nodes), weights: Object.freeze(weights) });
}
