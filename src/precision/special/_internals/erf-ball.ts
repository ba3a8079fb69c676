import {
  type Ball,
  NeedMorePrecision,
  ONE,
  ZERO,
  add,
  bitLength,
  div,
  hull,
  log2Big,
  log2Lower,
  log2Upper,
  LOG2_10,
  mul,
  mul2k,
  mulInt,
  neg,
  sub,
  toFixed,
  toNumber,
  widenAbs,
  widenRel,
} from './ball.js';
import { constant } from './constants.js';
import { EXP_LIMIT, UNDERFLOW, expBall } from './exp-ball.js';
import { millsContinuedFraction, positiveErfSeries } from '../../binary/binary-kernels.js';

/** z² as a double (Infinity when huge), for choosing a method. */
export function squareEstimate(z: Ball): number {
  return toNumber(mul(z, z, 64));
}

/** Work counters for benchmarks and tests (series terms summed, continued-fraction steps taken); not public. */
export const erfStatistics = { seriesTerms: 0, fractionSteps: 0 };

/** Largest a² for which the Maclaurin series is used: its error bound is tracked in doubles up to e^(a²). */
const SERIES_MAX_A2 = 600;

/**
 * erf(a) for an exact point a > 0 with a² ≤ 600, by the Maclaurin series erf(a) = (2/√π)·a·S(a²),
 * S = Σ_k (−a²)^k/(k!(2k+1)), summed in fixed point (S ≤ 1, so tiny a keep full relative precision).
 *
 * Guard bits: the terms a^(2k)/k! rise to ≈ e^(a²)/√(2π a²) before they fall, so rounding errors of that size
 * cancel in the alternating sum: 1.443·a² bits are added, plus log2 of the term count and 12. The actual error
 * is bounded by a running recurrence (below), not by this estimate.
 */
export function erfSeries(a: Ball, P: number): Ball {
  const a2d = squareEstimate(a);
  if (!(a2d <= SERIES_MAX_A2)) throw new Error('erfSeries: a² beyond the series range');
  if (a.t === 0 && a.r === 0n && a.m > 0n) {
    // Binary points (every argument but those with decimal exponents beyond ±350): the series with positive
    // terms, erf(a) = (2/√π)·a·e^(−a²)·Σ (2a²)^k/(2k + 1)!! (binary/binary-kernels.ts), needs no guard bits
    // against cancellation and no ball per term.
    const a2x = mul(a, a, 2 * bitLength(a.m) + 8);
    const Pp = P + 8;
    const series = positiveErfSeries({ ...a2x, e: a2x.e + 1 }, 2 * a2d, Pp);
    const gauss = expBall(neg(a2x), Pp);
    return mul(mul(mul(a, series, Pp), gauss, Pp), constant('twoOverSqrtPi', Pp + 4), P);
  }
  const W = P + Math.ceil(1.443 * a2d + Math.log2(3 * a2d + P + 8)) + 12;
  const WB = BigInt(W);
  const { v: X, err: xErrB } = toFixed(mul(a, a, 2 * bitLength(a.m) + W), W);
  const xErr = Number(xErrB);
  // Upper bound of a² as a double (the 1e−9 covers the estimate's rounding).
  const a2u = a2d * (1 + 1e-9) + xErr * 2 ** -W;
  let T = 1n << WB;
  let sum = T;
  // E: bound on |T_k − t_k·2^W| (t_k = a^(2k)/k!, exactly T_0 = 2^W); tb: upper bound of t_k.
  // One step: T_k = floor(floor(T_{k−1}·X/2^W)/k), so
  //   E_k ≤ (E_{k−1}·(a² + xErr·2^−W) + t_{k−1}·xErr + 1)/k + 1.
  let E = 0;
  let tb = 1;
  let errSum = 0;
  for (let k = 1; ; k++) {
    T = ((T * X) >> WB) / BigInt(k);
    E = (E * a2u + tb * xErr + 1) / k + 1;
    tb = (tb * a2u) / k;
    const q = T / BigInt(2 * k + 1);
    sum = k % 2 === 0 ? sum + q : sum - q;
    errSum += E / (2 * k + 1) + 1;
    // Once T_k = 0 and k ≥ 2a² + 2, every later term is at most half the previous one and t_k ≤ E_k, so the
    // rest of the series is below E_k.
    if (T === 0n && k >= 2 * a2u + 2) {
      erfStatistics.seriesTerms += k + 1;
      errSum += E;
      break;
    }
  }
  // The doubles above are upper bounds up to a relative 1e−13 after thousands of steps; 1.001 covers that.
  const S: Ball = { m: sum, r: BigInt(Math.ceil(errSum * 1.001)) + 2n, e: -W, t: 0 };
  return mul(mul(a, S, W), constant('twoOverSqrtPi', W + 4), W);
}

