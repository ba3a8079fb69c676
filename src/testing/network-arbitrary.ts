import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { resolveActivation, type Activation } from '../activations/index.js';
import type { Network } from '../network/loss.js';
import { parameterCount, type Layout } from '../network/params.js';
import type { Precision } from '../precision/context.js';
import { gridDecimal } from './_internals/grid-decimal.js';

/** A network with one parameter vector in the flat order (w row by row, then a, then the output bias). */
export interface NetworkSample {
  readonly network: Network;
  readonly params: readonly Decimal[];
}

/** Constraints of {@link networkArbitrary}. */
export interface NetworkArbitraryConstraints {
  /** Activations to use. Default: tanh only (fast); pass activationArbitrary() for variety. */
  readonly activation?: fc.Arbitrary<Activation>;
  /** Widths r. Default 1…3. */
  readonly minWidth?: number;
  readonly maxWidth?: number;
  /** Input dimensions d. Default 1…2. */
  readonly minInputDimension?: number;
  readonly maxInputDimension?: number;
  /** Hidden and output biases: 'random' (default), or always on/off. */
  readonly hiddenBias?: boolean | 'random';
  readonly outputBias?: boolean | 'random';
  /** Parameters lie in [−bound, bound] on a 10⁻³ grid. Default 2. */
  readonly bound?: number;
}

/** Small two-layer networks with exact decimal parameters. */
export function networkArbitrary(
  p: Precision,
  constraints: NetworkArbitraryConstraints = {},
): fc.Arbitrary<NetworkSample> {
  const {
    activation = fc.constant(resolveActivation('tanh')),
    minWidth = 1,
    maxWidth = 3,
    minInputDimension = 1,
    maxInputDimension = 2,
    hiddenBias = 'random',
    outputBias = 'random',
    bound = 2,
  } = constraints;
  const flag = (f: boolean | 'random'): fc.Arbitrary<boolean> =>
    f === 'random' ? fc.boolean() : fc.constant(f);
  return fc
    .record({
      activation,
      layout: fc.record({
        width: fc.integer({ min: minWidth, max: maxWidth }),
        inputDimension: fc.integer({ min: minInputDimension, max: maxInputDimension }),
        hiddenBias: flag(hiddenBias),
        outputBias: flag(outputBias),
      }),
    })
    .chain(({ activation: act, layout }: { activation: Activation; layout: Layout }) =>
      fc
        .array(gridDecimal(p, -bound, bound), {
          minLength: parameterCount(layout),
          maxLength: parameterCount(layout),
        })
        .map((params) => ({ network: { layout, activation: act }, params })),
    );
}
