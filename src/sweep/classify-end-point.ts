import type { Decimal } from 'decimal.js';
import {
  PAPER_CRITERIA,
  canonicalForPair,
  channelDigits,
  channelVerdict,
  decimalsOf,
  networkSymmetries,
  type ClassifiedPair,
} from '../network/channel-criteria.js';
import {
  flipNeuron,
  neuronIndices,
  neuronPair,
  outwardDirection,
  pairDivergence64,
} from '../network/neuron-pair.js';
import { groupChannelDirection, groupLimit } from '../network/neuron-group.js';
import { booleanOption, knownOptions, numberOption } from '../errors.js';
import type { Layout } from '../network/params.js';
import { fromDouble, precision, type Precision } from '../precision/context.js';
import { certifyByLadder } from '../precision/ladder.js';
import {
  symmetricEigenF64,
  symmetricEigenvalues,
  symmetricEigenvaluesF64,
} from '../precision/linalg/index.js';
import type { SweepProblem } from './sweep-problem.js';
import type { TrainResult } from './train64.js';
import { norm2 } from './_internals/late-updates.js';
import { groupOutwardDirection } from './_internals/group-outward.js';
import { paperNormThreshold, paperVerdict, type PaperVerdict } from './paper-criteria.js';

/** The classes of a training end point (mathematics.md §3–4). */
export const END_POINT_CLASSES = [
  'finite-minimum',
  'plateau-saddle',
  'channel',
  'split-channel',
  'saddle',
  'unfinished',
] as const;
export type EndPointClass = (typeof END_POINT_CLASSES)[number];

/** Options of {@link classifyEndPoint}; the defaults are the paper's criteria (mathematics.md §4). */
export interface ClassifyOptions {
  /**
   * A channel's parameter norm ‖θ‖₂ exceeds this. Default √(2000·P) (P parameters): the paper's maxnorm 10³ on
   * MLPGradientFlow.jl's weightnorm Σθ²/(2P) (see paper-criteria.ts), ≈ 109.5 at P = 6.
   */
  readonly normThreshold?: number;
  /** A channel pair's cosine distance 1 − cos(w_i, w_j) is below this. Default 10⁻³. */
  readonly pairCosineDistance?: number;
  /** The share of the late updates' squared length inside the pair's channel subspace exceeds this. Default 0.9. */
  readonly lateFraction?: number;
  /** How many of the last updates count as late: this fraction of the run, at most the stored 200. Default 0.1. */
  readonly lateShare?: number;
  /** ‖∇L‖₂ at or below this counts as a critical point. Default 10⁻⁶. */
  readonly gradientTolerance?: number;
  /** An eigenvalue with |λ| ≤ this · max(1, max|λ|) counts as zero. Default 10⁻⁸. */
  readonly zeroEigenvalue?: number;
  /**
   * A small gradient is not enough for a critical point: along a flat direction (a channel being entered) ‖∇L‖ is
   * small while the critical point is far. The end point counts as critical only when the Newton step to the
   * nearest critical point, −∇²L⁻¹∇L, is at most this · max(1, ‖θ‖₂). Default 10⁻³.
   */
  readonly newtonStep?: number;
  /**
   * Escalate to Decimal where the classification needs it: a channel candidate's loss and outward slope at
   * ≈ 3·log₁₀|A| + 10 digits confirmed 20 digits higher, and the smallest Hessian eigenvalue at 40 digits when the
   * float64 one is too close to zero to trust its sign. Default true.
   */
  readonly escalate?: boolean;
}

/** The neuron pair that decided a classification (1-based indices, as in parameter names). */
export interface PairEvidence {
  readonly i: number;
  readonly j: number;
  /** 1 − cos(w_i, w_j). */
  readonly cosineDistance: string;
  /** ‖w_i − w_j‖ / ((‖w_i‖ + ‖w_j‖)/2): the cosine distance alone cannot see merging in one input dimension. */
  readonly relativeDistance: string;
  /** Whether a_i·a_j < 0 (necessary for a channel) or ≥ 0 (after the flip of a mirrored pair). */
  readonly readouts: 'opposite' | 'same';
  /** Compared modulo the sign flip of an odd σ: neuron j as (−w_j, −a_j); readouts, A and γ are of that form. */
  readonly mirrored?: boolean;
  /** Share of the late updates' squared length in the pair's subspace (w_i, w_j, a_i, a_j). */
  readonly lateFraction: string;
  /** A = (a_i − a_j)/2. */
  readonly divergence: string;
  /** γ = a_i/(a_i + a_j), the position on the saddle line of a duplicated neuron (when a_i + a_j ≠ 0). */
  readonly gamma?: string;
}

/**
 * The group that decided a `split-channel`: three or more neurons whose input weights have all merged, with
 * readouts of both signs, so that one side of the channel is a duplicated neuron (1-based indices).
 */
