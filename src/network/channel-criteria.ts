import type { Decimal } from 'decimal.js';
import type { Activation } from '../activations/activation.js';
import { fromDouble, precision } from '../precision/context.js';
import { rowLength, type Layout } from './params.js';
import {
  PAPER_CRITERIA,
  channelSubspaceFraction64,
  neuronGroups,
  neuronRows,
  pairMeasures,
  type NeuronRows,
  type PairMeasures,
} from './pair-criteria.js';

/**
 * The channel criteria, once: the symmetries modulo which pairs are compared, when two input weights have merged,
 * the verdict of a pair, a group and a network, and the digits a channel at divergence A needs. Every consumer —
 * `detectChannels`, the sweep's `classifyEndPoint`, the flow's channel evidence and the test matchers — calls
 * {@link channelVerdict} (or its parts), so they cannot drift apart (a test runs all four on one corpus).
 *
 * The paper's criteria (mathematics.md §4): ‖θ‖₂ > 10³; a pair with cosine distance 1 − cos(w_i, w_j) < 10⁻³ and
 * opposite readouts, large |a_i| + |a_j|; > 90% of the late updates in the pair's channel subspace; three or more
 * neurons within 10⁻² of each other form a multi-dimensional channel.
 */

/**
 * The symmetries of f(x) = Σ a_k σ(w_k·x̃) (+ b) that the criteria quotient out (mathematics.md §7).
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

/** A pair's measures taken modulo the symmetries: `mirrored` when neuron j was compared as (−w_j, −a_j). */
export interface SymmetricPairMeasures extends PairMeasures {
  readonly mirrored: boolean;
}

function negated(rows: NeuronRows<Decimal>, k: number): { w: readonly Decimal[]; a: Decimal } {
  return { w: (rows.w[k] as readonly Decimal[]).map((x) => x.neg()), a: (rows.a[k] as Decimal).neg() };
}

/**
 * Every pair i < j with its measures modulo the symmetries: with the sign flip, neuron j is compared both as it is
 * and as (−w_j, −a_j), and the representative with the smaller cosine distance is kept (ties: as it is).
 */
export function pairMeasuresModulo(
  rows: NeuronRows<Decimal>,
  symmetries: NetworkSymmetries,
): SymmetricPairMeasures[] {
  const plain = pairMeasures(rows);
  if (!symmetries.signFlip) return plain.map((m) => ({ ...m, mirrored: false }));
  return plain.map((m) => {
    const f = negated(rows, m.j);
    const [flipped] = pairMeasures({
      w: [rows.w[m.i] as readonly Decimal[], f.w],
      a: [rows.a[m.i] as Decimal, f.a],
    });
    if (flipped === undefined || !flipped.cosineDistance.lt(m.cosineDistance))
      return { ...m, mirrored: false };
    return { ...flipped, i: m.i, j: m.j, mirrored: true };
  });
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
  const out = [...flat];
  if (!pair.mirrored) return out;
  const m = rowLength(layout);
  const neg = (x: T): T => (typeof x === 'number' ? -x : (x as Decimal).neg()) as T;
  for (let c = 0; c < m; c++) out[pair.j * m + c] = neg(out[pair.j * m + c] as T);
  const aj = layout.width * m + pair.j;
  out[aj] = neg(out[aj] as T);
  return out;
}

/**
 * Input weights have merged: cosine distance below `threshold` — the paper's criterion as published. Only where the
 * rows have one entry (one input, no hidden bias) is the relative distance ‖w_i − w_j‖/((‖w_i‖ + ‖w_j‖)/2) below
 * √(2·threshold) required as well: there every same-sign pair has cosine distance 0, and the relative distance is
 * what merging means (for a small angle φ, 1 − cos φ ≈ φ²/2 and the relative distance ≈ φ).
 */
export function weightsMergedModulo(
  m: Pick<PairMeasures, 'cosineDistance' | 'relativeDistance' | 'zeroRow'>,
  rowEntries: number,
  threshold: number = PAPER_CRITERIA.cosineThreshold,
): boolean {
  if (m.zeroRow || !m.cosineDistance.lt(threshold)) return false;
  return rowEntries > 1 || m.relativeDistance.lt(Math.sqrt(2 * threshold));
}

/** Thresholds of the verdicts; defaults are the paper's (mathematics.md §4). */
export interface ChannelThresholds {
  /** ‖θ‖₂ above this. Default 10³. */
  readonly normThreshold?: number;
  /** Cosine distance below this: merged. Default 10⁻³. */
  readonly cosineThreshold?: number;
  /** |a_i| + |a_j| (a group's Σ|a_k|) above this: large readouts. Default 10². */
  readonly readoutThreshold?: number;
  /** Merged at this cosine distance: members of a group (≥ 3 neurons). Default 10⁻². */
  readonly groupThreshold?: number;
  /** Share of the updates inside the channel subspace above this. Default 0.9. */
  readonly updateFraction?: number;
}

