import type { Decimal } from 'decimal.js';
import { type Precision, precision } from '../../context.js';
import { OutOfRangeError } from '../../out-of-range-error.js';
import { type Ball, ballFromBounds, ballLower, ballUpper } from '../ball.js';
import { Exact, ceilContext, floorContext, unitInLastPlace } from './directed.js';

/** Guard digits of the point evaluations behind a ball function (the radius grows by about 10^−GUARD ulp). */
export const GUARD_DIGITS = 3;

/**
 * f at an exact point a, faithfully rounded to q.digits (|f(a) − v| < one unit in v's last place): decimal.js's √
 * is correctly rounded, and so are the special functions of this layer (faithful even in their documented
 * fallback). Returns ±Infinity on overflow and 0 on underflow.
 */
export type PointFunction = (a: Decimal, q: Precision) => Decimal;

/** Lower and upper bounds of f(a) at an exact point a. */
export type PointBounds = (a: Decimal, q: Precision) => readonly [Decimal, Decimal];

/** Bounds of a faithfully rounded f: its value widened by one unit in the last place (by TINY for an underflowed 0). */
export function faithful(f: PointFunction, what: string): PointBounds {
  return (a, q) => {
    const v = f(a, q);
    if (!v.isFinite()) throw new OutOfRangeError(`ball ${what}: the result is beyond the Decimal range`);
    // A 0 at the point 0 is exact (tanh, erf, log1p, √ vanish there and return an exact 0); elsewhere it is an
    // underflow, below TINY.
    const u = v.isZero() && a.isZero() ? v : unitInLastPlace(v, q.digits);
    return [new (floorContext(q.digits + 2))(v).minus(u), new (ceilContext(q.digits + 2))(v).plus(u)];
  };
}

/** The working context of the point evaluations for a result at p. */
export function guarded(p: Precision): Precision {
  return precision(p.digits + GUARD_DIGITS);
}

/** Digits of the ends of an argument ball (exact ends cost nothing; rounded ones move by 10^−5 of a unit). */
function endDigits(q: Precision): number {
  return q.digits + 5;
}

/**
 * The image of the ball under an increasing f: every f(x) lies in [lower bound of f(lo), upper bound of f(hi)],
 * where lo ≤ x ≤ hi on the ball (the ends rounded outwards). One evaluation when the ball is a point.
 */
export function increasingImage(x: Ball, p: Precision, f: PointBounds): Ball {
  const q = guarded(p);
  const [low, highAtLo] = f(ballLower(x, endDigits(q)), q);
  const high = x.rad.isZero() ? highAtLo : f(ballUpper(x, endDigits(q)), q)[1];
  return ballFromBounds(p, low, high);
}

/** The image of the ball under a decreasing f: [lower bound of f(hi), upper bound of f(lo)]. */
export function decreasingImage(x: Ball, p: Precision, f: PointBounds): Ball {
  const q = guarded(p);
  const [low, highAtHi] = f(ballUpper(x, endDigits(q)), q);
  const high = x.rad.isZero() ? highAtHi : f(ballLower(x, endDigits(q)), q)[1];
  return ballFromBounds(p, low, high);
}

/**
 * The image under an even f that decreases on [0, ∞) (e^(−x²), sech² x): with a ≤ |x| ≤ b on the ball (a = 0 when
 * the ball contains 0), every f(x) lies in [lower bound of f(b), upper bound of f(a)]. `f` is called with a ≥ 0.
 */
export function evenDecreasingImage(x: Ball, p: Precision, f: PointBounds): Ball {
  const q = guarded(p);
  const lo = new Exact(ballLower(x, endDigits(q)));
  const hi = new Exact(ballUpper(x, endDigits(q)));
  const la = lo.abs();
  const ha = hi.abs();
  const b = la.gt(ha) ? la : ha;
  const a = !lo.gt(0) && !hi.lt(0) ? new Exact(0) : la.lt(ha) ? la : ha;
  const [low, highAtB] = f(b, q);
  const high = a.eq(b) ? highAtB : f(a, q)[1];
  return ballFromBounds(p, low, high);
}
