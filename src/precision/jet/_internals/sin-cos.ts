import type { Decimal } from 'decimal.js';
import { precision, type Precision } from '../../context.js';
import { OutOfRangeError } from '../../out-of-range-error.js';
import { decimalConstant } from './decimal-constants.js';

/** The largest precision context there is (see context.ts). */
const MAX_CONTEXT_DIGITS = 1100;

/**
 * [sin a, cos a] at p.digits (faithful, a few units in the last place when a is not close to a multiple of π/2).
 * The argument is reduced by our own Machin π (decimal.js keeps π to only 1025 digits and throws beyond, also
 * inside its own sin for arguments with many digits): k = round(a/(π/2)) and r = a − kπ/2 at p.digits + (digits of
 * the integer part of a) + 10, so r keeps p.digits + 10 significant digits unless a is within 10^−10 of a multiple
 * of π/2 (the precision ladder then sees the rungs disagree). |r| ≤ π/4 is summed by its Maclaurin series, whose
 * terms decrease from the first. Throws OutOfRangeError when the reduction needs more than the largest context.
 */
export function sinCos(a: Decimal, p: Precision): readonly [Decimal, Decimal] {
  const D = p.D;
  const integerDigits = Math.max(0, a.e + 1);
  const wRed = p.digits + integerDigits + 10;
  if (wRed > MAX_CONTEXT_DIGITS) {
    throw new OutOfRangeError(
      `sin/cos of ${a.toSignificantDigits(6).toString()}: the argument reduction needs ${wRed} digits of π ` +
        `(more than ${MAX_CONTEXT_DIGITS}); use a smaller argument or fewer digits`,
    );
  }
  const w = precision(Math.min(MAX_CONTEXT_DIGITS, p.digits + 10));
  let r: Decimal;
  let quadrant = 0;
  if (a.abs().lt('0.78')) {
    r = new w.D(a);
  } else {
    const red = precision(wRed);
    const halfPi = decimalConstant(red, 'pi').div(2);
    const x = new red.D(a);
    const k = x.div(halfPi).toDecimalPlaces(0, red.D.ROUND_HALF_EVEN);
    r = new w.D(x.minus(k.times(halfPi)).toSignificantDigits(w.digits));
    quadrant = Number(BigInt(k.toFixed(0)) % 4n);
    if (quadrant < 0) quadrant += 4;
  }
  const [s, c] = taylorSinCos(r, w);
  const round = (v: Decimal): Decimal => new D(v).toSignificantDigits(p.digits);
  switch (quadrant) {
    case 1:
      return [round(c), round(s.neg())];
    case 2:
      return [round(s.neg()), round(c.neg())];
    case 3:
      return [round(c.neg()), round(s)];
    default:
      return [round(s), round(c)];
  }
}

/** Maclaurin series of sin and cos for |r| ≤ π/4 + tiny, at w.digits. */
function taylorSinCos(r: Decimal, w: Precision): readonly [Decimal, Decimal] {
  const D = w.D;
  const r2 = r.times(r);
  const tol = new D(10).pow(-(w.digits + 2));
  let s = r;
  let c = new D(1);
  let termS = r;
  let termC = new D(1);
  for (let n = 1; ; n++) {
    termC = termC.times(r2).div(-(2 * n - 1) * (2 * n));
    termS = termS.times(r2).div(-(2 * n) * (2 * n + 1));
    c = c.plus(termC);
    s = s.plus(termS);
    if (termC.abs().lte(tol) && (termS.isZero() || termS.abs().lte(tol.times(s.abs())))) break;
  }
  return [s, c];
}
