import type { Decimal } from 'decimal.js';
import { fromDouble, precision } from '../precision/context.js';
import { channelDigits } from './channel-criteria.js';
import { neuronPair, outwardDirection, pairDivergence64 } from './neuron-pair.js';
import type { Problem } from './problem.js';

const g4 = (x: number): string => String(Number(x.toPrecision(4)));

/** A merged pair with opposite readouts and its outward slope (1-based neuron indices). */
export interface Fig4ChannelPair {
  readonly i: number;
  readonly j: number;
  readonly cosineDistance: string;
  /** A = (a_i − a_j)/2. */
  readonly divergence: string;
  /** dL/ds along the outward direction (ε shrinking, |A| growing), at `digits` + 20 digits (4 significant). */
  readonly slope: string;
  readonly digits: number;
  /** The slope is negative at `digits` and `digits` + 20 and both agree to 5 digits. */
  readonly confirmed: boolean;
}

/**
 * The merged opposite-readout pairs of θ (cosine distance of the input weights, bias included, below 10⁻³), each
 * with the slope of the loss along its outward channel direction (ε → ε·e^{−s}, A → A·e^{s}) computed in Decimal
 * at channelDigits(A) and 20 digits more: a channel when both are negative and agree to 5 digits.
 */
export function channelPairs(problem: Problem, theta: Float64Array): Fig4ChannelPair[] {
  const layout = problem.network.layout;
  const out: Fig4ChannelPair[] = [];
  for (let i = 0; i < layout.width; i++) {
    for (let j = i + 1; j < layout.width; j++) {
      const p = neuronPair(layout, theta, i, j);
      if (!(p.ai * p.aj < 0)) continue;
      let dot = 0;
      let ni = 0;
      let nj = 0;
      p.wi.forEach((x, k) => {
        const y = p.wj[k] as number;
        dot += x * y;
        ni += x * x;
        nj += y * y;
      });
      const cosineDistance = 1 - dot / Math.sqrt(ni * nj);
      if (!(cosineDistance < 1e-3)) continue;
      const A = pairDivergence64(p);
      const digits = channelDigits(Math.abs(A));
      const slopeAt = (n: number): Decimal => {
        const q = precision(n);
        const flat = Array.from(theta, (v) => fromDouble(q, v));
        const u = outwardDirection(layout, flat, i, j);
        const g = problem.evaluate(flat, q, { gradient: true }).gradient as readonly Decimal[];
        return g.reduce((acc, gk, k) => acc.plus(gk.times(u[k] as Decimal)), new q.D(0));
      };
      const [lo, hi] = [slopeAt(digits), slopeAt(digits + 20)];
      const agree = !hi.isZero() && lo.minus(hi).div(hi).abs().lt(1e-5);
      out.push({
        i: i + 1,
        j: j + 1,
        cosineDistance: g4(cosineDistance),
        divergence: g4(A),
        slope: hi.toSignificantDigits(4).toString(),
        digits,
        confirmed: agree && hi.isNeg() && lo.isNeg(),
      });
    }
  }
  return out;
}
