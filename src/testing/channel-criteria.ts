import { Decimal } from 'decimal.js';
import {
  PAPER_CRITERIA,
  PERMUTATIONS_ONLY,
  channelVerdict,
  type NetworkSymmetries,
} from '../network/channel-criteria.js';
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
  /**
   * Symmetries modulo which pairs are compared (`networkSymmetries(activation)`: the sign flip for odd σ).
   * Default: permutations only.
   */
  readonly symmetries?: NetworkSymmetries;
}

/** One neuron pair as the criteria see it (0-based indices). */
export interface PairCriteria {
  readonly i: number;
  readonly j: number;
  readonly cosineDistance: string;
  readonly sumAbsA: string;
  readonly signsOpposite: boolean;
  /** Neuron j compared as (−w_j, −a_j) (odd σ). */
  readonly mirrored: boolean;
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
 * The paper's static channel criteria on one parameter set, through the one verdict of the toolkit
 * (`channelVerdict` of network/channel-criteria.ts, as detect, the sweep and the flow use it): ‖θ‖ > 10³, and
 * some pair of hidden neurons whose input weights have merged (cosine distance < 10⁻³; in one input dimension
 * also the relative distance) with opposite readouts that are large, modulo the given symmetries. This is a static
 * check: the paper's third criterion (late updates inside the channel subspace) and the confirmation that ε keeps
 * shrinking under the flow need a trajectory (`flat-channels detect --confirm`).
 */
export function channelCriteria(
  params: ParamsLike,
  options: ChannelCriteriaOptions = {},
): ChannelCriteriaResult {
  const {
    normThreshold = PAPER_CRITERIA.normThreshold,
    cosineThreshold = PAPER_CRITERIA.cosineThreshold,
    readoutThreshold = PAPER_CRITERIA.readoutThreshold,
    symmetries = PERMUTATIONS_ONLY,
  } = options;
  const p = precision(40);
  const w = params.w.map((row) => row.map((v) => new p.D(v)));
  const a = params.a.map((v) => new p.D(v));
  const b = params.b === undefined ? [] : [new p.D(params.b)];
  const width = a.length;
  const entries = w[0]?.length ?? 0;
  // The rows as given: hidden biases, if any, are part of each row (the layout's row length is what matters).
  const layout = {
    inputDimension: entries,
    width,
    hiddenBias: false,
    outputBias: b.length > 0,
  };
  const v = channelVerdict(layout, [...w.flat(), ...a, ...b], {
    normThreshold,
    cosineThreshold,
    readoutThreshold,
    symmetries,
  });
  const pairs: PairCriteria[] = v.pairs.map((m) => ({
    i: m.i,
    j: m.j,
    cosineDistance: m.cosineDistance.toSignificantDigits(6).toString(),
    sumAbsA: m.sumAbsA.toSignificantDigits(6).toString(),
    signsOpposite: m.signsOpposite,
    mirrored: m.mirrored,
    channelLike:
      m.verdict === 'channel' || m.verdict === 'channelCandidate' ? m.sumAbsA.gt(readoutThreshold) : false,
  }));
  pairs.sort(
    (x, y) =>
      Number(y.signsOpposite) - Number(x.signsOpposite) ||
      new Decimal(x.cosineDistance).cmp(y.cosineDistance),
  );
  return {
    inChannel: v.verdict === 'channel',
    norm: v.norm.toSignificantDigits(6).toString(),
    normLarge: v.normLarge,
    pairs,
  };
}
