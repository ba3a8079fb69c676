import type { Decimal } from 'decimal.js';
import { refineCriticalPoint } from '../flow/refine-critical-point.js';
import type { Dataset } from '../network/dataset.js';
import type { Network } from '../network/loss.js';
import { channelDigits } from '../network/channel-criteria.js';
import { neuronPair, pairDivergence } from '../network/neuron-pair.js';
import { MAX_INTERNAL_DIGITS, precision, roundTo, type Precision } from '../precision/context.js';
import { floorTimeBetween, timeDensity, type FloorPoint } from './floor-time.js';
import { confirmFloorPoint } from './_internals/confirm-floor-point.js';
import { timeDigits } from './_internals/time-digits.js';
import { log10Ceil, restricted } from './_internals/valley-floor.js';

/** Options of {@link followChannel}. */
export interface FollowOptions {
  /** The pair (0-based neuron indices). Default: the pair with opposite-sign readouts and the largest |a_i − a_j|. */
  readonly pair?: readonly [number, number];
  /** Number of reported points, geometrically spaced in |A| from the start's |A| to `toA` (≥ 2). Default 8. */
  readonly points?: number;
  /** Explicit |A| values after the start (ascending, each above the start's |A|); overrides `points`. */
  readonly values?: readonly Decimal.Value[];
  /**
   * Working digits forced by the user. When fewer than {@link digitsForA} needs at some A, they are raised there
   * and the point says so (`raisedFrom`): a loss computed with too few digits is wrong without any visible sign.
   * Default: digitsForA at every point.
   */
  readonly digits?: number;
  /** Significant digits of the reported values, each confirmed by a solve at +`confirmStep` digits. Default 20. */
  readonly reportDigits?: number;
  /** Digits added for the confirming solve. Default 20. */
  readonly confirmStep?: number;
  /** Newton iterations per valley-floor solve. Default 60. */
  readonly maxIterations?: number;
  /**
   * Recover the gradient-flow time t(A) from the first point by quadrature of dt = dA/(dA/dt) along the floor
   * ({@link floorTimeBetween}; pieces of at most a decade of |A|, bisected adaptively, with Gauss–Legendre rules of
   * `timeNodes` and `timeNodes − 2` nodes per piece, every node a valley-floor solve). Default false.
   */
  readonly time?: boolean;
  /** Default 6. */
  readonly timeNodes?: number;
  /**
   * Significant digits aimed at for t: the quadrature is refined until its error estimate allows them, and t is
   * printed to the digits the estimate supports (at most these). Default 12.
   */
  readonly timeDigits?: number;
}

/** One valley-floor point at fixed A (values rounded to `reportDigits`, confirmed at +`confirmStep` digits). */
export interface FollowPoint {
  /** A = (a_i − a_j)/2, the divergence (held fixed for this point). */
  readonly A: Decimal;
  readonly eps: Decimal;
  readonly invEps: Decimal;
  readonly loss: Decimal;
  readonly c: Decimal;
  /** a = ε(a_i − a_j) = 2εA. */
  readonly a: Decimal;
  readonly v: readonly Decimal[];
  readonly w: readonly Decimal[];
  readonly cosDeltaW: Decimal;
  /** dL/dA along the floor (envelope theorem: ∂L/∂A at fixed w, v, c and the other neurons). */
  readonly slope: Decimal;
  /** Largest eigenvalue of the full Hessian. */
  readonly lambdaMax: Decimal;
  /** Working digits of the solve (the confirming solve used digits + confirmStep). */
  readonly digits: number;
  /**
   * Significant digits of the reported values confirmed by the solve at +20 digits (every value agreed to them
   * after rounding); the values are rounded to them.
   */
  readonly confirmedDigits: number;
  /** The forced digits when they were raised here. */
  readonly raisedFrom?: number;
  /** Full parameter vector (flat order), rounded to the working digits. */
  readonly params: readonly Decimal[];
  /**
   * Gradient-flow time from the first point (option `time`), rounded to the significant digits its error estimate
   * supports (the estimate at most half a unit of the last digit; at most `timeDigits`).
   */
  readonly t?: Decimal;
  /** Estimate of the absolute quadrature error of t (summed over stretches and pieces, rounded up to 2 digits). */
  readonly tError?: Decimal;
}

