import type { Decimal } from 'decimal.js';
import { refineCriticalPoint } from '../../flow/refine-critical-point.js';
import type { Problem } from '../../network/problem.js';
import type { Precision } from '../../precision/context.js';
import type { Verdict } from '../claim.js';
import { channelRun } from './channel-runs.js';

/** A critical point of a user problem to build a saddle line on, or why there is none. */
export type ProblemCriticalPoint =
  | { readonly kind: 'found'; readonly point: readonly Decimal[]; readonly origin: string }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * A float64 gradient flow to t = 1e4 from the problem's initial point (cheap, and away from the trivial critical
 * point a = 0 that Newton from the initial point tends to find), then Newton with the exact Hessian at p digits.
 */
export function problemCriticalPoint(problem: Problem, p: Precision): ProblemCriticalPoint {
  const flow = channelRun(problem, { until: '1e4', recordsPerDecade: 1 });
  const end = flow.records[flow.records.length - 1]?.params ?? problem.initial(p).map(String);
  const refined = refineCriticalPoint(problem, end, p);
  if (refined.kind !== 'converged') {
    return {
      kind: 'none',
      reason: `no critical point of ${problem.name} found to duplicate (float64 flow to t = 1e4, then Newton: ${refined.kind})`,
    };
  }
  return {
    kind: 'found',
    point: refined.point,
    origin: `${problem.name}: the ${refined.type} found by a float64 flow to t = 1e4 and Newton (${refined.iterations} steps)`,
  };
}

/** The verdict of a claim on a problem where {@link problemCriticalPoint} found no critical point to build on. */
export function noCriticalPointVerdict(
  problem: Problem,
  p: Precision,
  none: { readonly kind: 'none'; readonly reason: string },
): Verdict {
  return {
    kind: 'inconclusive',
    summary: none.reason,
    evidence: { problem: problem.name, digits: p.digits },
  };
}
