import { InputError } from '../errors.js';
import { PROBLEM_FORMAT, PROBLEM_VERSION, type InputsSpec, type ProblemSpec } from '../network/spec.js';
import type { ClassifyOptions } from './classify-end-point.js';
import { jobKey, type SweepJob } from './sweep-job.js';
import type { TrainOptions } from './train-options.js';

/**
 * The GP target's seed is the run's seed plus this offset: the Glorot-normal draw and the GP's standard normals
 * both come from SeededRandom, whose stream of seed s + 10⁶ is the stream of s shifted by 405 703 616 steps, so the
 * target is not correlated with the initial point of its own run.
 */
export const GP_SEED_OFFSET = 1_000_000;

/** The inputs of the Fig. 4 GP problems: an 11×11 grid of [−1.25, 1.25]² (step 0.25, exact in binary; N = 121). */
export const GP_DEFAULT_INPUTS: InputsSpec = {
  grid: { lower: ['-1.25', '-1.25'], upper: ['1.25', '1.25'], points: [11, 11] },
};

/** Options of {@link gpProblemSpec}. */
export interface GpProblemOptions {
  /** Default {@link GP_DEFAULT_INPUTS} (two-dimensional). */
  readonly inputs?: InputsSpec;
  /** Default 2 (must match `inputs`). */
  readonly inputDimension?: number;
  /** Default softplus. */
  readonly activation?: string;
}

/**
 * The problem of one Fig. 4 network: a softplus network with hidden and output biases, width `width`, seeded
 * Glorot-normal initialisation (seed `seed`), trained on one draw of a Matérn-3/2 Gaussian process of length scale
 * `scale` at the inputs, with GP seed `seed` + {@link GP_SEED_OFFSET} (a new target per network).
 */
export function gpProblemSpec(
  scale: number,
  seed: number,
  width: number,
  options: GpProblemOptions = {},
): ProblemSpec {
  const { inputs = GP_DEFAULT_INPUTS, inputDimension = 2, activation = 'softplus' } = options;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new InputError(`scale: expected a finite number > 0, got ${String(scale)}`);
  return {
    format: PROBLEM_FORMAT,
    version: PROBLEM_VERSION,
    name: gpProblemName(scale),
    description:
      `A ${activation} network with biases fitting one draw of a zero-mean Gaussian process with the ` +
      `Matérn-3/2 kernel of length scale ${scale} (GP seed ${seed + GP_SEED_OFFSET}).`,
    activation,
    hiddenBias: true,
    outputBias: true,
    inputDimension,
    data: { kind: 'gp', inputs, kernel: 'matern32', scale: String(scale), seed: seed + GP_SEED_OFFSET },
    student: { width, init: { kind: 'glorot-normal', seed } },
  };
}

/** The label of the GP problems of one scale. */
export function gpProblemName(scale: number): string {
  return `gp-matern32-s${scale}`;
}

/** Options of {@link gpSweepJobs}. */
export interface GpSweepJobsOptions extends GpProblemOptions {
  readonly width: number;
  readonly train: TrainOptions;
  readonly classify?: ClassifyOptions;
  readonly version: string;
}

/**
 * The sweep jobs of seeds `from`…`to` at one GP scale: job `seed` trains a network of its own target (see
 * gpProblemSpec). Each job carries its whole spec, so runSweep's local pool and the BullMQ queue run it unchanged;
 * keys are content addresses as for sweepJobs.
 */
export function gpSweepJobs(
  scale: number,
  from: number,
  to: number,
  options: GpSweepJobsOptions,
): SweepJob[] {
  if (!(
    Number.isInteger(from) &&
    Number.isInteger(to) &&
    from >= 0 &&
    to >= from &&
    to + GP_SEED_OFFSET < 2 ** 31
  )) {
    throw new InputError(`seeds: expected A..B with 0 ≤ A ≤ B < 2^31 − 10^6, got ${from}..${to}`);
  }
  const { width, train, classify = {}, version, ...problem } = options;
  const jobs: SweepJob[] = [];
  for (let seed = from; seed <= to; seed++) {
    const content = { spec: gpProblemSpec(scale, seed, width, problem), seed, train, classify, version };
    jobs.push({ key: jobKey(content), problem: gpProblemName(scale), ...content });
  }
  return jobs;
}