/** Power laws fitted on the last three points: gap ∝ ε^gapPower, λ_max ∝ ε^−lambdaPower, |slope| ∝ ε^slopePower. */
export interface FollowFits {
  /** Estimated L∞ (Aitken extrapolation of the last three losses). */
  readonly lossAtInfinity: Decimal;
  readonly gapPower: Decimal;
  readonly lambdaPower: Decimal;
  readonly slopePower: Decimal;
}

export type FollowOutcome =
  | {
      readonly kind: 'reached';
      readonly pair: readonly [number, number];
      readonly points: readonly FollowPoint[];
      readonly fits?: FollowFits;
    }
  | {
      readonly kind: 'failed';
      readonly pair: readonly [number, number];
      readonly points: readonly FollowPoint[];
      readonly reason: string;
    };

/**
 * Working digits needed at divergence A: the one digits rule of the channel criteria, {@link channelDigits}
 * (3·log₁₀|A| + 10 for a faithful loss, mathematics.md §2, plus 20 of margin; at least 30).
 */
export function digitsForA(A: Decimal.Value): number {
  return channelDigits(A);
}

/** Why {@link followChannel} refused its input. */
export type FollowInputFault =
  'noPair' | 'nonFinite' | 'beyondPrecision' | 'zeroDivergence' | 'notOutward' | 'points';

/**
 * An input {@link followChannel} cannot follow, refused before any solve. A RangeError (the CLI reports it as an
 * input error, exit 2) with the fault as a discriminant: a non-finite start or target, a target whose solves would
 * need more than the largest precision ({@link MAX_INTERNAL_DIGITS}), no opposite-readout pair, A = 0, a target
 * inside the start, or a bad schedule.
 */
export class FollowChannelError extends RangeError {
  override readonly name = 'FollowChannelError';
  constructor(
    readonly fault: FollowInputFault,
    message: string,
  ) {
    super(`followChannel: ${message}`);
  }
}

/** Raises of the working digits after a failed solve at one A (each by {@link RAISE_STEP}). */
const RAISES = 2;
const RAISE_STEP = 20;

/**
 * The largest |A| {@link followChannel} reaches with its default options: {@link followDigitsBudget} of 10²⁰⁰ is
 * exactly {@link MAX_INTERNAL_DIGITS} (1100), of 10²⁰¹ already 1105. More forced `digits` or a larger `confirmStep`
 * lower it (the budget then decides). The one limit the CLI's `follow --to` is checked against.
 */
export const MAX_FOLLOW_A = '1e200';

/**
 * The largest precision (digits) a valley-floor point at |A| asks for: the working digits (digitsForA, or the
 * forced `digits` when more), raised twice by 20 after failed solves, the confirming solve's `confirmStep` more,
 * and the valley floor's own guard of 2·log₁₀|A| + 10 digits on top (valley-floor.ts). A target beyond
 * {@link MAX_INTERNAL_DIGITS} cannot be followed: the default budget reaches it just above |A| = 10²⁰⁰.
 */
export function followDigitsBudget(
  A: Decimal.Value,
  options: Pick<FollowOptions, 'digits' | 'confirmStep'> = {},
): number {
  const { digits = 0, confirmStep = 20 } = options;
  const working = Math.max(digitsForA(A), digits) + RAISES * RAISE_STEP;
  return working + confirmStep + 2 * log10Ceil(new (precision(20).D)(A)) + 10;
}

/** The pair with opposite-sign readouts and the largest |a_i − a_j| (0-based), or undefined. */
export function defaultChannelPair(
  network: Network,
  flat: readonly Decimal[],
): readonly [number, number] | undefined {
  const { width } = network.layout;
  let best: readonly [number, number] | undefined;
  let bestSize: Decimal | undefined;
  for (let i = 0; i < width; i++) {
    for (let j = i + 1; j < width; j++) {
      const { ai, aj } = neuronPair(network.layout, flat, i, j);
      if (ai.isNeg() === aj.isNeg() || ai.isZero() || aj.isZero()) continue;
      const size = ai.minus(aj).abs();
      if (bestSize === undefined || size.gt(bestSize)) {
        bestSize = size;
        best = ai.isPos() ? [i, j] : [j, i];
      }
    }
  }
  return best;
}