export interface GroupEvidence {
  /** Members with positive and with negative readout (of the canonical point: mirrored members flipped). */
  readonly plus: readonly number[];
  readonly minus: readonly number[];
  /** Members compared sign-flipped (odd σ), if any. */
  readonly mirrored?: readonly number[];
  /** The same-sign pair closest in input weight: the duplicate, with its Euclidean distance ‖w_i − w_j‖₂. */
  readonly duplicate: { readonly i: number; readonly j: number; readonly distance: string };
  /** The largest cosine distance inside the group. */
  readonly maxCosineDistance: string;
  /** Share of the late updates' squared length in the group's subspace. */
  readonly lateFraction: string;
  /** A = (a_+ − a_−)/2 with a_± the sides' readout sums. */
  readonly divergence: string;
}

/**
 * A channel of three or more neurons (docs/mathematics.md, "Channels of three neurons"): the members' input
 * weights have all merged, their readouts (of both signs) diverge, and no two of them are duplicates — unlike a
 * split channel, the group is not a narrower network's pair channel. 1-based indices; numbers as decimal strings.
 */
export interface ChannelGroupEvidence {
  readonly members: readonly number[];
  /** Members compared sign-flipped (odd σ), if any. */
  readonly mirrored?: readonly number[];
  /** The largest cosine distance inside the group. */
  readonly maxCosineDistance: string;
  /** The closest same-sign pair's distance over the group's diameter (above 10⁻⁶: no duplicate). */
  readonly duplicateRatio: string;
  /** Share of the late updates' squared length in the group's subspace. */
  readonly lateFraction: string;
  /** max_k |a_k|: the size of the terms the output cancels (it sets the Decimal digits). */
  readonly divergence: string;
  /**
   * The group limit c σ(w̄·x) + (v·x) σ′(w̄·x) + xᵀMx σ″(w̄·x) (network/neuron-group.ts), 10 digits, from the
   * float64 end point: w̄ the mean input weight, c = Σ a_k, v = Σ a_k δ_k, M = ½ Σ a_k δ_kδ_kᵀ (row-major).
   */
  readonly limit: {
    readonly center: readonly string[];
    readonly c: string;
    readonly v: readonly string[];
    readonly M: readonly (readonly string[])[];
  };
  /** The Decimal confirmation along the group's outward direction (groupChannelDirection), when escalated. */
  readonly escalation?: ChannelEscalation;
}

/** The Decimal recomputation of a channel candidate. */
export interface ChannelEscalation {
  /** Working digits (≈ 3·log₁₀|A| + 10, at least 30), confirmed at +20 by the precision ladder. */
  readonly digits: number;
  /** The loss to 10 significant digits, or `uncertain`. */
  readonly loss: string;
  /** |L_float64 − L| / |L|. */
  readonly float64RelativeError: string;
  /** dL/ds along the outward channel direction (ε → ε e^{−s} at fixed w, Δ, c, a), 10 digits. */
  readonly outwardSlope: string;
  /** The slope is certified negative: the loss still decreases towards infinity along the channel. */
  readonly confirmed: boolean;
}

/** A classified end point. Numbers are decimal strings (float64 values as JavaScript prints them). */
export interface Classification {
  readonly class: EndPointClass;
  /** One sentence: the criterion that decided. */
  readonly reason: string;
  readonly loss: string;
  readonly gradientNorm: string;
  readonly parameterNorm: string;
  /** Smallest and largest Hessian eigenvalues (float64, or Decimal when escalated). */
  readonly eigenvalues?: { readonly min: string; readonly max: string; readonly decimal: boolean };
  readonly pair?: PairEvidence;
  readonly group?: GroupEvidence;
  /**
   * A `channel` of three or more neurons: the group, its limit and its confirmation. With `pair` also set, a pair
   * of the group passed the pair criteria, which decided the class.
   */
  readonly channelGroup?: ChannelGroupEvidence;
  readonly escalation?: ChannelEscalation;
  /** What the paper's own criteria (with MLPGradientFlow.jl's weightnorm) call this end point. */
  readonly paper: PaperVerdict;
}

