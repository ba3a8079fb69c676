import { InputError, integerOption, knownOptions } from '../errors.js';
import { toDataset64, type Dataset64 } from '../network/dataset.js';
import { problemFromSpec, type Problem } from '../network/problem.js';
import { builtinProblem } from '../network/problems.js';
import type { ProblemSpec } from '../network/spec.js';
import { precision } from '../precision/context.js';
import { symmetricEigenF64 } from '../precision/linalg/index.js';
import { SeededRandom } from '../precision/random.js';
import { erfHalfFast64 } from './_internals/erf-half-table64.js';

const SQRT_2_OVER_PI = 0.7978845608028654;

/** Options of {@link edgeOfStabilityProblem}. */
export interface EdgeOfStabilityProblemOptions {
  /** Number of seeded N(0, 1) samples. Default 4096 (the paper's figure 6d). */
  readonly samples?: number;
  /** Seed of the samples (SeededRandom, Box–Muller). Default 1. */
  readonly seed?: number;
}

/**
 * The paper toy (mathematics.md §5: two erf(x/√2) neurons, no biases, target erf((5x + 2.5)/√2) +
 * erf((5x − 2.5)/√2)) on `samples` seeded Gaussian inputs instead of the population: the setting of the paper's
 * figure 6d. Inputs are Box–Muller deviates of SeededRandom(seed) rounded to 10 significant digits, so they are
 * exact decimals and the Decimal loss of the same problem (for high-precision confirmation) sees the same data.
 */
export function edgeOfStabilityProblem(options: EdgeOfStabilityProblemOptions = {}): Problem {
  const fn = 'edgeOfStabilityProblem';
  knownOptions(fn, options, ['samples', 'seed']);
  const { samples = 4096, seed = 1 } = options;
  integerOption(fn, 'samples', samples, 2, 1_000_000);
  integerOption(fn, 'seed', seed, 0, 2 ** 32 - 1);
  const rng = new SeededRandom(seed);
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u1 = 1 - rng.next(); // (0, 1]: the log is finite
    const u2 = rng.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spare = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };
  const inputs = Array.from({ length: samples }, () => String(Number(normal().toPrecision(10))));
  const toy = builtinProblem('paper-toy');
  const spec: ProblemSpec = {
    ...toy,
    name: `paper-toy-${samples}`,
    description: `The paper toy on ${samples} seeded N(0, 1) samples (seed ${seed}): the setting of its figure 6d.`,
    data: {
      kind: 'formula',
      inputs,
      target: 'erf((5*x + 2.5)/sqrt(2)) + erf((5*x - 2.5)/sqrt(2))',
      transform: 'none',
    },
  };
  return problemFromSpec(spec);
}

/**
 * The float64 dataset of a problem as {@link Problem.evaluate64} sees it (its precision-17 data rounded to
 * doubles).
 */
export function dataset64Of(problem: Problem): Dataset64 {
  return toDataset64(problem.dataset(precision(17)));
}

/**
 * Loss and gradient of a width-r erf(x/√2) network with scalar input and no biases (the paper toy's shape), mean
 * squared error as in mathematics.md §1, writing ∇L into `gradient`; parameters in the library's flat order
 * (w₁…w_r, a₁…a_r). The same function as {@link lossAndDerivatives64} of such a problem, computed with
 * {@link erfHalfFast64}: about 10× faster, equal to it to ~10⁻¹⁵ relative (tested), for the millions of steps an
 * edge-of-stability run takes.
 */
