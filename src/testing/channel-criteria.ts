import { Decimal } from 'decimal.js';
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
  const { normThreshold = 1e3, cosineThreshold = 1e-3, readoutThreshold = 1e2 } = options;
  const p = precision(40);
  const w = params.w.map((row) => row.map((v) => new p.D(v)));
  const a = params.a.map((v) => new p.D(v));
  let sq = new p.D(0);
  for (const v of [...w.flat(), ...a, ...(params.b === undefined ? [] : [new p.D(params.b)])])
    sq = sq.plus(v.times(v));
  const norm = sq.sqrt();
  const pairs: PairCriteria[] = [];
  for (let i = 0; i < w.length; i++) {
    for (let j = i + 1; j < w.length; j++) {
      const wi = w[i] as Decimal[];
      const wj = w[j] as Decimal[];
      let dot = new p.D(0);
      let ni = new p.D(0);
      let nj = new p.D(0);
      wi.forEach((x, k) => {
        const y = wj[k] ?? new p.D(0);
        dot = dot.plus(x.times(y));
        ni = ni.plus(x.times(x));
        nj = nj.plus(y.times(y));
      });
      const cosDist =
        ni.isZero() || nj.isZero() ? new p.D(1) : new p.D(1).minus(dot.div(ni.times(nj).sqrt()));
      const ai = a[i] ?? new p.D(0);
      const aj = a[j] ?? new p.D(0);
      const sumAbs = ai.abs().plus(aj.abs());
      const opposite = ai.times(aj).isNeg();
      pairs.push({
        i,
        j,
        cosineDistance: cosDist.toSignificantDigits(6).toString(),
        sumAbsA: sumAbs.toSignificantDigits(6).toString(),
        signsOpposite: opposite,
        channelLike: opposite && cosDist.lt(cosineThreshold) && sumAbs.gt(readoutThreshold),
      });
    }
  }
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
