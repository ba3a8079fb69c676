import type { Decimal } from 'decimal.js';
import { roundTo, type Precision } from '../context.js';
import { convergedOutcome, resolveDeOptions } from './_internals/de-common.js';
import { deNode, MAX_T, weightCutoff } from './_internals/de-nodes.js';

/** An integrand for E[f(x)], x ~ N(0, 1): called with x and the working context `q` (compute f at q's digits). */
export type NormalIntegrand = (x: Decimal, q: Precision) => Decimal;

/** Options of {@link deExpectation} (and, with larger budgets, `deProductExpectation`). */
export interface DeExpectationOptions {
  /** Significant digits successive levels must agree to (relative to the estimate). Default `p.digits`; at most
   * `p.digits`. */
  readonly digits?: number;
  /**
   * Absolute tolerance: successive levels also count as agreeing when they differ by at most this much. Default 0
   * (purely relative). Set it when the expectation may be exactly 0 or tiny compared with E|f|.
   */
  readonly absoluteTolerance?: Decimal.Value;
  /** Digits added to `p.digits` for nodes, weights, f and the sums; the value is rounded to `p`. Default 10. */
  readonly guardDigits?: number;
  /**
   * First level allowed to declare convergence (level k has step 2^−(k+1) in t). Default 3 (step 1/16): coarser
   * grids can agree by accident on oscillating or steep integrands.
   */
  readonly minLevels?: number;
  /** Last level tried before `notConverged` with reason 'maxLevels'. Default 12 (step 2^−13). */
  readonly maxLevels?: number;
  /** Budget of f evaluations before `notConverged` with reason 'maxEvaluations'. Default 100 000
   * (`deProductExpectation`: 2 000 000). */
  readonly maxEvaluations?: number;
}

/** Why an adaptive quadrature stopped without earning its value. */
export type QuadratureFailure = 'maxLevels' | 'maxEvaluations' | 'tail' | 'notFinite';

/** Outcome of {@link deExpectation} and `deProductExpectation`. */
export type QuadratureOutcome =
  | {
      readonly kind: 'converged';
      /** E[f] rounded to `p`. */
      readonly value: Decimal;
      /**
       * A bound on |value − E[f]|, rounded up to 3 digits: the difference of the last two levels (the error of
       * the coarser one; the finer one, which is returned, is far more accurate because the convergence is
       * exponential) + a bound on accumulated rounding + the truncated tails + the final rounding to `p`.
       */
      readonly errorEstimate: Decimal;
      readonly evaluations: number;
      /** Number of levels computed (level 0 … levels − 1). */
      readonly levels: number;
    }
  | {
      readonly kind: 'notConverged';
      readonly reason: QuadratureFailure;
      /** The finest estimate reached; NOT a result: its error is unknown. */
      readonly bestEstimate: Decimal;
      /** The last difference between levels (a guess of the error, not a bound). */
      readonly lastDifference: Decimal;
      readonly evaluations: number;
      readonly levels: number;
    };

/**
 * E[f(x)] for x ~ N(0, 1) by double-exponential quadrature: the substitution x = sinh t turns
 * ∫ f(x) φ(x) dx into ∫ f(sinh t)·φ(sinh t)·cosh t dt, whose integrand decays double-exponentially
 * (like exp(−e^{2|t|}/8)), and the trapezoidal rule in t then converges exponentially in the number of nodes for
 * f analytic near the real axis (error ≈ exp(−c/h) for step h). This map is milder than sinh-sinh: the Gaussian
 * already decays fast, and a stronger map would shrink the strip of analyticity in t and slow convergence.
 *
 * Levels halve the step (h = 1/2, 1/4, …), reusing all previous nodes; the result is accepted at the first level
 * ≥ `minLevels` whose sum agrees with the previous level's to `digits` significant digits (or to
 * `absoluteTolerance`). The range of t is fixed at level 0: it extends outwards from where φ alone is negligible
 * until the outermost terms |f·φ·cosh| are below 10^−(digits+guard) of Σ|terms| (so f may grow, e.g. like a
 * polynomial, but must not have features beyond where the tail test looks).
 *
 * Cost: each level doubles the evaluations, and the accepted level is one beyond the level that first reaches the
 * requested accuracy (it is needed to confirm it), so about 450 evaluations at 40 digits, 1 000 at 100 digits and
 * 4 600 at 300 digits (nodes and weights are cached per precision; f dominates after the first call). For an
 * entire f (polynomials, cos, erf) at several hundred digits a fixed Gauss–Hermite rule is far cheaper; DE is
 * the rule that certifies its own error.
 *
 * Never returns an unearned value: if the budget runs out, the outcome is `notConverged` with the best estimate
 * labelled as such.
 *
 * Example: `deExpectation((x) => x.cos(), p)` converges to e^−1/2.
 * See also `gaussHermiteExpectation` (cheaper for smooth, slowly varying f, but without an error estimate),
 * `deProductExpectation` (d dimensions).
 */