/** The |A| values of the points: geometric from |A₀| to |A_max|, rounded to 3 significant digits (ends exact). */
function schedule(A0: Decimal, toA: Decimal, points: number): Decimal[] {
  const q = precision(40);
  const lo = new q.D(A0).abs();
  const hi = new q.D(toA).abs();
  const out: Decimal[] = [];
  for (let k = 0; k < points; k++) {
    if (k === 0) out.push(lo);
    else if (k === points - 1) out.push(hi);
    else out.push(lo.times(hi.div(lo).pow(new q.D(k).div(points - 1))).toSignificantDigits(3));
  }
  return out;
}

/** A validated request: the pair, the sign of A, and the |A| of every point (the start's first). */
interface FollowPlan {
  readonly pair: readonly [number, number];
  readonly sign: 1 | -1;
  readonly magnitudes: readonly Decimal[];
}

/** Step 1: check the input and lay out the |A| schedule, or throw a {@link FollowChannelError}. */
function planFollow(
  network: Network,
  start: readonly Decimal[],
  toA: Decimal.Value,
  options: FollowOptions,
): FollowPlan {
  const { points = 8 } = options;
  const q0 = precision(40);
  const finite = (x: Decimal.Value): boolean => new q0.D(x).isFinite();
  if (!start.every(finite))
    throw new FollowChannelError('nonFinite', 'the start has a NaN or infinite entry');
  if (!finite(toA))
    throw new FollowChannelError('nonFinite', `the target |A| is not finite (${String(toA)})`);
  if (options.values !== undefined && !options.values.every(finite))
    throw new FollowChannelError('nonFinite', 'a value of |A| is not finite');
  const pair = options.pair ?? defaultChannelPair(network, start);
  if (pair === undefined)
    throw new FollowChannelError('noPair', 'no pair of neurons with readouts of opposite signs');
  const A0 = pairDivergence(
    neuronPair(
      network.layout,
      start.map((x) => new q0.D(x)),
      pair[0],
      pair[1],
    ),
  );
  if (A0.isZero()) throw new FollowChannelError('zeroDivergence', 'A = 0 at the start (a_i = a_j)');
  const target = new q0.D(toA).abs();
  if (!target.gt(A0.abs()))
    throw new FollowChannelError('notOutward', 'the target |A| must exceed the start’s |A|');
  if (!Number.isInteger(points) || points < 2)
    throw new FollowChannelError('points', 'points must be an integer ≥ 2');
  const magnitudes =
    options.values === undefined
      ? schedule(A0, target, points)
      : [A0.abs(), ...options.values.map((x) => new q0.D(x).abs())];
  if (magnitudes.some((x, k) => k > 0 && !x.gt(magnitudes[k - 1] as Decimal))) {
    throw new FollowChannelError('points', '|A| values must increase from the start’s |A|');
  }
  const largest = magnitudes[magnitudes.length - 1] as Decimal;
  const budget = followDigitsBudget(largest, options);
  if (budget > MAX_INTERNAL_DIGITS) {
    throw new FollowChannelError(
      'beyondPrecision',
      `|A| = ${largest.toSignificantDigits(6).toString()} needs ${budget} digits (3·log₁₀|A| + 30 working, ` +
        `2·log₁₀|A| + 10 of guard, up to ${RAISES * RAISE_STEP + (options.confirmStep ?? 20)} for raises and ` +
        `confirmation), beyond the largest precision, ${MAX_INTERNAL_DIGITS}`,
    );
  }
  return { pair, sign: A0.isNeg() ? -1 : 1, magnitudes };
}

/** A confirmed valley-floor point, with the floor solution u at its working digits. */
interface SolvedPoint {
  readonly point: FollowPoint;
  readonly flat: Decimal[];
  readonly floor: FloorPoint;
}

