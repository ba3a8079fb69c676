import type { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import type { Dataset } from '../network/dataset.js';
import { rowLength, type Layout, type Params } from '../network/params.js';
import { fromChannelCoordinates, withNeuronPair } from '../network/neuron-pair.js';
import type { Precision } from '../precision/context.js';

/**
 * A neuron pair in channel coordinates inside a network (mathematics.md §2): the pair is the last two hidden
 * neurons i = r − 1, j = r (1-based); `others` holds the remaining r − 2 neurons and the output bias.
 * Δ is a unit vector of the row length (input dimension, plus 1 with hidden biases).
 */
export interface ChannelConfiguration {
  readonly activation: Activation;
  readonly layout: Layout;
  readonly data: Dataset;
  readonly others: Params;
  readonly c: Decimal;
  readonly a: Decimal;
  readonly w: readonly Decimal[];
  readonly delta: readonly Decimal[];
}

/**
 * The flat parameters at distance ε along the channel: w_i = w + εΔ, w_j = w − εΔ, a_i = c/2 + a/(2ε),
 * a_j = c/2 − a/(2ε) (the inverse channel map, network/neuron-pair.ts), in `p`. a_i + a_j recovers c
 * only to about |a/ε|·10^−p, so choose p ≥ log₁₀|a/ε| + the digits wanted (on a channel, 3·log₁₀|A| + 10 for a
 * faithful loss).
 */
export function channelParameters(config: ChannelConfiguration, eps: Decimal.Value, p: Precision): Decimal[] {
  const { layout, others } = config;
  const r = layout.width;
  const m = rowLength(layout);
  const zero = new p.D(0);
  const rows = [
    ...others.w.map((row) => row.map((v) => new p.D(v))),
    ...[0, 1].map(() => new Array<Decimal>(m).fill(zero)),
  ];
  const a = [...others.a.map((v) => new p.D(v)), zero, zero];
  const flat = [...rows.flat(), ...a];
  if (layout.outputBias) flat.push(new p.D(others.b ?? 0));
  const pair = fromChannelCoordinates({ c: config.c, a: config.a, w: config.w, delta: config.delta, eps }, p);
  return withNeuronPair(layout, flat, r - 2, r - 1, pair);
}

/**
 * The saddle-line direction (0, …, 0; 0, …, +1, −1) of the layout, in the flat order and unnormalised: +1 at
 * a_{r−1}, −1 at a_r (the pair's readouts), 0 elsewhere.
 */
export function saddleLineDirection(layout: Layout, p: Precision): Decimal[] {
  const m = rowLength(layout);
  const r = layout.width;
  const out = new Array<Decimal>(r * m + r + (layout.outputBias ? 1 : 0)).fill(new p.D(0));
  out[r * m + r - 2] = new p.D(1);
  out[r * m + r - 1] = new p.D(-1);
  return out;
}
