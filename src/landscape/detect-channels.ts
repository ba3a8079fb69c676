import type { Decimal } from 'decimal.js';
import { FlowRun, type FlowRecord } from '../flow/integrate.js';
import type { Objective } from '../flow/objective.js';
import { refineCriticalPoint } from '../flow/refine-critical-point.js';
import {
  PAPER_CRITERIA,
  PERMUTATIONS_ONLY,
  canonicalForPair,
  channelDigits,
  channelVerdict,
  networkSymmetries,
  type ChannelVerdict,
  type ClassifiedGroup,
  type ClassifiedPair,
  type NetworkSymmetries,
} from '../network/channel-criteria.js';
import { channelSubspaceFraction64, neuronRows } from '../network/pair-criteria.js';
import { rowLength, type Layout } from '../network/params.js';
import { booleanOption, integerOption, knownOptions, numberOption } from '../errors.js';
import { MAX_INTERNAL_DIGITS, precision, type Precision } from '../precision/context.js';
import { groupLimit } from './_internals/detect-groups.js';
import { fitDivergenceLaw, type DivergenceLaw, type LawPoint } from './_internals/detect-law.js';
import { neuronPair, toChannelCoordinates } from '../network/neuron-pair.js';

export type { DivergenceLaw } from './_internals/detect-law.js';

/** Options of {@link detectChannels}; thresholds default to the paper's (mathematics.md §4). */
export interface DetectOptions {
  /** ‖θ‖₂ above this is the paper's norm criterion. Default 10³. */
  readonly normThreshold?: number;
  /** Pair cosine distance 1 − cos(w_i, w_j) below this (and relative distance below √(2·this)). Default 10⁻³. */
  readonly cosineThreshold?: number;
  /** |a_i| + |a_j| above this counts as large readouts. Default 10². */
  readonly readoutThreshold?: number;
  /** Neurons within this cosine distance of each other form groups (≥ 3: multi-dimensional channels). Default 10⁻². */
  readonly groupThreshold?: number;
  /** Share of an update inside the pair's channel subspace required of a channel. Default 0.9. */
  readonly updateFraction?: number;
  /** Continue the gradient flow from the point to confirm candidate pairs (needs an objective). Default false. */
  readonly confirm?: boolean;
  /** Confirmation stops once |A| has grown by this factor. Default 1.1. */
  readonly growth?: number;
  /** Confirmation gives up at this flow time. Default 1e40. */
  readonly maxTime?: number;
  /** Accepted plus rejected steps of the confirming flow. Default 4000. */
  readonly maxSteps?: number;
  /**
   * log₁₀ of the local error tolerance of the confirming flow's implicit steps. Default −8: the valley floor
   * attracts, so step errors do not accumulate across it, and the law is read from the exact gradient at each
   * record.
   */
  readonly flowLog10Tolerance?: number;
  /** The least working digits (raised to the channel digits rule, 3·log₁₀|A| + 30, where |A| needs more). Default 40. */
  readonly digits?: number;
  /**
   * The symmetries modulo which pairs are compared (network/channel-criteria.ts). Default: those of the
   * objective's activation (the sign flip for odd σ), permutations only without an objective.
   */
  readonly symmetries?: NetworkSymmetries;
}

/** The GLU a pair tends to: c σ(w·x) + (v·x) σ′(w·x) (mathematics.md §2), 12 significant digits. */
export interface GluLimit {
  readonly c: string;
  readonly w: readonly string[];
  readonly v: readonly string[];
}

/**
 * A pair's verdict. `channel`: the paper's static criteria hold (merged input weights, opposite readouts, large
 * |a_i| + |a_j|, ‖θ‖ > 10³, and — with data — the gradient flow's update inside the channel subspace).
 * `channelConfirmed`: the continued flow drove |A| up and ε down with a channel's law, inside the subspace.
 * `channelCandidate`: merged with opposite readouts, but the norm or the readouts are below the paper's
 * thresholds, or the flow was not run (weights in the hundreds: confirm with data), or the continued flow ran off
 * along the pair's subspace but the data could not decide its law (`undecided`). `notConfirmed`: a candidate
 * whose continued flow did not behave like a channel. `duplicate`: merged with same-sign readouts (a point of a
 * saddle line, finite). `notAChannel`: input weights apart.
 */
