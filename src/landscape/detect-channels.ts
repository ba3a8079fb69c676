import type { Decimal } from 'decimal.js';
import { FlowRun, type FlowRecord } from '../flow/integrate.js';
import type { Objective } from '../flow/objective.js';
import { refineCriticalPoint } from '../flow/refine-critical-point.js';
import {
  PAPER_CRITERIA,
  channelSubspaceFraction64,
  neuronGroups,
  neuronRows,
  pairMeasures,
} from '../network/pair-criteria.js';
import { rowLength, type Layout } from '../network/params.js';
import { precision, type Precision } from '../precision/context.js';
import { neuronPair, toChannelCoordinates } from './channel-coordinates.js';
import { digitsForA } from './follow-channel.js';

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
  /** The least working digits (raised to ≈ 3·log₁₀|A| + 30 where |A| needs more). Default 40. */
  readonly digits?: number;
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
 * thresholds, or the flow was not run (weights in the hundreds: confirm with data). `notConfirmed`: a candidate
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
   * k in A^k ≈ A₀^k + K t, from the slope of log|dA/dt| against log|A| over the late records (dA/dt ∝ A^{1−k}):
   * 4 in the generic case (ε⁻⁴ linear in t), 6 for a realisable GLU target (A⁶ linear in t).
   */
  readonly divergencePower?: string;
  readonly law: 'generic' | 'realisableGlu' | 'neither' | 'notEnoughData';
  /** Smallest share of a late flow update (between consecutive records) inside the pair's channel subspace. */
  readonly updateFraction: string;
  /** The GLU at the end of the flow. */
  readonly glu: GluLimit;
  readonly lossStart: string;
  readonly lossEnd: string;
}

export interface DetectedPair {
  /** 1-based neuron indices. */
  readonly i: number;
  readonly j: number;
  readonly cosineDistance: string;
  readonly relativeDistance: string;
  readonly sumAbsA: string;
  readonly signsOpposite: boolean;
  /** A = (a_i − a_j)/2. */
  readonly divergence: string;
  /** The GLU the pair stands for at this point (present when the weights are not identical). */
  readonly glu?: GluLimit;
  /** With data: share of the gradient-flow update −∇L inside the pair's channel subspace. */
  readonly updateFraction?: string;
  readonly confirmation?: PairConfirmation;
  readonly verdict: PairVerdict;
}

