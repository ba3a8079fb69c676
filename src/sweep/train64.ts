import { integrate64 } from '../flow/integrate64.js';
import { networkObjective } from '../flow/objective.js';
import { lossAndDerivatives64 } from '../network/loss64.js';
import type { Dataset64 } from '../network/dataset.js';
import type { Network } from '../network/loss.js';
import { SeededRandom } from '../precision/random.js';
import { paperProtocolOptions, type TrainOptions } from './train-options.js';
import { trainPaperProtocol, type PaperPhases } from './paper-protocol.js';
import { datasetOfDoubles } from './_internals/dataset-of-doubles.js';
import { LateUpdates, allFinite, norm2 } from './_internals/late-updates.js';

/** Why training stopped. */
export type TrainStop =
  /** ‖∇L‖₂ fell below the gradient tolerance. */
  | 'converged'
  /** ‖θ‖₂ exceeded the norm barrier. */
  | 'barrier'
  /** The step budget (or, for gf, the time limit) ran out. */
  | 'budget'
  /** θ or the loss became non-finite (gf: or the step size fell below the resolution of t). */
  | 'diverged';

/** The end of a float64 training run. */
export interface TrainResult {
  readonly stop: TrainStop;
  /** The end point (the last finite point when diverged). */
  readonly theta: Float64Array;
  readonly steps: number;
  /** Gradient-flow time reached (gf only). */
  readonly time?: number;
  /** The last updates Δθ, oldest first (up to {@link LATE_CAPACITY}). */
  readonly late: LateUpdates;
  /** The paper protocol's two phases (optimizer `paper` only). */
  readonly phases?: PaperPhases;
}

/** How many of the last updates a run keeps for classification. */
export const LATE_CAPACITY = 200;

/** The float64 loss of a network on data, full batch or on a subset of samples. */
export interface Objective64 {
  readonly network: Network;
  readonly data: Dataset64;
}

/**
 * Trains from `initial` in float64 with the optimiser of `options` (see {@link TrainOptions}); deterministic: the
 * result depends only on the arguments (sgd shuffles with SeededRandom(seed)).
 */
export function train64(
  objective: Objective64,
  initial: Float64Array,
  options: TrainOptions,
  seed: number,
): TrainResult {
  const full = (theta: Float64Array): { loss: number; gradient: Float64Array } => {
    const r = lossAndDerivatives64(objective.network, objective.data, theta, { gradient: true });
    return { loss: r.loss, gradient: r.gradient as Float64Array };
  };
  switch (options.optimizer) {
    case 'gd':
      return stepper(initial, options, (theta) => {
        const { loss, gradient } = full(theta);
        return {
          loss,
          gradient,
          next: theta.map((v, i) => v - options.learningRate * (gradient[i] as number)),
        };
      });
    case 'adam': {
      const m = new Float64Array(initial.length);
      const v = new Float64Array(initial.length);
      const [b1, b2, eps] = [0.9, 0.999, 1e-8];
      return stepper(initial, options, (theta, step) => {
        const { loss, gradient } = full(theta);
        const t = step + 1;
        const next = new Float64Array(theta.length);
        for (let i = 0; i < theta.length; i++) {
          const g = gradient[i] as number;
          m[i] = b1 * (m[i] as number) + (1 - b1) * g;
          v[i] = b2 * (v[i] as number) + (1 - b2) * g * g;
          const mh = (m[i] as number) / (1 - b1 ** t);
          const vh = (v[i] as number) / (1 - b2 ** t);
          next[i] = (theta[i] as number) - (options.learningRate * mh) / (Math.sqrt(vh) + eps);
        }
        return { loss, gradient, next };
      });
    }
    case 'sgd':
      return sgd(objective, initial, options, seed, full);
    case 'gf':
      return gradientFlow(objective, initial, options);
    case 'paper':
      return trainPaperProtocol(objective, initial, options.paper ?? paperProtocolOptions());
  }
}

/** One optimiser step: the loss at θ, the full gradient when it was computed (the convergence test), the next θ. */
type Update = (
  theta: Float64Array,
  step: number,
) => { loss: number; gradient: Float64Array | undefined; next: Float64Array };

