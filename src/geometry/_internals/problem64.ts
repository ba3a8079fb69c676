import type { MultiOutputProblem } from '../../network/multi-output-problem.js';
import { toMultiOutputDataset64 } from '../../network/multi-output-problem.js';
import type { MultiOutputDataset64 } from '../../network/multi-output-loss64.js';
import { precision } from '../../precision/context.js';
import { symmetricEigenF64, type SymmetricEigenOutcome } from '../../precision/linalg/index.js';
import type { LossAndGradient64 } from '../gradient-descent64.js';

/** The float64 pieces of a multi-output problem the geometry measurements use. */
export interface Problem64 {
  readonly problem: MultiOutputProblem;
  /** The dataset evaluate64 uses (the precision-17 data rounded to doubles). */
  readonly data: MultiOutputDataset64;
  /** The problem's seeded initial point, rounded to doubles. */
  readonly initial: Float64Array;
  readonly lossAndGradient: LossAndGradient64;
  /** The row-major Hessian. */
  hessian(theta: Float64Array): Float64Array;
  /** Eigenvalues (ascending) and eigenvectors (columns) of the Hessian; throws if Jacobi did not converge. */
  eigen(theta: Float64Array): Extract<SymmetricEigenOutcome<number>, { kind: 'converged' }>;
}

export function problem64(problem: MultiOutputProblem): Problem64 {
  const data = toMultiOutputDataset64(problem.dataset(precision(17)));
  const hessian = (theta: Float64Array): Float64Array =>
    problem.evaluate64(theta, { gradient: false, hessian: true }).hessian as Float64Array;
  return {
    problem,
    data,
    initial: Float64Array.from(problem.initial(precision(20)), Number),
    lossAndGradient: (theta) => {
      const r = problem.evaluate64(theta);
      return { loss: r.loss, gradient: r.gradient as Float64Array };
    },
    hessian,
    eigen: (theta) => {
      const h = hessian(theta);
      const P = theta.length;
      const e = symmetricEigenF64(Array.from({ length: P }, (_, i) => h.subarray(i * P, (i + 1) * P)));
      // 60 sweeps of cyclic Jacobi converge on any symmetric input of this size; not converging is a bug.
      if (e.kind !== 'converged')
        throw new Error(`Hessian eigendecomposition did not converge (${problem.name})`);
      return e;
    },
  };
}