export function erfNetworkGradient64(data: Dataset64, theta: Float64Array, gradient: Float64Array): number {
  const r = theta.length / 2;
  if (data.d !== 1 || !Number.isInteger(r) || gradient.length !== theta.length)
    throw new RangeError('erfNetworkGradient64: expects scalar inputs and parameters (w₁…w_r, a₁…a_r)');
  gradient.fill(0);
  const { n: N, inputs, targets, weights } = data;
  if (r === 2) return pairGradient(data, theta, gradient);
  const s = new Float64Array(r);
  let loss = 0;
  for (let n = 0; n < N; n++) {
    const x = inputs[n] as number;
    let f = -(targets[n] as number);
    for (let k = 0; k < r; k++) {
      s[k] = erfHalfFast64((theta[k] as number) * x);
      f += (theta[r + k] as number) * (s[k] as number);
    }
    const rr = weights === undefined ? f : (weights[n] as number) * f;
    loss += rr * f;
    for (let k = 0; k < r; k++) {
      const z = (theta[k] as number) * x;
      const d = SQRT_2_OVER_PI * Math.exp(-0.5 * z * z);
      gradient[k] = (gradient[k] as number) + rr * ((theta[r + k] as number) * d * x);
      gradient[r + k] = (gradient[r + k] as number) + rr * (s[k] as number);
    }
  }
  const scale = 2 / N;
  for (let i = 0; i < gradient.length; i++) gradient[i] = (gradient[i] as number) * scale;
  return loss / N;
}

/** {@link erfNetworkGradient64} unrolled for width 2 (the inner loop of every run). */
function pairGradient(data: Dataset64, theta: Float64Array, gradient: Float64Array): number {
  const { n: N, inputs, targets, weights } = data;
  const w1 = theta[0] as number;
  const w2 = theta[1] as number;
  const a1 = theta[2] as number;
  const a2 = theta[3] as number;
  let g1 = 0;
  let g2 = 0;
  let g3 = 0;
  let g4 = 0;
  let loss = 0;
  for (let n = 0; n < N; n++) {
    const x = inputs[n] as number;
    const z1 = w1 * x;
    const z2 = w2 * x;
    const s1 = erfHalfFast64(z1);
    const s2 = erfHalfFast64(z2);
    const f = a1 * s1 + a2 * s2 - (targets[n] as number);
    const rr = weights === undefined ? f : (weights[n] as number) * f;
    loss += rr * f;
    g1 += rr * (a1 * (SQRT_2_OVER_PI * Math.exp(-0.5 * z1 * z1)) * x);
    g2 += rr * (a2 * (SQRT_2_OVER_PI * Math.exp(-0.5 * z2 * z2)) * x);
    g3 += rr * s1;
    g4 += rr * s2;
  }
  const scale = 2 / N;
  gradient[0] = g1 * scale;
  gradient[1] = g2 * scale;
  gradient[2] = g3 * scale;
  gradient[3] = g4 * scale;
  return loss / N;
}

/** The largest eigenvalue of the float64 Hessian of `problem` at θ (Jacobi on the P × P matrix). */
export function largestHessianEigenvalue64(problem: Problem, theta: Float64Array): number {
  const H = problem.evaluate64(theta, { gradient: false, hessian: true }).hessian as Float64Array;
  const P = theta.length;
  const M = Array.from({ length: P }, (_, i) => Array.from({ length: P }, (_, j) => H[i * P + j] as number));
  const eig = symmetricEigenF64(M);
  if (eig.kind !== 'converged') return NaN;
  return eig.values[P - 1] as number;
}

/** A start on a channel of the paper toy: w₁,₂ = w ± ε, a₁,₂ = c/2 ± a/(2ε) (mathematics.md §2). */
export interface ChannelStart {
  readonly w: number;
  readonly c: number;
  readonly a: number;
  readonly eps: number;
}

/**
 * The default start: the channel of the population loss at infinity at w ≈ 0.866 (its local minimum with h > 0,
 * PAPER_TOY_REFERENCE's first point, c and a rounded to 4 digits) at ε₀ = 0.35, where λ_max ≈ 3.3 lies below 2/η for
 * every η ≤ 0.35.
 */
export const DEFAULT_CHANNEL_START: ChannelStart = { w: 0.8663, c: 1.6676, a: 1.4967, eps: 0.35 };