export function deExpectation(
  f: NormalIntegrand,
  p: Precision,
  options: DeExpectationOptions = {},
): QuadratureOutcome {
  const { q, relTol, absTol, minLevels, maxLevels, maxEvaluations } = resolveDeOptions(
    p,
    options,
    100_000,
    'deExpectation',
  );
  let evaluations = 0;
  let finite = true;
  const term = (m: number, level: number, sign: 1 | -1): Decimal => {
    const node = deNode(q, m, level);
    const fx = new q.D(f(sign === 1 ? node.x : node.x.neg(), q));
    evaluations += 1;
    if (!fx.isFinite()) finite = false;
    return fx.times(node.u);
  };
  const notConverged = (
    reason: QuadratureFailure,
    sum: Decimal,
    diff: Decimal,
    levels: number,
  ): QuadratureOutcome => ({
    kind: 'notConverged',
    reason,
    bestEstimate: roundTo(p, sum),
    lastDifference: roundTo(p, diff),
    evaluations,
    levels,
  });

  // Level 0 (step 1/2): j runs over −J … J, t = j/2.
  let J = 2 * weightCutoff(q.digits + 2);
  const level0: Decimal[] = [term(0, 0, 1)];
  for (let j = 1; j <= J; j++) level0.push(term(j, 0, 1), term(j, 0, -1));
  const eps = new q.D(10).pow(-q.digits);
  const sumOf = (xs: readonly Decimal[]): Decimal => xs.reduce((s, x) => s.plus(x), new q.D(0));
  const absSum = (xs: readonly Decimal[]): Decimal => xs.reduce((s, x) => s.plus(x.abs()), new q.D(0));
  const outer = (): Decimal => level0[level0.length - 1]!.abs().plus(level0[level0.length - 2]!.abs());
  while (finite && outer().gt(eps.times(absSum(level0)))) {
    if (J / 2 + 0.5 > MAX_T) return notConverged('tail', sumOf(level0).div(2), outer(), 1);
    J += 1;
    level0.push(term(J, 0, 1), term(J, 0, -1));
  }
  const tail = outer();
  let h = new q.D(1).div(2);
  let sum = sumOf(level0);
  let l1 = absSum(level0);
  let terms = level0.length;
  let prev = sum.times(h);
  let lastDiff = new q.D(NaN);
  if (!finite) return notConverged('notFinite', prev, lastDiff, 1);
  for (let level = 1; level <= maxLevels; level++) {
    // New nodes: odd m with t = m·2^−(level+1) inside (−T, T), T = J/2 = mMax·2^−(level+1).
    const mMax = J * 2 ** level;
    const fresh = mMax / 2; // odd m in 1 … mMax − 1, on each side
    if (evaluations + 2 * fresh > maxEvaluations) {
      return notConverged('maxEvaluations', prev, lastDiff, level);
    }
    for (let m = 1; m < mMax; m += 2) {
      const a = term(m, level, 1);
      const b = term(m, level, -1);
      sum = sum.plus(a).plus(b);
      l1 = l1.plus(a.abs()).plus(b.abs());
    }
    terms += 2 * fresh;
    h = h.div(2);
    const estimate = sum.times(h);
    const diff = estimate.minus(prev).abs();
    if (!finite) return notConverged('notFinite', estimate, diff, level + 1);
    const tol = relTol.times(estimate.abs());
    if (level >= minLevels && (diff.lte(tol) || diff.lte(absTol))) {
      return convergedOutcome(p, q, estimate, diff, l1.times(h), terms, tail, evaluations, level + 1);
    }
    prev = estimate;
    lastDiff = diff;
  }
  return notConverged('maxLevels', prev, lastDiff, maxLevels + 1);
}
