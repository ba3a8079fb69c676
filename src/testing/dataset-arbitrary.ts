import fc from 'fast-check';
import type { Dataset } from '../network/dataset.js';
import type { Precision } from '../precision/context.js';
import { gridDecimal } from './_internals/grid-decimal.js';

/** Constraints of {@link datasetArbitrary}. */
export interface DatasetArbitraryConstraints {
  /** Input dimension d. Default 1. */
  readonly inputDimension?: number;
  /** Fewest samples. Default 1. */
  readonly minSamples?: number;
  /** Most samples. Default 5. */
  readonly maxSamples?: number;
  /** Inputs lie in [−inputBound, inputBound] on a 10⁻³ grid. Default 3. */
  readonly inputBound?: number;
  /** Targets lie in [−targetBound, targetBound] on a 10⁻³ grid. Default 2. */
  readonly targetBound?: number;
  /** Draw sample weights ρ_n ∈ [0.1, 2] too. Default false (all 1). */
  readonly weights?: boolean;
}

/** Small datasets with exact decimal inputs, targets and (optionally) weights. */
export function datasetArbitrary(
  p: Precision,
  constraints: DatasetArbitraryConstraints = {},
): fc.Arbitrary<Dataset> {
  const {
    inputDimension = 1,
    minSamples = 1,
    maxSamples = 5,
    inputBound = 3,
    targetBound = 2,
    weights = false,
  } = constraints;
  const sample = fc.record({
    x: fc.array(gridDecimal(p, -inputBound, inputBound), {
      minLength: inputDimension,
      maxLength: inputDimension,
    }),
    y: gridDecimal(p, -targetBound, targetBound),
    rho: weights ? gridDecimal(p, 0.1, 2) : fc.constant(undefined),
  });
  return fc.array(sample, { minLength: minSamples, maxLength: maxSamples }).map((rows) => {
    const base = { inputs: rows.map((r) => r.x), targets: rows.map((r) => r.y) };
    return weights ? { ...base, weights: rows.map((r) => r.rho ?? new p.D(1)) } : base;
  });
}
