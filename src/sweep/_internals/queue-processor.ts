import { Worker } from 'node:worker_threads';
import type { SandboxedJob } from 'bullmq';
import { runSweepJob, type RunResult } from '../run-sweep-job.js';
import type { SweepJob } from '../sweep-job.js';

/**
 * A sandboxed child must not outlive its worker. When the worker is killed, BullMQ's child computes its job to the
 * end and then keeps writing to the closed pipes and IPC channel, its uncaught-exception handler answering each
 * EPIPE by sending again: a loop at 100 % CPU forever. So the child exits when its IPC channel closes or a write to
 * stdout or stderr fails, and a watchdog thread SIGKILLs it the moment it is re-parented: the job computes
 * synchronously and would block any check on the child's own event loop (its lock expires and another worker
 * runs it; results are stored by content address, so none is lost or doubled).
 */
function exitWithParent(): void {
  if (process.send === undefined) return; // not a forked child (imported by a test or a tool)
  process.once('disconnect', () => process.exit(0));
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => process.exit(0));
  const watchdog = new Worker(
    `const { workerData } = require('node:worker_threads');
     setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL'); }, 500);`,
    { eval: true, workerData: process.ppid },
  );
  watchdog.unref();
}
exitWithParent();

/** The BullMQ sandboxed processor: each job runs in a child process of the worker. */
export default function queueProcessor(job: SandboxedJob<SweepJob, RunResult>): Promise<RunResult> {
  return Promise.resolve(runSweepJob(job.data));
}
