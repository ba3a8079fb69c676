import type { MultiOutputProblem } from '../network/multi-output-problem.js';
import { symmetricEigenvaluesF64 } from '../precision/linalg/index.js';
import { classificationAccuracy64 } from './classification-accuracy64.js';
import { gradientDescent64 } from './gradient-descent64.js';
import {
  randomOrthonormalBasis,
  restrictedHessian64,
  subspaceObjective64,
  subspacePoint,
} from './random-subspace.js';
import { problem64, type Problem64 } from './_internals/problem64.js';

/** Options of {@link subspaceTraining} and {@link goldilocksPoint}. */
export interface SubspaceTrainingOptions {
  /** GD step size η in the coordinates u. Default 0.5. */
  readonly learningRate?: number;
  /** GD steps. Default 500. */
  readonly steps?: number;
  /** A run succeeds when its training accuracy after `steps` is at least this. Default 0.9. */
  readonly successAccuracy?: number;
  /** θ₀ = scale × the problem's seeded initial point. Default 1. */
  readonly scale?: number;
}

/** One training run inside a random affine subspace. */
export interface SubspaceRun {
  readonly k: number;
  readonly seed: number;
  readonly success: boolean;
  readonly accuracy: number;
  readonly loss: number;
  /** Whether GD diverged (counts as no success). */
  readonly diverged: boolean;
}

function scaled(pr: Problem64, scale: number): Float64Array {
  return pr.initial.map((v) => v * scale);
}

function run(pr: Problem64, k: number, seed: number, options: SubspaceTrainingOptions): SubspaceRun {
  const { learningRate = 0.5, steps = 500, successAccuracy = 0.9, scale = 1 } = options;
  const theta0 = scaled(pr, scale);
  const basis = randomOrthonormalBasis(theta0.length, k, seed);
  const gd = gradientDescent64(subspaceObjective64(pr.lossAndGradient, theta0, basis), new Float64Array(k), {
    learningRate,
    steps,
  });
  if (gd.kind === 'diverged') return { k, seed, success: false, accuracy: NaN, loss: NaN, diverged: true };
  const theta = subspacePoint(theta0, basis, gd.theta);
  const accuracy = classificationAccuracy64(pr.problem.network, pr.data, theta);
  return {
    k,
    seed,
    success: accuracy >= successAccuracy,
    accuracy,
    loss: gd.losses[steps] as number,
    diverged: false,
  };
}

/**
 * Trains u ∈ R^k by full-batch GD from u = 0 on L(θ₀ + P u), P a seeded random orthonormal D × k basis
 * ({@link randomOrthonormalBasis}), θ₀ = scale × the problem's initial point; success = training accuracy at least
 * `successAccuracy` after `steps` steps. Deterministic given (problem, k, seed, options).
 */
export function subspaceTraining(
  problem: MultiOutputProblem,
  k: number,
  seed: number,
  options: SubspaceTrainingOptions = {},
): SubspaceRun {
  return run(problem64(problem), k, seed, options);
}

/** Curvature at θ₀ and the success of subspace training at one initialisation scale. */
export interface GoldilocksPoint {
  readonly scale: number;
  readonly k: number;
  /** Successes / runs over the seeds. */
  readonly successRate: number;
  readonly runs: readonly SubspaceRun[];
  /** The mean over seeds of Tr(PᵀHP)/‖PᵀHP‖_F at θ₀ (excess of positive curvature seen by the subspace). */
  readonly restrictedTraceRatio: number;
  /** The mean over seeds of the fraction of positive eigenvalues of PᵀHP at θ₀. */
  readonly restrictedPositiveFraction: number;
  /** Tr(H)/‖H‖_F of the full Hessian at θ₀. */
  readonly traceRatio: number;
  /** The loss at θ₀. */
  readonly loss: number;
}

/**
 * Fort & Scherlis's "Goldilocks" measurement at one scale: for each seed, the restricted Hessian PᵀHP at θ₀
 * (its trace over its Frobenius norm, and its fraction of positive eigenvalues) and a {@link subspaceTraining} run
 * in the same subspace.
 */
export function goldilocksPoint(
  problem: MultiOutputProblem,
  k: number,
  seeds: readonly number[],
  options: SubspaceTrainingOptions = {},
): GoldilocksPoint {
  const { scale = 1 } = options;
  const pr = problem64(problem);
  const theta0 = scaled(pr, scale);
  const H = pr.hessian(theta0);
  const D = theta0.length;
  let trace = 0;
  let frob = 0;
  for (let i = 0; i < D; i++) {
    trace += H[i * D + i] as number;
    for (let j = 0; j < D; j++) frob += (H[i * D + j] as number) ** 2;
  }
  let ratio = 0;
  let positive = 0;
  const runs = seeds.map((seed) => {
    const R = restrictedHessian64(H, randomOrthonormalBasis(D, k, seed));
    let t = 0;
    let f = 0;
    R.forEach((row, a) => {
      t += row[a] as number;
      for (const v of row) f += v * v;
    });
    ratio += t / Math.sqrt(f);
    const e = symmetricEigenvaluesF64(R);
    if (e.kind !== 'converged')
      throw new Error('goldilocksPoint: restricted Hessian eigenvalues did not converge');
    positive += e.values.filter((v) => v > 0).length / k;
    return run(pr, k, seed, options);
  });
  return {
    scale,
    k,
    successRate: runs.filter((r) => r.success).length / runs.length,
    runs,
    restrictedTraceRatio: ratio / seeds.length,
    restrictedPositiveFraction: positive / seeds.length,
    traceRatio: trace / Math.sqrt(frob),
    loss: pr.lossAndGradient(theta0).loss,
  };
}