/**
 * Step 2: the valley-floor point at A, from the previous point moved along the GLU limit, solved at the working
 * digits and confirmed at +confirmStep; after a failure the digits are raised by 20 (twice) before giving up.
 */
function solveFloorPoint(
  network: Network,
  data: (q: Precision) => Dataset,
  pair: readonly [number, number],
  flat: readonly Decimal[],
  A: Decimal,
  options: FollowOptions,
): SolvedPoint | { readonly reason: string } {
  const { reportDigits = 20, confirmStep = 20, maxIterations = 60, digits } = options;
  const [i, j] = pair;
  const needed = digitsForA(A);
  const raised = digits !== undefined && digits < needed;
  const q0 = precision(40);
  let reason = '';
  for (let attempt = 0, W = Math.max(needed, digits ?? 0); attempt <= RAISES; attempt++, W += RAISE_STEP) {
    // Predictor: the previous point's (w, v, c, others) at the new A, i.e. the GLU limit held fixed.
    const previous = neuronPair(network.layout, flat, i, j);
    const prev = restricted(
      network,
      data,
      i,
      j,
      pairDivergence({ ai: new q0.D(previous.ai), aj: previous.aj }),
    );
    const r = restricted(network, data, i, j, A);
    const guess = prev.fromFlat(flat, precision(W + 10));
    const first = refineCriticalPoint(r.objective, guess, precision(W), { maxIterations });
    if (first.kind !== 'converged' || first.type !== 'minimum') {
      reason = `no valley-floor minimum at A = ${A.toString()} with ${W} digits (${first.kind === 'converged' ? first.type : first.kind})`;
      continue;
    }
    const confirmation = confirmFloorPoint(network, data, i, j, A, r, first.point, W, {
      reportDigits,
      confirmStep,
      maxIterations,
    });
    if (confirmation.kind !== 'confirmed') {
      reason = confirmation.reason;
      continue;
    }
    const next = r.toFlat(first.point, precision(W));
    const point: FollowPoint = {
      ...confirmation.values,
      digits: W,
      confirmedDigits: confirmation.confirmedDigits,
      ...(raised ? { raisedFrom: digits } : {}),
      params: next.map((x) => roundTo(precision(W), x)),
    };
    return { point, flat: next, floor: { A, u: first.point, digits: W } };
  }
  return { reason };
}

/** The running flow-time quadrature along the floor (option `time`). */
interface FlowClock {
  readonly last?: FloorPoint & { readonly density: Decimal };
  readonly t: Decimal;
  readonly error: Decimal;
}

/**
 * Step 3 (option `time`): the flow time from the previous floor point to this one, added to the clock; the point
 * carries t to the digits its error estimate supports.
 */
function advanceClock(
  network: Network,
  data: (q: Precision) => Dataset,
  pair: readonly [number, number],
  clock: FlowClock,
  solved: SolvedPoint,
  options: FollowOptions,
): { readonly clock: FlowClock; readonly point: FollowPoint } | { readonly reason: string } {
  const { maxIterations = 60, digits, timeNodes = 6, timeDigits: wanted = 12 } = options;
  const [i, j] = pair;
  const { A } = solved.floor;
  const dens = timeDensity(network, data, i, j, solved.floor);
  if (dens === undefined)
    return {
      reason: `the loss does not decrease outwards at A = ${A.toString()}: no flow time along the floor`,
    };
  const here = { ...solved.floor, density: dens.density };
  let { t, error } = clock;
  if (clock.last !== undefined) {
    const stretch = floorTimeBetween(network, data, i, j, clock.last, here, {
      nodes: timeNodes,
      maxIterations,
      digitsAt: (x) => Math.max(digitsForA(x), digits ?? 0),
      digits: wanted,
      elapsed: t,
    });
    if (stretch === undefined)
      return {
        reason: `the time quadrature failed between A = ${clock.last.A.toString()} and ${A.toString()}`,
      };
    t = t.plus(stretch.dt);
    error = error.plus(stretch.error);
  }
  const n = timeDigits(t, error, wanted);
  if (n === 0)
    return {
      reason: `the flow time at A = ${A.toString()} is not known to one digit (error ${error.toSignificantDigits(2).toString()})`,
    };
  // The error estimate is rounded up: a bound must not shrink by printing.
  const point = { ...solved.point, t: t.toSignificantDigits(n), tError: error.toSignificantDigits(2, 0) };
  return { clock: { last: here, t, error }, point };
}