/**
 * The network's verdict: `channel` (some pair is a channel or a confirmed one), `finiteMinimum` / `saddle` /
 * `degenerateCriticalPoint` (with data: no channel pair, and Newton from the point converges to a nearby critical
 * point of that type), `channelCandidate` (a candidate pair, undecided without data or confirmation), `noChannel`
 * (no data, no candidate), `undecided` (data, no channel, no nearby critical point found).
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
  /** Groups of ≥ 3 neurons within the group threshold of each other (1-based): multi-dimensional channels. */
  readonly groups: readonly (readonly number[])[];
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
  const {
    normThreshold = PAPER_CRITERIA.normThreshold,
    cosineThreshold = PAPER_CRITERIA.cosineThreshold,
    readoutThreshold = PAPER_CRITERIA.readoutThreshold,
    groupThreshold = PAPER_CRITERIA.groupThreshold,
    updateFraction = PAPER_CRITERIA.updateFraction,
    confirm = false,
    digits: minDigits = 40,
  } = options;
  const p0 = precision(40);
  let maxA = new p0.D(0);
  const aOff = layout.width * rowLength(layout);
  for (let k = aOff; k < aOff + layout.width; k++) {
    const v = new p0.D(params[k] as Decimal.Value).abs();
    if (v.gt(maxA)) maxA = v;
  }
  const digits = Math.max(minDigits, digitsForA(maxA));
  const p = precision(digits);
  const flat = params.map((v) => new p.D(v));
  const norm = flat.reduce((acc, v) => acc.plus(v.times(v)), new p.D(0)).sqrt();
  const normLarge = norm.gt(normThreshold);
  const measures = pairMeasures(neuronRows(layout, flat));
  const groups = neuronGroups(
    layout.width,
    measures.map((m) => ({
      i: m.i,
      j: m.j,
      cosineDistance: m.cosineDistance.toNumber(),
      zeroRow: m.zeroRow,
    })),
    groupThreshold,
  ).map((g) => g.map((k) => k + 1));

  const ev = objective?.evaluate(flat, p, { gradient: true });
  const gradient = ev?.gradient;
  const gradNorm = gradient?.reduce((acc, g) => acc.plus(g.times(g)), new p.D(0)).sqrt();

  const pairs: DetectedPair[] = measures.map((m) => {
    const merged =
      !m.zeroRow &&
      m.cosineDistance.lt(cosineThreshold) &&
      m.relativeDistance.lt(Math.sqrt(2 * cosineThreshold));
    const fraction =
      gradient === undefined
        ? undefined
        : channelSubspaceFraction64(layout, [gradient.map((g) => g.toNumber())], [m.i, m.j]);
    const ch = toChannelCoordinates(neuronPair(layout, flat, m.i, m.j), p, { signed: false });
    const glu = ch.kind === 'pair' ? gluOf(ch.c, ch.w, ch.v) : undefined;
    let verdict: PairVerdict;
    if (!merged) verdict = 'notAChannel';
    else if (!m.signsOpposite) verdict = 'duplicate';
    else if (
      normLarge &&
      m.sumAbsA.gt(readoutThreshold) &&
      (fraction === undefined || fraction > updateFraction)
    )
      verdict = 'channel';
    else verdict = 'channelCandidate';
    return {
      i: m.i + 1,
      j: m.j + 1,
      cosineDistance: s(m.cosineDistance),
      relativeDistance: s(m.relativeDistance),
      sumAbsA: s(m.sumAbsA),
      signsOpposite: m.signsOpposite,
      divergence: s(m.divergence),
      ...(glu === undefined ? {} : { glu }),
      ...(fraction === undefined ? {} : { updateFraction: fraction.toPrecision(6) }),
      verdict,
    };
  });

  if (objective !== undefined && confirm) {
    for (const [k, pair] of pairs.entries()) {
      if (pair.verdict !== 'channelCandidate' && pair.verdict !== 'channel') continue;
      const c = confirmPair(objective, layout, flat, pair.i - 1, pair.j - 1, options);
      const ok =
        c.stop === 'grew' &&
        new p.D(c.eps1).lt(c.eps0) &&
        (c.law === 'generic' || c.law === 'realisableGlu') &&
        Number(c.updateFraction) > updateFraction;
      pairs[k] = { ...pair, confirmation: c, verdict: ok ? 'channelConfirmed' : 'notConfirmed' };
    }
  }
  pairs.sort(
    (x, y) => RANK[x.verdict] - RANK[y.verdict] || Number(x.cosineDistance) - Number(y.cosineDistance),
  );

  let verdict: NetworkVerdict;
  const has = (v: PairVerdict): boolean => pairs.some((q) => q.verdict === v);
  if (has('channelConfirmed') || (has('channel') && !has('notConfirmed'))) verdict = 'channel';
  else if (objective === undefined) verdict = has('channelCandidate') ? 'channelCandidate' : 'noChannel';
  else if (has('channelCandidate') && !confirm) verdict = 'channelCandidate';
  else {
    const refined = refineCriticalPoint(objective, flat, precision(30), { maxIterations: 60 });
    verdict =
      refined.kind !== 'converged'
        ? 'undecided'
        : refined.type === 'minimum'
          ? 'finiteMinimum'
          : refined.type === 'saddle' || refined.type === 'maximum'
            ? 'saddle'
            : 'degenerateCriticalPoint';
  }
  return {
    verdict,
    parameterNorm: s(norm),
    normLarge,
    ...(ev === undefined ? {} : { loss: s(ev.loss, 12) }),
    ...(gradNorm === undefined ? {} : { gradNorm: s(gradNorm) }),
    pairs,
    groups,
    digits,
  };
}