/**
 * The channel floor of the paper toy at a fixed pair distance ε: w₁,₂ = w ± ε with the readouts (a₁, a₂) optimal
 * for each w (a 2 × 2 least-squares problem, exact) and w minimising that profile loss by golden section on
 * [wGuess − span, wGuess + span] (to ~10⁻⁹). The point gradient descent at a small step would reach at this ε.
 */
export function channelFloorStart(data: Dataset64, eps: number, wGuess: number, span = 0.3): ChannelStart {
  const readouts = (w: number): { loss: number; a1: number; a2: number } => {
    let g11 = 0;
    let g12 = 0;
    let g22 = 0;
    let b1 = 0;
    let b2 = 0;
    for (let n = 0; n < data.n; n++) {
      const x = data.inputs[n] as number;
      const y = data.targets[n] as number;
      const s1 = erfHalfFast64((w + eps) * x);
      const s2 = erfHalfFast64((w - eps) * x);
      g11 += s1 * s1;
      g12 += s1 * s2;
      g22 += s2 * s2;
      b1 += s1 * y;
      b2 += s2 * y;
    }
    const det = g11 * g22 - g12 * g12;
    const a1 = (g22 * b1 - g12 * b2) / det;
    const a2 = (g11 * b2 - g12 * b1) / det;
    let loss = 0;
    for (let n = 0; n < data.n; n++) {
      const x = data.inputs[n] as number;
      const r =
        a1 * erfHalfFast64((w + eps) * x) + a2 * erfHalfFast64((w - eps) * x) - (data.targets[n] as number);
      loss += r * r;
    }
    return { loss: loss / data.n, a1, a2 };
  };
  const phi = (Math.sqrt(5) - 1) / 2;
  let lo = wGuess - span;
  let hi = wGuess + span;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let f1 = readouts(x1).loss;
  let f2 = readouts(x2).loss;
  while (hi - lo > 1e-9) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = readouts(x1).loss;
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = readouts(x2).loss;
    }
  }
  const w = (lo + hi) / 2;
  const { a1, a2 } = readouts(w);
  return { w, c: a1 + a2, a: eps * (a1 - a2), eps };
}

/**
 * A start on the channel floor just inside the stable side of the edge: the ε (by bisection in log ε on
 * [0.05, 0.4]) at which λ_max of {@link channelFloorStart} equals `ratio`·2/η. Gradient descent from there has only
 * the last stretch of the channel to travel before λ_max reaches 2/η: the drift along a channel slows like ε⁵, so
 * starting all small steps at ε₀ = 0.35 would cost millions of steps (docs/edge-of-stability.md).
 */
export function edgeStart(
  problem: Problem,
  eta: number,
  ratio = 0.9,
  wGuess = DEFAULT_CHANNEL_START.w,
): ChannelStart {
  if (!(ratio > 0 && ratio < 1)) throw new InputError('edgeStart: ratio must lie in (0, 1)');
  const data = dataset64Of(problem);
  const target = (ratio * 2) / eta;
  const lambdaAt = (eps: number): { start: ChannelStart; lambda: number } => {
    const start = channelFloorStart(data, eps, wGuess);
    const theta = new Float64Array([
      start.w + eps,
      start.w - eps,
      start.c / 2 + start.a / (2 * eps),
      start.c / 2 - start.a / (2 * eps),
    ]);
    return { start, lambda: largestHessianEigenvalue64(problem, theta) };
  };
  let lo = Math.log(0.05); // λ_max above the target here
  let hi = Math.log(0.4); // and below it here
  if (!(lambdaAt(Math.exp(lo)).lambda > target && lambdaAt(Math.exp(hi)).lambda < target))
    throw new InputError(
      `edgeStart: λ_max = ${target} is not bracketed by ε ∈ [0.05, 0.4] on the channel floor`,
    );
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (lambdaAt(Math.exp(mid)).lambda > target) lo = mid;
    else hi = mid;
  }
  return lambdaAt(Math.exp(hi)).start;
}