/**
 * Classifies the end point of a float64 training run. The order of the tests matters: a channel passes the naive
 * "small gradient and positive semi-definite Hessian" test of a minimum, so it is tested first.
 *
 * 1. `unfinished` when training diverged (non-finite values).
 * 2. `split-channel` when three or more neurons have pairwise merged input weights (the pair criterion below)
 *    with readouts of both signs and two same-sign members duplicates (at most 10⁻⁶ of the group's diameter
 *    apart) — a channel one of whose sides is a duplicated neuron, which computes exactly a narrower network's
 *    channel function —, more than `lateFraction` of the late updates lie in the group's
 *    subspace, and the loss still falls outward: the slope along the group's outward direction (each side moved
 *    as one neuron) is certified negative in Decimal (without `escalate`: the paper's norm and readout criteria
 *    instead). The paper's duplicate criterion calls such a point a plateau saddle when its weightnorm is below
 *    10³.
 * 3. `channel` when some pair has opposite readouts, merged input weights (cosine distance below
 *    `pairCosineDistance`, and relative distance below √(2·pairCosineDistance), which is what merging means in one
 *    input dimension) and more than
 *    `lateFraction` of the late updates in its subspace, and either ‖θ‖₂ > `normThreshold` (the paper's three
 *    criteria) or — below the norm threshold — the Decimal escalation certifies that the loss still decreases
 *    outward along the channel. Also `channel`, with `channelGroup` evidence and no `pair`, when no pair qualifies
 *    but a group of three or more pairwise-merged neurons with readouts of both signs and no duplicate has more
 *    than `lateFraction` of the late updates in its subspace and its loss certified falling along the group's
 *    outward direction (a channel of three or more neurons, App. C.6; its group limit is in the evidence); when a
 *    pair of such a group qualifies, the pair decides and the group is reported beside it.
 * 4. Otherwise, with ‖∇L‖₂ ≤ `gradientTolerance` and the Newton step to the nearest critical point at most
 *    `newtonStep`·max(1, ‖θ‖₂) (a small gradient along a flat direction is not a critical point): `saddle` if the
 *    Hessian has a negative eigenvalue;
 *    `plateau-saddle` if it has none and two neurons are duplicates (merged input weights:
 *    a point of a saddle line θ_γ, on its stable segment since no eigenvalue is negative — γ ∈ (0, 1) when B is
 *    positive definite, γ outside [0, 1] when B is negative definite; mathematics.md §3); else `finite-minimum`.
 * 5. `unfinished` otherwise (still moving when the budget ran out).
 *
 * Every classification also carries the verdict of the paper's own criteria (`paper`, see paperVerdict).
 *
 * This is the one function later replaced by the landscape layer's channel detection.
 */
export function classifyEndPoint(
  problem: SweepProblem,
  run: TrainResult,
  options: ClassifyOptions = {},
): Classification {
  checkClassifyOptions(options);
  const late = run.late.last(Math.max(1, Math.ceil((options.lateShare ?? 0.1) * run.steps)));
  const paper = paperVerdict(problem.network.layout, problem.network.activation, run.theta, late);
  return { ...classifyToolkit(problem, run, options), paper };
}