export type PairVerdict =
  'channel' | 'channelConfirmed' | 'channelCandidate' | 'notConfirmed' | 'duplicate' | 'notAChannel';

/** What the continued gradient flow showed for a pair. */
export interface PairConfirmation {
  /** Flow time reached, and why the run stopped. */
  readonly t: string;
  readonly stop: 'grew' | 'converged' | 'maxTime' | 'maxSteps' | 'stepFailure';
  readonly digits: number;
  readonly A0: string;
  readonly A1: string;
  readonly eps0: string;
  readonly eps1: string;
  /**
   * k in A^k ≈ A₀^k + K t (dA/dt ∝ A^{1−k}): 4 in the generic case (ε⁻⁴ linear in t), 6 for a realisable GLU
   * target (A⁶ linear in t). Fitted to ln(dA/dt) against ln|A| over the late records and extrapolated to ε → 0
   * (the local exponent at finite ε is k + βε² + O(ε⁴); see `exponentInterval`).
   */
  readonly divergencePower?: string;
  /** 1 − the plain slope of ln(dA/dt) against ln|A| (before the extrapolation). */
  readonly slopeExponent?: string;
  /**
   * The interval for k: the extrapolated value ± (the size of the extrapolation's correction + the 95% Student-t
   * half-width of its standard error when there are more than three points).
   */
  readonly exponentInterval?: readonly [string, string];
  /** Late records with a positive rate d|A|/dt used in the fit. */
  readonly lawPoints: number;
  /**
   * `generic` / `realisableGlu`: the interval contains that law's k and excludes the other's; `undecided`: it
   * contains both (the data do not separate the laws: grow |A| further); `neither`: it contains neither;
   * `notEnoughData`: fewer than three late records.
   */
  readonly law: DivergenceLaw;
  /** Smallest share of a late flow update (between consecutive records) inside the pair's channel subspace. */
  readonly updateFraction: string;
  /** The GLU at the end of the flow (absent when the pair is `notConfirmed`). */
  readonly glu?: GluLimit;
  readonly lossStart: string;
  readonly lossEnd: string;
}

/**
 * Why a pair or group carries no GLU: the limit c σ(w·x) + (v·x) σ′(w·x) describes neurons that run off to
 * infinity along a channel, and means nothing for the others. `weightsApart`: the input weights have not merged.
 * `sameSignReadouts`: merged with same-sign readouts, a finite point of a saddle line (duplication), whose limit is
 * just c σ(w·x). `identicalWeights`: ε = 0, the GLU's direction is undefined. `flowNotChannel`: the continued flow
 * did not behave like a channel. `inGroup`: the pair belongs to a group of three or more merging neurons, whose
 * verdict and GLU (reported with the group) are what counts; the pair's alone ignores the other members.
 */
export type NoGluReason =
  'weightsApart' | 'sameSignReadouts' | 'identicalWeights' | 'flowNotChannel' | 'inGroup';

export interface DetectedPair {
  /** 1-based neuron indices. */
  readonly i: number;
  readonly j: number;
  /**
   * Compared modulo the sign flip of an odd σ: neuron j as (−w_j, −a_j). The measures, the GLU and the
   * confirmation are those of this canonical representative (the network function is the same).
   */
  readonly mirrored?: boolean;
  readonly cosineDistance: string;
  readonly relativeDistance: string;
  readonly sumAbsA: string;
  readonly signsOpposite: boolean;
  /** A = (a_i − a_j)/2. */
  readonly divergence: string;
  /** The GLU the pair stands for at this point: only for channels and channel candidates (else `noGlu`). */
  readonly glu?: GluLimit;
  /** Why there is no `glu`. */
  readonly noGlu?: NoGluReason;
  /** With data: share of the gradient-flow update −∇L inside the pair's channel subspace. */
  readonly updateFraction?: string;
  readonly confirmation?: PairConfirmation;
  readonly verdict: PairVerdict;
}

