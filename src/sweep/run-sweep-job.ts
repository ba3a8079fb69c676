import { precision } from '../precision/context.js';
import { classifyEndPoint, type Classification, type EndPointClass } from './classify-end-point.js';
import type { SweepJob } from './sweep-job.js';
import type { TrainStop } from './train64.js';
import type { PaperPhases } from './paper-protocol.js';
import { train64 } from './train64.js';
import { sweepProblemOf } from './_internals/problem-cache.js';

export const RUN_FORMAT = 'flat-channels-sweep-run';

/** The stored result of one run (`runs/<key>.json`); numbers are decimal strings. */
export interface RunResult extends Classification {
  readonly format: typeof RUN_FORMAT;
  readonly key: string;
  readonly problem: string;
  readonly seed: number;
  readonly class: EndPointClass;
  readonly training: {
    readonly optimizer: string;
    readonly stop: TrainStop;
    readonly steps: number;
    /** Gradient-flow time reached (gf and paper; paper: t = N·τ of the ODE phase). */
    readonly time?: string;
    /** The paper protocol's two phases (optimizer `paper` only). */
    readonly phases?: PaperPhases;
  };
  /** Initial and final parameters in the flat order. */
  readonly initial: readonly string[];
  readonly final: readonly string[];
  /** Wall-clock seconds of this run (the only field that differs between recomputations). */
  readonly seconds: number;
}

/**
 * Runs one job: seeded initialisation, float64 training, classification (with Decimal escalation where needed).
 * A pure function of the job apart from `seconds`.
 */
export function runSweepJob(job: SweepJob): RunResult {
  const start = performance.now();
  const { problem, sweep } = sweepProblemOf(job.spec);
  const initial = Float64Array.from(problem.initial(precision(20)), (v) => v.toNumber());
  const run = train64({ network: sweep.network, data: sweep.data64 }, initial, job.train, job.seed);
  const classification = classifyEndPoint(sweep, run, job.classify);
  return {
    format: RUN_FORMAT,
    key: job.key,
    problem: job.problem,
    seed: job.seed,
    ...classification,
    training: {
      optimizer: job.train.optimizer,
      stop: run.stop,
      steps: run.steps,
      ...(run.time === undefined ? {} : { time: String(run.time) }),
      ...(run.phases === undefined ? {} : { phases: run.phases }),
    },
    initial: Array.from(initial, String),
    final: Array.from(run.theta, String),
    seconds: Math.round((performance.now() - start) * 1000) / 1e6,
  };
}
