import { Decimal } from 'decimal.js';
import { PAPER_CRITERIA, pairMeasures } from '../network/pair-criteria.js';
import { precision } from '../precision/context.js';

/** Parameters as the matchers accept them: `{w, a, b?}` rows (numbers, decimal strings or Decimals). */
export interface ParamsLike {
  readonly w: readonly (readonly Decimal.Value[])[];
  readonly a: readonly Decimal.Value[];
  readonly b?: Decimal.Value;
}

/** Options of {@link channelCriteria}: the paper's thresholds (mathematics.md §4). */
export interface ChannelCriteriaOptions {
  /** ‖θ‖₂ must exceed this. Default 10³ (the paper's norm barrier). */
  readonly normThreshold?: number;
  /** A pair's cosine distance 1 − cos(w_i, w_j) must be below this. Default 10⁻³. */
  readonly cosineThreshold?: number;
  /** A pair's |a_i| + |a_j| must exceed this (large readouts). Default 10². */
  readonly readoutThreshold?: number;
}

/** One neuron pair as the criteria see it (0-based indices). */
export interface PairCriteria {
  readonly i: number;
  readonly j: number;
  readonly cosineDistance: string;
  readonly sumAbsA: string;
  readonly signsOpposite: boolean;
  readonly channelLike: boolean;
}

/** The static verdict: every criterion with its value. */
export interface ChannelCriteriaResult {
  readonly inChannel: boolean;
  readonly norm: string;
  readonly normLarge: boolean;
  /** Every pair, most channel-like first (smallest cosine distance among opposite-sign pairs). */
  readonly pairs: readonly PairCriteria[];
}

/**
 * The paper's static channel criteria on one parameter set: ‖θ‖ > 10³, and some pair of hidden neurons with
 * cosine distance < 10⁻³ between their input weights whose readouts have opposite signs and are large. This is
 * a static check: the paper's third criterion (late updates inside the channel subspace) and the confirmation
 * that ε keeps shrinking under the flow need a trajectory (`flat-channels detect --confirm`).
 */
export function channelCriteria(
  params: ParamsLike,
  options: ChannelCriteriaOptions = {},
): ChannelCriteriaResult {
  const {
    normThreshold = PAPER_CRITERIA.normThreshold,
    cosineThreshold = PAPER_CRITERIA.cosineThreshold,
    readoutThreshold = PAPER_CRITERIA.readoutThreshold,
  } = options;
  const p = precision(40);
  const w = params.w.map((row) => row.map((v) => new p.D(v)));
  const a = params.a.map((v) => new p.D(v));
  let sq = new p.D(0);
  for (const v of [...w.flat(), ...a, ...(params.b === undefined ? [] : [new p.D(params.b)])])
    sq = sq.plus(v.times(v));
  const norm = sq.sqrt();
  const pairs: PairCriteria[] = pairMeasures({ w, a }).map((m) => ({
    i: m.i,
    j: m.j,
    cosineDistance: m.cosineDistance.toSignificantDigits(6).toString(),
    sumAbsA: m.sumAbsA.toSignificantDigits(6).toString(),
    signsOpposite: m.signsOpposite,
    channelLike: m.signsOpposite && m.cosineDistance.lt(cosineThreshold) && m.sumAbsA.gt(readoutThreshold),
  }));
  pairs.sort(
    (x, y) =>
      Number(y.signsOpposite) - Number(x.signsOpposite) ||
      new Decimal(x.cosineDistance).cmp(y.cosineDistance),
  );
  const normLarge = norm.gt(normThreshold);
  return {
    inChannel: normLarge && pairs.some((q) => q.channelLike),
    norm: norm.toSignificantDigits(6).toString(),
    normLarge,
    pairs,
  };
}