/**
 * A group's verdict (mathematics.md §4: three or more merging neurons form a multi-dimensional channel). The
 * pair criteria carried over to the group: its readouts must include opposite signs, since only then can they
 * diverge while their sum c = Σa_k and the GLU's v = Σa_k(w_k − w̄) stay finite. `channel`: mixed signs,
 * Σ|a_k| above the readout threshold, ‖θ‖ above the norm threshold, and — with data — the update −∇L more than
 * the update fraction inside the group's subspace. `channelCandidate`: mixed signs, below those thresholds (the
 * flow confirmation runs for the group's pairs, not for the group). `duplicate`: readouts of one sign, a finite
 * point of a duplication (saddle) manifold whose limit is c σ(w̄·x).
 */
export type GroupVerdict = 'channel' | 'channelCandidate' | 'duplicate';

/** A group of ≥ 3 neurons whose input weights have merged (pairwise within the group threshold). */
export interface DetectedGroup {
  /** 1-based, sorted. */
  readonly neurons: readonly number[];
  /** Members compared sign-flipped, (−w_k, −a_k), against the first (odd σ only; 1-based). */
  readonly mirrored?: readonly number[];
  /** Largest pairwise cosine distance inside the group. */
  readonly maxCosineDistance: string;
  /** Σ|a_k|. */
  readonly sumAbsA: string;
  /** Readouts of both signs. */
  readonly signsMixed: boolean;
  /**
   * The group's effective GLU: c = Σa_k, w = w̄ (the members' mean), v = Σa_k(w_k − w̄) (channels and
   * candidates only).
   */
  readonly glu?: GluLimit;
  /**
   * ‖Σa_k(w_k − w̄)(w_k − w̄)ᵀ‖_F, the coefficient of the σ″ term that the GLU neglects: the GLU is the group's
   * limit only if it tends to 0 (it does when the readouts grow like 1/ε; three readouts growing like 1/ε² can
   * keep it finite and the limit then has a σ″ term).
   */
  readonly secondOrder?: string;
  readonly noGlu?: NoGluReason;
  /** With data: share of the update −∇L inside the group's subspace (its input weights and readouts). */
  readonly updateFraction?: string;
  readonly verdict: GroupVerdict;
}

/**
 * The network's verdict: `channel` (some pair or group is a channel, or a pair a confirmed one), `finiteMinimum` /
 * `saddle` / `degenerateCriticalPoint` (with data: no channel pair, and Newton from the point converges to a
 * nearby critical point of that type), `channelCandidate` (a candidate pair, undecided without data or
 * confirmation, or a candidate group: groups are not confirmed by the flow), `noChannel` (no data, no candidate),
 * `undecided` (data, no channel, no nearby critical point found).
 */
export type NetworkVerdict =
  | 'channel'
  | 'finiteMinimum'
  | 'saddle'
  | 'degenerateCriticalPoint'
  | 'channelCandidate'
  | 'noChannel'
  | 'undecided';

export interface Detection {
  readonly verdict: NetworkVerdict;
  readonly parameterNorm: string;
  readonly normLarge: boolean;
  /** Loss and ‖∇L‖₂ at the point (with data). */
  readonly loss?: string;
  readonly gradNorm?: string;
  /** Pairs, most channel-like first. */
  readonly pairs: readonly DetectedPair[];
  /**
   * Groups of ≥ 3 neurons connected by merged pairs at the group threshold (cosine distance below it and relative
   * distance below √(2·it)): multi-dimensional channels or duplicates.
   */
  readonly groups: readonly DetectedGroup[];
  /** Working digits of the Decimal computations (chosen from the largest |A|: ≈ 3·log₁₀|A| + 30). */
  readonly digits: number;
}

const RANK: Readonly<Record<PairVerdict, number>> = {
  channelConfirmed: 0,
  channel: 1,
  channelCandidate: 2,
  notConfirmed: 3,
  duplicate: 4,
  notAChannel: 5,
};

function s(x: Decimal, n = 6): string {
  return x.toSignificantDigits(n).toString();
}

/**
 * Applies the paper's channel criteria (mathematics.md §4) to a trained network given as a flat parameter vector,
 * and — with an objective (the data) — measures the update direction, confirms candidates by continuing the
 * gradient flow at high precision (`confirm`), and, when no pair is a channel, looks for a nearby finite critical
 * point with Newton's method.
 */
