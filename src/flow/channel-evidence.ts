import type { Decimal } from 'decimal.js';
import {
  PERMUTATIONS_ONLY,
  channelVerdict,
  networkSymmetries,
  pairMeasuresModulo,
  type NetworkSymmetries,
} from '../network/channel-criteria.js';
import type { Network } from '../network/loss.js';
import type { Layout } from '../network/params.js';
import { neuronRows } from '../network/pair-criteria.js';

/**
 * Why a run is suspected to be heading into a channel (mathematics.md §4): the parameters grow without the
 * gradient vanishing at a finite point, and, when the network layout is known, the closest pair of hidden
 * neurons with opposite readouts (a_i·a_j < 0) — on a channel their input weights merge while |a_i − a_j| grows.
 */
export interface ChannelEvidence {
  /** ‖θ‖∞ at the start and at the end of the run. */
  readonly initialNormInf: string;
  readonly finalNormInf: string;
  /** A human-readable reason (the rule that fired). */
  readonly reason: string;
  /** The neuron pair that looks like a channel, if the layout is known and one exists. */
  readonly pair?: ChannelPair;
}

/** A pair of hidden neurons i < j with opposite readouts, as in mathematics.md §2. */
export interface ChannelPair {
  readonly i: number;
  readonly j: number;
  /** ‖w_i − w_j‖∞. */
  readonly weightDistance: string;
  /** A = (a_i − a_j)/2, the divergence. */
  readonly divergence: string;
}

/**
 * The pair (i, j) with a_i·a_j < 0 whose ratio ‖w_i − w_j‖∞ / |A| is smallest (A = (a_i − a_j)/2), or undefined
 * when no two readouts have opposite signs — compared modulo `symmetries` (network/channel-criteria.ts): with the
 * sign flip of an odd σ a mirrored pair (w_j ≈ −w_i, equal-sign readouts) is measured as (−w_j, −a_j), so it
 * is found like its unmirrored form. Default: permutations only.
 */
export function closestOppositePair(
  layout: Layout,
  flat: readonly Decimal[],
  symmetries: NetworkSymmetries = PERMUTATIONS_ONLY,
): ChannelPair | undefined {
  let best: { pair: ChannelPair; score: Decimal } | undefined;
  for (const m of pairMeasuresModulo(neuronRows(layout, flat), symmetries)) {
    if (!m.signsOpposite) continue;
    const score = m.weightDistanceInf.div(m.divergence.abs());
    if (best === undefined || score.lt(best.score)) {
      best = {
        score,
        pair: {
          i: m.i,
          j: m.j,
          weightDistance: m.weightDistanceInf.toSignificantDigits(20).toString(),
          divergence: m.divergence.toSignificantDigits(20).toString(),
        },
      };
    }
  }
  return best?.pair;
}

/**
 * Evidence from the one static channel verdict (network/channel-criteria.ts, modulo the network's symmetries):
 * defined when the point is a channel by the paper's criteria — the same verdict detect, the sweep's
 * classification and the test matchers give. `update` is the last parameter update of the run (the
 * update-fraction criterion is applied to it), absent when there is none yet.
 */
export function staticChannelEvidence(
  network: Network,
  flat: readonly Decimal[],
  update: ArrayLike<number> | undefined,
  initialNormInf: Decimal,
): ChannelEvidence | undefined {
  const v = channelVerdict(network.layout, flat, {
    symmetries: networkSymmetries(network.activation),
    ...(update === undefined ? {} : { updates: [update] }),
  });
  const best = v.best;
  if (v.verdict !== 'channel' || best === undefined || best.verdict !== 'channel') return undefined;
  const finalNorm = flat.reduce((mx, x) => (x.abs().gt(mx) ? x.abs() : mx), flat[0]?.abs() ?? initialNormInf);
  return {
    initialNormInf: initialNormInf.toSignificantDigits(20).toString(),
    finalNormInf: finalNorm.toSignificantDigits(20).toString(),
    reason:
      `neurons ${best.i} and ${best.j}${best.mirrored ? ' (mirrored: the second as (−w, −a))' : ''} meet the ` +
      `paper's channel criteria: ‖θ‖ = ${v.norm.toSignificantDigits(4).toString()}, cosine distance ` +
      `${best.cosineDistance.toSignificantDigits(3).toString()}, opposite readouts, |a_i| + |a_j| = ` +
      `${best.sumAbsA.toSignificantDigits(4).toString()}`,
    pair: {
      i: best.i,
      j: best.j,
      weightDistance: best.weightDistanceInf.toSignificantDigits(20).toString(),
      divergence: best.divergence.toSignificantDigits(20).toString(),
    },
  };
}