/**
 * Follows a channel along its valley floor in log A (mathematics.md §2, numerics.md): at each A of a geometric
 * schedule the loss is minimised over all other parameters (with a_i = c/2 + A, a_j = c/2 − A) by Newton with the
 * exact Hessian restricted to them (`refineCriticalPoint` of the flow layer), starting from the previous point
 * moved along the GLU limit (c, a = 2εA, w, Δ fixed; ε = a/(2A)). The working precision at A is
 * {@link digitsForA}; every point is solved again at +`confirmStep` digits from the first solution, and its reported
 * values must agree to `reportDigits`; otherwise the precision is raised by 20 digits (twice) before failing.
 *
 * Throws a {@link FollowChannelError} before any solve for an input it cannot follow: a NaN or infinite start or
 * target, a target beyond the largest precision ({@link followDigitsBudget}), no opposite-readout pair, A = 0, a
 * target inside the start, or a bad schedule.
 */
export function followChannel(
  network: Network,
  data: (q: Precision) => Dataset,
  start: readonly Decimal[],
  toA: Decimal.Value,
  options: FollowOptions = {},
): FollowOutcome {
  const { pair, sign, magnitudes } = planFollow(network, start, toA, options);
  const q0 = precision(40);
  const out: FollowPoint[] = [];
  let flat = [...start];
  let clock: FlowClock = { t: new q0.D(0), error: new q0.D(0) };
  for (const mag of magnitudes) {
    const solved = solveFloorPoint(network, data, pair, flat, mag.times(sign), options);
    if ('reason' in solved) return { kind: 'failed', pair, points: out, reason: solved.reason };
    flat = solved.flat;
    let point = solved.point;
    if (options.time === true) {
      const timed = advanceClock(network, data, pair, clock, solved, options);
      if ('reason' in timed) return { kind: 'failed', pair, points: out, reason: timed.reason };
      ({ clock, point } = timed);
    }
    out.push(point);
  }
  const fits = fitPowers(out);
  return fits === undefined
    ? { kind: 'reached', pair, points: out }
    : { kind: 'reached', pair, points: out, fits };
}

export function fitPowers(points: readonly FollowPoint[]): FollowFits | undefined {
  if (points.length < 3) return undefined;
  const q = precision(40);
  const [p1, p2, p3] = points.slice(-3) as [FollowPoint, FollowPoint, FollowPoint];
  const ln = (x: Decimal.Value): Decimal => new q.D(x).abs().ln();
  const d12 = new q.D(p1.loss).minus(p2.loss);
  const d23 = new q.D(p2.loss).minus(p3.loss);
  if (d12.isZero() || d23.isZero()) return undefined;
  // L = L∞ + K ε^p with three points: (L1 − L2)/(L2 − L3) = (ε1^p − ε2^p)/(ε2^p − ε3^p) ≈ (ε1/ε2)^p for ε ≪ 1.
  const gapPower = ln(d12.div(d23)).div(ln(new q.D(p1.eps).div(p2.eps)));
  const r23 = new q.D(p2.eps).div(p3.eps).abs().pow(gapPower);
  const lossAtInfinity = new q.D(p3.loss).minus(d23.div(r23.minus(1)));
  const lambdaPower = ln(new q.D(p3.lambdaMax).div(p2.lambdaMax)).div(ln(new q.D(p3.invEps).div(p2.invEps)));
  const slopePower = ln(new q.D(p2.slope).div(p3.slope)).div(ln(new q.D(p2.eps).div(p3.eps)));
  const six = precision(6);
  return {
    lossAtInfinity: roundTo(six, lossAtInfinity),
    gapPower: roundTo(six, gapPower),
    lambdaPower: roundTo(six, lambdaPower),
    slopePower: roundTo(six, slopePower),
  };
}