function classifyToolkit(
  problem: SweepProblem,
  run: TrainResult,
  options: ClassifyOptions,
): Omit<Classification, 'paper'> {
  const {
    normThreshold = paperNormThreshold(run.theta.length),
    pairCosineDistance = PAPER_CRITERIA.cosineThreshold,
    lateFraction = PAPER_CRITERIA.updateFraction,
    lateShare = 0.1,
    gradientTolerance = 1e-6,
    zeroEigenvalue = 1e-8,
    newtonStep = 1e-3,
    escalate = true,
  } = options;
  const theta = run.theta;
  const layout = problem.network.layout;
  const thetaNorm = norm2(theta);
  const base = { parameterNorm: String(thetaNorm) };
  if (run.stop === 'diverged') {
    return {
      class: 'unfinished',
      reason: 'training diverged (non-finite values)',
      loss: 'NaN',
      gradientNorm: 'NaN',
      ...base,
    };
  }
  const ev = problem.evaluate64(theta, { gradient: true, hessian: true });
  const gNorm = norm2(ev.gradient as Float64Array);
  const common = { loss: String(ev.loss), gradientNorm: String(gNorm), ...base };

  const late = run.late.last(Math.max(1, Math.ceil(lateShare * run.steps)));
  // The channel criteria of network/channel-criteria.ts, modulo the network's symmetries, on the late updates.
  const verdict = channelVerdict(layout, decimalsOf(theta), {
    normThreshold,
    cosineThreshold: pairCosineDistance,
    updateFraction: lateFraction,
    symmetries: networkSymmetries(problem.network.activation),
    updates: late,
  });
  const pairs = verdict.pairs.filter((p) => !p.zeroRow).map((p) => pairStats(p, theta, layout));
  const byCosine = (x: PairStats, y: PairStats): number => x.cosine - y.cosine;

  const split = splitChannel(problem, theta, verdict, lateFraction, escalate, ev.loss);
  if (split !== undefined) return { ...split, ...common };
  const group = groupChannel(problem, theta, verdict, lateFraction, escalate, ev.loss);
  // The paper's channel; else a merged opposite pair with the late updates in its subspace whose norm or readouts
  // are below the paper's thresholds: the Decimal escalation decides whether the loss still falls outward.
  const candidate =
    pairs.filter((p) => p.verdict === 'channel').sort(byCosine)[0] ??
    pairs
      .filter(
        (p) => p.verdict === 'channelCandidate' && (p.fraction === undefined || p.fraction > lateFraction),
      )
      .sort(byCosine)[0];
  if (candidate !== undefined) {
    const evidence = pairEvidence(candidate);
    const paper = candidate.verdict === 'channel';
    const escalation = escalate
      ? confirmChannel(
          problem,
          candidate.canonical,
          pairDivergence64(candidate),
          (flat) => outwardDirection(problem.network.layout, flat, candidate.i, candidate.j),
          ev.loss,
        )
      : undefined;
    if (paper || escalation?.confirmed === true) {
      const mirror = candidate.mirrored ? ` (mirrored: neuron ${evidence.j} as (−w, −a))` : '';
      const why = paper
        ? `‖θ‖ = ${fmt(thetaNorm)} > ${fmt(normThreshold)}, neurons ${evidence.i} and ${evidence.j}${mirror} merge (cosine distance ${fmt(candidate.cosine)}) with opposite readouts, ${pct(candidate.fraction ?? 1)} of late updates in their channel subspace`
        : `neurons ${evidence.i} and ${evidence.j}${mirror} merge (cosine distance ${fmt(candidate.cosine)}) with opposite readouts, ${pct(candidate.fraction ?? 1)} of late updates in their channel subspace, and the loss decreases outward (slope ${escalation?.outwardSlope ?? ''} at ${escalation?.digits ?? 0} digits) although ‖θ‖ = ${fmt(thetaNorm)}`;
      return {
        class: 'channel',
        reason: why,
        ...common,
        pair: evidence,
        ...(group !== undefined ? { channelGroup: group.evidence } : {}),
        ...(escalation ? { escalation } : {}),
      };
    }
  }
  if (group !== undefined) {
    return {
      class: 'channel',
      reason: group.reason,
      ...common,
      channelGroup: group.evidence,
      ...(group.evidence.escalation ? { escalation: group.evidence.escalation } : {}),
    };
  }

  if (gNorm > gradientTolerance) {
    const why =
      run.stop === 'barrier'
        ? 'hit the norm barrier without a channel pair'
        : `‖∇L‖ = ${fmt(gNorm)} > ${fmt(gradientTolerance)} when training stopped (${run.stop})`;
    return { class: 'unfinished', reason: why, ...common };
  }

  const newton = newtonDistance(ev.hessian as Float64Array, ev.gradient as Float64Array, gradientTolerance);
  if (newton.distance > newtonStep * Math.max(1, thetaNorm)) {
    const approaching = pairs
      .filter((p) => p.readouts === 'opposite' && p.cosine < 10 * pairCosineDistance)
      .sort((x, y) => x.cosine - y.cosine)[0];
    const hint =
      approaching === undefined
        ? ''
        : `; neurons ${pairEvidence(approaching).i} and ${pairEvidence(approaching).j} with opposite readouts are approaching each other (cosine distance ${fmt(approaching.cosine)}, relative distance ${fmt(approaching.relative)}): a channel being entered`;
    return {
      class: 'unfinished',
      reason:
        `‖∇L‖ = ${fmt(gNorm)} is small, but the nearest critical point is ${newton.distance === Infinity ? 'not in reach' : `${fmt(newton.distance)} away`} ` +
        `by Newton (eigenvalue ${fmt(newton.eigenvalue)} along the step): still moving when training stopped (${run.stop})${hint}`,
      ...common,
    };
  }

  const eig = smallestEigenvalues(
    problem,
    theta,
    ev.hessian as Float64Array,
    zeroEigenvalue,
    gNorm,
    escalate,
  );
  const eigenvalues = { min: eig.min, max: eig.max, decimal: eig.decimal };
  if (eig.sign < 0) {
    return { class: 'saddle', reason: `a negative Hessian eigenvalue ${eig.min}`, ...common, eigenvalues };
  }
  const duplicate = pairs.filter((p) => p.merged).sort(byCosine)[0];
  if (duplicate !== undefined) {
    const pair = pairEvidence(duplicate);
    return {
      class: 'plateau-saddle',
      reason: `neurons ${pair.i} and ${pair.j} are duplicates (relative distance ${fmt(duplicate.relative)}, γ = ${pair.gamma ?? '?'}), no negative eigenvalue: the stable segment of a saddle line`,
      ...common,
      eigenvalues,
      pair,
    };
  }
  return {
    class: 'finite-minimum',
    reason: `‖∇L‖ = ${fmt(gNorm)}, no negative Hessian eigenvalue (smallest ${eig.min}), no channel or duplicate pair`,
    ...common,
    eigenvalues,
  };
}

/** A group of the channel criteria whose pairs have all merged, with readouts of both signs and the late updates. */
interface MergedGroup {
  readonly g: ReturnType<typeof channelVerdict>['groups'][number];
  readonly fraction: number | undefined;
  /** θ with the group's mirrored members sign-flipped (the same network function). */
  readonly canonical: number[];
  readonly readout: (k: number) => number;
  readonly row: (k: number) => number[];
}

/**
 * The groups (≥ 3 neurons, modulo the network's symmetries) whose pairs have all merged, with readouts of both
 * signs and more than `lateFraction` of the late updates in the group's subspace (or no updates kept): the
 * candidates of a split channel and of a channel of three or more neurons.
 */