/** Options of {@link edgeOfStabilityRun}. */
export interface EdgeOfStabilityRunOptions {
  /** Where gradient descent starts. Default {@link DEFAULT_CHANNEL_START}. */
  readonly start?: ChannelStart;
  /** Step budget. Default 5·10⁶. */
  readonly maxSteps?: number;
  /**
   * Steps between records (each record computes λ_max from the float64 Hessian). Default 500. In the measuring
   * window the step after each record is recorded too: at the edge of stability gradient descent settles on a
   * period-2 orbit, and records of one parity would see only one of its two points.
   */
  readonly recordEvery?: number;
  /** λ_max ≥ arrival·(2/η) marks arrival at the edge of stability. Default 0.95. */
  readonly arrival?: number;
  /**
   * After arrival the run continues for max(tail·(arrival step), minTail) steps; ε_min and λ_max/(2/η) are the
   * means over the second half of that stretch (every step's ε; the records' λ_max): on the period-2 orbit where
   * the runs settle, the centre of the orbit. Default 0.5.
   */
  readonly tail?: number;
  /** Default 4000 steps. */
  readonly minTail?: number;
  /**
   * The window counts as saturated when its mean λ_max·η/2 is within this of 1; otherwise a further window of the
   * same length follows (up to maxSteps), for slow approaches where λ_max is still creeping up. Default 0.01.
   */
  readonly saturation?: number;
  /** Called with each record as it is made (progress). */
  readonly onRecord?: (record: EdgeOfStabilityRecord) => void;
}

/** One record of a run. */
export interface EdgeOfStabilityRecord {
  readonly step: number;
  readonly loss: number;
  /** ε = |w₁ − w₂|/2. */
  readonly eps: number;
  readonly lambdaMax: number;
}

/** How a run ended. */
export type EdgeOfStabilityOutcome =
  | {
      readonly kind: 'saturated';
      /** First record with λ_max ≥ arrival·(2/η). */
      readonly arrivalStep: number;
      /** Mean of ε over the measuring window (the second half of the stretch after arrival). */
      readonly epsMin: number;
      /** Smallest and largest ε in that window. */
      readonly epsRange: readonly [number, number];
      /** Mean of λ_max·η/2 over the records in the window (both parities). */
      readonly lambdaRatio: number;
      readonly windowStart: number;
    }
  | { readonly kind: 'not-reached'; readonly lambdaMax: number }
  /** Arrived, but the last window's mean λ_max·η/2 was still off 1 by more than `saturation` at maxSteps. */
  | { readonly kind: 'not-saturated'; readonly lambdaRatio: number }
  | { readonly kind: 'diverged'; readonly step: number };

/** A gradient-descent run at step η from a channel start. */
export interface EdgeOfStabilityRun {
  readonly eta: number;
  readonly steps: number;
  readonly records: readonly EdgeOfStabilityRecord[];
  readonly outcome: EdgeOfStabilityOutcome;
  /** The last point (flat order w₁, w₂, a₁, a₂). */
  readonly theta: Float64Array;
}

const mean = (v: readonly number[]): number => v.reduce((x, y) => x + y, 0) / v.length;

/**
 * Full-batch gradient descent θ ← θ − η∇L(θ) in float64 on a problem of the paper toy's shape (see
 * {@link erfNetworkGradient64}), from a channel start, recording loss, ε and λ_max. The edge of stability
 * ([MvM+25] §4, mathematics.md §2): along the channel λ_max ∼ 1/ε² grows until it reaches 2/η, where gradient
 * descent stops following the flow inward and ε stalls at ε_min ∼ √η. Deterministic.
 */