export function detectChannels(
  layout: Layout,
  params: readonly Decimal.Value[],
  objective?: Objective,
  options: DetectOptions = {},
): Detection {
  checkDetectOptions(options);
  const digits = workingDigits(layout, params, options.digits ?? 40);
  const p = precision(digits);
  const flat = params.map((v) => new p.D(v));
  const symmetries =
    options.symmetries ??
    (objective?.network === undefined ? PERMUTATIONS_ONLY : networkSymmetries(objective.network.activation));
  const ev = objective?.evaluate(flat, p, { gradient: true });
  const gradNorm = ev?.gradient?.reduce((acc, g) => acc.plus(g.times(g)), new p.D(0)).sqrt();
  const verdictOf = staticVerdict(layout, flat, ev?.gradient, symmetries, options);
  const pairs = verdictOf.pairs.map((m) => detectedPair(layout, flat, m, verdictOf.groups, p));
  const groups = verdictOf.groups.map((g) => detectedGroup(layout, flat, g, p));
  if (objective !== undefined && options.confirm === true)
    confirmCandidates(objective, layout, flat, pairs, options);
  pairs.sort(
    (x, y) => RANK[x.verdict] - RANK[y.verdict] || Number(x.cosineDistance) - Number(y.cosineDistance),
  );
  return {
    verdict: networkVerdict(pairs, groups, objective, flat),
    parameterNorm: s(verdictOf.norm),
    normLarge: verdictOf.normLarge,
    ...(ev === undefined ? {} : { loss: s(ev.loss, 12) }),
    ...(gradNorm === undefined ? {} : { gradNorm: s(gradNorm) }),
    pairs,
    groups,
    digits,
  };
}

/** Every option at the public boundary (an OptionError naming detectChannels and the option). */
function checkDetectOptions(options: DetectOptions): void {
  const fn = 'detectChannels';
  knownOptions(fn, options, [
    'normThreshold',
    'cosineThreshold',
    'readoutThreshold',
    'groupThreshold',
    'updateFraction',
    'confirm',
    'growth',
    'maxTime',
    'maxSteps',
    'flowLog10Tolerance',
    'digits',
    'symmetries',
  ]);
  const o = options;
  if (o.normThreshold !== undefined) numberOption(fn, 'normThreshold', o.normThreshold, { above: 0 });
  // Cosine distances lie in [0, 2].
  if (o.cosineThreshold !== undefined)
    numberOption(fn, 'cosineThreshold', o.cosineThreshold, { above: 0, max: 2 });
  if (o.readoutThreshold !== undefined)
    numberOption(fn, 'readoutThreshold', o.readoutThreshold, { above: 0 });
  if (o.groupThreshold !== undefined)
    numberOption(fn, 'groupThreshold', o.groupThreshold, { above: 0, max: 2 });
  if (o.updateFraction !== undefined)
    numberOption(fn, 'updateFraction', o.updateFraction, { min: 0, max: 1 });
  if (o.confirm !== undefined) booleanOption(fn, 'confirm', o.confirm);
  if (o.growth !== undefined) numberOption(fn, 'growth', o.growth, { above: 1 });
  if (o.maxTime !== undefined) numberOption(fn, 'maxTime', o.maxTime, { above: 0 });
  if (o.maxSteps !== undefined) integerOption(fn, 'maxSteps', o.maxSteps, 1, Number.MAX_SAFE_INTEGER);
  if (o.flowLog10Tolerance !== undefined)
    numberOption(fn, 'flowLog10Tolerance', o.flowLog10Tolerance, { below: 0, min: -MAX_INTERNAL_DIGITS });
  if (o.digits !== undefined) integerOption(fn, 'digits', o.digits, 1, MAX_INTERNAL_DIGITS);
}

/** The working digits: the channel digits rule at the largest |a_k| (channelDigits), at least `minDigits`. */
function workingDigits(layout: Layout, params: readonly Decimal.Value[], minDigits: number): number {
  const p0 = precision(40);
  let maxA = new p0.D(0);
  const aOff = layout.width * rowLength(layout);
  for (let k = aOff; k < aOff + layout.width; k++) {
    const v = new p0.D(params[k] as Decimal.Value).abs();
    if (v.gt(maxA)) maxA = v;
  }
  return Math.max(minDigits, channelDigits(maxA));
}

