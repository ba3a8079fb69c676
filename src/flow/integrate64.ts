import { norm2F64, normInfF64 } from '../precision/linalg/index.js';
import type { Objective } from './objective.js';
import { float64System } from './_internals/flow-system.js';
import { gbsStepper } from './_internals/gbs-stepper.js';
import { radauStepper } from './_internals/radau-stepper.js';
import type { Stepper } from './_internals/stepper.js';

/** Options of {@link integrate64}. */
export interface Flow64Options {
  /** The time limit. Required. */
  readonly maxTime: number;
  /** Most accepted steps. Default 100 000. */
  readonly maxSteps?: number;
  /** Most step attempts, accepted plus rejected. Default 4 × maxSteps. */
  readonly maxAttempts?: number;
  /** Stop as `barrier` when ‖θ‖₂ exceeds this. Default Infinity. */
  readonly normBarrier?: number;
  /** Stop as `converged` when ‖∇L‖₂ falls below this. Default 0 (never). */
  readonly gradientTolerance?: number;
  /** log₁₀ of the local error tolerance (max-norm, relative to max(1, ‖θ‖∞)) of both steppers. Default −10. */
  readonly log10Tolerance?: number;
  /** Extrapolation columns of the explicit GBS stepper (order 2·columns, Σ 2j gradients a step). Default 4. */
  readonly columns?: number;
  /**
   * The implicit stepper (Radau IIA, exact Hessian) takes over when h·‖∇²L‖∞ exceeds this, and hands back below a
   * tenth of it; checked every 10 accepted steps. ‖∇²L‖∞ ≥ λ_max, and an explicit step limited by stability has
   * h·λ_max of order one (GBS with 4 columns settled at h·‖∇²L‖∞ ≈ 0.3–0.6 on rosenbrock-2d, creeping at
   * h ≈ 0.03 for thousands of steps), so the threshold must sit below that. Default 0.2.
   */
  readonly stiffnessThreshold?: number;
  /** Called after every accepted step with θ before and after it and the new time. */
  readonly onStep?: (before: Float64Array, after: Float64Array, t: number) => void;
}

/** Why {@link integrate64} stopped. */
export type Flow64Stop =
  /** ‖∇L‖₂ < gradientTolerance. */
  | 'converged'
  /** ‖θ‖₂ > normBarrier. */
  | 'barrier'
  /** maxSteps accepted steps or maxAttempts attempts. */
  | 'budget'
  /** t reached maxTime. */
  | 'maxTime'
  /** θ or ∇L became non-finite. */
  | 'diverged'
  /** The step size fell below the resolution of t. */
  | 'stepFailure';

export interface Flow64Result {
  readonly stop: Flow64Stop;
  /** θ at the end (the last finite point when diverged). */
  readonly theta: Float64Array;
  readonly t: number;
  readonly steps: number;
  readonly rejectedSteps: number;
  /** Gradient evaluations (a Hessian evaluation counts once). */
  readonly evaluations: number;
  /** Accepted steps per stepper. */
  readonly stepsByMethod: { readonly gbs: number; readonly implicit: number };
}

/**
 * The gradient flow dθ/dt = −∇L(θ) in IEEE doubles from θ(0) = `init`, for long runs that end on a condition
 * (sweeps, exploration) rather than at requested times: the flow module's float64 system and steppers (GBS
 * extrapolation while the flow is not stiff, Radau IIA with the exact Hessian while it is), with the stop tests
 * of a training run. Deterministic: the result depends only on the arguments.
 *
 * `integrate` with method `float64` is the tool for states at given times; its stiffness test (‖∇²L‖∞ times
 * the remaining time) switches to the implicit method at once when the time limit is large, which is right for a
 * run to a fixed time but makes every step of a 10⁶-long run pay for Hessians. Here the test is h·‖∇²L‖∞: the
 * explicit step is abandoned only once stability, not accuracy, limits it.
 */
export function integrate64(objective: Objective, init: Float64Array, options: Flow64Options): Flow64Result {
  const {
    maxTime,
    maxSteps = 100_000,
    maxAttempts = 4 * maxSteps,
    normBarrier = Infinity,
    gradientTolerance = 0,
    log10Tolerance = -10,
    columns = 4,
    stiffnessThreshold = 0.2,
    onStep,
  } = options;
  if (!(maxTime > 0)) throw new RangeError(`integrate64: maxTime must be > 0, got ${maxTime}`);
  const S = float64System(objective);
  const steppers: Record<'gbs' | 'implicit', Stepper<number>> = {
    gbs: gbsStepper(S, log10Tolerance, columns),
    implicit: radauStepper(S, { log10Tolerance, stages: 3, jacobian: 'frozen' }),
  };
  let mode: 'gbs' | 'implicit' = 'gbs';
  let theta = Float64Array.from(init);
  let y = Array.from(init);
  let t = 0;
  let h = Math.min(1e-2, maxTime);
  let steps = 0;
  let rejectedSteps = 0;
  let sinceCheck = 0;
  const byMethod = { gbs: 0, implicit: 0 };
  const done = (stop: Flow64Stop): Flow64Result => ({
    stop,
    theta,
    t,
    steps,
    rejectedSteps,
    evaluations: S.counters.evaluations,
    stepsByMethod: { ...byMethod },
  });
  for (;;) {
    if (norm2F64(y) > normBarrier) return done('barrier');
    const g = S.gradient(y);
    if (!g.every(Number.isFinite)) return done('diverged');
    if (norm2F64(g) < gradientTolerance) return done('converged');
    if (t >= maxTime) return done('maxTime');
    if (steps >= maxSteps || steps + rejectedSteps >= maxAttempts) return done('budget');
    if (sinceCheck === 0) {
      const { hessian } = S.gradientHessian(y);
      const hl = h * normInfF64(hessian);
      if (mode === 'gbs' && hl > stiffnessThreshold) mode = 'implicit';
      else if (mode === 'implicit' && hl < stiffnessThreshold / 10) mode = 'gbs';
    }
    const attempt = steppers[mode].step(y, h, maxTime - t);
    if (!attempt.accepted) {
      rejectedSteps++;
      h = attempt.hNext;
      if (!(h > Math.max(t, 1) * 1e-15)) return done('stepFailure');
      continue;
    }
    if (!attempt.y.every(Number.isFinite)) return done('diverged');
    const next = Float64Array.from(attempt.y);
    t = attempt.h === maxTime - t ? maxTime : t + attempt.h;
    onStep?.(theta, next, t);
    theta = next;
    y = attempt.y;
    h = attempt.hNext;
    steps++;
    byMethod[mode]++;
    sinceCheck = (sinceCheck + 1) % 10;
  }
}