/**
 * erfc(z) for an exact point z > 0 by Laplace's continued fraction
 *   √π·e^(z²)·erfc(z) = 1/g,  g = z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + …)))),
 * evaluated forwards (A_k = z·A_{k−1} + (k/2)·A_{k−2}, B_k likewise, g_k = A_k/B_k). All partial numerators and
 * denominators are positive, so consecutive convergents bracket g: the hull of g_{k−1} and g_k is a rigorous
 * enclosure, and the loop stops when they agree to P + 4 bits. Needs about (P·ln 2)²/(7z²) steps for moderate z
 * (fewer for large z): this is the method for large z only.
 *
 * Guard bits: each step rounds A and B with relative error 2^−Pc, so after k steps the convergents carry
 * ≈ k·2^−Pc relative error (the forward recurrence follows the dominant solution, so errors do not grow
 * faster): Pc = P + 32 leaves 12 bits for the stopping test after up to 2^20 steps. The ball arithmetic tracks
 * the actual error; a shortfall would only cause a retry.
 */
export function erfcContinuedFraction(z: Ball, P: number): Ball {
  // z² > EXP_LIMIT: erfc(z) < e^(−z²) lies below every decimal.js exponent (the UNDERFLOW marker). This also
  // keeps z below 1.5e8 for millsContinuedFraction, whose error analysis needs z + k < 2^30 or so (for z ≈ 2^110
  // its B_{k−1} kept 18 bits and it never converged: normalCdf(1e33) failed after six attempts).
  if (2 * log2Lower(z) > Math.log2(EXP_LIMIT)) return UNDERFLOW;
  if (z.t === 0 && z.r === 0n && log2Lower(z) >= 0) {
    // The same fraction in plain BigInts (binary/binary-kernels.ts): no ball per step, several times faster.
    const gb = millsContinuedFraction(z, P + 8, true);
    erfStatistics.fractionSteps += 1;
    const z2b = mul(z, z, 2 * bitLength(z.m) + 8);
    const ez2b = expBall(neg(z2b), P + 32);
    return div(mul(ez2b, constant('invSqrtPi', P + 36), P + 32), gb, P + 8);
  }
  const Pc = P + 32;
  let aPrev = ONE;
  let a = z;
  let bPrev = ZERO;
  let b = ONE;
  let next = 4;
  let g: Ball;
  for (let k = 1; ; k++) {
    const K = BigInt(k);
    const aNew = add(mul(z, a, Pc), mul2k(mulInt(aPrev, K, Pc), -1), Pc);
    const bNew = add(mul(z, b, Pc), mul2k(mulInt(bPrev, K, Pc), -1), Pc);
    aPrev = a;
    a = aNew;
    bPrev = b;
    b = bNew;
    if (k >= next) {
      const gk = div(a, b, Pc);
      const gp = div(aPrev, bPrev, Pc);
      if (log2Upper(sub(gk, gp, Pc)) <= log2Lower(gk) - P - 4) {
        erfStatistics.fractionSteps += k;
        g = hull(gp, gk, Pc);
        break;
      }
      next = Math.ceil(k * 1.25) + 1;
      if (k > 1 << 22) throw new NeedMorePrecision('continued fraction too slow');
    }
  }
  const z2 = mul(z, z, 2 * bitLength(z.m) + 8);
  const ez2 = expBall(neg(z2), Pc);
  return div(mul(ez2, constant('invSqrtPi', Pc + 4), Pc), g, P + 8);
}

