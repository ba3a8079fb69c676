import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { OutOfRangeError } from '../out-of-range-error.js';
import { type Ball, ballToString } from './ball.js';
import { BallDomainError } from './ball-domain-error.js';
import { Exact, Up, magnitudeDown, magnitudeUp, roundingError } from './_internals/directed.js';
import { faithful, increasingImage } from './_internals/monotone.js';

/**
 * Ball arithmetic: + − × ÷ √ with the midpoint at p.digits (p.D's rounding) and the radius bookkeeping rounded
 * up. For exact operands a ∈ A ± R_A, b ∈ B ± R_B:
 *   a ± b   lies in (A ± B) ± (R_A + R_B)
 *   a · b   lies in A·B ± (|A| R_B + |B| R_A + R_A R_B)
 *   a / b   lies in A/B ± (R_A |B| + |A| R_B) / (|B| (|B| − R_B))          (|B| > R_B)
 * and the midpoint's own rounding adds half a unit in its last place (roundingError). Each radius term is formed
 * in 20-digit arithmetic rounded towards +∞ (a denominator towards −∞), so the radius is an upper bound.
 *
 * See also: ball-functions.ts (exp, log, tanh, …), ballField (the same operations as a jet field).
 */

/** The midpoint of a result: finite, and not an underflowed 0 when the exact result is nonzero. */
function checked(v: Decimal, what: string, nonzero: boolean): Decimal {
  if (!v.isFinite()) throw new OutOfRangeError(`ball ${what}: the result overflows the Decimal range`);
  if (nonzero && v.isZero())
    throw new OutOfRangeError(`ball ${what}: the result underflows the Decimal range`);
  return v;
}

/** x + y. Example: ballAdd(exactBall(p, 1), exactBall(p, '1e-40'), precision(30)) → 1 ± 5e−30. */
export function ballAdd(x: Ball, y: Ball, p: Precision): Ball {
  const mid = checked(new p.D(x.mid).plus(y.mid), 'add', false);
  return { mid, rad: new Up(x.rad).plus(y.rad).plus(roundingError(mid, p.D)) };
}

/** x − y. */
export function ballSub(x: Ball, y: Ball, p: Precision): Ball {
  return ballAdd(x, ballNeg(y), p);
}

/** −x (exact, whatever the number of digits of the midpoint). */
export function ballNeg(x: Ball): Ball {
  return { mid: new Exact(x.mid).neg(), rad: x.rad };
}

/** x · y. */
export function ballMul(x: Ball, y: Ball, p: Precision): Ball {
  const nonzero = !x.mid.isZero() && !y.mid.isZero();
  const mid = checked(new p.D(x.mid).times(y.mid), 'mul', nonzero);
  const propagated = magnitudeUp(x.mid)
    .times(y.rad)
    .plus(magnitudeUp(y.mid).times(x.rad))
    .plus(new Up(x.rad).times(y.rad));
  return { mid, rad: propagated.plus(roundingError(mid, p.D)) };
}

/** x / y; a divisor ball containing 0 is a BallDomainError. */
export function ballDiv(x: Ball, y: Ball, p: Precision): Ball {
  const gap = magnitudeDown(y.mid).minus(y.rad);
  if (!gap.gt(0)) throw new BallDomainError('div', 'the divisor ball contains 0', ballToString(y));
  const mid = checked(new p.D(x.mid).div(y.mid), 'div', !x.mid.isZero());
  const num = new Up(x.rad).times(magnitudeUp(y.mid)).plus(magnitudeUp(x.mid).times(y.rad));
  const den = gap.times(magnitudeDown(y.mid));
  return { mid, rad: new Up(num).div(den).plus(roundingError(mid, p.D)) };
}

const sqrtBounds = faithful((a, q) => new q.D(a).sqrt(), 'sqrt');

/**
 * √x for a ball with x ≥ 0 throughout (else a BallDomainError). √ is increasing, so the image of [lo, hi] is
 * [√lo, √hi]; each end is decimal.js's √ at p.digits + 3, widened outwards by a full unit in its last place (only
 * faithful rounding is assumed of decimal.js's √, which is documented as correctly rounded).
 */
export function ballSqrt(x: Ball, p: Precision): Ball {
  if (x.mid.lt(x.rad)) throw new BallDomainError('sqrt', 'the ball reaches below 0', ballToString(x));
  return increasingImage(x, p, sqrtBounds);
}
