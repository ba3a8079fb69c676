import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { Away, Down, Up, ceilContext, floorContext, halfEvenContext } from './_internals/directed.js';

/**
 * A ball [mid − rad, mid + rad]: a real number known only to lie in it. `mid` is a Decimal of any context (every
 * digit it holds counts: a ball never rounds its own midpoint); `rad` ≥ 0 is a 20-digit Decimal, always rounded up
 * when it is computed. Every ball operation (ball-arithmetic.ts, ball-functions.ts, ballField) returns a ball that
 * contains f(x) for every x in the argument balls, provided decimal.js rounds + − × ÷ √ correctly and the special
 * functions of this layer are faithfully rounded (see docs/ball.md for the precise assumptions).
 *
 * Example: ballContains(ballAdd(exactBall(p, '0.1'), exactBall(p, '0.2'), p), '0.3') → true.
 */
export interface Ball {
  readonly mid: Decimal;
  readonly rad: Decimal;
}

/** The exact ball {x} (radius 0); x keeps every digit (a decimal string is read exactly, a number through its
 * shortest decimal string, as everywhere in this layer). */
export function exactBall(p: Precision, x: Decimal.Value): Ball {
  return { mid: new p.D(x), rad: new Up(0) };
}

/** The ball mid ± rad (the radius rounded up to 20 digits; a negative radius is a programming error). */
export function ball(p: Precision, mid: Decimal.Value, rad: Decimal.Value): Ball {
  const r = new Up(rad);
  if (r.isNaN() || r.isNeg()) throw new RangeError(`ball: the radius must be ≥ 0, got ${String(rad)}`);
  return { mid: new p.D(mid), rad: r.abs() };
}

/** A lower bound of every number in the ball, with `digits` significant digits (exact when rad = 0). */
export function ballLower(x: Ball, digits: number): Decimal {
  if (x.rad.isZero()) return x.mid;
  return new (floorContext(digits))(x.mid).minus(x.rad);
}

/** An upper bound of every number in the ball, with `digits` significant digits (exact when rad = 0). */
export function ballUpper(x: Ball, digits: number): Decimal {
  if (x.rad.isZero()) return x.mid;
  return new (ceilContext(digits))(x.mid).plus(x.rad);
}

/**
 * Whether the ball certainly contains v: an upper bound of |v − mid| (40 digits, rounded away from zero) is at most
 * rad. A point inside by less than 10^−39 of the distance can be reported as outside; never the reverse.
 */
export function ballContains(x: Ball, v: Decimal.Value): boolean {
  const distance = new Away(v).minus(x.mid).abs();
  return distance.lte(x.rad);
}

/**
 * The ball [lo, hi] for lo ≤ hi: midpoint (lo + hi)/2 rounded to p.digits, radius the larger distance to an end,
 * rounded up (so the rounding of the midpoint is covered).
 */
export function ballFromBounds(p: Precision, lo: Decimal, hi: Decimal): Ball {
  if (hi.lt(lo))
    throw new RangeError(`ballFromBounds: lower end ${lo.toString()} above upper end ${hi.toString()}`);
  // The sum at p + 10 digits, halved exactly (×0.5), rounded once to p: the midpoint is within ½ ulp (+10^−10 ulp)
  // of the centre, so the radius is about half a unit plus half the width.
  const wide = halfEvenContext(p.digits + 10);
  const mid = new p.D(new wide(lo).plus(hi).times('0.5')).toSignificantDigits(p.digits);
  const above = new Up(hi).minus(mid);
  const below = new Up(mid).minus(lo);
  return { mid, rad: above.gt(below) ? above : below };
}

/**
 * The ball as `mid ± rad`: the midpoint with every digit it holds, the radius to 3 significant digits rounded up
 * (still an upper bound; its own further digits carry no information).
 */
export function ballToString(x: Ball): string {
  return `${x.mid.toString()} ± ${new Up(x.rad).toSignificantDigits(3).toString()}`;
}

/** A lower bound (20 digits) of the smallest |value| in the ball; 0 when the ball contains 0. */
export function ballMagnitudeLower(x: Ball): Decimal {
  const m = new Down(x.mid).abs().minus(x.rad);
  return m.isNeg() ? new Down(0) : m;
}