/** Cheaper method by region (see `erfcPositive`). */
function seriesMaxA2ForErfc(P: number): number {
  // The series needs P + 2.9a² bits and ~e·a² + P/log2(k/ea²) terms; the fraction ~(P ln 2)²/(7a²) steps of
  // four multiplications. Measured crossover: a² ≈ P/4.
  return Math.min(SERIES_MAX_A2, P / 4);
}

/**
 * erfc(z) for an exact z > 0 with relative precision P.
 * Small z: 1 − erf(z) (erfc(z) ≥ 0.48 for z² ≤ 1/4, at most 1.1 bits lost).
 * Moderate z: 1 − erf(z) with erf to P + 1.443·z² + log2(z√π) + 5 bits, because erfc(z) < e^(−z²)/(z√π) and
 *   the subtraction cancels that many leading bits.
 * Large z: the continued fraction (no cancellation at all).
 */
export function erfcPositive(z: Ball, P: number): Ball {
  const a2 = squareEstimate(z);
  if (a2 <= 0.25) return sub(ONE, erfSeries(z, P + 4), P + 4);
  if (a2 <= seriesMaxA2ForErfc(P)) {
    const loss = Math.ceil(1.443 * a2 + Math.log2(Math.sqrt(a2 * Math.PI))) + 5;
    return sub(ONE, erfSeries(z, P + loss), P + 4);
  }
  return erfcContinuedFraction(z, P);
}

/**
 * erf(z) for an exact z > 0 with relative precision P (erf(z) ∈ (0, 1)).
 * Series while it is cheap (a² ≤ P/8); beyond, 1 − erfc(z) where erfc is needed only to P − 1.44z² + 8 bits
 * (its absolute size is below 2^−1.44z²), never fewer than 24.
 */
export function erfPositive(z: Ball, P: number): Ball {
  const a2 = squareEstimate(z);
  if (a2 <= Math.max(0.25, Math.min(SERIES_MAX_A2, P / 8))) return erfSeries(z, P);
  const Pe = Math.max(24, P + 8 - Math.floor(1.442 * a2));
  return sub(ONE, erfcContinuedFraction(z, Pe), P + 4);
}

/** erf at a ball: evaluated at the midpoint, widened by |erf'| ≤ 2/√π < 1.13 times the radius. */
export function widenErf(value: Ball, z: Ball, P: number): Ball {
  if (z.r === 0n) return value;
  return widenAbs(value, { m: 0n, r: z.r * 113n, e: z.e, t: z.t - 2 }, P);
}

/**
 * erfc at a ball with z > 0: evaluated at the midpoint, widened relatively. For ξ within ρ of z,
 * |erfc'(ξ)|/erfc(ξ) < ξ + √(ξ² + 2) ≤ 2ξ + 1.5 (Mills-ratio bound) and erfc(ξ)/erfc(z) ≤ e^(ρ(2z+2)), so the
 * relative change is at most ρ(2z + 2)·e^(ρ(2z+2)) ≤ 1.01·ρ(2z + 2) once ρ(2z + 2) ≤ 2^−10.
 */
export function widenErfc(value: Ball, z: Ball): Ball {
  if (z.r === 0n) return value;
  const log2Rho = log2Big(z.r) + z.e + z.t * LOG2_10;
  // log2(2z + 2) ≤ max(log2 z, 0) + 2.
  const log2Rel = log2Rho + Math.max(log2Upper(z), 0) + 2 + 0.015;
  if (log2Rel > -10) throw new NeedMorePrecision('erfc argument too uncertain');
  return widenRel(value, log2Rel);
}
