import { InputError } from '../errors.js';
import {
  GP_SEED_OFFSET,
  gpProblemName,
  gpProblemSpec,
  type GpProblemOptions,
} from '../network/gp-problem.js';
import type { ClassifyOptions } from './classify-end-point.js';
import { jobKey, type SweepJob } from './sweep-job.js';
import type { TrainOptions } from './train-options.js';

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
