import { availableParallelism } from 'node:os';
import type { RunResult } from './run-sweep-job.js';
import type { SweepJob } from './sweep-job.js';
import { compiledModule } from './_internals/compiled-module.js';

/** Options of {@link runLocalPool}. */
export interface LocalPoolOptions {
  /** Worker threads. Default: all cores (`os.availableParallelism()`). */
  readonly workers?: number;
  /** Called on the main thread as each run finishes (in completion order): store it here. */
  readonly onResult: (result: RunResult) => void;
}

/**
 * Runs jobs on a pool of worker threads (piscina), one job per thread at a time, and hands each result to
 * `onResult` as soon as it arrives. Rejects with the first job error after every other job has run and been handed over.
 */
export async function runLocalPool(jobs: readonly SweepJob[], options: LocalPoolOptions): Promise<void> {
  const { workers = availableParallelism(), onResult } = options;
  if (jobs.length === 0) return;
  const threads = Math.max(1, Math.min(workers, jobs.length));
  // Loaded here, not at the top: importing the package must not load the worker pool (test/structure).
  const { Piscina } = await import('piscina');
  const pool = new Piscina<SweepJob, RunResult>({
    filename: compiledModule('./_internals/pool-worker.js', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
  });
  let failure: unknown;
  try {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          // Results of other jobs are kept even after one fails: each is valid on its own.
          onResult(await pool.run(job));
        } catch (e) {
          failure ??= e;
        }
      }),
    );
  } finally {
    await pool.destroy();
  }
  if (failure !== undefined) throw failure;
}
