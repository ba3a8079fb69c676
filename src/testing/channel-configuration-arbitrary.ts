import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { resolveActivation, type Activation } from '../activations/index.js';
import { rowLength } from '../network/params.js';
import type { Precision } from '../precision/context.js';
import { gridDecimal } from './_internals/grid-decimal.js';
import type { ChannelConfiguration } from './channel-configuration.js';
import { datasetArbitrary } from './dataset-arbitrary.js';

/** Constraints of {@link channelConfigurationArbitrary}. */
export interface ChannelConfigurationConstraints {
  /** Activations. Default: tanh only. */
  readonly activation?: fc.Arbitrary<Activation>;
  /** Total width r ≥ 2 (the pair plus r − 2 other neurons). Default 2…3. */
  readonly minWidth?: number;
  readonly maxWidth?: number;
  /** Input dimension. Default 1…2. */
  readonly minInputDimension?: number;
  readonly maxInputDimension?: number;
  /** Hidden biases. Default false. */
  readonly hiddenBias?: boolean;
  /** Output bias. Default false. */
  readonly outputBias?: boolean;
  /** Samples of the data. Default 2…4. */
  readonly minSamples?: number;
  readonly maxSamples?: number;
  /** |c|, |a|, |w_k| and the other parameters lie in [−bound, bound] (10⁻³ grid). Default 2. */
  readonly bound?: number;
  /** Smallest |a| (the pair's divergence coefficient; a = 0 is a merged neuron, not a channel). Default 0.1. */
  readonly minAbsA?: number;
}

/**
 * Random channel configurations (activation, data, c, a, w, Δ, other neurons): a network whose last two
 * neurons sit in channel coordinates, ready for {@link channelParameters} at any ε. Δ is an integer vector
 * normalised in `p` (so ‖Δ‖ = 1 up to 10^−p); in one dimension without biases Δ = ±1 exactly.
 */
export function channelConfigurationArbitrary(
  p: Precision,
  constraints: ChannelConfigurationConstraints = {},
): fc.Arbitrary<ChannelConfiguration> {
  const {
    activation = fc.constant(resolveActivation('tanh')),
    minWidth = 2,
    maxWidth = 3,
    minInputDimension = 1,
    maxInputDimension = 2,
    hiddenBias = false,
    outputBias = false,
    minSamples = 2,
    maxSamples = 4,
    bound = 2,
    minAbsA = 0.1,
  } = constraints;
  const value = gridDecimal(p, -bound, bound);
  return fc
    .record({
      activation,
      width: fc.integer({ min: Math.max(2, minWidth), max: Math.max(2, maxWidth) }),
      inputDimension: fc.integer({ min: minInputDimension, max: maxInputDimension }),
    })
    .chain(({ activation: act, width, inputDimension }) => {
      const layout = { width, inputDimension, hiddenBias, outputBias };
      const m = rowLength(layout);
      const row = fc.array(value, { minLength: m, maxLength: m });
      return fc
        .record({
          data: datasetArbitrary(p, { inputDimension, minSamples, maxSamples }),
          otherW: fc.array(row, { minLength: width - 2, maxLength: width - 2 }),
          otherA: fc.array(value, { minLength: width - 2, maxLength: width - 2 }),
          b: value,
          c: value,
          a: value.filter((v) => v.abs().gte(minAbsA)),
          w: row,
          deltaRaw: fc
            .array(fc.integer({ min: -9, max: 9 }), { minLength: m, maxLength: m })
            .filter((v) => v.some((k) => k !== 0)),
        })
        .map(({ data, otherW, otherA, b, c, a, w, deltaRaw }): ChannelConfiguration => {
          const norm = new p.D(deltaRaw.reduce((s, k) => s + k * k, 0)).sqrt();
          const delta: Decimal[] = deltaRaw.map((k) => new p.D(k).div(norm));
          const others = outputBias ? { w: otherW, a: otherA, b } : { w: otherW, a: otherA };
          return { activation: act, layout, data, others, c, a, w, delta };
        });
    });
}
