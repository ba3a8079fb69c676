import type { Decimal } from 'decimal.js';
import { pairVerdict, type StaticPairVerdict } from '../network/channel-criteria.js';
import { multiOutputLoss } from '../network/multi-output-loss.js';
import { multiOutputParameterCount, type MultiOutputNetwork } from '../network/multi-output-params.js';
import { PAPER_CRITERIA, pairMeasures, weightsMerged } from '../network/pair-criteria.js';
import { rowLength } from '../network/params.js';
import { precision, type Precision } from '../precision/context.js';
import type { MultiOutputFloorProblem } from './multi-output-follow.js';
import { pairColumns, vectorChannelOf } from './multi-output-glu.js';

/** Options of {@link detectMultiOutputChannels}. */
export interface MultiOutputDetectOptions {
  /** Significant digits of the reported measures. Default 6. */
  readonly digits?: number;
  /** With a problem, the loss and ‖∇L‖ at the point are reported too. */
  readonly problem?: MultiOutputFloorProblem;
}

/** The vector GLU a channel pair tends to: c σ(w·x) + a (Δ·x) σ′(w·x), with ε the current half-distance. */
export interface VectorGluReadout {
  readonly c: readonly string[];
  readonly a: readonly string[];
  readonly w: readonly string[];
  readonly delta: readonly string[];
  readonly eps: string;
}

/** One pair i < j (0-based) with the paper's criteria applied to vector readouts. */
export interface MultiOutputDetectedPair {
  readonly i: number;
  readonly j: number;
  /** 1 − cos(w_i, w_j) (1 for a zero row). */
  readonly cosineDistance: string;
  /** ‖w_i − w_j‖/((‖w_i‖ + ‖w_j‖)/2). */
  readonly relativeDistance: string;
  /** cos(a_i, a_j) of the readout vectors (the columns i, j of A); "opposite" means a_i·a_j < 0. */
  readonly readoutCosine: string;
  readonly readoutsOpposite: boolean;
  /** ‖a_i‖ + ‖a_j‖ (|a_i| + |a_j| when C = 1). */
  readonly sumNormA: string;
  /** |A| = ‖a_i − a_j‖/2. */
  readonly divergence: string;
  readonly verdict: StaticPairVerdict;
  /** For a channel or candidate: the channel variables (its vector GLU limit as ε → 0). */
  readonly glu?: VectorGluReadout;
}

export interface MultiOutputDetection {
  readonly verdict: 'channel' | 'channelCandidate' | 'duplicate' | 'noChannel';
  readonly parameterNorm: string;
  readonly normLarge: boolean;
  /** Most channel-like first: channels, candidates, duplicates, then the rest, each by cosine distance. */
  readonly pairs: readonly MultiOutputDetectedPair[];
  readonly loss?: string;
  readonly gradNorm?: string;
}

const RANK: Readonly<Record<StaticPairVerdict, number>> = {
  channel: 0,
  channelCandidate: 1,
  duplicate: 2,
  notAChannel: 3,
};

/**
 * The paper's channel criteria (mathematics.md §4) on a network with C outputs: a pair's input weights have merged
 * (cosine distance below 10⁻³; in one input dimension without hidden biases also the relative distance), its readout
 * vectors point in opposite directions (a_i·a_j < 0) with ‖a_i‖ + ‖a_j‖ > 10², and ‖θ‖ > 10³. With C = 1 these are
 * the scalar criteria (|a| for ‖a‖, opposite signs for a_i·a_j < 0); pairs are compared as they stand (not modulo
 * the sign flip of an odd σ). A channel's vector GLU readout (c, a, w, Δ, ε) is reported.
 */
