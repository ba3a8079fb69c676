import type { SandboxedJob } from 'bullmq';
import { runSweepJob, type RunResult } from '../run-sweep-job.js';
import type { SweepJob } from '../sweep-job.js';

/** The BullMQ sandboxed processor: each job runs in a child process of the worker. */
export default function queueProcessor(job: SandboxedJob<SweepJob, RunResult>): Promise<RunResult> {
  return Promise.resolve(runSweepJob(job.data));
}
