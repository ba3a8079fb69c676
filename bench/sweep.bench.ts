/**
 * Sweeps: runs per minute of the local worker-thread pool with 1 and 2 workers (pool start-up included, as a user
 * sees it; rounds interleaved 1, 2, 1, 2, … and the median taken), and the cost of classifying a channel end point
 * in float64 alone against the same classification with its Decimal escalation (loss and outward slope at
 * 3·log₁₀|A| + 10 digits, confirmed 20 digits higher).
 */
import { loadProblem } from '../src/network/problem.js';
import type { ProblemSpec } from '../src/network/spec.js';
import { classifyEndPoint } from '../src/sweep/classify-end-point.js';
import { runLocalPool } from '../src/sweep/local-pool.js';
import { sweepJobs } from '../src/sweep/sweep-job.js';
import { trainOptions } from '../src/sweep/train-options.js';
import { LateUpdates } from '../src/sweep/_internals/late-updates.js';
import { sweepProblemOf } from '../src/sweep/_internals/problem-cache.js';
import { compare, formatRatio } from './harness.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? NaN;
}

async function runsPerMinute(): Promise<void> {
  const seeds = 16;
  const jobs = sweepJobs('two-param', 1, seeds, {
    width: 2,
    train: trainOptions({ steps: 20_000 }),
    version: 'bench',
  });
  const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
  for (let round = 0; round < 3; round++) {
    for (const workers of [1, 2] as const) {
      const t0 = performance.now();
      await runLocalPool(jobs, { workers, onResult: () => undefined });
      times[workers].push(performance.now() - t0);
    }
  }
  const [t1, t2] = [median(times[1]), median(times[2])];
  const rpm = (ms: number): string => ((seeds / ms) * 60_000).toFixed(0);
  console.log(
    `sweep two-param width 2, gd 20000 steps, ${seeds} runs (median of 3): 1 worker ${rpm(t1)} runs/min, ` +
      `2 workers ${rpm(t2)} runs/min; speed-up 2 workers/1 worker ${formatRatio(t1, t2)}`,
  );
}

function escalation(): void {
  const spec = loadProblem('glu-teacher').spec;
  const s: ProblemSpec = { ...spec, student: { width: 2, init: { kind: 'glorot-normal', seed: 1 } } };
  const problem = sweepProblemOf(s).sweep;
  for (const eps of [2 ** -9, 2 ** -17]) {
    const theta = Float64Array.from([1 + eps, 1 - eps, 0.25 + 1 / (2 * eps), 0.25 - 1 / (2 * eps)]);
    const late = new LateUpdates(200);
    const A = 1 / (2 * eps);
    for (let k = 0; k < 20; k++)
      late.push(new Float64Array(4), Float64Array.from([-eps * 1e-9, eps * 1e-9, A * 1e-9, -A * 1e-9]));
    const run = { stop: 'budget' as const, theta, steps: 200, late };
    compare(
      `classify a glu-teacher channel point, |A| = ${A}`,
      [
        { name: 'float64', run: () => classifyEndPoint(problem, run, { escalate: false }) },
        { name: 'with Decimal escalation', run: () => classifyEndPoint(problem, run) },
      ],
      'float64',
      { batches: 5, batchMs: 200 },
    );
  }
}

export default async function bench(): Promise<void> {
  await runsPerMinute();
  escalation();
}
