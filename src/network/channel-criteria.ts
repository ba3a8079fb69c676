import type { Decimal } from 'decimal.js';
import { fromDouble, precision } from '../precision/context.js';
import { rowLength, type Layout } from './params.js';
import { PERMUTATIONS_ONLY, type NetworkSymmetries } from './neuron-pair.js';
import {
  PAPER_CRITERIA,
  channelSubspaceFraction64,
  neuronGroups,
  neuronRows,
  pairMeasures,
  weightsMerged,
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
  return weightsMerged(m, rowEntries, threshold);
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

/** Re-exported so that callers of the criteria need one import (the symmetries live with the pair model). */
export { PAPER_CRITERIA };
export {
  PERMUTATIONS_ONLY,
  canonicalForPair,
  networkSymmetries,
  type NetworkSymmetries,
} from './neuron-pair.js';

/** Exact Decimal copies of float64 parameters (for {@link channelVerdict}), at 40 digits. */
export function decimalsOf(values: ArrayLike<number>): Decimal[] {
  const p = precision(40);
  return Array.from(values, (v) => fromDouble(p, v));
}
