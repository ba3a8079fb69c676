import type { Decimal } from 'decimal.js';
import { channelPairs, type Fig4ChannelPair } from '../network/channel-pairs.js';
import { gpProblemSpec } from '../network/gp-problem.js';
import { problemFromSpec, type Problem } from '../network/problem.js';
import { fromDouble, precision } from '../precision/context.js';
import { symmetricEigenvalues } from '../precision/linalg/index.js';
import { END_POINT_CLASSES, type EndPointClass } from './classify-end-point.js';
import { PAPER_CLASSES, type PaperClass } from './paper-criteria.js';
import type { RunResult } from './run-sweep-job.js';
import { wilsonInterval } from './wilson-interval.js';

export const FIG4_FORMAT = 'flat-channels-fig4-gp-sweep';

/** One run of a Fig. 4 block (numbers as decimal strings). */
export interface Fig4Run {
  readonly seed: number;
  readonly class: EndPointClass;
  /** What the paper's criteria call the end point. */
  readonly paper: PaperClass;
  readonly loss: string;
  readonly parameterNorm: string;
  /** Smallest and largest eigenvalue of the Hessian at the end point (40-digit Hessian and Jacobi; 4 digits). */
  readonly lambdaMin: string;
  readonly lambdaMax: string;
  /**
   * Pairs with opposite readouts whose input weights (bias included) are within cosine distance 10⁻³, each with
   * the loss's slope along its outward channel direction in Decimal (see channelPairs); `confirmed` pairs are
   * channels by that test whatever else is still moving.
   */
  readonly channelPairs: readonly Fig4ChannelPair[];
  /** CPU seconds of the run (training and classification), when measured. */
  readonly cpuSeconds?: string;
  readonly final: readonly string[];
}

/** A count with its fraction and 95% Wilson interval (decimal strings, 3 decimals). */
export interface Fig4Fraction {
  readonly count: number;
  readonly fraction: string;
  readonly lower: string;
  readonly upper: string;
}

/** Smallest, median and largest of a set of values (4 significant digits), with how many. */
export interface Fig4Range {
  readonly n: number;
  readonly min: string;
  readonly median: string;
  readonly max: string;
}

/** The runs of one GP scale s. */
export interface Fig4Block {
  readonly scale: number;
  readonly width: number;
  readonly total: number;
  /** Runs in channels: toolkit class `channel` or `split-channel`. */
  readonly channels: Fig4Fraction;
  /**
   * Runs with at least one confirmed channel pair (see Fig4Run.channelPairs): in a channel by the pair's outward
   * slope, although the toolkit's class may be `unfinished` (other parameters still moving, or two channels at once,
   * so that no single pair holds 90% of the late updates).
   */
  readonly channelPairRuns: Fig4Fraction;
  readonly toolkit: Readonly<Record<EndPointClass, Fig4Fraction>>;
  readonly paperCriteria: Readonly<Record<PaperClass, Fig4Fraction>>;
  /**
   * End-point losses of the runs in a channel (toolkit class `channel`/`split-channel`, or a confirmed channel
   * pair) and of the finite minima, and whether their ranges overlap.
   */
  readonly loss: {
    readonly channel: Fig4Range | null;
    readonly finiteMinimum: Fig4Range | null;
    readonly overlap: boolean | null;
  };
  /** λ_max and λ_min at the end points: in a channel (as for `loss`), finite minima, all other runs. */
  readonly eigenvalues: Readonly<
    Record<
      'channel' | 'finiteMinimum' | 'other',
      { readonly lambdaMax: Fig4Range; readonly lambdaMin: Fig4Range } | null
    >
  >;
  /** Mean CPU seconds per run over the runs that carry a measurement. */
  readonly cpuSecondsPerRun: string | null;
  readonly runs: readonly Fig4Run[];
}

const fraction = (k: number, n: number): Fig4Fraction => {
  const w = wilsonInterval(k, n);
  return { count: k, fraction: w.fraction.toFixed(3), lower: w.lower.toFixed(3), upper: w.upper.toFixed(3) };
};

const g4 = (x: number): string => String(Number(x.toPrecision(4)));

/** min, median (mean of the middle two for an even count) and max; null for no values. */
export function valueRange(values: readonly number[]): Fig4Range | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  const median = v.length % 2 === 1 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
  return { n: v.length, min: g4(v[0] as number), median: g4(median), max: g4(v[v.length - 1] as number) };
}

/** Digits of the Hessian whose extreme eigenvalues are reported. */
const HESSIAN_DIGITS = 40;

/** The extreme eigenvalues of the 40-digit Hessian of run `seed`'s own problem at θ. */
export function endPointEigenvalues(
  scale: number,
  seed: number,
  width: number,
  theta: Float64Array,
): { min: number; max: number } {
  return hessianExtremes(problemFromSpec(gpProblemSpec(scale, seed, width)), theta);
}

