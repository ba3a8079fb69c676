import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { erf, erfc, exp, log1p, sigmoid, softplus, tanh } from '../special/index.js';
import { type Ball, ballToString } from './ball.js';
import { BallDomainError } from './ball-domain-error.js';
import { Exact, ceilContext, floorContext } from './_internals/directed.js';
import {
  type PointBounds,
  decreasingImage,
  evenDecreasingImage,
  faithful,
  increasingImage,
} from './_internals/monotone.js';

/**
 * The elementary and special functions on balls. Each is monotone (or even and monotone in |x|), so the image of
 * the ball [lo, hi] is bounded by the function's values at the two ends (at one end and at the point of the ball
 * nearest 0 for e^(−x²) and sech²). Those values come from the special functions of this layer (correctly rounded
 * by Ziv's test on rigorous binary enclosures, special/_internals) at p.digits + 3, each widened outwards by a
 * full unit in its last place; the result is the ball between the two bounds, midpoint rounded to p.digits.
 * decimal.js's own exp/ln/tanh are not used, so tests can take them as an independent truth.
 */

const expBounds = faithful(exp, 'exp');
const tanhBounds = faithful(tanh, 'tanh');
const sigmoidBounds = faithful(sigmoid, 'sigmoid');
const softplusBounds = faithful(softplus, 'softplus');
const erfBounds = faithful(erf, 'erf');
const erfcBounds = faithful(erfc, 'erfc');
const log1pBounds = faithful(log1p, 'log');

/** σ(−a), decreasing in a. */
const sigmoidOfNegBounds = faithful((a, q) => sigmoid(new Exact(a).neg(), q), 'sigmoid');

/**
 * ln a for an exact a > 0, with no cancellation and no long exact difference: for a ≥ 1/2 as log1p(w) with
 * w = a − 1 rounded outwards to q.digits + 10 digits (exact for a ≤ 2; beyond, log1p's relative condition
 * w/((1 + w) log1p w) ≤ 1.3 makes the 10^−(q+9) relative change negligible, and it is bounded anyway because log1p
 * is increasing); for a < 1/2 as −log1p(1/a − 1) with 1/a − 1 rounded outwards likewise.
 */
const logBounds: PointBounds = (a, q) => {
  const d = q.digits + 10;
  const F = floorContext(d);
  const C = ceilContext(d);
  if (a.gte(0.5)) {
    return [log1pBounds(new F(a).minus(1), q)[0], log1pBounds(new C(a).minus(1), q)[1]];
  }
  const wHigh = new C(new C(1).div(a)).minus(1);
  const wLow = new F(new F(1).div(a)).minus(1);
  return [negate(log1pBounds(wHigh, q)[1]), negate(log1pBounds(wLow, q)[0])];
};

function negate(v: Decimal): Decimal {
  return new Exact(v).neg();
}

function nonNegative([lo, hi]: readonly [Decimal, Decimal]): [Decimal, Decimal] {
  return [lo.isNeg() ? new Exact(0) : lo, hi];
}

/** e^(−a²) with a² formed exactly. */
const expNegSquareBounds = faithful((a, q) => exp(new Exact(a).times(a).neg(), q), 'expNegSquare');

/** sech² a = 4σ(2a)σ(−2a) (both factors positive and with full relative precision, no 1 − tanh²). */
const sech2Bounds: PointBounds = (a, q) => {
  const twoA = new Exact(a).times(2);
  // Lower bounds clamped at 0 (an underflowed σ has lower bound −TINY): for factors in [s, S] with 0 ≤ s the
  // product's bounds are the products of the ends.
  const [s1, S1] = nonNegative(sigmoidBounds(twoA, q));
  const [s2, S2] = nonNegative(sigmoidOfNegBounds(twoA, q));
  const d = q.digits + 2;
  const F = floorContext(d);
  const C = ceilContext(d);
  return [new F(s1).times(s2).times(4), new C(S1).times(S2).times(4)];
};

/** e^x (increasing). Overflow beyond 10^9e15 is an OutOfRangeError. Example: ballExp(exactBall(p, 1), p) ∋ e. */
export function ballExp(x: Ball, p: Precision): Ball {
  return increasingImage(x, p, expBounds);
}

/** ln x for a ball with x > 0 throughout (else a BallDomainError). */
export function ballLog(x: Ball, p: Precision): Ball {
  if (!x.mid.gt(x.rad)) throw new BallDomainError('log', 'the ball reaches 0 or below', ballToString(x));
  return increasingImage(x, p, logBounds);
}

/** tanh x (increasing). */
export function ballTanh(x: Ball, p: Precision): Ball {
  return increasingImage(x, p, tanhBounds);
}

/** sech² x = 1 − tanh² x (even, decreasing in |x|), without the cancellation of 1 − tanh². */
export function ballSech2(x: Ball, p: Precision): Ball {
  return evenDecreasingImage(x, p, sech2Bounds);
}

/** The logistic σ(x) = 1/(1 + e^−x) (increasing). */
export function ballSigmoid(x: Ball, p: Precision): Ball {
  return increasingImage(x, p, sigmoidBounds);
}

/** 1 − σ(x) = σ(−x) (decreasing), with full relative precision where σ(x) ≈ 1. */
export function ballSigmoidComplement(x: Ball, p: Precision): Ball {
  return decreasingImage(x, p, sigmoidOfNegBounds);
}

/** softplus x = log(1 + e^x) (increasing). */
export function ballSoftplus(x: Ball, p: Precision): Ball {
  return increasingImage(x, p, softplusBounds);
}

/** erf x (increasing). */
export function ballErf(x: Ball, p: Precision): Ball {
  return increasingImage(x, p, erfBounds);
}

/** erfc x = 1 − erf x (decreasing), with full relative precision in the tail. */
export function ballErfc(x: Ball, p: Precision): Ball {
  return decreasingImage(x, p, erfcBounds);
}

/** e^(−x²) (even, decreasing in |x|), with x² formed exactly. */
export function ballExpNegSquare(x: Ball, p: Precision): Ball {
  return evenDecreasingImage(x, p, expNegSquareBounds);
}
