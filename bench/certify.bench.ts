/**
 * The price of a proof (issue 17): certification against confirmation of the same result, side by side in one run.
 *
 * * Critical point — the one-neuron minimum of the 5-sample misfit two-param problem at 60 digits. Confirmation is
 *   what the precision ladder does: Newton again at 80 digits from the 60-digit point (then compare). Certification
 *   is certifyCriticalPoint: the Krawczyk box in ball arithmetic plus the certified inertia.
 * * Saddle line — its width-2 split on γ ∈ [1.5, 3]. Confirmation is the saddle-line command's numeric route
 *   (saddleLine: B, its eigenvalues and the Hessian inertia at four γ, at 60 digits); certification is
 *   certifySaddleLine (the parent's box, B's certified sign, the transversal inertia uniformly on the interval).
 *
 * The Newton refinement that both start from is timed once, separately. Ratios are CPU-time medians.
 */
import { join } from 'node:path';
import type { Decimal } from 'decimal.js';
import { certifyCriticalPoint } from '../src/certified/certify-critical-point.js';
import { certifySaddleLine } from '../src/certified/certify-saddle-line.js';
import { refineCriticalPoint } from '../src/flow/refine-critical-point.js';
import { saddleLine } from '../src/landscape/saddle-line.js';
import { loadProblem } from '../src/network/problem.js';
import { precision } from '../src/precision/context.js';
import { compare, consume, formatMs } from './harness.js';

const MISFIT = join(import.meta.dirname, '..', 'test', 'fixtures', 'saddle-line', 'two-param-misfit.json');

export default function run(): void {
  const problem = loadProblem(MISFIT);
  const p = precision(60);
  const q = precision(80);
  let t0 = performance.now();
  const refined = refineCriticalPoint(problem, ['0.5', '2.5'], p, {
    stepTolerance: new p.D(10).pow(-65),
    guardDigits: 15,
  });
  if (refined.kind !== 'converged')
    throw new Error(`certify bench: Newton did not converge (${refined.kind})`);
  const point: readonly Decimal[] = refined.point;
  console.log(
    `Newton at 60 digits from (0.5, 2.5): ${formatMs(performance.now() - t0)} (once, not compared)`,
  );

  compare(
    'misfit two-param one-neuron minimum at 60 digits: confirm vs certify',
    [
      {
        name: 'confirmation (Newton at 80 digits from the point)',
        run: () =>
          consume(
            refineCriticalPoint(problem, point, q, { stepTolerance: new q.D(10).pow(-85), guardDigits: 15 }),
          ),
      },
      {
        name: 'certification (Krawczyk + inertia)',
        run: () => consume(certifyCriticalPoint(problem, point, p)),
      },
    ],
    'confirmation (Newton at 80 digits from the point)',
    { batches: 3, batchMs: 50 },
  );

  t0 = performance.now();
  const gammas = ['1.5', '2', '2.5', '3'];
  compare(
    'its width-2 split on γ ∈ [1.5, 3] at 60 digits: confirm vs certify',
    [
      {
        name: 'confirmation (B and the inertia at 4 γ)',
        run: () => consume(saddleLine(problem.network, (r) => problem.dataset(r), point, 0, gammas, p)),
      },
      {
        name: 'certification (B sign + transversal inertia on the interval)',
        run: () => consume(certifySaddleLine(problem, point, p, { gamma: ['1.5', '3'] })),
      },
    ],
    'confirmation (B and the inertia at 4 γ)',
    { batches: 3, batchMs: 50 },
  );
  console.log(`(saddle-line comparison took ${formatMs(performance.now() - t0)} in all)`);
}
