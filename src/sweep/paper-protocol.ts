import { integrate64 } from '../flow/integrate64.js';
import { networkObjective, type Objective } from '../flow/objective.js';
import { lossAndDerivatives64 } from '../network/loss64.js';
import { symmetricEigenF64 } from '../precision/linalg/index.js';
import type { PaperProtocolOptions } from './train-options.js';
import type { Objective64, TrainResult, TrainStop } from './train64.js';
import { datasetOfDoubles } from './_internals/dataset-of-doubles.js';
import { LateUpdates, allFinite } from './_internals/late-updates.js';

/**
 * The regularised loss of MLPGradientFlow.jl per sample: L(θ) + R(θ), with L the mean squared error and the cubic
 * barrier R(θ) = (ν − c)³/3 for ν = weightnorm(θ) = Σθ²/(2P) above c = maxnorm, 0 below (the package adds N·R to
 * the summed loss N·L; dividing by N changes the time scale only, see {@link trainPaperProtocol}).
 *
 * Derivatives (derived here): ∇R = (ν − c)² θ/P; ∇²R = 2(ν − c) θθᵀ/P² + (ν − c)²/P · I.
 */
export function barrierTerms(
  theta: Float64Array,
  maxnorm: number,
  hessian: boolean,
): { value: number; gradient: Float64Array; hessian?: Float64Array } {
  const P = theta.length;
  let s = 0;
  for (const v of theta) s += v * v;
  const excess = s / (2 * P) - maxnorm;
  const gradient = new Float64Array(P);
  if (!(excess > 0))
    return hessian ? { value: 0, gradient, hessian: new Float64Array(P * P) } : { value: 0, gradient };
  for (let k = 0; k < P; k++) gradient[k] = (excess * excess * (theta[k] as number)) / P;
  const value = excess ** 3 / 3;
  if (!hessian) return { value, gradient };
  const H = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) {
      H[i * P + j] = (2 * excess * (theta[i] as number) * (theta[j] as number)) / (P * P);
    }
    H[i * P + i] = (H[i * P + i] as number) + (excess * excess) / P;
  }
  return { value, gradient, hessian: H };
}

/** The float64 objective L + R of {@link barrierTerms} (Decimal evaluation: the plain loss, unused here). */
function regularisedObjective(objective: Objective64, maxnorm: number): Objective {
  const base = networkObjective(
    objective.network,
    (p) => datasetOfDoubles(objective.data, p),
    objective.data,
  );
  return {
    ...base,
    evaluate64: (flat, options = {}) => regularised64(objective, maxnorm, flat, options.hessian === true),
  };
}

function regularised64(
  objective: Objective64,
  maxnorm: number,
  flat: Float64Array,
  hessian: boolean,
): { loss: number; gradient: Float64Array; hessian?: Float64Array } {
  const r = lossAndDerivatives64(objective.network, objective.data, flat, { gradient: true, hessian });
  const b = barrierTerms(flat, maxnorm, hessian);
  const gradient = (r.gradient as Float64Array).map((g, k) => g + (b.gradient[k] as number));
  if (!hessian) return { loss: r.loss + b.value, gradient };
  const H = (r.hessian as Float64Array).map((h, k) => h + ((b.hessian as Float64Array)[k] as number));
  return { loss: r.loss + b.value, gradient, hessian: H };
}

/** What each phase of the paper protocol did (stored with the run). */
export interface PaperPhases {
  /** The ODE phase: its stop (`maxTime`: τ reached the limit), accepted steps and summed-loss time τ reached. */
  readonly ode: { readonly stop: string; readonly steps: number; readonly tau: number };
  /** The Newton phase: iterations and why it stopped. */
  readonly newton: {
    readonly iterations: number;
    readonly stop: 'min-gnorm' | 'no-decrease' | 'iterations' | 'patience' | 'diverged';
  };
}