function mergedMixedGroups(
  layout: Layout,
  theta: Float64Array,
  verdict: ReturnType<typeof channelVerdict>,
  lateFraction: number,
): MergedGroup[] {
  const out: MergedGroup[] = [];
  for (const g of verdict.groups) {
    if (!g.signsMixed) continue;
    const inside = verdict.pairs.filter((p) => g.members.includes(p.i) && g.members.includes(p.j));
    if (!inside.every((p) => p.merged)) continue;
    const fraction = g.updateFraction;
    if (fraction !== undefined && !(fraction > lateFraction)) continue;
    let canonical = Array.from(theta);
    g.members.forEach((k, idx) => {
      if (g.flipped[idx] === true) canonical = flipNeuron(layout, canonical, k);
    });
    const readout = (k: number): number => canonical[neuronIndices(layout, k).a] as number;
    const row = (k: number): number[] => neuronIndices(layout, k).w.map((n) => canonical[n] as number);
    out.push({ g, fraction, canonical, readout, row });
  }
  return out;
}

/**
 * The split channel of {@link classifyEndPoint} (step 2), or undefined: a group of ≥ 3 neurons (the channel
 * criteria's groups, modulo the network's symmetries) whose pairs have all merged, readouts of both signs with
 * a same-sign pair inside (the duplicate), more than `lateFraction` of the late updates in the group's subspace,
 * and the loss falling outward.
 */
function splitChannel(
  problem: SweepProblem,
  theta: Float64Array,
  verdict: ReturnType<typeof channelVerdict>,
  lateFraction: number,
  escalate: boolean,
  loss64: number,
): Pick<Classification, 'class' | 'reason' | 'group' | 'escalation'> | undefined {
  const layout = problem.network.layout;
  for (const { g, fraction, canonical, readout, row } of mergedMixedGroups(
    layout,
    theta,
    verdict,
    lateFraction,
  )) {
    const plus = g.members.filter((k) => readout(k) > 0);
    const minus = g.members.filter((k) => readout(k) < 0);
    let duplicate: { i: number; j: number; distance: number } | undefined;
    for (const sideMembers of [plus, minus]) {
      for (const i of sideMembers) {
        for (const j of sideMembers) {
          if (j <= i) continue;
          const distance = Math.hypot(...row(i).map((x, e) => x - (row(j)[e] as number)));
          if (duplicate === undefined || distance < duplicate.distance) duplicate = { i, j, distance };
        }
      }
    }
    if (duplicate === undefined || !(duplicate.distance <= DUPLICATE_RATIO * groupDiameter(g.members, row)))
      continue;
    const sum = (members: readonly number[]): number => members.reduce((s, k) => s + readout(k), 0);
    const divergence = (sum(plus) - sum(minus)) / 2;
    const frozen = Float64Array.from(canonical);
    const escalation = escalate
      ? confirmChannel(
          problem,
          frozen,
          divergence,
          (flat) => groupOutwardDirection(layout, flat, plus, minus).direction,
          loss64,
        )
      : undefined;
    const falling = escalate ? escalation?.confirmed === true : g.verdict === 'channel';
    if (!falling) continue;
    const one = (ks: readonly number[]): number[] => ks.map((k) => k + 1);
    const mirrored = g.members.filter((_, idx) => g.flipped[idx] === true);
    const names = (ks: readonly number[]): string => one(ks).join(', ');
    const group: GroupEvidence = {
      plus: one(plus),
      minus: one(minus),
      ...(mirrored.length > 0 ? { mirrored: one(mirrored) } : {}),
      duplicate: { i: duplicate.i + 1, j: duplicate.j + 1, distance: String(duplicate.distance) },
      maxCosineDistance: String(g.maxCosineDistance.toNumber()),
      lateFraction: String(fraction ?? 'NaN'),
      divergence: String(divergence),
    };
    const slope =
      escalation === undefined
        ? `‖θ‖ = ${fmt(verdict.norm.toNumber())} above the norm threshold`
        : `the loss decreases outward (slope ${escalation.outwardSlope} at ${escalation.digits} digits)`;
    return {
      class: 'split-channel',
      reason:
        `neurons ${names(g.members)} have merged input weights (largest cosine distance ${fmt(g.maxCosineDistance.toNumber())}), ` +
        `readouts + on ${names(plus)} and − on ${names(minus)}: a channel with the duplicated neurons ${duplicate.i + 1} and ${duplicate.j + 1} ` +
        `(‖w_${duplicate.i + 1} − w_${duplicate.j + 1}‖ = ${fmt(duplicate.distance)}), ${pct(fraction ?? 1)} of late updates in the group's subspace, and ${slope}`,
      group,
      ...(escalation ? { escalation } : {}),
    };
  }
  return undefined;
}

/**
 * A same-sign pair of a merged group is a duplicate (the group a split channel) when its distance is at most this
 * fraction of the group's diameter; otherwise the group is a channel of its own (groupChannel). A split channel's
 * duplicate stays a duplicate under gradient flow (width 3, seed 14 of docs/sweep.md: 8·10⁻¹⁴ apart), while the
 * members of a channel of three neurons are all O(ε) apart.
 */
