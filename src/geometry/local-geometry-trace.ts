import type { MultiOutputProblem } from '../network/multi-output-problem.js';
import { classificationAccuracy64 } from './classification-accuracy64.js';
import { gradientDescent64 } from './gradient-descent64.js';
import { topEigenspaceFraction } from './gradient-confinement.js';
import { hessianOutliers, type HessianOutliersOptions } from './hessian-outliers.js';
import { problem64 } from './_internals/problem64.js';

/** Options of {@link localGeometryTrace}. */
export interface LocalGeometryTraceOptions {
  /** GD step size η. Default 0.5. */
  readonly learningRate?: number;
  /** Steps at which the Hessian is diagonalised (the last one is the run's length). Default {@link DEFAULT_SNAPSHOTS}. */
  readonly snapshots?: readonly number[];
  /** Dimension k of the top eigenspace for the gradient fraction. Default: the number of outputs C. */
  readonly k?: number;
  /** The outlier detector's options (see {@link hessianOutliers}). */
  readonly outliers?: HessianOutliersOptions;
  /** How many of the largest eigenvalues each snapshot keeps. Default 40. */
  readonly keep?: number;
}

/** The snapshot steps by default: dense early (where λ_max moves), up to 1000 steps. */
export const DEFAULT_SNAPSHOTS: readonly number[] = [0, 5, 10, 20, 35, 50, 100, 200, 350, 600, 1000];

/** The local geometry at one step of a GD run. */
export interface GeometrySnapshot {
  readonly step: number;
  readonly loss: number;
  readonly accuracy: number;
  /** The largest Hessian eigenvalue. */
  readonly lambdaMax: number;
  /** The `keep` largest eigenvalues, decreasing. */
  readonly top: readonly number[];
  readonly negativeCount: number;
  /** The outlier detector's count, gap position and ratios. */
  readonly outliers: number;
  readonly gapAt: number;
  readonly gapRatio: number;
  readonly runnerUpRatio: number;
  /** ‖Π_k ∇L‖²/‖∇L‖² for the top-k Hessian eigenspace. */
  readonly fraction: number;
  readonly gradientNorm: number;
}

/** A traced run. */
export type LocalGeometryTrace =
  | {
      readonly kind: 'completed';
      readonly problem: string;
      readonly classes: number;
      readonly parameters: number;
      readonly learningRate: number;
      readonly k: number;
      readonly snapshots: readonly GeometrySnapshot[];
      /** L(θ_t) at every step. */
      readonly losses: Float64Array;
    }
  | { readonly kind: 'diverged'; readonly problem: string; readonly step: number };

/**
 * Full-batch gradient descent in float64 from the problem's seeded initial point (`gradientDescent64`), with the
 * Hessian diagonalised (cyclic Jacobi, `symmetricEigenF64`) at each snapshot step: λ_max, the outlier count by
 * {@link hessianOutliers}, and the fraction of ‖∇L‖² in the top-k eigenspace. Deterministic.
 */
export function localGeometryTrace(
  problem: MultiOutputProblem,
  options: LocalGeometryTraceOptions = {},
): LocalGeometryTrace {
  const { learningRate = 0.5, snapshots = DEFAULT_SNAPSHOTS, outliers = {}, keep = 40 } = options;
  const k = options.k ?? problem.network.layout.outputs;
  const pr = problem64(problem);
  const steps = Math.max(...snapshots);
  const out: GeometrySnapshot[] = [];
  const run = gradientDescent64(pr.lossAndGradient, pr.initial, {
    learningRate,
    steps,
    observeAt: snapshots,
    observe: (step, theta, loss, gradient) => {
      const e = pr.eigen(theta);
      const o = hessianOutliers(e.values, outliers);
      out.push({
        step,
        loss,
        accuracy: classificationAccuracy64(problem.network, pr.data, theta),
        lambdaMax: o.descending[0] as number,
        top: o.descending.slice(0, keep),
        negativeCount: e.values.filter((v) => v < 0).length,
        outliers: o.count,
        gapAt: o.gapAt,
        gapRatio: o.ratio,
        runnerUpRatio: o.runnerUpRatio,
        fraction: topEigenspaceFraction(e.values, e.vectors, gradient, k),
        gradientNorm: Math.hypot(...gradient),
      });
    },
  });
  if (run.kind === 'diverged') return { kind: 'diverged', problem: problem.name, step: run.step };
  return {
    kind: 'completed',
    problem: problem.name,
    classes: problem.network.layout.outputs,
    parameters: pr.initial.length,
    learningRate,
    k,
    snapshots: out,
    losses: run.losses,
  };
}
