import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { ONE, add, midpoint, mul, mul2k } from './_internals/ball.js';
import { constant } from './_internals/constants.js';
import { erfPositive, erfcPositive, widenErf, widenErfc } from './_internals/erf-ball.js';
import { fromDecimal, readInput } from './_internals/input.js';
import { DEFAULT_GUARD_BITS, correctlyRounded } from './_internals/round-ball.js';

/**
 * The standard normal distribution function Φ(x) = erfc(−x/√2)/2, correctly rounded to `p.digits` significant
 * digits for every finite x; Φ(0) = 1/2 exactly, Φ(−∞) = 0, Φ(+∞) = 1. The lower tail keeps full relative
 * precision (Φ(−40) ≈ 3.7e−350).
 *
 * Method: z = |x|/√2 as a ball read with P + 2·log2|x| + 12 bits (the erfc tail's relative sensitivity is
 * ≈ 2z per unit of z); x > 0: (1 + erf(z))/2, x < 0: erfc(z)/2, both cancellation-free (see erf, erfc).
 *
 * Example: normalCdf('-1', precision(20)) → 0.15865525393145705141
 * See also: normalPdf, erfc.
 */
export function normalCdf(x: Decimal.Value, p: Precision): Decimal {
  const input = readInput(x, p, 'normalCdf');
  if (input.kind === 'infinite') return new p.D(input.negative ? 0 : 1);
  if (input.kind === 'zero') return new p.D(0.5);
  const { negative, c, q, magnitudeBits } = input;
  return correctlyRounded(p, DEFAULT_GUARD_BITS, (P) => {
    const W = P + 4;
    const Pin = W + 2 * magnitudeBits + 12;
    const z = mul(fromDecimal(c, q, Pin), constant('invSqrt2', Pin + 4), Pin);
    const zm = midpoint(z);
    if (negative) return mul2k(widenErfc(erfcPositive(zm, W), z), -1);
    return mul2k(add(ONE, widenErf(erfPositive(zm, W), z, W), W), -1);
  });
}