/** The static criteria, once (network/channel-criteria.ts): with data, the update is the gradient flow's −∇L. */
function staticVerdict(
  layout: Layout,
  flat: readonly Decimal[],
  gradient: readonly Decimal[] | undefined,
  symmetries: NetworkSymmetries,
  options: DetectOptions,
): ChannelVerdict {
  return channelVerdict(layout, flat, {
    normThreshold: options.normThreshold ?? PAPER_CRITERIA.normThreshold,
    cosineThreshold: options.cosineThreshold ?? PAPER_CRITERIA.cosineThreshold,
    readoutThreshold: options.readoutThreshold ?? PAPER_CRITERIA.readoutThreshold,
    groupThreshold: options.groupThreshold ?? PAPER_CRITERIA.groupThreshold,
    updateFraction: options.updateFraction ?? PAPER_CRITERIA.updateFraction,
    symmetries,
    ...(gradient === undefined ? {} : { updates: [gradient.map((g) => g.toNumber())] }),
  });
}

/** One classified pair as reported: its measures, and its GLU (channels and candidates only) or why none. */
function detectedPair(
  layout: Layout,
  flat: readonly Decimal[],
  m: ClassifiedPair,
  groups: readonly ClassifiedGroup[],
  p: Precision,
): DetectedPair {
  const inGroup = groups.some((g) => g.members.includes(m.i) && g.members.includes(m.j));
  let glu: GluLimit | undefined;
  let noGlu: NoGluReason | undefined;
  if (m.verdict === 'notAChannel') noGlu = 'weightsApart';
  else if (inGroup) noGlu = 'inGroup';
  else if (m.verdict === 'duplicate') noGlu = 'sameSignReadouts';
  else {
    const canonical = canonicalForPair(layout, flat, m);
    const ch = toChannelCoordinates(neuronPair(layout, canonical, m.i, m.j), p, { signed: false });
    if (ch.kind === 'pair') glu = gluOf(ch.c, ch.w, ch.v);
    else noGlu = 'identicalWeights';
  }
  return {
    i: m.i + 1,
    j: m.j + 1,
    ...(m.mirrored ? { mirrored: true } : {}),
    cosineDistance: s(m.cosineDistance),
    relativeDistance: s(m.relativeDistance),
    sumAbsA: s(m.sumAbsA),
    signsOpposite: m.signsOpposite,
    divergence: s(m.divergence),
    ...(glu === undefined ? {} : { glu }),
    ...(noGlu === undefined ? {} : { noGlu }),
    ...(m.updateFraction === undefined ? {} : { updateFraction: m.updateFraction.toPrecision(6) }),
    verdict: m.verdict,
  };
}

/** One classified group as reported, with its effective GLU (members sign-aligned with the first). */
function detectedGroup(
  layout: Layout,
  flat: readonly Decimal[],
  g: ClassifiedGroup,
  p: Precision,
): DetectedGroup {
  const rows = neuronRows(layout, flat);
  // A mirrored member enters the limit as (−w_k, −a_k).
  const flippedAt = (k: number): boolean => {
    const idx = g.members.indexOf(k);
    return idx >= 0 && g.flipped[idx] === true;
  };
  const aligned = {
    w: rows.w.map((w, k) => (flippedAt(k) ? w.map((x) => x.neg()) : w)),
    a: rows.a.map((a, k) => (flippedAt(k) ? a.neg() : a)),
  };
  const limit = g.verdict === 'duplicate' ? undefined : groupLimit(aligned, g.members, p);
  return {
    neurons: g.members.map((k) => k + 1),
    ...(g.flipped.some((f) => f)
      ? { mirrored: g.members.filter((_, idx) => g.flipped[idx] === true).map((k) => k + 1) }
      : {}),
    maxCosineDistance: s(g.maxCosineDistance),
    sumAbsA: s(g.sumAbsA),
    signsMixed: g.signsMixed,
    ...(limit === undefined
      ? { noGlu: 'sameSignReadouts' as const }
      : { glu: gluOf(limit.c, limit.w, limit.v), secondOrder: s(limit.secondOrder) }),
    ...(g.updateFraction === undefined ? {} : { updateFraction: g.updateFraction.toPrecision(6) }),
    verdict: g.verdict,
  };
}

