import type { Decimal } from 'decimal.js';
import type { Layout } from '../network/params.js';
import { neuronRows, pairMeasures } from '../network/pair-criteria.js';

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
 * when no two readouts have opposite signs.
 */
export function closestOppositePair(layout: Layout, flat: readonly Decimal[]): ChannelPair | undefined {
  let best: { pair: ChannelPair; score: Decimal } | undefined;
  for (const m of pairMeasures(neuronRows(layout, flat))) {
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
