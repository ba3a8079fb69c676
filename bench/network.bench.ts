/**
 * Loss + gradient + Hessian of rosenbrock-2d (10 201 grid points, width 5, activation g) at 30 digits against
 * float64 on the same data: the price of exact digits for a realistic finite dataset. Data realisation (10 201
 * target formulas, z-scored) is timed once, separately; both loss timings exclude it.
 */
import { loadProblem } from '../src/network/problem.js';
import { precision } from '../src/precision/context.js';
import { compare, consume, formatMs } from './harness.js';

export default function networkBench(): void {
  const problem = loadProblem('rosenbrock-2d', { width: 5 });
  const p = precision(30);
  const theta = problem.initial(p);
  const theta64 = Float64Array.from(theta, Number);
  let t0 = performance.now();
  problem.dataset(p);
  console.log(
    `rosenbrock-2d data at 30 digits (10 201 targets, z-scored): ${formatMs(performance.now() - t0)}`,
  );
  t0 = performance.now();
  problem.evaluate64(theta64, { hessian: true });
  console.log(
    `rosenbrock-2d data in float64 (realised at 17 digits, rounded): ${formatMs(performance.now() - t0)}`,
  );
  compare(
    'rosenbrock-2d width 5, loss + gradient + Hessian (15 parameters)',
    [
      { name: 'float64', run: () => consume(problem.evaluate64(theta64, { hessian: true })) },
      { name: 'Decimal 30 digits', run: () => consume(problem.evaluate(theta, p, { hessian: true })) },
    ],
    'float64',
    { batches: 3, batchMs: 20 },
  );
}
