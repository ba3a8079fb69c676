// Random exact critical points for the saddle-line laws: targets built from a residual orthogonal to the
// Jacobian (criticalData, shared with the plateau-classification counterexample search), no Newton refinement.
import fc from 'fast-check';
import type { Activation } from '../../src/activations/index.js';
import {
  criticalData,
  type CriticalCase,
} from '../../src/claims/counterexamples/_internals/critical-data.js';
import { parameterCount } from '../../src/network/params.js';
import type { Precision } from '../../src/precision/context.js';
import { gridDecimal } from '../../src/testing/_internals/grid-decimal.js';

export type { CriticalCase };

/** Constraints of {@link criticalCaseArbitrary}. */
export interface CriticalCaseConstraints {
  readonly activation: fc.Arbitrary<Activation>;
  readonly maxInputDimension?: number;
  /** Hidden and output biases drawn at random. Default true. */
  readonly biases?: boolean;
  /** Residual norms lie in [minScale, maxScale]. */
  readonly minScale?: number;
  readonly maxScale?: number;
}

/** Width-1 networks at an exact critical point of 7 weighted samples (more samples than parameters). */
export function criticalCaseArbitrary(
  p: Precision,
  constraints: CriticalCaseConstraints,
): fc.Arbitrary<CriticalCase> {
  const { activation, maxInputDimension = 2, biases = true, minScale = 0.01, maxScale = 1 } = constraints;
  const N = 7;
  return fc
    .record({
      activation,
      layout: fc.record({
        width: fc.constant(1),
        inputDimension: fc.integer({ min: 1, max: maxInputDimension }),
        hiddenBias: biases ? fc.boolean() : fc.constant(false),
        outputBias: biases ? fc.boolean() : fc.constant(false),
      }),
      weighted: fc.boolean(),
    })
    .chain(({ activation: act, layout, weighted }) =>
      fc.record({
        activation: fc.constant(act),
        layout: fc.constant(layout),
        params: fc.array(
          gridDecimal(p, -2, 2).filter((v) => v.abs().gt('0.05')),
          {
            minLength: parameterCount(layout),
            maxLength: parameterCount(layout),
          },
        ),
        inputs: fc.array(
          fc.array(gridDecimal(p, -2, 2), {
            minLength: layout.inputDimension,
            maxLength: layout.inputDimension,
          }),
          { minLength: N, maxLength: N },
        ),
        weights: weighted
          ? fc.array(gridDecimal(p, 0.1, 2), { minLength: N, maxLength: N })
          : fc.constant(undefined),
        direction: fc.array(gridDecimal(p, -1, 1), { minLength: N, maxLength: N }),
        scale: gridDecimal(p, minScale, maxScale),
      }),
    )
    .map((raw) => criticalData(raw, p))
    .filter((c): c is CriticalCase => c !== undefined);
}