/**
 * `--confirm`: each channel or candidate pair is confirmed by continuing the flow from its canonical representative
 * (a mirrored pair flipped: the flow commutes with the flip), and its verdict replaced in place.
 */
function confirmCandidates(
  objective: Objective,
  layout: Layout,
  flat: readonly Decimal[],
  pairs: DetectedPair[],
  options: DetectOptions,
): void {
  for (const [k, pair] of pairs.entries()) {
    if (pair.verdict !== 'channelCandidate' && pair.verdict !== 'channel') continue;
    const start = canonicalForPair(layout, flat, { j: pair.j - 1, mirrored: pair.mirrored === true });
    const c = confirmPair(objective, layout, start, pair.i - 1, pair.j - 1, options);
    pairs[k] = confirmedVerdict(pair, c, options.updateFraction ?? PAPER_CRITERIA.updateFraction);
  }
}

/**
 * A pair after its flow: `channelConfirmed` when |A| grew, ε shrank inside the subspace and the law is decided;
 * still a `channelCandidate` when it ran off that way but the law is undecided; else `notConfirmed`. A pair inside
 * a group has no GLU of its own, at the start or at the end of the flow.
 */
function confirmedVerdict(pair: DetectedPair, c: PairConfirmation, updateFraction: number): DetectedPair {
  const ran =
    c.stop === 'grew' && Number(c.eps1) < Number(c.eps0) && Number(c.updateFraction) > updateFraction;
  const mine = pair.noGlu === 'inGroup' ? withoutGlu(c) : c;
  if (ran && (c.law === 'generic' || c.law === 'realisableGlu'))
    return { ...pair, confirmation: mine, verdict: 'channelConfirmed' };
  if (ran && (c.law === 'undecided' || c.law === 'notEnoughData'))
    return { ...pair, confirmation: mine, verdict: 'channelCandidate' };
  const { glu: _glu, ...rest } = pair;
  return {
    ...rest,
    noGlu: pair.noGlu ?? 'flowNotChannel',
    confirmation: withoutGlu(c),
    verdict: 'notConfirmed',
  };
}

/**
 * The network's verdict from its pairs and groups; with data and no channel or candidate, Newton from the point
 * decides between a finite minimum, a saddle and a degenerate critical point (or `undecided`).
 */
function networkVerdict(
  pairs: readonly DetectedPair[],
  groups: readonly DetectedGroup[],
  objective: Objective | undefined,
  flat: readonly Decimal[],
): NetworkVerdict {
  const has = (v: PairVerdict): boolean => pairs.some((q) => q.verdict === v);
  const hasGroup = (v: GroupVerdict): boolean => groups.some((g) => g.verdict === v);
  if (has('channelConfirmed') || ((has('channel') || hasGroup('channel')) && !has('notConfirmed')))
    return 'channel';
  const candidate = has('channelCandidate') || hasGroup('channelCandidate');
  if (objective === undefined) return candidate ? 'channelCandidate' : 'noChannel';
  // After confirmation a pair is still a candidate only when its law was undecided.
  if (candidate) return 'channelCandidate';
  const refined = refineCriticalPoint(objective, flat, precision(30), { maxIterations: 60 });
  if (refined.kind !== 'converged') return 'undecided';
  if (refined.type === 'minimum') return 'finiteMinimum';
  return refined.type === 'saddle' || refined.type === 'maximum' ? 'saddle' : 'degenerateCriticalPoint';
}

function gluOf(c: Decimal, w: readonly Decimal[], v: readonly Decimal[]): GluLimit {
  return { c: s(c, 12), w: w.map((x) => s(x, 12)), v: v.map((x) => s(x, 12)) };
}

function withoutGlu(c: PairConfirmation): PairConfirmation {
  const { glu: _glu, ...rest } = c;
  return rest;
}

