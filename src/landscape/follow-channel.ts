import type { Decimal } from 'decimal.js';
import { refineCriticalPoint } from '../flow/refine-critical-point.js';
import type { Dataset } from '../network/dataset.js';
import type { Network } from '../network/loss.js';
import { channelDigits } from '../network/channel-criteria.js';
import { rowLength } from '../network/params.js';
import { precision, roundTo, type Precision } from '../precision/context.js';
import { floorTimeBetween, timeDensity, type FloorPoint } from './floor-time.js';
import { confirmFloorPoint } from './_internals/confirm-floor-point.js';
import { timeDigits } from './_internals/time-digits.js';
import { restricted } from './_internals/valley-floor.js';

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

/** The pair with opposite-sign readouts and the largest |a_i − a_j| (0-based), or undefined. */
export function defaultChannelPair(
  network: Network,
  flat: readonly Decimal[],
): readonly [number, number] | undefined {
  const { width } = network.layout;
  const aOff = width * rowLength(network.layout);
  let best: readonly [number, number] | undefined;
  let bestSize: Decimal | undefined;
  for (let i = 0; i < width; i++) {
    for (let j = i + 1; j < width; j++) {
      const ai = flat[aOff + i] as Decimal;
      const aj = flat[aOff + j] as Decimal;
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

/**
 * Follows a channel along its valley floor in log A (mathematics.md §2, numerics.md): at each A of a geometric
 * schedule the loss is minimised over all other parameters (with a_i = c/2 + A, a_j = c/2 − A) by Newton with the
 * exact Hessian restricted to them (`refineCriticalPoint` of the flow layer), starting from the previous point
 * moved along the GLU limit (c, a = 2εA, w, Δ fixed; ε = a/(2A)). The working precision at A is
 * {@link digitsForA}; every point is solved again at +`confirmStep` digits from the first solution, and its reported
 * values must agree to `reportDigits`; otherwise the precision is raised by 20 digits (twice) before failing.
 */
export function followChannel(
  network: Network,
  data: (q: Precision) => Dataset,
  start: readonly Decimal[],
  toA: Decimal.Value,
  options: FollowOptions = {},
): FollowOutcome {
  const {
    points = 8,
    reportDigits = 20,
    confirmStep = 20,
    maxIterations = 60,
    digits,
    time = false,
    timeNodes = 6,
    timeDigits: timeDigitsWanted = 12,
  } = options;
  const pair = options.pair ?? defaultChannelPair(network, start);
  if (pair === undefined)
    throw new RangeError('followChannel: no pair of neurons with readouts of opposite signs');
  const [i, j] = pair;
  const aOff = network.layout.width * rowLength(network.layout);
  const ia = aOff + i;
  const ja = aOff + j;
  const q0 = precision(40);
  const A0 = new q0.D(start[ia] as Decimal).minus(start[ja] as Decimal).div(2);
  const target = new q0.D(toA).abs();
  if (A0.isZero()) throw new RangeError('followChannel: A = 0 at the start (a_i = a_j)');
  if (!target.gt(A0.abs())) throw new RangeError('followChannel: the target |A| must exceed the start’s |A|');
  if (!Number.isInteger(points) || points < 2)
    throw new RangeError('followChannel: points must be an integer ≥ 2');
  const sign = A0.isNeg() ? -1 : 1;
  const out: FollowPoint[] = [];
  let flat = [...start];
  const mags =
    options.values === undefined
      ? schedule(A0, target, points)
      : [A0.abs(), ...options.values.map((x) => new q0.D(x).abs())];
  if (mags.some((x, k) => k > 0 && !x.gt(mags[k - 1] as Decimal))) {
    throw new RangeError('followChannel: |A| values must increase from the start’s |A|');
  }
  let lastFloor: (FloorPoint & { readonly density: Decimal }) | undefined;
  let tSum = new q0.D(0);
  let tErr = new q0.D(0);
  for (const mag of mags) {
    const A = mag.times(sign);
    const needed = digitsForA(A);
    let W = Math.max(needed, digits ?? 0);
    const raised = digits !== undefined && digits < needed;
    let accepted: FollowPoint | undefined;
    let reason = '';
    for (let attempt = 0; attempt < 3 && accepted === undefined; attempt++, W += 20) {
      // Predictor: the previous point's (w, v, c, others) at the new A, i.e. the GLU limit held fixed.
      const prev = restricted(
        network,
        data,
        i,
        j,
        new q0.D(flat[ia] as Decimal).minus(flat[ja] as Decimal).div(2),
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
      flat = r.toFlat(first.point, precision(W));
      accepted = {
        ...confirmation.values,
        digits: W,
        confirmedDigits: confirmation.confirmedDigits,
        ...(raised ? { raisedFrom: digits } : {}),
        params: flat.map((x) => roundTo(precision(W), x)),
      };
      if (time) {
        const floor = { A, u: first.point, digits: W };
        const dens = timeDensity(network, data, i, j, floor);
        if (dens === undefined) {
          reason = `the loss does not decrease outwards at A = ${A.toString()}: no flow time along the floor`;
          return { kind: 'failed', pair, points: out, reason };
        }
        const here = { ...floor, density: dens.density };
        if (lastFloor !== undefined) {
          const stretch = floorTimeBetween(network, data, i, j, lastFloor, here, {
            nodes: timeNodes,
            maxIterations,
            digitsAt: (x) => Math.max(digitsForA(x), digits ?? 0),
            digits: timeDigitsWanted,
            elapsed: tSum,
          });
          if (stretch === undefined) {
            reason = `the time quadrature failed between A = ${lastFloor.A.toString()} and ${A.toString()}`;
            return { kind: 'failed', pair, points: out, reason };
          }
          tSum = tSum.plus(stretch.dt);
          tErr = tErr.plus(stretch.error);
        }
        lastFloor = here;
        const n = timeDigits(tSum, tErr, timeDigitsWanted);
        if (n === 0) {
          reason = `the flow time at A = ${A.toString()} is not known to one digit (error ${tErr.toSignificantDigits(2).toString()})`;
          return { kind: 'failed', pair, points: out, reason };
        }
        // The error estimate is rounded up: a bound must not shrink by printing.
        accepted = { ...accepted, t: tSum.toSignificantDigits(n), tError: tErr.toSignificantDigits(2, 0) };
      }
    }
    if (accepted === undefined) return { kind: 'failed', pair, points: out, reason };
    out.push(accepted);
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