/**
 * The training protocol of the paper's code, MLPGradientFlow.jl (`train` with the settings of the paper's Table
 * 1), as far as this toolkit can reproduce it in float64. An approximation: where the package's solvers differ
 * from the toolkit's, the toolkit's are used, and the wall-clock limits are replaced by deterministic ones.
 *
 * 1. **ODE phase.** The package integrates dθ/dτ = −∇(Σ_n (f(x_n) − y_n)² + N·R(θ)) — the loss summed over the N
 *    samples plus N times the cubic barrier R of {@link barrierTerms} — with KenCarp58 (reltol, abstol). Here:
 *    dθ/dt = −∇(L + R) with L the mean loss, i.e. t = N·τ, by the toolkit's float64 integrator `integrate64`
 *    (GBS / Radau IIA) with local tolerance `reltol` relative to max(1, ‖θ‖∞) (not KenCarp58's mixed
 *    abstol + reltol·|θ_i| test), until τ = `maxTau` (the package stops by wall clock, `maxtime_ode` = 180 s by
 *    default; its `maxT` is ∞), until weightnorm first exceeds maxnorm (the package integrates on along the
 *    barrier until its wall clock ends; the toolkit's stiff integrator slows to a crawl there — rosenbrock-2d
 *    width 2 seed 3 took > 200 s to go from τ = 10⁴ to 10⁵ — so the Newton phase below, which minimises the same
 *    regularised loss, takes over at the crossing instead: the largest departure from the package), or `odeSteps` accepted steps (the package's `patience`, 10⁶ loss evaluations
 *    without a new lowest loss, cannot end a phase of at most 10⁶ steps earlier than that). The phase's result is its lowest-loss point (the package's `bestx`).
 * 2. **Hand-over to Newton.** The package then runs Optim.jl's Newton (P ≤ 128) with a Hager–Zhang line search
 *    and the Hessian made positive definite by a modified Cholesky factorisation, all Optim tolerances off, until
 *    the ∞-norm of the regularised gradient per sample is ≤ `minGnorm` (10⁻¹⁵), `patience` loss evaluations
 *    without improvement, 10⁵ iterations or 120 s. Here: Newton with the Hessian's eigenvalues replaced by their
 *    absolute values (floored at 10⁻¹²·max|λ|) and a backtracking Armijo line search (halving, at most 60
 *    halvings, and the loss must strictly decrease), until the same gradient test, a step that cannot decrease the loss, `patience` evaluations without
 *    improvement, or `newtonIterations`. The run's end point is the lowest-loss point of both phases.
 *
 * Late updates: every accepted ODE step and every Newton step. Deterministic.
 */
export function trainPaperProtocol(
  objective: Objective64,
  initial: Float64Array,
  options: PaperProtocolOptions,
): TrainResult & { readonly phases: PaperPhases } {
  const late = new LateUpdates(200);
  const N = objective.data.n;
  const reg = regularisedObjective(objective, options.maxnorm);
  let best = { loss: Infinity, theta: initial.slice() };
  const flow = integrate64(reg, initial, {
    maxTime: N * options.maxTau,
    log10Tolerance: Math.log10(options.reltol),
    maxSteps: options.odeSteps,
    // weightnorm > maxnorm is ‖θ‖₂ > √(2·P·maxnorm): the ODE phase ends where the barrier starts to act.
    normBarrier: Math.sqrt(2 * initial.length * options.maxnorm),
    onStep: (before, after) => {
      late.push(before, after);
      const l = regularised64(objective, options.maxnorm, after, false).loss;
      if (l < best.loss) best = { loss: l, theta: after.slice() };
    },
  });
  const l0 = regularised64(objective, options.maxnorm, initial, false).loss;
  if (l0 < best.loss) best = { loss: l0, theta: initial.slice() };
  const ode = { stop: flow.stop, steps: flow.steps, tau: flow.t / N };
  if (flow.stop === 'diverged' || !allFinite(best.theta)) {
    return {
      stop: 'diverged',
      theta: best.theta,
      steps: flow.steps,
      time: flow.t,
      late,
      phases: { ode, newton: { iterations: 0, stop: 'diverged' } },
    };
  }
  const newton = newtonPhase(objective, best.theta, options, late);
  const stop: TrainStop =
    newton.stop === 'iterations' || newton.stop === 'patience'
      ? 'budget'
      : newton.stop === 'diverged'
        ? 'diverged'
        : 'converged';
  return {
    stop,
    theta: newton.theta,
    steps: flow.steps + newton.iterations,
    time: flow.t,
    late,
    phases: { ode, newton: { iterations: newton.iterations, stop: newton.stop } },
  };
}

