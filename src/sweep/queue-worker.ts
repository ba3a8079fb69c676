import { availableParallelism } from 'node:os';
import { Worker } from 'bullmq';
import { QUEUE_NAME, type RedisConnection } from './queue-connection.js';
import type { RunResult } from './run-sweep-job.js';
import type { SweepJob } from './sweep-job.js';
import { compiledModule } from './_internals/compiled-module.js';

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  readonly connection: RedisConnection;
  /** Jobs run at once, each in its own sandboxed child process. Default: all cores. */
  readonly concurrency?: number;
  /**
   * How long a job's lock lasts without renewal, in ms (a live worker renews it every half of this). A job whose
   * worker died is taken back after at most this plus `stalledIntervalMs`. Default 30 000.
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for stalled jobs, in ms. Default 30 000. */
  readonly stalledIntervalMs?: number;
  /** A job may stall this often before it fails. Default 3. */
  readonly maxStalledCount?: number;
  /** Progress lines (job started, finished, failed). */
  readonly log?: (line: string) => void;
}

/**
 * Starts a BullMQ worker for sweep jobs: each job runs in a sandboxed child process (a crash or an endless loop in
 * one job cannot take the worker down), failed jobs are retried with exponential back-off by the queue, and jobs
 * of dead workers are recovered by the stalled-job check. Close it to finish running jobs and stop.
 */
export function startQueueWorker(options: QueueWorkerOptions): Worker<SweepJob, RunResult> {
  const {
    connection,
    concurrency = availableParallelism(),
    lockDurationMs = 30_000,
    stalledIntervalMs = 30_000,
    maxStalledCount = 3,
    log,
  } = options;
  const worker = new Worker<SweepJob, RunResult>(
    QUEUE_NAME,
    compiledModule('./_internals/queue-processor.js', import.meta.url),
    {
      connection,
      concurrency,
      lockDuration: lockDurationMs,
      stalledInterval: stalledIntervalMs,
      maxStalledCount,
      useWorkerThreads: false,
    },
  );
  if (log !== undefined) {
    worker.on('active', (job) => log(`active seed ${job.data.seed} ${job.id ?? ''}`));
    worker.on('completed', (job) => log(`completed seed ${job.data.seed} ${job.returnvalue.class}`));
    worker.on('failed', (job, err) => log(`failed seed ${job?.data.seed ?? '?'}: ${err.message}`));
    worker.on('error', (err) => log(`error: ${err.message}`));
  }
  return worker;
}
