import {
  PAPER_CRITERIA,
  channelVerdict,
  decimalsOf,
  networkSymmetries,
} from '../network/channel-criteria.js';
import { neuronRows } from '../network/pair-criteria.js';
import type { Layout } from '../network/params.js';

/**
 * The paper's norm cut, as its code measures it: MLPGradientFlow.jl's `weightnorm(x) = sum(abs2, x)/(2*length(x))`
 * (src/MLPGradientFlow.jl line 1218 at commit df4d5c5), i.e. Σθ²/(2P) over all P trained parameters, with
 * `maxnorm = 10^3` (Table 1; its cubic barrier R(x) = (weightnorm(x) − maxnorm)³/3 acts above it).
 */
export const PAPER_MAXNORM = 1e3;

/** The paper's duplicate criterion: two input-weight vectors closer than this (Euclidean) are one neuron. */
export const PAPER_DUPLICATE_DISTANCE = 1e-6;

/** MLPGradientFlow.jl's weightnorm Σθ²/(2P) (P = θ.length, every trained parameter). */
export function weightnorm(theta: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < theta.length; k++) s += (theta[k] as number) ** 2;
  return s / (2 * theta.length);
}

/**
 * The paper's norm criterion weightnorm > maxnorm as a cut on ‖θ‖₂: ‖θ‖₂ > √(2·P·maxnorm), √(2000·P) for the
 * paper's 10³ (≈ 109.5 for rosenbrock-2d at width 2, P = 6; ≈ 134.2 at width 3, P = 9).
 */
export function paperNormThreshold(parameterCount: number, maxnorm: number = PAPER_MAXNORM): number {
  return Math.sqrt(2 * parameterCount * maxnorm);
}

/**
 * What the paper's criteria call an end point:
 * - `channel`: weightnorm > 10³, and some pair with cosine distance below 10⁻³ (modulo the network's symmetries;
 *   where rows have one entry, and every same-sign pair has cosine distance 0, the relative distance too, as in
 *   the channel criteria's merging rule),
 *   or some group of three or more neurons within 10⁻² of each other (a multi-dimensional channel), with more than
 *   90% of the late updates in its subspace (mathematics.md §4; no sign, readout-size or criticality check);
 * - `plateau-saddle`: weightnorm ≤ 10³ and two input-weight vectors (rows with their hidden bias) closer than 10⁻⁶
 *   (Euclidean): the duplicate criterion, which checks neither criticality, nor the readouts' signs, nor that the
 *   loss has stopped falling;
 * - `minimum`: weightnorm ≤ 10³ and no duplicate;
 * - `unclassified`: weightnorm > 10³ without a channel pair.
 */
export const PAPER_CLASSES = ['channel', 'plateau-saddle', 'minimum', 'unclassified'] as const;
export type PaperClass = (typeof PAPER_CLASSES)[number];

/** The paper's verdict on an end point and the numbers it rests on (decimal strings). */
export interface PaperVerdict {
  readonly class: PaperClass;
  /** Σθ²/(2P). */
  readonly weightnorm: string;
  /** The smallest Euclidean distance between two input-weight vectors, and its pair (1-based). */
  readonly closestPair?: { readonly i: number; readonly j: number; readonly distance: string };
}

/**
 * The paper's criteria (see {@link PAPER_CLASSES}) applied to θ with the run's late updates (oldest first; the
 * update-fraction criterion is not applied when there are none).
 */
export function paperVerdict(
  layout: Layout,
  activation: Parameters<typeof networkSymmetries>[0],
  theta: Float64Array,
  late: readonly ArrayLike<number>[],
): PaperVerdict {
  const wn = weightnorm(theta);
  const rows = neuronRows(layout, theta);
  let closest: { i: number; j: number; distance: number } | undefined;
  for (let i = 0; i < layout.width; i++) {
    for (let j = i + 1; j < layout.width; j++) {
      const wi = rows.w[i] as readonly number[];
      const wj = rows.w[j] as readonly number[];
      const distance = Math.hypot(...wi.map((x, k) => x - (wj[k] as number)));
      if (closest === undefined || distance < closest.distance) closest = { i, j, distance };
    }
  }
  const evidence = {
    weightnorm: String(wn),
    ...(closest === undefined
      ? {}
      : { closestPair: { i: closest.i + 1, j: closest.j + 1, distance: String(closest.distance) } }),
  };
  if (wn > PAPER_MAXNORM) {
    // The paper's pair and group criteria only: cosine distance and late updates (no readout sign or size).
    const verdict = channelVerdict(layout, decimalsOf(theta), {
      normThreshold: 0,
      cosineThreshold: PAPER_CRITERIA.cosineThreshold,
      symmetries: networkSymmetries(activation),
      ...(late.length > 0 ? { updates: late } : {}),
    });
    const enough = (fraction: number | undefined): boolean =>
      fraction === undefined || fraction > PAPER_CRITERIA.updateFraction;
    const channel =
      verdict.pairs.some((p) => p.merged && enough(p.updateFraction)) ||
      verdict.groups.some((g) => enough(g.updateFraction));
    return { class: channel ? 'channel' : 'unclassified', ...evidence };
  }
  const duplicate = closest !== undefined && closest.distance < PAPER_DUPLICATE_DISTANCE;
  return { class: duplicate ? 'plateau-saddle' : 'minimum', ...evidence };
}
