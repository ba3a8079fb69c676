import { Queue, QueueEvents, type Job } from 'bullmq';
import { QUEUE_NAME, type RedisConnection } from './queue-connection.js';
import type { RunResult } from './run-sweep-job.js';
import type { SweepJob } from './sweep-job.js';

/** Options of {@link runQueueSweep}. */
export interface QueueSweepOptions {
  readonly connection: RedisConnection;
  /** Called once per job as its result is collected: store it here. */
  readonly onResult: (result: RunResult) => void;
  /** Tries per job (a crash of the processor, not a stall, uses one). Default 3. */
  readonly attempts?: number;
  /** How often every pending job is looked up besides the completion events, in ms. Default 1000. */
  readonly pollMs?: number;
}

/** What the collection saw. */
export interface QueueSweepReport {
  /** Results handed to `onResult` (each job exactly once). */
  readonly collected: number;
  /** Jobs that failed all their attempts (their results are missing; re-running the sweep retries them). */
  readonly failed: readonly { readonly seed: number; readonly reason: string }[];
}

/**
 * Runs jobs through the BullMQ queue on Redis: enqueues each under its content address as job id (so enqueuing
 * twice, from a resumed sweep or a second sweep of the same runs, adds nothing), then collects results as workers
 * finish them (`flat-channels worker`, on any machine). Jobs that a killed worker held are recovered by BullMQ's
 * stalled-job check and run again elsewhere; a job's result is collected exactly once, whatever the number of
 * completion events. Jobs left failed by an earlier sweep are retried.
 */
export async function runQueueSweep(
  jobs: readonly SweepJob[],
  options: QueueSweepOptions,
): Promise<QueueSweepReport> {
  const { connection, onResult, attempts = 3, pollMs = 1000 } = options;
  const queue = new Queue<SweepJob, RunResult>(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  const byKey = new Map(jobs.map((j) => [j.key, j]));
  const pending = new Set(byKey.keys());
  const failed = new Map<string, string>();
  let collected = 0;
  let wake: (() => void) | undefined;

  const look = async (key: string, retryFailed: boolean): Promise<void> => {
    if (!pending.has(key)) return;
    const job = (await queue.getJob(key)) as Job<SweepJob, RunResult> | undefined;
    if (job === undefined || !pending.has(key)) return;
    const state = await job.getState();
    if (!pending.has(key)) return;
    if (state === 'completed' && job.returnvalue !== null && job.returnvalue !== undefined) {
      pending.delete(key);
      collected++;
      onResult(job.returnvalue);
    } else if (state === 'failed') {
      if (retryFailed) await job.retry('failed');
      else {
        pending.delete(key);
        failed.set(key, job.failedReason);
      }
    } else return;
    wake?.();
  };

  try {
    await events.waitUntilReady();
    events.on('completed', ({ jobId }) => void look(jobId, false).catch(() => undefined));
    events.on('failed', ({ jobId }) => void look(jobId, false).catch(() => undefined));
    // Results already there (a resumed sweep) are collected first; failures of an earlier sweep get new tries.
    for (const chunk of chunks([...pending], 200)) await Promise.all(chunk.map((k) => look(k, true)));
    const toAdd = [...pending].map((key) => byKey.get(key) as SweepJob);
    for (const chunk of chunks(toAdd, 500)) {
      await queue.addBulk(
        chunk.map((job) => ({
          name: 'run',
          data: job,
          opts: {
            jobId: job.key,
            attempts,
            backoff: { type: 'exponential', delay: 1000 },
            // Results stay in Redis for a week, so that a sweep interrupted while collecting finds them.
            removeOnComplete: { age: 7 * 24 * 3600 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        })),
      );
    }
    while (pending.size > 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pollMs);
      });
      wake = undefined;
      for (const chunk of chunks([...pending], 200)) await Promise.all(chunk.map((k) => look(k, false)));
    }
  } finally {
    await events.close();
    await queue.close();
  }
  return {
    collected,
    failed: [...failed].map(([key, reason]) => ({ seed: (byKey.get(key) as SweepJob).seed, reason })),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