/** A pair's static verdict. */
export type StaticPairVerdict = 'channel' | 'channelCandidate' | 'duplicate' | 'notAChannel';

/**
 * THE pair verdict. `notAChannel`: input weights apart (modulo the symmetries). `duplicate`: merged with same-sign
 * readouts (after the flip of a mirrored pair): a finite point of a saddle line. `channel`: merged, opposite
 * readouts, |a_i| + |a_j| above the readout threshold, ‖θ‖ above the norm threshold, and — when updates are
 * known — more than the update fraction of them inside the pair's subspace. `channelCandidate`: merged with
 * opposite readouts but some of those fails.
 */
export function pairVerdict(
  input: {
    readonly merged: boolean;
    readonly signsOpposite: boolean;
    readonly sumAbsA: Decimal;
    readonly normLarge: boolean;
    /** Share of the updates in the pair's subspace; undefined when no updates are known (not applied). */
    readonly updateFraction?: number;
  },
  thresholds: ChannelThresholds = {},
): StaticPairVerdict {
  const {
    readoutThreshold = PAPER_CRITERIA.readoutThreshold,
    updateFraction = PAPER_CRITERIA.updateFraction,
  } = thresholds;
  if (!input.merged) return 'notAChannel';
  if (!input.signsOpposite) return 'duplicate';
  const fractionOk = input.updateFraction === undefined || input.updateFraction > updateFraction;
  return input.normLarge && input.sumAbsA.gt(readoutThreshold) && fractionOk ? 'channel' : 'channelCandidate';
}

/** A group's static verdict (see detectChannels' GroupVerdict). */
export type StaticGroupVerdict = 'channel' | 'channelCandidate' | 'duplicate';

/** One classified pair (0-based indices). */
export interface ClassifiedPair extends SymmetricPairMeasures {
  readonly merged: boolean;
  readonly updateFraction?: number;
  readonly verdict: StaticPairVerdict;
}

/** One classified group of ≥ 3 merged neurons (0-based, sorted; readouts sign-aligned for mirrored members). */
export interface ClassifiedGroup {
  readonly members: readonly number[];
  /** Per member: whether it is compared sign-flipped (the first member never is). */
  readonly flipped: readonly boolean[];
  readonly maxCosineDistance: Decimal;
  readonly sumAbsA: Decimal;
  readonly signsMixed: boolean;
  readonly updateFraction?: number;
  readonly verdict: StaticGroupVerdict;
}

/** The network's static verdict: `noChannel` when no pair or group is a channel, candidate or duplicate. */
export type StaticNetworkVerdict = 'channel' | 'channelCandidate' | 'duplicate' | 'noChannel';

export interface ChannelVerdict {
  readonly verdict: StaticNetworkVerdict;
  readonly norm: Decimal;
  readonly normLarge: boolean;
  /** Every pair, in the order i < j. */
  readonly pairs: readonly ClassifiedPair[];
  readonly groups: readonly ClassifiedGroup[];
  /** The most channel-like pair: the best verdict, then the smallest cosine distance. */
  readonly best?: ClassifiedPair;
  readonly symmetries: NetworkSymmetries;
}

/** Options of {@link channelVerdict}. */
export interface ChannelVerdictOptions extends ChannelThresholds {
  /** Default {@link PERMUTATIONS_ONLY}. */
  readonly symmetries?: NetworkSymmetries;
  /**
   * Parameter updates Δθ (late training steps, or −∇L): the update-fraction criterion is applied to them. Default
   * none: the criterion is not applied (a static point has no updates).
   */
  readonly updates?: readonly ArrayLike<number>[];
}

const RANK: Readonly<Record<StaticPairVerdict, number>> = {
  channel: 0,
  channelCandidate: 1,
  duplicate: 2,
  notAChannel: 3,
};

/**
 * THE channel verdict of a parameter point (flat order of params.ts; Decimals of one precision — callers with
 * float64 parameters convert them exactly, e.g. with fromDouble): every pair and group classified, and the network
 * verdict `channel` when some pair or group is a channel, else `channelCandidate`, `duplicate` or `noChannel`.
 */
