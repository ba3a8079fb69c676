import type { Decimal } from 'decimal.js';
import { roundTo, type Precision } from '../context.js';
import { deNode, MAX_T, weightCutoff } from './_internals/de-nodes.js';
import { convergedOutcome, resolveDeOptions } from './_internals/de-common.js';
import type { DeExpectationOptions, QuadratureFailure, QuadratureOutcome } from './de-expectation.js';
import type { MultivariateNormalIntegrand } from './gauss-hermite-expectation.js';

/** Largest dimension accepted (the grid has about (16·2^level)^d points). */
export const MAX_PRODUCT_DIMENSION = 6;

/**
 * E[f(x)], x ~ N(0, I_d), by the tensor product of the sinh-mapped trapezoidal rules of `deExpectation`, with
 * the same level doubling (all coordinates refined together, earlier evaluations reused), the same acceptance
 * rule (two successive levels agree to `digits`) and the same honest outcome. The range of t is set at level 0
 * from the Gaussian weight and widened while the outermost shell of the grid (any coordinate at ±T) carries more
 * than 10^−(digits+guard) of Σ|terms|.
 *
 * Cost grows like N^d (N ≈ 16·2^level nodes per axis): meant for d ≤ 3 and cheap integrands; for smooth f,
 * `gaussHermiteProductExpectation` is far cheaper. Default `maxEvaluations` 2 000 000.
 */
export function deProductExpectation(
  f: MultivariateNormalIntegrand,
  d: number,
  p: Precision,
  options: DeExpectationOptions = {},
): QuadratureOutcome {
  if (!Number.isInteger(d) || d < 1 || d > MAX_PRODUCT_DIMENSION) {
    throw new RangeError(
      `deProductExpectation: d must be an integer in 1…${MAX_PRODUCT_DIMENSION}, got ${String(d)}`,
    );
  }
  const { q, relTol, absTol, minLevels, maxLevels, maxEvaluations } = resolveDeOptions(
    p,
    options,
    2_000_000,
    'deProductExpectation',
  );
  let evaluations = 0;
  let finite = true;
  // f·Πu at integer coordinates m (t_i = m_i·2^−(level+1)), memoised under the coordinates at the finest level.
  const memo = new Map<string, Decimal>();
  const value = (m: readonly number[], level: number): Decimal => {
    const scale = 2 ** (maxLevels - level);
    const key = m.map((v) => v * scale).join(',');
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let w = new q.D(1);
    const x = m.map((mi) => {
      const node = deNode(q, Math.abs(mi), level);
      w = w.times(node.u);
      return mi < 0 ? node.x.neg() : node.x;
    });
    const fx = new q.D(f(x, q));
    evaluations += 1;
    if (!fx.isFinite()) finite = false;
    const v = fx.times(w);
    memo.set(key, v);
    return v;
  };
  /** Σ over the grid [−M, M]^d: signed sum, absolute sum, and absolute sum over the outer shell. */
  const gridSums = (mMax: number, level: number): { sum: Decimal; l1: Decimal; shell: Decimal } => {
    let sum = new q.D(0);
    let l1 = new q.D(0);
    let shell = new q.D(0);
    const m = new Array<number>(d).fill(-mMax);
    for (;;) {
      const v = value(m, level);
      sum = sum.plus(v);
      l1 = l1.plus(v.abs());
      if (m.some((mi) => Math.abs(mi) === mMax)) shell = shell.plus(v.abs());
      let k = d - 1;
      while (k >= 0 && m[k] === mMax) m[k--] = -mMax;
      if (k < 0) break;
      m[k] = m[k]! + 1;
    }
    return { sum, l1, shell };
  };
  const notConverged = (
    reason: QuadratureFailure,
    est: Decimal,
    diff: Decimal,
    levels: number,
  ): QuadratureOutcome => ({
    kind: 'notConverged',
    reason,
    bestEstimate: roundTo(p, est),
    lastDifference: roundTo(p, diff),
    evaluations,
    levels,
  });
  const points = (mMax: number): number => (2 * mMax + 1) ** d;
  const eps = new q.D(10).pow(-q.digits);
  const h0d = new q.D(2).pow(-d);
  let J = 2 * weightCutoff(q.digits + 2);
  if (points(J) > maxEvaluations) return notConverged('maxEvaluations', new q.D(NaN), new q.D(NaN), 0);
  let s0 = gridSums(J, 0);
  while (finite && s0.shell.gt(eps.times(s0.l1))) {
    if (J / 2 + 0.5 > MAX_T) return notConverged('tail', s0.sum.times(h0d), s0.shell.times(h0d), 1);
    if (points(J + 1) > maxEvaluations)
      return notConverged('maxEvaluations', s0.sum.times(h0d), new q.D(NaN), 1);
    J += 1;
    s0 = gridSums(J, 0);
  }
  const tail = s0.shell.times(h0d).times(2);
  let prev = s0.sum.times(h0d);
  let lastDiff = new q.D(NaN);
  if (!finite) return notConverged('notFinite', prev, lastDiff, 1);
  for (let level = 1; level <= maxLevels; level++) {
    const mMax = J * 2 ** level;
    if (evaluations + points(mMax) - points(mMax / 2) > maxEvaluations) {
      return notConverged('maxEvaluations', prev, lastDiff, level);
    }
    const s = gridSums(mMax, level);
    const hd = new q.D(2).pow(-d * (level + 1));
    const estimate = s.sum.times(hd);
    const diff = estimate.minus(prev).abs();
    if (!finite) return notConverged('notFinite', estimate, diff, level + 1);
    if (level >= minLevels && (diff.lte(relTol.times(estimate.abs())) || diff.lte(absTol))) {
      return convergedOutcome(
        p,
        q,
        estimate,
        diff,
        s.l1.times(hd),
        points(mMax),
        tail,
        evaluations,
        level + 1,
      );
    }
    prev = estimate;
    lastDiff = diff;
  }
  return notConverged('maxLevels', prev, lastDiff, maxLevels + 1);
}
