/**
 * Loss + gradient + Hessian of rosenbrock-2d (10 201 grid points, width 5, activation g) at 30 digits against
 * float64 on the same data: the price of exact digits for a realistic finite dataset. Data realisation (10 201
 * target formulas, z-scored) is timed once, separately; both loss timings exclude it.
 *
 * Side by side in the same run: the Decimal loss with the activations' closed-form fast path (orders 0–3) against
 * the same loss with activation derivatives by the jet path (on a 409-point subset of the grid, every 25th point,
 * so that the jet path finishes), and the population loss of paper-toy at 40 digits likewise.
 */
import type { Decimal } from 'decimal.js';
import type { Dataset } from '../src/network/dataset.js';
import { toDataset64 } from '../src/network/dataset.js';
import { lossAndDerivatives, type Network } from '../src/network/loss.js';
import { lossAndDerivatives64 } from '../src/network/loss64.js';
import { loadProblem } from '../src/network/problem.js';
import { precision } from '../src/precision/context.js';
import { compare, consume, formatMs } from './harness.js';
import { jetPathActivation } from './special.bench.js';

function subset(data: Dataset, every: number): Dataset {
  const keep = (_: unknown, i: number): boolean => i % every === 0;
  const inputs = data.inputs.filter(keep);
  const targets = data.targets.filter(keep);
  return data.weights === undefined
    ? { inputs, targets }
    : { inputs, targets, weights: data.weights.filter(keep) };
}

/** Decimal loss with the fast path, with the jet path, and float64, on one dataset. */
function threeWay(
  title: string,
  net: Network,
  data: Dataset,
  theta: Decimal[],
  digits: number,
  hessian: boolean,
) {
  const p = precision(digits);
  const jetNet: Network = { ...net, activation: jetPathActivation(net.activation) };
  const d64 = toDataset64(data);
  const t64 = Float64Array.from(theta, Number);
  compare(
    title,
    [
      { name: 'Decimal fast path', run: () => consume(lossAndDerivatives(net, data, theta, p, { hessian })) },
      {
        name: 'Decimal jet path',
        run: () => consume(lossAndDerivatives(jetNet, data, theta, p, { hessian })),
      },
      { name: 'float64', run: () => consume(lossAndDerivatives64(net, d64, t64, { hessian })) },
    ],
    'Decimal fast path',
    { batches: 3, batchMs: 20 },
  );
}

export default function networkBench(): void {
  const problem = loadProblem('rosenbrock-2d', { width: 5 });
  const p = precision(30);
  const theta = problem.initial(p);
  const theta64 = Float64Array.from(theta, Number);
  let t0 = performance.now();
  const data = problem.dataset(p);
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
  threeWay(
    'rosenbrock-2d width 5, every 25th grid point (409), loss + gradient + Hessian at 30 digits',
    problem.network,
    subset(data, 25),
    theta,
    30,
    true,
  );

  const toy = loadProblem('paper-toy');
  const q = precision(40);
  t0 = performance.now();
  const toyData = toy.dataset(q);
  console.log(
    `paper-toy population rule at 40 digits (${toyData.targets.length} nodes, targets): ` +
      formatMs(performance.now() - t0),
  );
  threeWay('paper-toy loss + gradient at 40 digits', toy.network, toyData, toy.initial(q), 40, false);
}