/** A, ε and the GLU of pair (i, j) at a flat point. */
function pairState(
  layout: Layout,
  flat: readonly Decimal[],
  i: number,
  j: number,
  p: Precision,
): { A: Decimal; eps: Decimal; glu: GluLimit } {
  const ch = toChannelCoordinates(neuronPair(layout, flat, i, j), p, { signed: false });
  if (ch.kind !== 'pair')
    return {
      A: ch.A,
      eps: new p.D(0),
      glu: gluOf(
        ch.c,
        ch.w,
        ch.w.map(() => new p.D(0)),
      ),
    };
  return { A: ch.A, eps: ch.eps, glu: gluOf(ch.c, ch.w, ch.v) };
}

/**
 * Continues the gradient flow (implicit Radau IIA, exact Hessian) from the point at ≈ 3·log₁₀|A| + 30 digits
 * (the digits needed at the largest |A| the run may reach), over log-spaced times, until |A| has grown by
 * `growth`, the gradient vanishes (a finite critical point), or the time or step budget runs out. The law is read
 * from dA/dt (exact, from the gradient at each record) against A over the records past the first quarter of
 * the growth.
 */
function confirmPair(
  objective: Objective,
  layout: Layout,
  start: readonly Decimal[],
  i: number,
  j: number,
  options: DetectOptions,
): PairConfirmation {
  const { growth = 1.1 } = options;
  const digits = confirmationDigits(layout, start, i, j, growth, options.digits ?? 40);
  const p = precision(digits);
  const init = start.map((v) => new p.D(v));
  const s0 = pairState(layout, init, i, j, p);
  const run = flowUntilGrown(objective, layout, init, i, j, s0.A.abs().times(growth), p, options);
  const last = run.records[run.records.length - 1] as FlowRecord;
  const s1 = pairState(
    layout,
    last.params.map((v) => new p.D(v)),
    i,
    j,
    p,
  );
  const late = lateRecords(layout, run.records, i, j, s0.A.abs(), s1.A.abs(), p);
  const fit = fitDivergenceLaw(lawPoints(objective, layout, late, i, j, p));
  return {
    t: last.t,
    stop: run.stop,
    digits,
    A0: s(s0.A, 8),
    A1: s(s1.A, 8),
    eps0: s(s0.eps, 8),
    eps1: s(s1.eps, 8),
    ...(fit.exponent === undefined ? {} : { divergencePower: fit.exponent.toPrecision(4) }),
    ...(fit.slopeExponent === undefined ? {} : { slopeExponent: fit.slopeExponent.toPrecision(7) }),
    ...(fit.interval === undefined
      ? {}
      : { exponentInterval: [fit.interval[0].toPrecision(7), fit.interval[1].toPrecision(7)] as const }),
    lawPoints: fit.points,
    law: fit.law,
    updateFraction: smallestUpdateFraction(layout, late.length >= 2 ? late : run.records.slice(1), i, j, p),
    glu: s1.glu,
    lossStart: s(objective.evaluate(init, p, { gradient: false }).loss, 10),
    lossEnd: s(new p.D(last.loss), 10),
  };
}

/** The confirming flow's digits: the channel digits rule at 4·growth·|A₀| (the largest |A| it may reach). */
function confirmationDigits(
  layout: Layout,
  start: readonly Decimal[],
  i: number,
  j: number,
  growth: number,
  minDigits: number,
): number {
  const aOff = layout.width * rowLength(layout);
  const q0 = precision(40);
  const A0abs = new q0.D(start[aOff + i] as Decimal)
    .minus(start[aOff + j] as Decimal)
    .div(2)
    .abs();
  return Math.max(minDigits, channelDigits(A0abs.times(growth * 4)));
}

/**
 * The flow from `init` (Radau IIA, records at four log-spaced times per decade up to `maxTime`), interrupted once
 * |A| reaches `target` (`grew`) or ‖∇L‖ falls below 10^−(digits−12) (`converged`); else it stops at the time or
 * step budget, or on a failed step.
 */
