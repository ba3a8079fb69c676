import { join } from 'node:path';
import { integerOption, knownOptions, numberOption, OptionError } from '../errors.js';
import { renderFigureSvg } from '../report/plot/index.js';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import { aggregateSweep, sweepFigure, type SweepSummary } from './aggregate-sweep.js';
import { runLocalPool } from './local-pool.js';
import type { RedisConnection } from './queue-connection.js';
import { ResultStore } from './result-store.js';
import type { RunResult } from './run-sweep-job.js';
import type { SweepJob } from './sweep-job.js';

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** Output directory: `runs/<key>.json` per run, then `sweep.json` and `sweep.svg`. */
  readonly out: string;
  /** Worker threads of the local pool. Default: all cores. Ignored with `queue`. */
  readonly workers?: number;
  /** Run through the BullMQ queue on this Redis instead of the local pool. */
  readonly queue?: RedisConnection;
  /** Called after each newly finished run is stored. */
  readonly onResult?: (result: RunResult, done: number, total: number) => void;
  /** One-line notices of the queue backend (Redis errors, lost jobs enqueued again). */
  readonly onNotice?: (line: string) => void;
  /** With `queue`: how long Redis may stay unreachable mid-sweep before the sweep gives up (ms; default 60 000). */
  readonly queueUnreachableMs?: number;
}

/** The outcome of a sweep. */
export type RunSweepOutcome =
  | {
      readonly kind: 'complete';
      readonly summary: SweepSummary;
      /** Runs computed now, and runs found already stored (skipped). */
      readonly computed: number;
      readonly reused: number;
      readonly files: readonly string[];
    }
  | {
      readonly kind: 'incomplete';
      readonly computed: number;
      readonly reused: number;
      /** Jobs that failed (their results are missing; a re-run tries them again). */
      readonly failed: readonly { readonly seed: number; readonly reason: string }[];
    };

/**
 * Runs a sweep, idempotently and resumably: a job whose result is already stored under its content address is
 * skipped; every other result is stored atomically the moment it arrives. Killing the sweep (or a worker) at any
 * moment loses no stored result and stores none twice; re-running finishes the rest. When every job has a result,
 * writes `sweep.json` (see aggregateSweep) and the plot `sweep.svg`.
 */
export async function runSweep(
  jobs: readonly SweepJob[],
  options: RunSweepOptions,
): Promise<RunSweepOutcome> {
  const fn = 'runSweep';
  knownOptions(fn, options, ['out', 'workers', 'queue', 'onResult', 'onNotice', 'queueUnreachableMs']);
  if (typeof options.out !== 'string' || options.out === '')
    throw new OptionError(fn, 'out', 'out must be the path of the output directory');
  if (options.workers !== undefined) integerOption(fn, 'workers', options.workers, 1, 1024);
  if (options.queueUnreachableMs !== undefined)
    numberOption(fn, 'queueUnreachableMs', options.queueUnreachableMs, { min: 0 });
  const store = new ResultStore(options.out);
  const results = new Map<string, RunResult>();
  const todo = new Map<string, SweepJob>();
  for (const job of jobs) {
    const stored = store.read(job.key);
    if (stored !== undefined) results.set(job.key, stored);
    else todo.set(job.key, job);
  }
  const reused = results.size;
  let computed = 0;
  const accept = (result: RunResult): void => {
    if (results.has(result.key) || !todo.has(result.key)) return;
    store.write(result);
    results.set(result.key, result);
    computed++;
    options.onResult?.(result, results.size, jobs.length);
  };
  let failed: { seed: number; reason: string }[] = [];
  if (todo.size > 0) {
    if (options.queue !== undefined) {
      // BullMQ and ioredis load only for a queued sweep (0.5 s of start-up otherwise paid by every import).
      const { runQueueSweep } = await import('./queue-sweep.js');
      const report = await runQueueSweep([...todo.values()], {
        connection: options.queue,
        onResult: accept,
        ...(options.onNotice === undefined ? {} : { onNotice: options.onNotice }),
        ...(options.queueUnreachableMs === undefined ? {} : { unreachableMs: options.queueUnreachableMs }),
      });
      failed = [...report.failed];
    } else {
      try {
        await runLocalPool([...todo.values()], {
          onResult: accept,
          ...(options.workers === undefined ? {} : { workers: options.workers }),
        });
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        failed = [...todo.values()].filter((j) => !results.has(j.key)).map((j) => ({ seed: j.seed, reason }));
      }
    }
  }
  if (failed.length > 0 || results.size < new Set(jobs.map((j) => j.key)).size) {
    return { kind: 'incomplete', computed, reused, failed };
  }
  const summary = aggregateSweep(jobs, [...results.values()]);
  const json = join(options.out, 'sweep.json');
  const svg = join(options.out, 'sweep.svg');
  writeFileAtomic(json, JSON.stringify(summary, null, 2) + '\n');
  writeFileAtomic(svg, renderFigureSvg(sweepFigure(summary)) + '\n');
  return { kind: 'complete', summary, computed, reused, files: [json, svg] };
}