const DUPLICATE_RATIO = 1e-6;

/** The largest Euclidean distance between two members' input-weight rows. */
function groupDiameter(members: readonly number[], row: (k: number) => number[]): number {
  let diameter = 0;
  for (const i of members) {
    for (const j of members) {
      if (j <= i) continue;
      diameter = Math.max(diameter, Math.hypot(...row(i).map((x, e) => x - (row(j)[e] as number))));
    }
  }
  return diameter;
}

/**
 * A channel of three or more neurons, or undefined: a group of the channel criteria (modulo the network's
 * symmetries) whose pairs have all merged, with readouts of both signs and no duplicate (the closest same-sign pair
 * farther apart than DUPLICATE_RATIO of the diameter), more than `lateFraction` of the late updates in the group's
 * subspace, and the loss falling outward: the slope along the group's outward direction (network/neuron-group.ts
 * groupChannelDirection: the group shrinks hierarchically at fixed moments of its readouts, so its limit is kept)
 * certified negative in Decimal as for a pair (without `escalate`: the paper's norm and readout criteria instead).
 */
function groupChannel(
  problem: SweepProblem,
  theta: Float64Array,
  verdict: ReturnType<typeof channelVerdict>,
  lateFraction: number,
  escalate: boolean,
  loss64: number,
): { evidence: ChannelGroupEvidence; reason: string } | undefined {
  const layout = problem.network.layout;
  for (const { g, fraction, canonical, readout, row } of mergedMixedGroups(
    layout,
    theta,
    verdict,
    lateFraction,
  )) {
    const diameter = groupDiameter(g.members, row);
    let closest = Infinity;
    for (const i of g.members) {
      for (const j of g.members) {
        if (j <= i || Math.sign(readout(i)) !== Math.sign(readout(j))) continue;
        closest = Math.min(closest, Math.hypot(...row(i).map((x, e) => x - (row(j)[e] as number))));
      }
    }
    if (!(diameter > 0) || closest <= DUPLICATE_RATIO * diameter) continue;
    const divergence = Math.max(...g.members.map((k) => Math.abs(readout(k))));
    const frozen = Float64Array.from(canonical);
    const escalation = escalate
      ? confirmChannel(
          problem,
          frozen,
          divergence,
          (flat) => groupChannelDirection(layout, flat, g.members)?.direction ?? flat.map((x) => x.times(0)),
          loss64,
        )
      : undefined;
    const falling = escalate ? escalation?.confirmed === true : g.verdict === 'channel';
    if (!falling) continue;
    const p = precision(30);
    const limit = groupLimit(
      layout,
      canonical.map((v) => fromDouble(p, v)),
      g.members,
    );
    const show = (x: Decimal): string => x.toSignificantDigits(10).toString();
    const one = (ks: readonly number[]): number[] => ks.map((k) => k + 1);
    const mirrored = g.members.filter((_, idx) => g.flipped[idx] === true);
    const ratio = closest === Infinity ? 'Infinity' : String(closest / diameter);
    const evidence: ChannelGroupEvidence = {
      members: one(g.members),
      ...(mirrored.length > 0 ? { mirrored: one(mirrored) } : {}),
      maxCosineDistance: String(g.maxCosineDistance.toNumber()),
      duplicateRatio: ratio,
      lateFraction: String(fraction ?? 'NaN'),
      divergence: String(divergence),
      limit: {
        center: limit.center.map(show),
        c: show(limit.c),
        v: limit.v.map(show),
        M: limit.M.map((r) => r.map(show)),
      },
      ...(escalation ? { escalation } : {}),
    };
    const slope =
      escalation === undefined
        ? `‖θ‖ = ${fmt(verdict.norm.toNumber())} above the norm threshold`
        : `the loss decreases outward along the group (slope ${escalation.outwardSlope} at ${escalation.digits} digits)`;
    const reason =
      `neurons ${one(g.members).join(', ')} have merged input weights (largest cosine distance ${fmt(g.maxCosineDistance.toNumber())}) ` +
      `with diverging readouts of both signs (largest |a| ${fmt(divergence)}) and no duplicate (closest same-sign pair ${ratio === 'Infinity' ? 'none' : `at ${fmt(closest / diameter)}`} of the group's diameter): ` +
      `a channel of ${g.members.length} neurons, ${pct(fraction ?? 1)} of late updates in the group's subspace, and ${slope}`;
    return { evidence, reason };
  }
  return undefined;
}

interface PairStats {
  readonly i: number;
  readonly j: number;
  readonly cosine: number;
  readonly relative: number;
  readonly readouts: 'opposite' | 'same';
  /** Undefined when the run kept no updates. */
  readonly fraction: number | undefined;
  /** Readouts of the canonical representative (neuron j sign-flipped when mirrored). */
  readonly ai: number;
  readonly aj: number;
  readonly merged: boolean;
  readonly mirrored: boolean;
  readonly verdict: ClassifiedPair['verdict'];
  /** θ with neuron j sign-flipped when the pair is mirrored (the same network function). */
  readonly canonical: Float64Array;
}