function flowUntilGrown(
  objective: Objective,
  layout: Layout,
  init: readonly Decimal[],
  i: number,
  j: number,
  target: Decimal,
  p: Precision,
  options: DetectOptions,
): { records: readonly FlowRecord[]; stop: PairConfirmation['stop'] } {
  const { maxTime = 1e40, maxSteps = 4000, flowLog10Tolerance = -8 } = options;
  const decades = Math.ceil(Math.log10(maxTime));
  const run = new FlowRun(objective, init, p, {
    times: Array.from({ length: decades + 1 }, (_, k) => `1e${k}`),
    method: 'implicit',
    implicitLog10Tolerance: flowLog10Tolerance,
    recordsPerDecade: 4,
    maxSteps,
  });
  const tol = new p.D(10).pow(-(p.digits - 12));
  let seen = 0;
  let stop: PairConfirmation['stop'] = 'maxTime';
  while (!run.done) {
    run.advance();
    const records = run.checkpoint().records;
    if (records.length === seen) continue;
    seen = records.length;
    const last = records[records.length - 1] as FlowRecord;
    if (
      pairState(
        layout,
        last.params.map((v) => new p.D(v)),
        i,
        j,
        p,
      )
        .A.abs()
        .gte(target)
    ) {
      stop = 'grew';
      run.interrupt();
    } else if (new p.D(last.gradNorm).lte(tol)) {
      stop = 'converged';
      run.interrupt();
    }
  }
  const result = run.result();
  if (result.outcome.kind === 'maxSteps') stop = 'maxSteps';
  if (result.outcome.kind === 'stepFailure') stop = 'stepFailure';
  return { records: result.records, stop };
}

/** Late records: |A| past the first quarter of its growth (the transverse directions have relaxed by then). */
function lateRecords(
  layout: Layout,
  records: readonly FlowRecord[],
  i: number,
  j: number,
  A0: Decimal,
  A1: Decimal,
  p: Precision,
): FlowRecord[] {
  const grown = A1.minus(A0);
  if (!grown.gt(0)) return [];
  const from = A0.plus(grown.div(4));
  return records.filter(
    (r) =>
      r.t !== '0' &&
      pairState(
        layout,
        r.params.map((v) => new p.D(v)),
        i,
        j,
        p,
      )
        .A.abs()
        .gte(from),
  );
}

/**
 * The points of the law fit: at each late record ln|A|, ln(dA/dt) and ε², with dA/dt = −(∂L/∂a_i − ∂L/∂a_j)/2
 * from the exact gradient, sign-corrected so that it is positive when |A| grows (records where it is not are
 * skipped).
 */
function lawPoints(
  objective: Objective,
  layout: Layout,
  late: readonly FlowRecord[],
  i: number,
  j: number,
  p: Precision,
): LawPoint[] {
  const aOff = layout.width * rowLength(layout);
  const points: LawPoint[] = [];
  for (const r of late) {
    const y = r.params.map((v) => new p.D(v));
    const g = objective.evaluate(y, p, { gradient: true }).gradient as readonly Decimal[];
    const st = pairState(layout, y, i, j, p);
    const dA = (g[aOff + i] as Decimal)
      .minus(g[aOff + j] as Decimal)
      .div(-2)
      .times(st.A.isNeg() ? -1 : 1);
    if (!dA.gt(0)) continue;
    points.push({
      lnA: st.A.abs().ln().toNumber(),
      lnRate: dA.ln().toNumber(),
      eps2: st.eps.times(st.eps).toNumber(),
    });
  }
  return points;
}

/** The smallest share of an update between consecutive records inside the pair's subspace (0 with < 2 records). */
function smallestUpdateFraction(
  layout: Layout,
  use: readonly FlowRecord[],
  i: number,
  j: number,
  p: Precision,
): string {
  if (use.length < 2) return (0).toPrecision(6);
  let minFraction = 1;
  for (let k = 1; k < use.length; k++) {
    const a = use[k - 1] as FlowRecord;
    const b = use[k] as FlowRecord;
    const d = b.params.map((v, idx) => new p.D(v).minus(a.params[idx] as string).toNumber());
    minFraction = Math.min(minFraction, channelSubspaceFraction64(layout, [d], [i, j]));
  }
  return minFraction.toPrecision(6);
}