export function channelVerdict(
  layout: Layout,
  flat: readonly Decimal[],
  options: ChannelVerdictOptions = {},
): ChannelVerdict {
  const {
    normThreshold = PAPER_CRITERIA.normThreshold,
    cosineThreshold = PAPER_CRITERIA.cosineThreshold,
    groupThreshold = PAPER_CRITERIA.groupThreshold,
    updateFraction: fractionThreshold = PAPER_CRITERIA.updateFraction,
    readoutThreshold = PAPER_CRITERIA.readoutThreshold,
    symmetries = PERMUTATIONS_ONLY,
    updates,
  } = options;
  const zero = (flat[0] as Decimal).minus(flat[0] as Decimal);
  const norm = flat.reduce((acc, v) => acc.plus(v.times(v)), zero).sqrt();
  const normLarge = norm.gt(normThreshold);
  const entries = rowLength(layout);
  const rows = neuronRows(layout, flat);
  const known = updates !== undefined && updates.length > 0 ? updates : undefined;
  const fractionOf = (neurons: readonly number[]): number | undefined =>
    known === undefined ? undefined : channelSubspaceFraction64(layout, known, neurons);
  const measures = pairMeasuresModulo(rows, symmetries);
  const pairs: ClassifiedPair[] = measures.map((m) => {
    const merged = weightsMergedModulo(m, entries, cosineThreshold);
    const fraction = fractionOf([m.i, m.j]);
    const verdict = pairVerdict(
      {
        merged,
        signsOpposite: m.signsOpposite,
        sumAbsA: m.sumAbsA,
        normLarge,
        ...(fraction === undefined ? {} : { updateFraction: fraction }),
      },
      { readoutThreshold, updateFraction: fractionThreshold },
    );
    return { ...m, merged, ...(fraction === undefined ? {} : { updateFraction: fraction }), verdict };
  });

  // Groups: components of "merged at the group threshold", each member sign-aligned with the first.
  const mergedPairs = measures.filter((m) => weightsMergedModulo(m, entries, groupThreshold));
  const members = neuronGroups(
    layout.width,
    mergedPairs.map((m) => ({ i: m.i, j: m.j, cosineDistance: 0, zeroRow: false })),
    1,
  );
  const groups: ClassifiedGroup[] = members.map((g) => {
    const first = g[0] as number;
    const flipped = g.map((k) =>
      k === first ? false : (measures.find((m) => m.i === first && m.j === k)?.mirrored ?? false),
    );
    const as = g.map((k, idx) =>
      flipped[idx] === true ? (rows.a[k] as Decimal).neg() : (rows.a[k] as Decimal),
    );
    const inside = measures.filter((m) => g.includes(m.i) && g.includes(m.j));
    const maxCos = inside.reduce((x, m) => (m.cosineDistance.gt(x) ? m.cosineDistance : x), zero);
    const sumAbsA = as.reduce((x, a) => x.plus(a.abs()), zero);
    const signsMixed = as.some((a) => a.isPos() && !a.isZero()) && as.some((a) => a.isNeg() && !a.isZero());
    const fraction = fractionOf(g);
    const verdict: StaticGroupVerdict = !signsMixed
      ? 'duplicate'
      : normLarge && sumAbsA.gt(readoutThreshold) && (fraction === undefined || fraction > fractionThreshold)
        ? 'channel'
        : 'channelCandidate';
    return {
      members: g,
      flipped,
      maxCosineDistance: maxCos,
      sumAbsA,
      signsMixed,
      ...(fraction === undefined ? {} : { updateFraction: fraction }),
      verdict,
    };
  });

  const ordered = [...pairs].sort(
    (x, y) => RANK[x.verdict] - RANK[y.verdict] || x.cosineDistance.cmp(y.cosineDistance),
  );
  const best = ordered[0];
  const any = (v: StaticPairVerdict): boolean =>
    pairs.some((q) => q.verdict === v) || groups.some((g) => g.verdict === v);
  const verdict: StaticNetworkVerdict = any('channel')
    ? 'channel'
    : any('channelCandidate')
      ? 'channelCandidate'
      : any('duplicate')
        ? 'duplicate'
        : 'noChannel';
  return { verdict, norm, normLarge, pairs, groups, ...(best === undefined ? {} : { best }), symmetries };
}

/**
 * THE digits rule: working digits for a network with divergence A = (a_i − a_j)/2. On a channel the output
 * cancels two terms of size |A| and the loss lies O(ε²)–O(ε⁴) below them, so a faithful loss needs about
 * 3·log₁₀|A| + 10 significant digits (mathematics.md §2); 20 more are the margin of the precision ladder's
 * confirmation. At least 30. `digitsForA` of the channel follower is this rule.
 */
export function channelDigits(A: Decimal.Value): number {
  const p = precision(20);
  const mag = new p.D(A).abs();
  const lg = mag.gt(1) ? Math.ceil(mag.log(10).toNumber()) : 0;
  return Math.max(30, 3 * lg + 30);
}

/** Re-exported so that callers of the criteria need one import. */
export { PAPER_CRITERIA };

/** Exact Decimal copies of float64 parameters (for {@link channelVerdict}), at 40 digits. */
export function decimalsOf(values: ArrayLike<number>): Decimal[] {
  const p = precision(40);
  return Array.from(values, (v) => fromDouble(p, v));
}