function pairStats(p: ClassifiedPair, theta: Float64Array, layout: Layout): PairStats {
  const canonical = Float64Array.from(canonicalForPair(layout, Array.from(theta), p));
  const { ai, aj } = neuronPair(layout, canonical, p.i, p.j);
  return {
    i: p.i,
    j: p.j,
    cosine: p.cosineDistance.toNumber(),
    relative: p.relativeDistance.toNumber(),
    readouts: p.signsOpposite ? 'opposite' : 'same',
    fraction: p.updateFraction,
    ai,
    aj,
    merged: p.merged,
    mirrored: p.mirrored,
    verdict: p.verdict,
    canonical,
  };
}

function pairEvidence(p: PairStats): PairEvidence {
  const base = {
    i: p.i + 1,
    j: p.j + 1,
    ...(p.mirrored ? { mirrored: true } : {}),
    cosineDistance: String(p.cosine),
    relativeDistance: String(p.relative),
    readouts: p.readouts,
    lateFraction: String(p.fraction ?? 'NaN'),
    divergence: String(pairDivergence64(p)),
  };
  return p.ai + p.aj !== 0 ? { ...base, gamma: String(p.ai / (p.ai + p.aj)) } : base;
}

/**
 * The loss and the outward slope dL/ds of a channel candidate in Decimal. Moving outward (ε → ε e^{−s} at fixed
 * w, Δ, c, a) has the tangent u (`direction`; for a pair: w_i ← −(w_i − w_j)/2, w_j ← +(w_i − w_j)/2, a_i ← A,
 * a_j ← −A with A = (a_i − a_j)/2), so dL/ds = ∇L·u. On a channel the float64 loss cancels two terms of size |A|
 * (`divergence`); the working precision is 3·log₁₀|A| + 10 digits (mathematics.md §2), at least 30, and the
 * ladder confirms it 20 digits higher.
 */
function confirmChannel(
  problem: SweepProblem,
  theta: Float64Array,
  divergence: number,
  direction: (flat: readonly Decimal[]) => Decimal[],
  loss64: number,
): ChannelEscalation {
  // The one digits rule of the channel criteria (its 20-digit margin is the ladder's step below).
  const digits = Math.max(30, channelDigits(Math.abs(divergence)) - 20);
  const compute = (q: Precision): Decimal[] => {
    const flat = Array.from(theta, (v) => fromDouble(q, v));
    const u = direction(flat);
    const res = problem.evaluate(flat, q, { gradient: true });
    const g = res.gradient as readonly Decimal[];
    let slope = new q.D(0);
    g.forEach((gi, k) => (slope = slope.plus(gi.times(u[k] as Decimal))));
    return [res.loss, slope];
  };
  const outcome = certifyByLadder(compute, precision(10), { guard: digits - 10 });
  if (outcome.kind !== 'certified') {
    return {
      digits,
      loss: 'uncertain',
      float64RelativeError: 'uncertain',
      outwardSlope: 'uncertain',
      confirmed: false,
    };
  }
  const [loss, slope] = outcome.values as [Decimal, Decimal];
  const err = loss.isZero()
    ? 'NaN'
    : fromDouble(precision(30), loss64).minus(loss).div(loss).abs().toSignificantDigits(3).toString();
  const resolvedZero = outcome.unresolvedZeros.some((z) => z.index === 1);
  return {
    digits,
    loss: loss.toString(),
    float64RelativeError: err,
    outwardSlope: slope.toString(),
    confirmed: slope.isNeg() && !slope.isZero() && !resolvedZero,
  };
}

/**
 * How far Newton's method puts the nearest critical point: ‖Σ_k (v_k·∇L / λ_k) v_k‖₂ over the eigenpairs (λ_k, v_k)
 * of the float64 Hessian. An eigenvalue below its rounding, 10⁻¹²·max(1, max|λ|) (N·10⁻¹⁶ of the largest for sums
 * over N ≈ 10⁴ samples), is a null direction: there the gradient's component must itself be negligible
 * (≤ 10⁻³·`gradientTolerance`, as on a line of critical points), else the distance is Infinity. Also returns the
 * eigenvalue of the largest contribution.
 */
function newtonDistance(
  hessian: Float64Array,
  gradient: Float64Array,
  gradientTolerance: number,
): { distance: number; eigenvalue: number } {
  const P = gradient.length;
  const rows = Array.from({ length: P }, (_, i) => hessian.subarray(i * P, (i + 1) * P));
  const e = symmetricEigenF64(rows);
  if (e.kind !== 'converged')
    throw new Error('classifyEndPoint: the float64 Jacobi iteration did not converge');
  const scale = Math.max(1, ...e.values.map(Math.abs));
  let sum = 0;
  let worst = { part: -1, eigenvalue: NaN };
  for (let k = 0; k < P; k++) {
    const lambda = e.values[k] as number;
    let gk = 0;
    for (let i = 0; i < P; i++)
      gk += ((e.vectors[i] as readonly number[])[k] as number) * (gradient[i] as number);
    const part =
      Math.abs(lambda) <= 1e-12 * scale
        ? Math.abs(gk) <= 1e-3 * gradientTolerance
          ? 0
          : Infinity
        : Math.abs(gk / lambda);
    sum += part * part;
    if (part > worst.part) worst = { part, eigenvalue: lambda };
  }
  return { distance: Math.sqrt(sum), eigenvalue: worst.eigenvalue };
}

