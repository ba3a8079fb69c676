import type { Decimal } from 'decimal.js';
import { toDataset64, type Dataset, type Dataset64 } from '../network/dataset.js';
import { lossAndDerivatives, type LossOptions, type Network } from '../network/loss.js';
import { lossAndDerivatives64 } from '../network/loss64.js';
import { precision, type Precision } from '../precision/context.js';

/** What an objective evaluation should include besides the loss (gradient default true, Hessian default false). */
export type ObjectiveEvalOptions = Pick<LossOptions, 'gradient' | 'hessian'>;

/** L(θ) and, when asked for, ∇L(θ) and the (symmetric, row-major) Hessian, rounded to the requested precision. */
export interface ObjectiveValue {
  readonly loss: Decimal;
  readonly gradient?: readonly Decimal[];
  readonly hessian?: readonly (readonly Decimal[])[];
  /** An error bound of the loss from quadrature (population losses), when known. */
  readonly quadratureError?: Decimal;
}

/** The float64 twin of {@link ObjectiveValue}; the Hessian is row-major P × P. */
export interface ObjectiveValue64 {
  readonly loss: number;
  readonly gradient?: Float64Array;
  readonly hessian?: Float64Array;
}

/**
 * What the flow and the critical-point refinement need from a loss: exact evaluation at a precision (and
 * optionally in float64). A network problem (`loadProblem`) satisfies this interface; `network` and `dataset`
 * additionally enable the Taylor integrator, which propagates jets through the network itself.
 */
export interface Objective {
  evaluate(flat: readonly Decimal[], p: Precision, options?: ObjectiveEvalOptions): ObjectiveValue;
  evaluate64?(flat: Float64Array, options?: ObjectiveEvalOptions): ObjectiveValue64;
  readonly network?: Network;
  dataset?(p: Precision): Dataset;
}

/**
 * The objective of a network on data: `datasetAt(p)` gives the samples at precision p (it is called once per
 * precision and cached), and `dataset64` (default: derived from the data at 20 digits) the float64 twin.
 */
export function networkObjective(
  network: Network,
  datasetAt: (p: Precision) => Dataset,
  dataset64?: Dataset64,
): Objective {
  const cache = new Map<number, Dataset>();
  const dataset = (p: Precision): Dataset => {
    let d = cache.get(p.digits);
    if (d === undefined) {
      d = datasetAt(p);
      cache.set(p.digits, d);
    }
    return d;
  };
  let d64 = dataset64;
  return {
    network,
    dataset,
    evaluate: (flat, p, options = {}) => lossAndDerivatives(network, dataset(p), flat, p, options),
    evaluate64: (flat, options = {}) => {
      // Rounding 20-digit data to doubles gives each value to the nearest double.
      d64 ??= toDataset64(dataset(precision(20)));
      return lossAndDerivatives64(network, d64, flat, options);
    },
  };
}