/** The loop shared by the discrete optimisers: stop checks before each update, then the update. */
function stepper(initial: Float64Array, options: TrainOptions, update: Update): TrainResult {
  const late = new LateUpdates(LATE_CAPACITY);
  let theta: Float64Array = initial.slice();
  for (let step = 0; ; step++) {
    if (norm2(theta) > options.normBarrier) return { stop: 'barrier', theta, steps: step, late };
    if (step >= options.steps) return { stop: 'budget', theta, steps: step, late };
    const { loss, gradient, next } = update(theta, step);
    if (!Number.isFinite(loss) || (gradient !== undefined && !allFinite(gradient)))
      return { stop: 'diverged', theta, steps: step, late };
    if (gradient !== undefined && norm2(gradient) < options.gradientTolerance)
      return { stop: 'converged', theta, steps: step, late };
    if (!allFinite(next)) return { stop: 'diverged', theta, steps: step, late };
    late.push(theta, next);
    theta = next;
  }
}

function sgd(
  objective: Objective64,
  initial: Float64Array,
  options: TrainOptions,
  seed: number,
  full: (theta: Float64Array) => { loss: number; gradient: Float64Array },
): TrainResult {
  const { data } = objective;
  const rng = new SeededRandom(seed);
  const batch = Math.min(options.batchSize, data.n);
  const order = Array.from({ length: data.n }, (_, i) => i);
  let cursor = data.n; // forces a shuffle on the first step
  const subset = (indices: readonly number[]): Dataset64 => {
    const inputs = new Float64Array(indices.length * data.d);
    const targets = new Float64Array(indices.length);
    const weights = data.weights === undefined ? undefined : new Float64Array(indices.length);
    indices.forEach((n, k) => {
      for (let j = 0; j < data.d; j++) inputs[k * data.d + j] = data.inputs[n * data.d + j] as number;
      targets[k] = data.targets[n] as number;
      if (weights !== undefined) weights[k] = (data.weights as Float64Array)[n] as number;
    });
    return weights === undefined
      ? { n: indices.length, d: data.d, inputs, targets }
      : { n: indices.length, d: data.d, inputs, targets, weights };
  };
  const stepsPerEpoch = Math.ceil(data.n / batch);
  return stepper(initial, options, (theta, step) => {
    // Convergence is judged on the full gradient, once per epoch.
    const check = step % stepsPerEpoch === 0 ? full(theta) : undefined;
    if (cursor + batch > data.n) {
      for (let i = data.n - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      cursor = 0;
    }
    const indices = order.slice(cursor, cursor + batch);
    cursor += batch;
    const r = lossAndDerivatives64(objective.network, subset(indices), theta, { gradient: true });
    const g = r.gradient as Float64Array;
    return {
      loss: check?.loss ?? r.loss,
      gradient: check?.gradient,
      next: theta.map((v, i) => v - options.learningRate * (g[i] as number)),
    };
  });
}

/**
 * Gradient flow by the flow module's float64 integrator (GBS extrapolation, Radau IIA with the exact Hessian
 * where the flow is stiff; local tolerance `options.tolerance` relative to max(1, ‖θ‖∞)); one accepted step = one
 * "step".
 */
function gradientFlow(objective: Objective64, initial: Float64Array, options: TrainOptions): TrainResult {
  const late = new LateUpdates(LATE_CAPACITY);
  const { network, data } = objective;
  const flow = integrate64(
    networkObjective(network, (p) => datasetOfDoubles(data, p), data),
    initial,
    {
      maxTime: options.maxTime,
      log10Tolerance: Math.log10(options.tolerance),
      maxSteps: options.steps,
      normBarrier: options.normBarrier,
      gradientTolerance: options.gradientTolerance,
      onStep: (before, after) => late.push(before, after),
    },
  );
  const stop: TrainStop =
    flow.stop === 'maxTime' ? 'budget' : flow.stop === 'stepFailure' ? 'diverged' : flow.stop;
  return { stop, theta: flow.theta, steps: flow.steps, time: flow.t, late };
}