function newtonPhase(
  objective: Objective64,
  start: Float64Array,
  options: PaperProtocolOptions,
  late: LateUpdates,
): { theta: Float64Array; iterations: number; stop: PaperPhases['newton']['stop'] } {
  const P = start.length;
  let theta: Float64Array = start.slice();
  let current = regularised64(objective, options.maxnorm, theta, true);
  let sinceBest = 0;
  for (let it = 0; ; it++) {
    let gInf = 0;
    for (const g of current.gradient) gInf = Math.max(gInf, Math.abs(g));
    if (gInf <= options.minGnorm) return { theta, iterations: it, stop: 'min-gnorm' };
    if (it >= options.newtonIterations) return { theta, iterations: it, stop: 'iterations' };
    if (sinceBest > options.patience) return { theta, iterations: it, stop: 'patience' };
    const H = current.hessian as Float64Array;
    const rows = Array.from({ length: P }, (_, i) => Array.from(H.subarray(i * P, (i + 1) * P)));
    const e = symmetricEigenF64(rows);
    if (e.kind !== 'converged') return { theta, iterations: it, stop: 'no-decrease' };
    const scale = Math.max(...e.values.map(Math.abs));
    const floor = 1e-12 * Math.max(scale, Number.MIN_VALUE);
    // Direction d = −Σ_k (v_k·g / max(|λ_k|, floor)) v_k: a descent direction for any symmetric H.
    const d = new Float64Array(P);
    for (let k = 0; k < P; k++) {
      let vg = 0;
      for (let i = 0; i < P; i++)
        vg += ((e.vectors[i] as readonly number[])[k] as number) * (current.gradient[i] as number);
      const coef = vg / Math.max(Math.abs(e.values[k] as number), floor);
      for (let i = 0; i < P; i++)
        d[i] = (d[i] as number) - coef * ((e.vectors[i] as readonly number[])[k] as number);
    }
    let slope = 0;
    for (let i = 0; i < P; i++) slope += (current.gradient[i] as number) * (d[i] as number);
    if (!(slope < 0)) return { theta, iterations: it, stop: 'no-decrease' };
    let step = 1;
    let accepted: Float64Array | undefined;
    for (let halving = 0; halving <= 60; halving++, step /= 2) {
      const trial = theta.map((v, i) => v + step * (d[i] as number));
      if (!allFinite(trial)) continue;
      const l = regularised64(objective, options.maxnorm, trial, false).loss;
      // Armijo's condition, and a strict decrease: at the rounding floor a step that leaves the float64 loss
      // unchanged satisfies Armijo's test forever.
      if (Number.isFinite(l) && l <= current.loss + 1e-4 * step * slope && l < current.loss) {
        accepted = trial;
        sinceBest = 0;
        break;
      }
      sinceBest++;
    }
    if (accepted === undefined) return { theta, iterations: it, stop: 'no-decrease' };
    late.push(theta, accepted);
    theta = accepted;
    current = regularised64(objective, options.maxnorm, theta, true);
    if (!Number.isFinite(current.loss)) return { theta, iterations: it + 1, stop: 'diverged' };
  }
}
