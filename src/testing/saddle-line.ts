import type { Decimal } from 'decimal.js';
import { rowLength, unflatten, flatten, type Layout } from '../network/params.js';
import type { Precision } from '../precision/context.js';

/** A point θ_γ of a saddle line: the wider layout and its flat parameters. */
export interface SplitResult {
  readonly layout: Layout;
  readonly params: Decimal[];
}

/**
 * Neuron duplication (mathematics.md §3): neuron k (0-based) of θ* keeps its input weights and output weight
 * γ·a_k, and a copy with the same input weights and output weight (1 − γ)·a_k is appended as the last neuron.
 * For every γ the network function, and so the loss, is that of θ*; at a critical point θ* of L_r the points
 * θ_γ form a line of critical points of L_{r+1} along {@link splitDirection}.
 */
export function splitNeuron(
  layout: Layout,
  flat: readonly Decimal[],
  k: number,
  gamma: Decimal.Value,
  p: Precision,
): SplitResult {
  if (!Number.isInteger(k) || k < 0 || k >= layout.width)
    throw new RangeError(`splitNeuron: neuron ${k} outside 0…${layout.width - 1}`);
  const params = unflatten(
    layout,
    flat.map((v) => new p.D(v)),
  );
  const g = new p.D(gamma);
  const ak = params.a[k] as Decimal;
  const w = [...params.w, params.w[k] as readonly Decimal[]];
  const a = params.a.map((v, i) => (i === k ? g.times(ak) : v));
  a.push(new p.D(1).minus(g).times(ak));
  const wider = { ...layout, width: layout.width + 1 };
  return {
    layout: wider,
    params: flatten(params.b === undefined ? { w, a } : { w, a, b: params.b }),
  };
}

/** The direction of the saddle line through {@link splitNeuron}(…, k, γ): +1 at a_k, −1 at the copy's readout. */
export function splitDirection(widerLayout: Layout, k: number, p: Precision): Decimal[] {
  const m = rowLength(widerLayout);
  const r = widerLayout.width;
  const out = new Array<Decimal>(r * m + r + (widerLayout.outputBias ? 1 : 0)).fill(new p.D(0));
  out[r * m + k] = new p.D(1);
  out[r * m + r - 1] = new p.D(-1);
  return out;
}
