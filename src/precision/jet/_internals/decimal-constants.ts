import type { Decimal } from 'decimal.js';
import { precision, type Precision } from '../../context.js';
import type { FieldConstant } from '../scalar-field.js';

interface Constants {
  readonly pi: Decimal;
  readonly e: Decimal;
  readonly sqrt2: Decimal;
  readonly twoOverSqrtPi: Decimal;
}

const cache = new Map<number, Constants>();

/**
 * π, e, √2 and 2/√π at `p.digits`, cached per precision.
 * π comes from Machin's formula rather than `D.acos(-1)`: decimal.js stores π to only 1025 digits and throws above
 * that, while precision contexts go up to 1100 digits (the public cap of 1000 plus guard digits).
 */
export function decimalConstant(p: Precision, name: FieldConstant): Decimal {
  let c = cache.get(p.digits);
  if (c === undefined) {
    const w = precision(Math.min(1100, p.digits + 10));
    const pi = machinPi(w);
    const round = (x: Decimal): Decimal => new p.D(x).toSignificantDigits(p.digits);
    c = {
      pi: round(pi),
      e: round(new w.D(1).exp()),
      sqrt2: round(new w.D(2).sqrt()),
      twoOverSqrtPi: round(new w.D(2).div(pi.sqrt())),
    };
    cache.set(p.digits, c);
  }
  return c[name];
}

/** π = 16 atan(1/5) − 4 atan(1/239), each arctangent by its alternating Maclaurin series. */
function machinPi(w: Precision): Decimal {
  const atanInv = (n: number): Decimal => {
    const n2 = new w.D(n * n);
    let power = new w.D(1).div(n);
    let sum = power;
    const tiny = new w.D(10).pow(-w.digits - 2);
    for (let k = 1; ; k++) {
      power = power.div(n2);
      const term = power.div(2 * k + 1);
      if (term.lt(tiny)) break;
      sum = k % 2 === 1 ? sum.minus(term) : sum.plus(term);
    }
    return sum;
  };
  return atanInv(5).times(16).minus(atanInv(239).times(4));
}
