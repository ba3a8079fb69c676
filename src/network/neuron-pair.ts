import type { Decimal } from 'decimal.js';
import type { Activation } from '../activations/activation.js';
import { booleanOption, integerOption, knownOptions } from '../errors.js';
import { MAX_INTERNAL_DIGITS, precision, roundTo, withGuard, type Precision } from '../precision/context.js';
import { parameterCount, rowLength, type Layout } from './params.js';

/**
 * The neuron-pair model, once: where neurons i and j sit in the flat parameter vector (params.ts: w row by row,
 * then a, then the output bias), the pair in the network's coordinates and in channel coordinates (c, a, w, Δ, ε,
 * A; mathematics.md §2) in Decimal and float64, and the symmetries of the network with the canonical
 * representative of a parameter point. Every other module reads a pair through these functions instead of
 * re-deriving offsets such as `width · rowLength + i`.
 */

/** Index of a_0 in the flat vector: the r weight rows come first. */
export function readoutOffset(layout: Layout): number {
  return layout.width * rowLength(layout);
}

/** Index of entry `entry` of neuron k's weight row (the hidden bias is the last entry when present). */
export function weightIndex(layout: Layout, k: number, entry: number): number {
  return k * rowLength(layout) + entry;
}

/** Index of neuron k's readout a_k. */
export function readoutIndex(layout: Layout, k: number): number {
  return readoutOffset(layout) + k;
}

/** The flat indices of one neuron: its weight row and its readout. */
export interface NeuronIndices {
  readonly w: readonly number[];
  readonly a: number;
}

/** The flat indices of neuron k (0-based). */
export function neuronIndices(layout: Layout, k: number): NeuronIndices {
  checkNeuron(layout, k);
  const m = rowLength(layout);
  return { w: Array.from({ length: m }, (_, c) => k * m + c), a: readoutIndex(layout, k) };
}

/** The flat indices of the pair (i, j): the two weight rows and the two readouts. */
export interface PairIndices {
  readonly wi: readonly number[];
  readonly wj: readonly number[];
  readonly ai: number;
  readonly aj: number;
}

/** The flat indices of neurons i ≠ j (0-based). */
export function pairIndices(layout: Layout, i: number, j: number): PairIndices {
  checkPair(layout, i, j);
  const ni = neuronIndices(layout, i);
  const nj = neuronIndices(layout, j);
  return { wi: ni.w, wj: nj.w, ai: ni.a, aj: nj.a };
}

/** A neuron pair in the network's own coordinates: input-weight rows w_i, w_j and readouts a_i, a_j. */
export interface NeuronPair<T = Decimal> {
  readonly wi: readonly T[];
  readonly wj: readonly T[];
  readonly ai: T;
  readonly aj: T;
}

function checkNeuron(layout: Layout, k: number): void {
  if (!Number.isInteger(k) || k < 0 || k >= layout.width) {
    throw new RangeError(`pair: a neuron index must be in 0…${layout.width - 1}, got ${k}`);
  }
}

function checkPair(layout: Layout, i: number, j: number): void {
  const r = layout.width;
  if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= r || j >= r || i === j) {
    throw new RangeError(`pair: neurons must be two distinct indices in 0…${r - 1}, got ${i}, ${j}`);
  }
}

function checkLength(layout: Layout, flat: ArrayLike<unknown>): void {
  if (flat.length !== parameterCount(layout)) {
    throw new RangeError(`pair: expected ${parameterCount(layout)} parameters, got ${flat.length}`);
  }
}

/** Neurons i and j (0-based) of a flat parameter vector (values of any type: Decimals, numbers, strings). */
export function neuronPair<T>(layout: Layout, flat: ArrayLike<T>, i: number, j: number): NeuronPair<T> {
  checkLength(layout, flat);
  const ix = pairIndices(layout, i, j);
  return {
    wi: ix.wi.map((k) => flat[k] as T),
    wj: ix.wj.map((k) => flat[k] as T),
    ai: flat[ix.ai] as T,
    aj: flat[ix.aj] as T,
  };
}

