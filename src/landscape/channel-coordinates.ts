import type { Decimal } from 'decimal.js';
import { roundTo, withGuard, type Precision } from '../precision/context.js';
import { parameterCount, rowLength, type Layout } from '../network/params.js';

/** A neuron pair in the network's own coordinates: input-weight rows w_i, w_j and readouts a_i, a_j. */
export interface NeuronPair {
  readonly wi: readonly Decimal[];
  readonly wj: readonly Decimal[];
  readonly ai: Decimal;
  readonly aj: Decimal;
}

/**
 * A pair in channel coordinates (mathematics.md §2):
 *   w = (w_i + w_j)/2,  ε = ‖w_i − w_j‖/2,  Δ = (w_i − w_j)/‖w_i − w_j‖,  c = a_i + a_j,  a = ε(a_i − a_j),
 * with the derived A = (a_i − a_j)/2 = a/(2ε) (the divergence) and v = aΔ (the GLU's linear readout).
 * In one input dimension with `signed` ε (the default there), Δ = +1 and ε = (w_i − w_j)/2 may be negative.
 */
export interface ChannelCoordinates {
  readonly c: Decimal;
  readonly a: Decimal;
  readonly w: readonly Decimal[];
  readonly delta: readonly Decimal[];
  readonly eps: Decimal;
  readonly A: Decimal;
  readonly v: readonly Decimal[];
}

/** The independent channel coordinates from which a pair is rebuilt (A and v are derived). */
export interface ChannelPoint {
  readonly c: Decimal.Value;
  readonly a: Decimal.Value;
  readonly w: readonly Decimal.Value[];
  readonly delta: readonly Decimal.Value[];
  readonly eps: Decimal.Value;
}

/** Outcome of {@link toChannelCoordinates}: coincident input weights (ε = 0 with ‖Δ‖ undefined) are not a pair
 * with a direction; they carry only c, w and A. */
export type ChannelCoordinatesOutcome =
  | ({ readonly kind: 'pair' } & ChannelCoordinates)
  | { readonly kind: 'coincident'; readonly c: Decimal; readonly w: readonly Decimal[]; readonly A: Decimal };

/** Options of {@link toChannelCoordinates}. */
export interface ChannelCoordinatesOptions {
  /**
   * In one input dimension: `true` takes Δ = +1 and a signed ε = (w_i − w_j)/2 (the paper's toy convention);
   * `false` takes ε ≥ 0 and Δ = ±1. Ignored for rows longer than one entry. Default true.
   */
  readonly signed?: boolean;
  /** Guard digits for the sums and the square root; results are rounded to `p`. Default 10. */
  readonly guardDigits?: number;
}

/**
 * The channel coordinates of a pair, each correctly computed to `p.digits` (sums, differences and halvings are
 * exact at the guarded precision; only ‖w_i − w_j‖ and the quotients round).
 *
 * Example: w_i = 1.5, w_j = 0.5, a_i = 3, a_j = −1 (one input) gives w = 1, ε = 0.5, Δ = 1, c = 2, a = 2, A = 2,
 * v = 2. See also {@link fromChannelCoordinates}.
 */
export function toChannelCoordinates(
  pair: NeuronPair,
  p: Precision,
  options: ChannelCoordinatesOptions = {},
): ChannelCoordinatesOutcome {
  const { signed = true, guardDigits = 10 } = options;
  const g = withGuard(p, guardDigits);
  if (pair.wi.length !== pair.wj.length || pair.wi.length === 0) {
    throw new RangeError('toChannelCoordinates: the two weight rows must have the same, nonzero length');
  }
  const wi = pair.wi.map((x) => new g.D(x));
  const wj = pair.wj.map((x) => new g.D(x));
  const diff = wi.map((x, k) => x.minus(wj[k] as Decimal));
  const w = wi.map((x, k) => roundTo(p, x.plus(wj[k] as Decimal).div(2)));
  const ai = new g.D(pair.ai);
  const aj = new g.D(pair.aj);
  const c = roundTo(p, ai.plus(aj));
  const half = ai.minus(aj).div(2);
  const A = roundTo(p, half);
  let eps: Decimal;
  let delta: Decimal[];
  if (diff.length === 1 && signed) {
    eps = (diff[0] as Decimal).div(2);
    delta = [new g.D(1)];
  } else {
    const norm = diff.reduce((s, x) => s.plus(x.times(x)), new g.D(0)).sqrt();
    if (norm.isZero()) return { kind: 'coincident', c, w, A };
    eps = norm.div(2);
    delta = diff.map((x) => x.div(norm));
  }
  const a = eps.times(half).times(2);
  return {
    kind: 'pair',
    c,
    a: roundTo(p, a),
    w,
    delta: delta.map((x) => roundTo(p, x)),
    eps: roundTo(p, eps),
    A,
    v: delta.map((x) => roundTo(p, a.times(x))),
  };
}

