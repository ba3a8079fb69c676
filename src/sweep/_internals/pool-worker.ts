import { runSweepJob, type RunResult } from '../run-sweep-job.js';
import type { SweepJob } from '../sweep-job.js';

/** The worker-thread entry of the local pool (piscina calls the default export). */
export default function poolWorker(job: SweepJob): RunResult {
  return runSweepJob(job);
}