/** A copy of `flat` with neurons i and j replaced by `pair` (the inverse of {@link neuronPair}). */
export function withNeuronPair<T>(
  layout: Layout,
  flat: readonly T[],
  i: number,
  j: number,
  pair: NeuronPair<T>,
): T[] {
  checkLength(layout, flat);
  const ix = pairIndices(layout, i, j);
  const m = rowLength(layout);
  if (pair.wi.length !== m || pair.wj.length !== m) throw new RangeError(`pair: rows must have ${m} entries`);
  const out = [...flat];
  ix.wi.forEach((k, c) => (out[k] = pair.wi[c] as T));
  ix.wj.forEach((k, c) => (out[k] = pair.wj[c] as T));
  out[ix.ai] = pair.ai;
  out[ix.aj] = pair.aj;
  return out;
}

/** The divergence A = (a_i − a_j)/2, exact in the readouts' context (halving is exact in decimal). */
export function pairDivergence(pair: Pick<NeuronPair, 'ai' | 'aj'>): Decimal {
  return pair.ai.minus(pair.aj).div(2);
}

/** The divergence A = (a_i − a_j)/2 in float64. */
export function pairDivergence64(pair: Pick<NeuronPair<number>, 'ai' | 'aj'>): number {
  return (pair.ai - pair.aj) / 2;
}

/**
 * A pair in channel coordinates (mathematics.md §2):
 *   w = (w_i + w_j)/2,  ε = ‖w_i − w_j‖/2,  Δ = (w_i − w_j)/‖w_i − w_j‖,  c = a_i + a_j,  a = ε(a_i − a_j),
 * with the derived A = (a_i − a_j)/2 = a/(2ε) (the divergence) and v = aΔ (the GLU's linear readout).
 * In one input dimension with `signed` ε (the default there), Δ = +1 and ε = (w_i − w_j)/2 may be negative.
 */