export function detectMultiOutputChannels(
  net: MultiOutputNetwork,
  flat: readonly Decimal.Value[],
  options: MultiOutputDetectOptions = {},
): MultiOutputDetection {
  const { digits = 6 } = options;
  const P = multiOutputParameterCount(net.layout);
  if (flat.length !== P)
    throw new RangeError(`detectMultiOutputChannels: expected ${P} parameters, got ${flat.length}`);
  const q: Precision = precision(Math.max(40, digits + 20));
  const x = flat.map((v) => new q.D(v));
  if (!x.every((v) => v.isFinite()))
    throw new RangeError('detectMultiOutputChannels: a parameter is NaN or infinite');
  const m = rowLength(net.layout);
  const { width: r } = net.layout;
  const rows = {
    w: Array.from({ length: r }, (_, k) => x.slice(k * m, (k + 1) * m)),
    a: Array.from({ length: r }, () => new q.D(0)),
  };
  const norm = x.reduce((s, v) => s.plus(v.times(v)), new q.D(0)).sqrt();
  const normLarge = norm.gt(PAPER_CRITERIA.normThreshold);
  const show = (v: Decimal): string => v.toSignificantDigits(digits).toString();
  const pairs = pairMeasures(rows).map((pm): MultiOutputDetectedPair => {
    const cols = pairColumns(net, pm.i, pm.j);
    let dot = new q.D(0);
    let ni = new q.D(0);
    let nj = new q.D(0);
    let dd = new q.D(0);
    cols.ai.forEach((k, c) => {
      const ai = x[k] as Decimal;
      const aj = x[cols.aj[c] as number] as Decimal;
      dot = dot.plus(ai.times(aj));
      ni = ni.plus(ai.times(ai));
      nj = nj.plus(aj.times(aj));
      dd = dd.plus(ai.minus(aj).pow(2));
    });
    const sumNormA = ni.sqrt().plus(nj.sqrt());
    const opposite = dot.isNeg();
    const merged = weightsMerged(pm, m);
    const verdict = pairVerdict({ merged, signsOpposite: opposite, sumAbsA: sumNormA, normLarge });
    const readoutCosine = ni.isZero() || nj.isZero() ? new q.D(0) : dot.div(ni.times(nj).sqrt());
    let glu: VectorGluReadout | undefined;
    if (
      (verdict === 'channel' || verdict === 'channelCandidate') &&
      !dd.isZero() &&
      !pm.weightDistanceInf.isZero()
    ) {
      const ch = vectorChannelOf(net, x, pm.i, pm.j, q);
      glu = {
        c: ch.c.map(show),
        a: ch.a.map(show),
        w: ch.w.map(show),
        delta: ch.delta.map(show),
        eps: show(ch.eps),
      };
    }
    return {
      i: pm.i,
      j: pm.j,
      cosineDistance: show(pm.cosineDistance),
      relativeDistance: show(pm.relativeDistance),
      readoutCosine: show(readoutCosine),
      readoutsOpposite: opposite,
      sumNormA: show(sumNormA),
      divergence: show(dd.sqrt().div(2)),
      verdict,
      ...(glu === undefined ? {} : { glu }),
    };
  });
  const cosine = new Map(pairs.map((p) => [p, new q.D(p.cosineDistance)]));
  pairs.sort(
    (a, b) => RANK[a.verdict] - RANK[b.verdict] || (cosine.get(a) as Decimal).cmp(cosine.get(b) as Decimal),
  );
  const best = pairs[0]?.verdict;
  const verdict =
    best === 'channel'
      ? 'channel'
      : best === 'channelCandidate'
        ? 'channelCandidate'
        : best === 'duplicate'
          ? 'duplicate'
          : 'noChannel';
  let extra = {};
  if (options.problem !== undefined) {
    const ev = options.problem;
    // The loss needs about 3·log₁₀‖θ‖ + 10 digits on a channel (mathematics.md §2).
    const need = Math.max(40, 3 * Math.ceil(Math.log10(Math.max(1, norm.toNumber()))) + 30);
    const pe = precision(need);
    const res = multiOutputLoss(
      ev.network,
      ev.dataset(pe),
      x.map((v) => new pe.D(v)),
      pe,
      { gradient: true },
    );
    const g = (res.gradient ?? []).reduce((s, v) => s.plus(v.times(v)), new pe.D(0)).sqrt();
    extra = { loss: show(res.loss), gradNorm: show(g) };
  }
  return { verdict, parameterNorm: show(norm), normLarge, pairs, ...extra };
}
