/**
 * Sweeps: runs per minute of the local worker-thread pool with 1 and 2 workers (pool start-up included, as a user
 * sees it; rounds interleaved 1, 2, 1, 2, … and the median taken; short runs and runs of a few seconds), and the
 * cost of classifying a channel end point in float64 alone against the same classification with its Decimal
 * escalation (loss and outward slope at 3·log₁₀|A| + 10 digits, confirmed 20 digits higher).
 */
import { lossAndDerivatives64 } from '../src/network/loss64.js';
import { loadProblem } from '../src/network/problem.js';
import { precision } from '../src/precision/context.js';
import type { ProblemSpec } from '../src/network/spec.js';
import { classifyEndPoint } from '../src/sweep/classify-end-point.js';
import { runLocalPool } from '../src/sweep/local-pool.js';
import { sweepJobs } from '../src/sweep/sweep-job.js';
import { trainOptions } from '../src/sweep/train-options.js';
import { train64 } from '../src/sweep/train64.js';
import { LateUpdates } from '../src/sweep/_internals/late-updates.js';
import { sweepProblemOf } from '../src/sweep/_internals/problem-cache.js';
import { compare, formatMs, formatRatio, measure } from './harness.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? NaN;
}

/**
 * Runs per minute of the pool with 1 and 2 workers on `seeds` runs of one sweep: short runs (two-param, a few ms
 * each) measure the pool's start-up and messaging; rosenbrock-2d runs (about 4 s each, plus realising the
 * 10 201-sample data once per worker) measure how the work itself scales.
 */
async function runsPerMinute(
  problem: string,
  width: number,
  train: ReturnType<typeof trainOptions>,
  seeds: number,
  label: string,
): Promise<void> {
  const jobs = sweepJobs(problem, 1, seeds, { width, train, version: 'bench' });
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
    `sweep ${problem} width ${width}, ${label}, ${seeds} runs (median of 3): 1 worker ${rpm(t1)} runs/min, ` +
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

/**
 * The inner loop of float64 training on rosenbrock-2d (10 201 samples, width 3): one adam step of train64 against
 * its floor, one loss-and-gradient evaluation, and the activation calls alone (g and g′ at every sample and neuron).
 */
function trainingStep(): void {
  const spec = loadProblem('rosenbrock-2d').spec;
  const s: ProblemSpec = { ...spec, student: { width: 3, init: { kind: 'glorot-normal', seed: 1 } } };
  const { problem, sweep } = sweepProblemOf(s);
  const theta = Float64Array.from(problem.initial(precision(20)), (v) => v.toNumber());
  const objective = { network: sweep.network, data: sweep.data64 };
  const adam = trainOptions({ optimizer: 'adam', steps: 1 });
  const { activation } = sweep.network;
  const z = Float64Array.from({ length: sweep.data64.n * 3 }, (_, i) => {
    const n = Math.floor(i / 3);
    const k = i % 3;
    return (
      (theta[2 * k] as number) * (sweep.data64.inputs[2 * n] as number) +
      (theta[2 * k + 1] as number) * (sweep.data64.inputs[2 * n + 1] as number)
    );
  });
  const buf = new Float64Array(2);
  const c = measure(
    'float64 training step, rosenbrock-2d width 3 (10 201 samples)',
    [
      { name: 'gradient', run: () => lossAndDerivatives64(sweep.network, sweep.data64, theta) },
      { name: 'adam step', run: () => train64(objective, theta, adam, 1) },
      {
        name: 'activation calls',
        run: () => {
          for (const x of z) activation.derivatives64(x, 1, buf);
          return buf[0];
        },
      },
    ],
    { batches: 7, batchMs: 200 },
  );
  const g = c.perCallMs.get('gradient') ?? NaN;
  const step = c.perCallMs.get('adam step') ?? NaN;
  const act = c.perCallMs.get('activation calls') ?? NaN;
  console.log(
    `${c.title}: gradient ${formatMs(g)}, adam step ${formatMs(step)}, activation calls alone ${formatMs(act)}; ` +
      `adam step/gradient ${formatRatio(step, g)}, activation/gradient ${formatRatio(act, g)}; ` +
      `so ${step.toFixed(2)} s per 1000 adam steps`,
  );
}

export default async function bench(): Promise<void> {
  trainingStep();
  await runsPerMinute('two-param', 2, trainOptions({ steps: 20_000 }), 16, 'gd 20000 steps');
  await runsPerMinute(
    'rosenbrock-2d',
    2,
    trainOptions({ optimizer: 'adam', steps: 1500 }),
    8,
    'adam 1500 steps',
  );
  escalation();
}
