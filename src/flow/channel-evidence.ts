import type { Decimal } from 'decimal.js';
import type { Layout } from '../network/params.js';
import { rowLength } from '../network/params.js';

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
  const m = rowLength(layout);
  const off = layout.width * m;
  let best: { pair: ChannelPair; score: Decimal } | undefined;
  for (let i = 0; i < layout.width; i++) {
    for (let j = i + 1; j < layout.width; j++) {
      const ai = flat[off + i] as Decimal;
      const aj = flat[off + j] as Decimal;
      if (!ai.times(aj).isNeg()) continue;
      let dist = ai.minus(ai);
      for (let k = 0; k < m; k++) {
        const d = (flat[i * m + k] as Decimal).minus(flat[j * m + k] as Decimal).abs();
        if (d.gt(dist)) dist = d;
      }
      const A = ai.minus(aj).div(2);
      const score = dist.div(A.abs());
      if (best === undefined || score.lt(best.score)) {
        best = {
          score,
          pair: {
            i,
            j,
            weightDistance: dist.toSignificantDigits(20).toString(),
            divergence: A.toSignificantDigits(20).toString(),
          },
        };
      }
    }
  }
  return best?.pair;
}
