import type { Decimal } from 'decimal.js';
import type { Network } from '../network/loss.js';
import type { LossResult64 } from '../network/loss64.js';
import type { Dataset64 } from '../network/dataset.js';
import type { Precision } from '../precision/context.js';

/**
 * What a sweep needs from a problem: its network, the float64 data it trains on, and the exact loss for the
 * escalations of the classification. A loaded problem (`loadProblem`) provides all of it; see loadSweepProblem.
 */
export interface SweepProblem {
  readonly network: Network;
  /** The training data in float64. */
  readonly data64: Dataset64;
  evaluate(
    flat: readonly Decimal[],
    p: Precision,
    options?: { readonly gradient?: boolean; readonly hessian?: boolean },
  ): {
    readonly loss: Decimal;
    readonly gradient?: readonly Decimal[];
    readonly hessian?: readonly (readonly Decimal[])[];
  };
  evaluate64(
    flat: Float64Array,
    options?: { readonly gradient?: boolean; readonly hessian?: boolean },
  ): LossResult64;
}
