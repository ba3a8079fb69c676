import type { Decimal } from 'decimal.js';
import { refineCriticalPoint } from '../../flow/refine-critical-point.js';
import type { Dataset } from '../../network/dataset.js';
import type { Network } from '../../network/loss.js';
import { precision, type Precision } from '../../precision/context.js';
import type { FollowPoint } from '../follow-channel.js';
import { describeFloorPoint } from './describe-floor.js';
import type { Restricted } from './valley-floor.js';

/** The reported values of a confirmed valley-floor point (rounded to the report digits). */
export type FloorValues = Omit<FollowPoint, 'digits' | 'params' | 'raisedFrom' | 'confirmedDigits'>;

/** Options of {@link confirmFloorPoint}. */
export interface ConfirmFloorOptions {
  /** Significant digits the two solves must agree on (every reported value). Default 20. */
  readonly reportDigits?: number;
  /** Digits added for the confirming solve. Default 20. */
  readonly confirmStep?: number;
  /** Newton iterations of the confirming solve. Default 60. */
  readonly maxIterations?: number;
}

export type FloorConfirmation =
  | {
      readonly kind: 'confirmed';
      /** The confirming solve's values, rounded to reportDigits (equal to the candidate's after rounding). */
      readonly values: FloorValues;
      readonly confirmedDigits: number;
    }
  | { readonly kind: 'unconfirmed'; readonly reason: string };

/**
 * The project's +20-digit confirmation of a valley-floor point at fixed A (shared by the continuation and the jump
 * routes): the candidate u, found at W digits by any method, is solved again by Newton at W + confirmStep digits
 * starting from it, and every reported value (ε, loss, c, a, v, w, dL/dA, λ_max) of the two must agree after
 * rounding to reportDigits. A candidate that is off the floor, or computed with too few digits, disagrees.
 */
export function confirmFloorPoint(
  network: Network,
  data: (q: Precision) => Dataset,
  i: number,
  j: number,
  A: Decimal,
  r: Restricted,
  u: readonly Decimal[],
  W: number,
  options: ConfirmFloorOptions = {},
): FloorConfirmation {
  const { reportDigits = 20, confirmStep = 20, maxIterations = 60 } = options;
  const R = precision(reportDigits);
  const hi = precision(W + confirmStep);
  const second = refineCriticalPoint(r.objective, u, hi, { maxIterations });
  if (second.kind !== 'converged') {
    return {
      kind: 'unconfirmed',
      reason: `the confirming solve at ${W + confirmStep} digits did not converge (${second.kind}) at A = ${A.toString()}`,
    };
  }
  // The candidate is described at W digits, as computed afresh (a candidate whose W digits are too few must
  // show it). The confirming solve's last evaluation (at its point before rounding, with 10 more digits) already
  // holds L, ∇L and ∇²L there: it is reused when found instead of being computed again.
  const pa = describeFloorPoint(network, data, r.toFlat(u, precision(W)), A, i, j, precision(W), R);
  const known = r.evaluated(second.point, hi);
  const pb =
    known === undefined
      ? describeFloorPoint(network, data, r.toFlat(second.point, hi), A, i, j, hi, R)
      : describeFloorPoint(network, data, known.flat, A, i, j, hi, R, known.result);
  const bad = pa.check.findIndex((x, k) => !x.eq(pb.check[k] as Decimal));
  if (bad >= 0) {
    return {
      kind: 'unconfirmed',
      reason: `values at ${W} and ${W + confirmStep} digits disagree in their first ${reportDigits} digits at A = ${A.toString()}`,
    };
  }
  return { kind: 'confirmed', values: pb.point, confirmedDigits: reportDigits };
}
