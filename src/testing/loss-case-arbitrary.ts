import fc from 'fast-check';
import type { Dataset } from '../network/dataset.js';
import type { Precision } from '../precision/context.js';
import { datasetArbitrary, type DatasetArbitraryConstraints } from './dataset-arbitrary.js';
import {
  networkArbitrary,
  type NetworkArbitraryConstraints,
  type NetworkSample,
} from './network-arbitrary.js';

/** A network, a parameter vector and a dataset of the network's input dimension. */
export interface LossCase extends NetworkSample {
  readonly data: Dataset;
}

/** Constraints of {@link lossCaseArbitrary}: those of the network and of the data (the dimension comes from the
 * network). */
export interface LossCaseConstraints {
  readonly network?: NetworkArbitraryConstraints;
  readonly data?: Omit<DatasetArbitraryConstraints, 'inputDimension'>;
}

/** Inputs of a loss: a small network, its parameters and matching data. */
export function lossCaseArbitrary(
  p: Precision,
  constraints: LossCaseConstraints = {},
): fc.Arbitrary<LossCase> {
  return networkArbitrary(p, constraints.network).chain((sample) =>
    datasetArbitrary(p, { ...constraints.data, inputDimension: sample.network.layout.inputDimension }).map(
      (data) => ({ ...sample, data }),
    ),
  );
}