function hessianExtremes(problem: Problem, theta: Float64Array): { min: number; max: number } {
  // At 40 digits: in float64 the smallest eigenvalue of a channel point (λ_max ≈ 10⁶) is below the rounding floor
  // P·u·λ_max ≈ 10⁻⁹ and has no correct digit.
  const p = precision(HESSIAN_DIGITS);
  const flat = Array.from(theta, (v) => fromDouble(p, v));
  const h = problem.evaluate(flat, p, { gradient: false, hessian: true }).hessian;
  if (h === undefined) throw new Error('endPointEigenvalues: no Hessian');
  const eig = symmetricEigenvalues(h, p);
  if (eig.kind !== 'converged') throw new Error('endPointEigenvalues: Jacobi did not converge');
  return {
    min: (eig.values[0] as Decimal).toNumber(),
    max: (eig.values[eig.values.length - 1] as Decimal).toNumber(),
  };
}

/**
 * The block of one scale from its stored runs (any order; sorted by seed here), with the end-point eigenvalues
 * computed from each run's final parameters and `cpu` (CPU seconds by run key) where measured.
 */
export function fig4Block(
  scale: number,
  width: number,
  results: readonly RunResult[],
  cpu: ReadonlyMap<string, number> = new Map(),
): Fig4Block {
  const sorted = [...results].sort((a, b) => a.seed - b.seed);
  const runs: Fig4Run[] = sorted.map((r) => {
    const theta = Float64Array.from(r.final, Number);
    const finite = theta.every(Number.isFinite);
    const problem = problemFromSpec(gpProblemSpec(scale, r.seed, width));
    const eig = finite ? hessianExtremes(problem, theta) : { min: NaN, max: NaN };
    const pairs = finite ? channelPairs(problem, theta) : [];
    const seconds = cpu.get(r.key);
    return {
      seed: r.seed,
      class: r.class,
      paper: r.paper.class,
      loss: r.loss,
      parameterNorm: r.parameterNorm,
      lambdaMin: g4(eig.min),
      lambdaMax: g4(eig.max),
      channelPairs: pairs,
      ...(seconds === undefined ? {} : { cpuSeconds: seconds.toFixed(1) }),
      final: r.final,
    };
  });
  const n = runs.length;
  const count = (pred: (r: Fig4Run) => boolean): number => runs.filter(pred).length;
  const isChannel = (r: Fig4Run): boolean => r.class === 'channel' || r.class === 'split-channel';
  const toolkit = Object.fromEntries(
    END_POINT_CLASSES.map((c) => [
      c,
      fraction(
        count((r) => r.class === c),
        n,
      ),
    ]),
  ) as Record<EndPointClass, Fig4Fraction>;
  const paperCriteria = Object.fromEntries(
    PAPER_CLASSES.map((c) => [
      c,
      fraction(
        count((r) => r.paper === c),
        n,
      ),
    ]),
  ) as Record<PaperClass, Fig4Fraction>;
  const inChannel = (r: Fig4Run): boolean => isChannel(r) || r.channelPairs.some((p) => p.confirmed);
  const isMinimum = (r: Fig4Run): boolean => r.class === 'finite-minimum';
  const channelLoss = valueRange(runs.filter(inChannel).map((r) => Number(r.loss)));
  const minimumLoss = valueRange(runs.filter(isMinimum).map((r) => Number(r.loss)));
  const overlap =
    channelLoss === null || minimumLoss === null
      ? null
      : Math.max(Number(channelLoss.min), Number(minimumLoss.min)) <=
        Math.min(Number(channelLoss.max), Number(minimumLoss.max));
  const extremes = (pred: (r: Fig4Run) => boolean): { lambdaMax: Fig4Range; lambdaMin: Fig4Range } | null => {
    const of = runs.filter((r) => pred(r) && Number.isFinite(Number(r.lambdaMax)));
    const lambdaMax = valueRange(of.map((r) => Number(r.lambdaMax)));
    const lambdaMin = valueRange(of.map((r) => Number(r.lambdaMin)));
    return lambdaMax === null || lambdaMin === null ? null : { lambdaMax, lambdaMin };
  };
  const eigenvalues = {
    channel: extremes(inChannel),
    finiteMinimum: extremes(isMinimum),
    other: extremes((r) => !inChannel(r) && !isMinimum(r)),
  };
  const timed = runs.filter((r) => r.cpuSeconds !== undefined).map((r) => Number(r.cpuSeconds));
  return {
    scale,
    width,
    total: n,
    channels: fraction(count(isChannel), n),
    channelPairRuns: fraction(
      count((r) => r.channelPairs.some((p) => p.confirmed)),
      n,
    ),
    toolkit,
    paperCriteria,
    loss: { channel: channelLoss, finiteMinimum: minimumLoss, overlap },
    eigenvalues,
    cpuSecondsPerRun:
      timed.length === 0 ? null : (timed.reduce((s, x) => s + x, 0) / timed.length).toFixed(1),
    runs,
  };
}