/**
 * The extreme Hessian eigenvalues and the sign of the smallest: −1 negative, 0 zero (within the tolerance), +1
 * positive, with the tolerance max(zeroTol·max(1, max|λ|), 10·‖∇L‖). The float64 Hessian summed over N samples is off by about N·10⁻¹⁶ of the largest eigenvalue; when the
 * smallest eigenvalue is that close to the decision boundary ±tol (within 10⁻⁴·tol) the decision is rechecked
 * from the Hessian at 40 digits.
 */
function smallestEigenvalues(
  problem: SweepProblem,
  theta: Float64Array,
  hessian: Float64Array,
  zeroTol: number,
  gradientNorm: number,
  escalate: boolean,
): { min: string; max: string; sign: -1 | 0 | 1; decimal: boolean } {
  const P = theta.length;
  const rows = Array.from({ length: P }, (_, i) => hessian.subarray(i * P, (i + 1) * P));
  const f = symmetricEigenvaluesF64(rows);
  if (f.kind !== 'converged')
    throw new Error('classifyEndPoint: the float64 Jacobi iteration did not converge');
  const lo = f.values[0] as number;
  const hi = f.values[P - 1] as number;
  const scale = Math.max(1, Math.abs(lo), Math.abs(hi));
  // At a distance δ from a critical point the eigenvalues are off by O(δ) ≈ O(‖∇L‖/λ) there: an eigenvalue
  // smaller in magnitude than 10·‖∇L‖ says nothing about its sign at the critical point itself.
  const tol = Math.max(zeroTol * scale, 10 * gradientNorm);
  const sign64 = lo < -tol ? -1 : lo > tol ? 1 : 0;
  if (!escalate || Math.abs(Math.abs(lo) - tol) > 1e-4 * tol) {
    return { min: String(lo), max: String(hi), sign: sign64, decimal: false };
  }
  const p = precision(40);
  const flat = Array.from(theta, (v) => fromDouble(p, v));
  const H = problem.evaluate(flat, p, { gradient: false, hessian: true })
    .hessian as readonly (readonly Decimal[])[];
  const d = symmetricEigenvalues(H, p);
  if (d.kind !== 'converged') return { min: String(lo), max: String(hi), sign: sign64, decimal: false };
  const dlo = d.values[0] as Decimal;
  const dhi = d.values[P - 1] as Decimal;
  const tolD = new p.D(tol);
  const sign = dlo.lt(tolD.neg()) ? -1 : dlo.gt(tolD) ? 1 : 0;
  return {
    min: dlo.toSignificantDigits(10).toString(),
    max: dhi.toSignificantDigits(10).toString(),
    sign,
    decimal: true,
  };
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0)
    ? x.toExponential(2)
    : String(Number(x.toPrecision(4)));
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** Every option at the public boundary (an OptionError naming classifyEndPoint and the option). */
function checkClassifyOptions(options: ClassifyOptions): void {
  const fn = 'classifyEndPoint';
  knownOptions(fn, options, [
    'normThreshold',
    'pairCosineDistance',
    'lateFraction',
    'lateShare',
    'gradientTolerance',
    'zeroEigenvalue',
    'newtonStep',
    'escalate',
  ]);
  const o = options;
  if (o.normThreshold !== undefined) numberOption(fn, 'normThreshold', o.normThreshold, { above: 0 });
  // Cosine distances lie in [0, 2]; fractions and shares in [0, 1].
  if (o.pairCosineDistance !== undefined)
    numberOption(fn, 'pairCosineDistance', o.pairCosineDistance, { above: 0, max: 2 });
  if (o.lateFraction !== undefined) numberOption(fn, 'lateFraction', o.lateFraction, { min: 0, max: 1 });
  if (o.lateShare !== undefined) numberOption(fn, 'lateShare', o.lateShare, { above: 0, max: 1 });
  if (o.gradientTolerance !== undefined)
    numberOption(fn, 'gradientTolerance', o.gradientTolerance, { min: 0 });
  if (o.zeroEigenvalue !== undefined) numberOption(fn, 'zeroEigenvalue', o.zeroEigenvalue, { min: 0 });
  if (o.newtonStep !== undefined) numberOption(fn, 'newtonStep', o.newtonStep, { above: 0 });
  if (o.escalate !== undefined) booleanOption(fn, 'escalate', o.escalate);
}
