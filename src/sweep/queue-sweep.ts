import { Queue, QueueEvents, type Job } from 'bullmq';
import { InputError } from '../errors.js';
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
  /**
   * One-line notices: Redis errors (at most one per distinct message and minute) and jobs that vanished from
   * Redis (a restart without persistence, a flush) and were enqueued again. Default: none.
   */
  readonly onNotice?: (line: string) => void;
  /**
   * How long Redis may stay unreachable mid-sweep, in ms, before the sweep gives up with a QueueUnreachableError
   * (results collected so far are stored; re-running the same sweep resumes). A Redis that comes back within it,
   * even empty, is used again (lost jobs are enqueued again). Default 60 000.
   */
  readonly unreachableMs?: number;
}

/**
 * Redis stopped answering mid-sweep for longer than {@link QueueSweepOptions.unreachableMs}: an InputError (the
 * user's server, one line, exit 2) that says what was collected and how to resume.
 */
export class QueueUnreachableError extends InputError {
  override readonly name = 'InputError';
}

/** What the collection saw. */
export interface QueueSweepReport {
  /** Results handed to `onResult` (each job exactly once). */
  readonly collected: number;
  /** Jobs that failed all their attempts (their results are missing; re-running the sweep retries them). */
  readonly failed: readonly { readonly seed: number; readonly reason: string }[];
  /** Jobs enqueued again because they had vanished from Redis (each run's result is still collected once). */
  readonly requeued: number;
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
  const { connection, onResult, attempts = 3, pollMs = 1000, onNotice, unreachableMs = 60_000 } = options;
  const queue = new Queue<SweepJob, RunResult>(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  const byKey = new Map(jobs.map((j) => [j.key, j]));
  const pending = new Set(byKey.keys());
  const failed = new Map<string, string>();
  /** Enqueued jobs that a look-up did not find: Redis lost them (restarted empty, flushed). */
  const lost = new Set<string>();
  let enqueued = false;
  let requeued = 0;
  let collected = 0;
  let wake: (() => void) | undefined;
  const lastNotice = new Map<string, number>();
  const notice = (line: string): void => {
    const now = Date.now();
    if (now - (lastNotice.get(line) ?? -Infinity) < 60_000) return;
    lastNotice.set(line, now);
    onNotice?.(line);
  };
  // Without listeners, errors of the reconnecting clients would be thrown as unhandled 'error' events.
  queue.on('error', (e) => notice(`Redis: ${e.message.split('\n')[0] ?? ''} (retrying)`));
  events.on('error', (e) => notice(`Redis: ${e.message.split('\n')[0] ?? ''} (retrying)`));

  const add = async (keys: readonly string[]): Promise<void> => {
    for (const chunk of chunks(keys, 500)) {
      await queue.addBulk(
        chunk.map((key) => {
          const job = byKey.get(key) as SweepJob;
          return {
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
          };
        }),
      );
      lastContact = Date.now();
    }
  };

  // The clients retry forever while Redis is down (maxRetriesPerRequest: null queues every command): a watchdog
  // bounds that wait. Every answer from Redis counts as contact.
  let lastContact = Date.now();
  let watchdog: NodeJS.Timeout | undefined;
  const gone = new Promise<never>((_resolve, reject) => {
    watchdog = setInterval(
      () => {
        const silent = Date.now() - lastContact;
        if (silent <= unreachableMs) return;
        reject(
          new QueueUnreachableError(
            `sweep: Redis has not answered for ${Math.round(silent / 1000)} s mid-sweep (stopped or unreachable); ` +
              `${collected} of ${byKey.size} result(s) collected and stored; start Redis and re-run the same sweep to resume`,
          ),
        );
      },
      Math.min(1000, Math.max(50, unreachableMs / 10)),
    );
  });
  gone.catch(() => undefined);

  const look = async (key: string, retryFailed: boolean): Promise<void> => {
    if (!pending.has(key)) return;
    const job = (await queue.getJob(key)) as Job<SweepJob, RunResult> | undefined;
    lastContact = Date.now();
    if (job === undefined) {
      // Completed and failed jobs stay a week, so an enqueued job that is gone was lost by Redis.
      if (enqueued && pending.has(key)) lost.add(key);
      return;
    }
    if (!pending.has(key)) return;
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

  const collect = async (): Promise<void> => {
    await events.waitUntilReady();
    lastContact = Date.now();
    events.on('completed', ({ jobId }) => void look(jobId, false).catch(() => undefined));
    events.on('failed', ({ jobId }) => void look(jobId, false).catch(() => undefined));
    // Results already there (a resumed sweep) are collected first; failures of an earlier sweep get new tries.
    for (const chunk of chunks([...pending], 200)) await Promise.all(chunk.map((k) => look(k, true)));
    await add([...pending]);
    enqueued = true;
    while (pending.size > 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pollMs);
      });
      wake = undefined;
      for (const chunk of chunks([...pending], 200)) await Promise.all(chunk.map((k) => look(k, false)));
      const missing = [...lost].filter((k) => pending.has(k));
      lost.clear();
      if (missing.length > 0) {
        await add(missing);
        requeued += missing.length;
        onNotice?.(
          `${missing.length} job(s) had vanished from Redis (restarted without persistence or flushed?): enqueued again`,
        );
      }
    }
  };

  let unreachable = false;
  try {
    await Promise.race([collect(), gone]);
  } catch (e) {
    unreachable = e instanceof QueueUnreachableError;
    throw e;
  } finally {
    clearInterval(watchdog);
    if (unreachable) {
      // close() would wait for the server that is gone, and so can disconnect() (it awaits the client first, and
      // the process then ended with Node's exit code 13, an unsettled await): drop the connections, wait briefly.
      const dropped = Promise.allSettled([events.disconnect(), queue.disconnect()]);
      await Promise.race([dropped, new Promise((resolve) => setTimeout(resolve, 500))]);
    } else {
      await events.close();
      await queue.close();
    }
  }
  return {
    collected,
    requeued,
    failed: [...failed].map(([key, reason]) => ({ seed: (byKey.get(key) as SweepJob).seed, reason })),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