export function edgeOfStabilityRun(
  problem: Problem,
  eta: number,
  options: EdgeOfStabilityRunOptions = {},
): EdgeOfStabilityRun {
  const fn = 'edgeOfStabilityRun';
  knownOptions(fn, options, [
    'start',
    'maxSteps',
    'recordEvery',
    'arrival',
    'tail',
    'minTail',
    'saturation',
    'onRecord',
  ]);
  const {
    start = DEFAULT_CHANNEL_START,
    maxSteps = 5_000_000,
    recordEvery = 500,
    arrival = 0.95,
    tail = 0.5,
    minTail = 4000,
    saturation = 0.01,
    onRecord,
  } = options;
  if (!(eta > 0 && Number.isFinite(eta))) throw new InputError(`${fn}: eta must be a positive number`);
  integerOption(fn, 'maxSteps', maxSteps, 1, 1e9);
  integerOption(fn, 'recordEvery', recordEvery, 1, 1e9);
  integerOption(fn, 'minTail', minTail, 2, 1e9);
  if (!(arrival > 0 && arrival <= 1)) throw new InputError(`${fn}: arrival must lie in (0, 1]`);
  if (!(tail > 0 && Number.isFinite(tail))) throw new InputError(`${fn}: tail must be a positive number`);
  if (problem.network.layout.width !== 2 || problem.network.activation.name !== 'erf')
    throw new InputError(`${fn}: expects a width-2 erf network of the paper toy's shape`);
  const data = dataset64Of(problem);
  const { w, c, a, eps } = start;
  let theta = new Float64Array([w + eps, w - eps, c / 2 + a / (2 * eps), c / 2 - a / (2 * eps)]);
  const gradient = new Float64Array(4);
  const records: EdgeOfStabilityRecord[] = [];
  const threshold = 2 / eta;
  let arrivalStep: number | undefined;
  let end = maxSteps;
  let windowStart = maxSteps;
  let windowLength = 0;
  let windowEps: number[] = [];
  let lastLambda = NaN;
  let ratio = NaN;
  for (let step = 0; step <= end; step++) {
    const loss = erfNetworkGradient64(data, theta, gradient);
    const e = Math.abs((theta[0] as number) - (theta[1] as number)) / 2;
    if (!Number.isFinite(loss) || !gradient.every(Number.isFinite))
      return { eta, steps: step, records, outcome: { kind: 'diverged', step }, theta };
    const phase = step % recordEvery;
    if (phase === 0 || (phase === 1 && step > windowStart) || step === end) {
      lastLambda = largestHessianEigenvalue64(problem, theta);
      const record = { step, loss, eps: e, lambdaMax: lastLambda };
      records.push(record);
      onRecord?.(record);
      if (arrivalStep === undefined && lastLambda >= arrival * threshold) {
        arrivalStep = step;
        const stretch = Math.max(Math.ceil(tail * step), minTail);
        end = Math.min(step + stretch, maxSteps);
        windowLength = Math.ceil(stretch / 2);
        windowStart = end - windowLength;
      }
    }
    if (step >= windowStart) windowEps.push(e);
    if (step === end) {
      const inWindow = records.filter((r) => r.step >= windowStart).map((r) => r.lambdaMax / threshold);
      ratio = mean(inWindow);
      if (arrivalStep === undefined || Math.abs(ratio - 1) <= saturation || end >= maxSteps) break;
      // Still creeping up (or down): one more window of the same length.
      windowStart = end + 1;
      end = Math.min(end + windowLength, maxSteps);
      windowEps = [];
    }
    const next = new Float64Array(4);
    for (let i = 0; i < 4; i++) next[i] = (theta[i] as number) - eta * (gradient[i] as number);
    theta = next;
  }
  if (arrivalStep === undefined)
    return { eta, steps: end, records, outcome: { kind: 'not-reached', lambdaMax: lastLambda }, theta };
  if (Math.abs(ratio - 1) > saturation)
    return { eta, steps: end, records, outcome: { kind: 'not-saturated', lambdaRatio: ratio }, theta };
  const outcome: EdgeOfStabilityOutcome = {
    kind: 'saturated',
    arrivalStep,
    epsMin: mean(windowEps),
    epsRange: [windowEps.reduce((x, y) => Math.min(x, y)), windowEps.reduce((x, y) => Math.max(x, y))],
    lambdaRatio: ratio,
    windowStart,
  };
  return { eta, steps: end, records, outcome, theta };
}