/**
 * The pair of a channel point: w_i = w + εΔ, w_j = w − εΔ, a_i = c/2 + a/(2ε), a_j = c/2 − a/(2ε), each rounded
 * once to `p` from a guarded computation. Δ is used as given (it should be a unit vector; it is not normalised
 * here, so that the map stays polynomial and exact). Throws a RangeError for ε = 0 (the pair is then at infinity).
 */
export function fromChannelCoordinates(pt: ChannelPoint, p: Precision, guardDigits = 10): NeuronPair {
  const g = withGuard(p, guardDigits);
  const eps = new g.D(pt.eps);
  if (eps.isZero()) throw new RangeError('fromChannelCoordinates: ε = 0 is the GLU limit, not a finite pair');
  if (pt.w.length !== pt.delta.length)
    throw new RangeError('fromChannelCoordinates: w and Δ differ in length');
  const shift = pt.delta.map((x) => new g.D(x).times(eps));
  const wi = pt.w.map((x, k) => roundTo(p, new g.D(x).plus(shift[k] as Decimal)));
  const wj = pt.w.map((x, k) => roundTo(p, new g.D(x).minus(shift[k] as Decimal)));
  const half = new g.D(pt.c).div(2);
  const big = new g.D(pt.a).div(eps.times(2));
  return { wi, wj, ai: roundTo(p, half.plus(big)), aj: roundTo(p, half.minus(big)) };
}

function checkNeurons(layout: Layout, i: number, j: number, flat: readonly unknown[]): void {
  const r = layout.width;
  if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= r || j >= r || i === j) {
    throw new RangeError(`pair: neurons must be two distinct indices in 0…${r - 1}, got ${i}, ${j}`);
  }
  if (flat.length !== parameterCount(layout)) {
    throw new RangeError(`pair: expected ${parameterCount(layout)} parameters, got ${flat.length}`);
  }
}

/** Neurons i and j (0-based) of a flat parameter vector (flat order of params.ts). */
export function neuronPair(layout: Layout, flat: readonly Decimal[], i: number, j: number): NeuronPair {
  checkNeurons(layout, i, j, flat);
  const m = rowLength(layout);
  const aOff = layout.width * m;
  return {
    wi: flat.slice(i * m, (i + 1) * m),
    wj: flat.slice(j * m, (j + 1) * m),
    ai: flat[aOff + i] as Decimal,
    aj: flat[aOff + j] as Decimal,
  };
}

/** A copy of `flat` with neurons i and j replaced by `pair` (the inverse of {@link neuronPair}). */
export function withNeuronPair(
  layout: Layout,
  flat: readonly Decimal[],
  i: number,
  j: number,
  pair: NeuronPair,
): Decimal[] {
  checkNeurons(layout, i, j, flat);
  const m = rowLength(layout);
  if (pair.wi.length !== m || pair.wj.length !== m) throw new RangeError(`pair: rows must have ${m} entries`);
  const out = [...flat];
  const aOff = layout.width * m;
  for (let k = 0; k < m; k++) {
    out[i * m + k] = pair.wi[k] as Decimal;
    out[j * m + k] = pair.wj[k] as Decimal;
  }
  out[aOff + i] = pair.ai;
  out[aOff + j] = pair.aj;
  return out;
}

/** cos(Δ, w) = Δ·w/(‖Δ‖‖w‖), rounded to `p` (0 when w = 0). */
export function cosDeltaW(ch: Pick<ChannelCoordinates, 'delta' | 'w'>, p: Precision): Decimal {
  const g = withGuard(p, 10);
  let dw = new g.D(0);
  let dd = new g.D(0);
  let ww = new g.D(0);
  ch.w.forEach((x, k) => {
    const d = new g.D(ch.delta[k] as Decimal);
    dw = dw.plus(d.times(x));
    dd = dd.plus(d.times(d));
    ww = ww.plus(new g.D(x).times(x));
  });
  if (ww.isZero() || dd.isZero()) return new p.D(0);
  return roundTo(p, dw.div(dd.times(ww).sqrt()));
}
