import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { loadProblem } from '../network/problem.js';
import type { ProblemSpec } from '../network/spec.js';
import type { ClassifyOptions } from './classify-end-point.js';
import type { TrainOptions } from './train-options.js';
import { canonicalJson } from './_internals/canonical-json.js';

/**
 * One run of a sweep: everything its result depends on. The spec is carried whole (workers on other machines need
 * no files), with the student's initialisation replaced by seeded Glorot-normal with the run's seed.
 */
export interface SweepJob {
  /** The content address of the result: see {@link jobKey}. */
  readonly key: string;
  /** The problem's label (built-in name or file path); not part of the key. */
  readonly problem: string;
  readonly seed: number;
  readonly spec: ProblemSpec;
  readonly train: TrainOptions;
  readonly classify: ClassifyOptions;
  /** The toolkit version that computes it. */
  readonly version: string;
}

/** Options of {@link sweepJobs}. */
export interface SweepJobsOptions {
  /** Student width (any problem: the initialisation is re-drawn per seed anyway). Default: the spec's width. */
  readonly width?: number;
  readonly train: TrainOptions;
  /** Default: the paper's criteria (see classifyEndPoint). */
  readonly classify?: ClassifyOptions;
  readonly version: string;
}

/** The jobs of seeds `from`…`to` (inclusive) of a problem (built-in name or JSON file). */
export function sweepJobs(problem: string, from: number, to: number, options: SweepJobsOptions): SweepJob[] {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to >= from && to <= 2 ** 31 - 1)) {
    throw new InputError(`seeds: expected A..B with 0 ≤ A ≤ B < 2^31, got ${from}..${to}`);
  }
  const loaded = loadProblem(problem).spec;
  const width = options.width ?? loaded.student.width;
  const jobs: SweepJob[] = [];
  for (let seed = from; seed <= to; seed++) {
    const spec: ProblemSpec = { ...loaded, student: { width, init: { kind: 'glorot-normal', seed } } };
    const content = {
      spec,
      seed,
      train: options.train,
      classify: options.classify ?? {},
      version: options.version,
    };
    jobs.push({ key: jobKey(content), problem, ...content });
  }
  return jobs;
}

/**
 * The revision of the classification's defaults, part of every key: a default that changes what a stored run's
 * class would be (2: the paper's norm cut √(2000·P) on weightnorm, the `split-channel` class and the `paper`
 * verdict) must not reuse results computed under the old one within one toolkit version.
 */
export const CLASSIFIER_REVISION = 2;

/**
 * The content address of a run: SHA-256 (hex, first 32 digits) of the canonical JSON of (spec, seed, training
 * options, classification options, toolkit version, classifier revision). A run is a pure function of these, so
 * equal keys mean equal results and a finished key never needs computing again.
 */
export function jobKey(content: Omit<SweepJob, 'key' | 'problem'>): string {
  const { spec, seed, train, classify, version } = content;
  return createHash('sha256')
    .update(canonicalJson({ spec, seed, train, classify, version, classifier: CLASSIFIER_REVISION }))
    .digest('hex')
    .slice(0, 32);
}

/** Parses `A..B` (or a single seed `A`). */
export function parseSeedRange(text: string): { from: number; to: number } {
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+))?\s*$/.exec(text);
  const from = Number(m?.[1]);
  const to = m?.[2] === undefined ? from : Number(m[2]);
  if (
    m === null ||
    !Number.isSafeInteger(from) ||
    !Number.isSafeInteger(to) ||
    to < from ||
    to > 2 ** 31 - 1
  ) {
    throw new InputError(
      `--seeds: expected A..B with integers 0 ≤ A ≤ B < 2^31, got ${JSON.stringify(text)}`,
    );
  }
  return { from, to };
}