function gluOf(c: Decimal, w: readonly Decimal[], v: readonly Decimal[]): GluLimit {
  return { c: s(c, 12), w: w.map((x) => s(x, 12)), v: v.map((x) => s(x, 12)) };
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
  const { growth = 1.1, maxTime = 1e40, maxSteps = 4000, flowLog10Tolerance = -8 } = options;
  const m = rowLength(layout);
  const aOff = layout.width * m;
  const q0 = precision(40);
  const A0abs = new q0.D(start[aOff + i] as Decimal)
    .minus(start[aOff + j] as Decimal)
    .div(2)
    .abs();
  const digits = Math.max(options.digits ?? 40, digitsForA(A0abs.times(growth * 4)));
  const p = precision(digits);
  const init = start.map((v) => new p.D(v));
  const decades = Math.ceil(Math.log10(maxTime));
  const times = Array.from({ length: decades + 1 }, (_, k) => `1e${k}`);
  const run = new FlowRun(objective, init, p, {
    times,
    method: 'implicit',
    implicitLog10Tolerance: flowLog10Tolerance,
    recordsPerDecade: 4,
    maxSteps,
  });
  const s0 = pairState(layout, init, i, j, p);
  const target = s0.A.abs().times(growth);
  const tol = new p.D(10).pow(-(digits - 12));
  let seen = 0;
  let stop: PairConfirmation['stop'] = 'maxTime';
  let records: readonly FlowRecord[] = [];
  while (!run.done) {
    run.advance();
    const cp = run.checkpoint();
    records = cp.records;
    if (records.length === seen) continue;
    seen = records.length;
    const last = records[records.length - 1] as FlowRecord;
    const y = last.params.map((v) => new p.D(v));
    if (pairState(layout, y, i, j, p).A.abs().gte(target)) {
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
  records = result.records;
  const last = records[records.length - 1] as FlowRecord;
  const yEnd = last.params.map((v) => new p.D(v));
  const s1 = pairState(layout, yEnd, i, j, p);

  // Late records: |A| past the first quarter of its growth (the transverse directions have relaxed by then).
  const A0 = s0.A.abs();
  const grown = s1.A.abs().minus(A0);
  const late = records.filter((r) => {
    if (r.t === '0') return false;
    const A = pairState(
      layout,
      r.params.map((v) => new p.D(v)),
      i,
      j,
      p,
    ).A.abs();
    return grown.gt(0) && A.gte(A0.plus(grown.div(4)));
  });
  let divergencePower: number | undefined;
  if (late.length >= 3) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const r of late) {
      const y = r.params.map((v) => new p.D(v));
      const g = objective.evaluate(y, p, { gradient: true }).gradient as readonly Decimal[];
      const A = pairState(layout, y, i, j, p).A;
      // dA/dt = −(∂L/∂a_i − ∂L/∂a_j)/2; sign-corrected so that it is positive when |A| grows.
      const dA = (g[aOff + i] as Decimal)
        .minus(g[aOff + j] as Decimal)
        .div(-2)
        .times(A.isNeg() ? -1 : 1);
      if (!dA.gt(0)) continue;
      xs.push(A.abs().ln().toNumber());
      ys.push(dA.ln().toNumber());
    }
    if (xs.length >= 3) divergencePower = 1 - slope(xs, ys);
  }
  const law: PairConfirmation['law'] =
    divergencePower === undefined
      ? 'notEnoughData'
      : Math.abs(divergencePower - 4) <= 0.75
        ? 'generic'
        : Math.abs(divergencePower - 6) <= 0.75
          ? 'realisableGlu'
          : 'neither';
  // Updates between consecutive late records (all records past the start when too few are late).
  const use = late.length >= 2 ? late : records.slice(1);
  let minFraction = 1;
  for (let k = 1; k < use.length; k++) {
    const a = use[k - 1] as FlowRecord;
    const b = use[k] as FlowRecord;
    const d = b.params.map((v, idx) => new p.D(v).minus(a.params[idx] as string).toNumber());
    minFraction = Math.min(minFraction, channelSubspaceFraction64(layout, [d], [i, j]));
  }
  if (use.length < 2) minFraction = 0;
  return {
    t: last.t,
    stop,
    digits,
    A0: s(s0.A, 8),
    A1: s(s1.A, 8),
    eps0: s(s0.eps, 8),
    eps1: s(s1.eps, 8),
    ...(divergencePower === undefined ? {} : { divergencePower: divergencePower.toPrecision(4) }),
    law,
    updateFraction: minFraction.toPrecision(6),
    glu: s1.glu,
    lossStart: s(objective.evaluate(init, p, { gradient: false }).loss, 10),
    lossEnd: s(new p.D(last.loss), 10),
  };
}

/** Least-squares slope of ys against xs. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, k) => {
    sxy += (x - mx) * ((ys[k] as number) - my);
    sxx += (x - mx) ** 2;
  });
  return sxy / sxx;
}
