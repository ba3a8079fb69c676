import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import type { Precision } from '../precision/context.js';
import { gridDecimal } from './_internals/grid-decimal.js';
import { lossCaseArbitrary, type LossCase, type LossCaseConstraints } from './loss-case-arbitrary.js';

/** A parent network θ* (with data), the neuron to split and the position γ on its saddle line. */
export interface SaddleLineSample {
  readonly parent: LossCase;
  /** 0-based index of the duplicated neuron. */
  readonly neuron: number;
  readonly gamma: Decimal;
}

/** Constraints of {@link saddleLineArbitrary}. */
export interface SaddleLineConstraints extends LossCaseConstraints {
  /** γ lies in [minGamma, maxGamma] (10⁻³ grid). Default −2…3: inside and outside (0, 1). */
  readonly minGamma?: number;
  readonly maxGamma?: number;
}

/**
 * Saddle lines θ* + γ: a random parent network (not necessarily critical: splitting invariance holds for any θ*;
 * refine θ* to a critical point first to study the line's curvature), a neuron and γ. Use splitNeuron to get θ_γ.
 */
export function saddleLineArbitrary(
  p: Precision,
  constraints: SaddleLineConstraints = {},
): fc.Arbitrary<SaddleLineSample> {
  const { minGamma = -2, maxGamma = 3, ...rest } = constraints;
  return lossCaseArbitrary(p, rest).chain((parent) =>
    fc.record({
      parent: fc.constant(parent),
      neuron: fc.integer({ min: 0, max: parent.network.layout.width - 1 }),
      gamma: gridDecimal(p, minGamma, maxGamma),
    }),
  );
}