export interface ChannelCoordinates<T = Decimal> {
  readonly c: T;
  readonly a: T;
  readonly w: readonly T[];
  readonly delta: readonly T[];
  readonly eps: T;
  readonly A: T;
  readonly v: readonly T[];
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
export type ChannelCoordinatesOutcome<T = Decimal> =
  | ({ readonly kind: 'pair' } & ChannelCoordinates<T>)
  | { readonly kind: 'coincident'; readonly c: T; readonly w: readonly T[]; readonly A: T };

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
 * v = 2. See also {@link fromChannelCoordinates}, {@link toChannelCoordinates64}.
 */
export function toChannelCoordinates(
  pair: NeuronPair,
  p: Precision,
  options: ChannelCoordinatesOptions = {},
): ChannelCoordinatesOutcome {
  const fn = 'toChannelCoordinates';
  knownOptions(fn, options, ['signed', 'guardDigits']);
  const { signed = true, guardDigits = 10 } = options;
  booleanOption(fn, 'signed', signed);
  integerOption(fn, 'guardDigits', guardDigits, 0, MAX_INTERNAL_DIGITS - p.digits);
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
  const half = pairDivergence({ ai, aj });
  const A = roundTo(p, half);
  let eps: Decimal;
  let delta: Decimal[];
  if (diff.length === 1 && signed) {
    if ((diff[0] as Decimal).isZero()) return { kind: 'coincident', c, w, A };
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
 * {@link toChannelCoordinates} in float64 (each value within a few ulps: the same formulas, one rounding per
 * operation; ε from the Euclidean norm as `Math.hypot` computes it).
 */
export function toChannelCoordinates64(
  pair: NeuronPair<number>,
  options: Pick<ChannelCoordinatesOptions, 'signed'> = {},
): ChannelCoordinatesOutcome<number> {
  const { signed = true } = options;
  if (pair.wi.length !== pair.wj.length || pair.wi.length === 0) {
    throw new RangeError('toChannelCoordinates64: the two weight rows must have the same, nonzero length');
  }
  const diff = pair.wi.map((x, k) => x - (pair.wj[k] as number));
  const w = pair.wi.map((x, k) => (x + (pair.wj[k] as number)) / 2);
  const c = pair.ai + pair.aj;
  const A = pairDivergence64(pair);
  let eps: number;
  let delta: number[];
  if (diff.length === 1 && signed) {
    if (diff[0] === 0) return { kind: 'coincident', c, w, A };
    eps = (diff[0] as number) / 2;
    delta = [1];
  } else {
    const norm = Math.hypot(...diff);
    if (norm === 0) return { kind: 'coincident', c, w, A };
    eps = norm / 2;
    delta = diff.map((x) => x / norm);
  }
  const a = 2 * eps * A;
  return { kind: 'pair', c, a, w, delta, eps, A, v: delta.map((x) => a * x) };
}

/** The readouts of a channel point: a_i = c/2 + a/(2ε), a_j = c/2 − a/(2ε), in the context of `c`. */
function readoutsOf(c: Decimal, a: Decimal, eps: Decimal): { ai: Decimal; aj: Decimal } {
  const half = c.div(2);
  const big = a.div(eps.times(2));
  return { ai: half.plus(big), aj: half.minus(big) };
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
  const { ai, aj } = readoutsOf(new g.D(pt.c), new g.D(pt.a), eps);
  return { wi, wj, ai: roundTo(p, ai), aj: roundTo(p, aj) };
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

/**
 * The outward direction of a channel at the pair (i, j): the tangent of ε → ε e^{−s} at fixed w, Δ, c, a, i.e.
 * w_i ← −(w_i − w_j)/2, w_j ← +(w_i − w_j)/2, a_i ← A, a_j ← −A (A = (a_i − a_j)/2), zero elsewhere; dL/ds = ∇L·u.
 */
export function outwardDirection(layout: Layout, flat: readonly Decimal[], i: number, j: number): Decimal[] {
  const pair = neuronPair(layout, flat, i, j);
  const zero = pair.ai.minus(pair.ai);
  const half = pair.wi.map((x, k) => x.minus(pair.wj[k] as Decimal).div(2));
  const A = pairDivergence(pair);
  return withNeuronPair(
    layout,
    flat.map(() => zero),
    i,
    j,
    { wi: half.map((x) => x.neg()), wj: half, ai: A, aj: A.neg() },
  );
}

/**
 * The symmetries of f(x) = Σ a_k σ(w_k·x̃) (+ b) that the channel criteria quotient out (mathematics.md §7).
 * - Permutations of the hidden neurons: always (pairs are unordered).
 * - The sign flip (w_k, a_k) → (−w_k, −a_k) of one neuron: a symmetry exactly when σ is odd (tanh, erf, or a
 *   formula with σ(−x) = −σ(x)); a mirrored pair, w_i ≈ −w_j with equal-sign readouts, is then the same channel
 *   as w_i ≈ w_j with opposite readouts.
 * - The affine flip of a softplus-like σ with σ(−x) = σ(x) − x is NOT supported: flipping neuron k changes f by
 *   the linear function a_k w_k·x̃, which an output bias absorbs only in its constant part (the bias entry of x̃);
 *   these networks have no linear term to absorb the rest, so the flip is not a symmetry of the model.
 */
export interface NetworkSymmetries {
  readonly permutations: true;
  readonly signFlip: boolean;
  readonly affineFlip: 'unsupported';
}

/** Odd registered activations (exact identities, not measured). */
const ODD_ACTIVATIONS: ReadonlySet<string> = new Set(['tanh', 'erf']);

/**
 * The symmetries of networks with this activation: the sign flip for odd σ, decided by name for registered
 * activations and for formulas by σ(x) + σ(−x) = 0 at 40 digits (within 10⁻³⁰) at eight points of [−6, 6]
 * (a formula odd there but not elsewhere is not a practical concern; an even-looking formula is caught at once).
 */
export function networkSymmetries(
  activation: Pick<Activation, 'name' | 'kind' | 'value'>,
): NetworkSymmetries {
  let odd: boolean;
  if (activation.kind === 'registered') odd = ODD_ACTIVATIONS.has(activation.name);
  else {
    const p = precision(40);
    const tol = new p.D('1e-30');
    odd = ['0.1', '0.37', '0.9', '1.3', '2.1', '3.3', '4.7', '6'].every((x) => {
      try {
        const s = activation.value(x, p).plus(activation.value(new p.D(x).neg(), p));
        return s.abs().lte(tol);
      } catch {
        return false;
      }
    });
  }
  return { permutations: true, signFlip: odd, affineFlip: 'unsupported' };
}

/** Permutations only: the symmetries assumed when the activation is not known. */
export const PERMUTATIONS_ONLY: NetworkSymmetries = {
  permutations: true,
  signFlip: false,
  affineFlip: 'unsupported',
};

function negate<T extends Decimal | number>(x: T): T {
  return (typeof x === 'number' ? -x : (x as Decimal).neg()) as T;
}

/**
 * A copy of `flat` with neuron k sign-flipped, (w_k, a_k) → (−w_k, −a_k): the same network function when σ is
 * odd ({@link NetworkSymmetries}); the caller decides whether that holds.
 */
export function flipNeuron<T extends Decimal | number>(layout: Layout, flat: readonly T[], k: number): T[] {
  checkLength(layout, flat);
  const ix = neuronIndices(layout, k);
  const out = [...flat];
  for (const n of [...ix.w, ix.a]) out[n] = negate(out[n] as T);
  return out;
}

/**
 * The canonical representative of a point for the pair (i, j): neuron j sign-flipped when the pair is mirrored
 * (f, the loss and every criterion unchanged), so that channel coordinates (c, a, w, Δ, ε, A) can be read off.
 */
export function canonicalForPair<T extends Decimal | number>(
  layout: Layout,
  flat: readonly T[],
  pair: { readonly j: number; readonly mirrored: boolean },
): T[] {
  return pair.mirrored ? flipNeuron(layout, flat, pair.j) : [...flat];
}

/** The canonical representative of a point (see {@link canonicalPoint}) and how it was reached. */
export interface CanonicalPoint<T> {
  readonly point: T[];
  /** permutation[k] = the neuron of the input that became neuron k. */
  readonly permutation: readonly number[];
  /** Per neuron of the input: whether it was sign-flipped. */
  readonly flipped: readonly boolean[];
}

function sign<T extends Decimal | number>(x: T): number {
  return typeof x === 'number' ? Math.sign(x) : (x as Decimal).isZero() ? 0 : (x as Decimal).isNeg() ? -1 : 1;
}

function compare<T extends Decimal | number>(x: T, y: T): number {
  return typeof x === 'number' ? Math.sign(x - (y as number)) : (x as Decimal).cmp(y as Decimal);
}

/**
 * The canonical representative of a parameter point under the symmetries: with the sign flip, each neuron is
 * flipped so that its readout is positive (for a zero readout: the first nonzero entry of its weight row); then the
 * neurons are sorted by their weight rows, lexicographically ascending, ties broken by the readout. Two points
 * related by a symmetry of {@link NetworkSymmetries} have the same representative (exactly, for exact values);
 * the output bias is unchanged. The affine flip is not applied (it is not supported).
 */
export function canonicalPoint<T extends Decimal | number>(
  layout: Layout,
  flat: readonly T[],
  symmetries: NetworkSymmetries,
): CanonicalPoint<T> {
  checkLength(layout, flat);
  const r = layout.width;
  const neurons = Array.from({ length: r }, (_, k) => {
    const ix = neuronIndices(layout, k);
    const w = ix.w.map((n) => flat[n] as T);
    const a = flat[ix.a] as T;
    const lead = sign(a) !== 0 ? sign(a) : sign(w.find((x) => sign(x) !== 0) ?? a);
    const flip = symmetries.signFlip && lead < 0;
    return { k, flip, w: flip ? w.map(negate) : w, a: flip ? negate(a) : a };
  });
  const order = [...neurons].sort((x, y) => {
    for (let c = 0; c < x.w.length; c++) {
      const d = compare(x.w[c] as T, y.w[c] as T);
      if (d !== 0) return d;
    }
    return compare(x.a, y.a) || x.k - y.k;
  });
  const point = [...flat];
  order.forEach((n, k) => {
    const ix = neuronIndices(layout, k);
    ix.w.forEach((idx, c) => (point[idx] = n.w[c] as T));
    point[ix.a] = n.a;
  });
  return { point, permutation: order.map((n) => n.k), flipped: neurons.map((n) => n.flip) };
}
