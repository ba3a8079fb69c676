/** A float64 loss with its gradient: what {@link gradientDescent64} minimises. */
export type LossAndGradient64 = (theta: Float64Array) => {
  readonly loss: number;
  readonly gradient: Float64Array;
};

/** Options of {@link gradientDescent64}. */
export interface GradientDescent64Options {
  /** The step size η of θ ← θ − η ∇L(θ). Required. */
  readonly learningRate: number;
  /** Number of updates. Required. */
  readonly steps: number;
  /** Steps (0 … steps) at which {@link observe} sees θ before that step's update (step `steps`: the end point). */
  readonly observeAt?: readonly number[];
  /** Called at each step of {@link observeAt} with θ, L(θ) and ∇L(θ); θ must not be kept (copy it). */
  readonly observe?: (step: number, theta: Float64Array, loss: number, gradient: Float64Array) => void;
}

/** The end of a {@link gradientDescent64} run. */
export type GradientDescent64Outcome =
  | {
      readonly kind: 'completed';
      /** θ after `steps` updates. */
      readonly theta: Float64Array;
      /** L(θ_t) for t = 0 … steps. */
      readonly losses: Float64Array;
    }
  | {
      readonly kind: 'diverged';
      /** The first step whose loss, gradient or update was not finite. */
      readonly step: number;
      /** The last finite point. */
      readonly theta: Float64Array;
      readonly losses: Float64Array;
    };

/**
 * Plain full-batch gradient descent in IEEE doubles, θ_{t+1} = θ_t − η ∇L(θ_t) for t = 0 … steps − 1, the loss
 * convention of the toolkit (dθ/dt = −∇L discretised by explicit Euler with step η). Deterministic: the result
 * depends only on the arguments (no randomness; any seed lives in `initial` and `f`).
 *
 * Syntax: `gradientDescent64(f, initial, { learningRate, steps, observeAt?, observe? })`
 *
 * Example: `gradientDescent64((t) => problem.evaluate64(t) as …, theta0, { learningRate: 0.5, steps: 1000 })`
 *
 * See also: `train64` (scalar networks, several optimisers), `integrate64` (the gradient flow itself).
 */
export function gradientDescent64(
  f: LossAndGradient64,
  initial: Float64Array,
  options: GradientDescent64Options,
): GradientDescent64Outcome {
  const { learningRate, steps, observeAt = [], observe } = options;
  if (!(learningRate > 0) || !Number.isFinite(learningRate))
    throw new RangeError(`gradientDescent64: learningRate must be positive and finite, got ${learningRate}`);
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`gradientDescent64: steps must be a non-negative integer, got ${steps}`);
  const watched = new Set(observeAt);
  const losses = new Float64Array(steps + 1);
  let theta = initial.slice();
  for (let t = 0; ; t++) {
    const { loss, gradient } = f(theta);
    if (!Number.isFinite(loss) || !gradient.every(Number.isFinite))
      return { kind: 'diverged', step: t, theta, losses: losses.slice(0, t) };
    losses[t] = loss;
    if (observe !== undefined && watched.has(t)) observe(t, theta, loss, gradient);
    if (t === steps) return { kind: 'completed', theta, losses };
    const next = new Float64Array(theta.length);
    for (let i = 0; i < theta.length; i++)
      next[i] = (theta[i] as number) - learningRate * (gradient[i] as number);
    if (!next.every(Number.isFinite))
      return { kind: 'diverged', step: t, theta, losses: losses.slice(0, t + 1) };
    theta = next;
  }
}
