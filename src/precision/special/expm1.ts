import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { neg } from './_internals/ball.js';
import { expm1Ball } from './_internals/exp-ball.js';
import { fromDecimal, readInput } from './_internals/input.js';
import { DEFAULT_GUARD_BITS, correctlyRounded } from './_internals/round-ball.js';

/**
 * e^x − 1, correctly rounded to `p.digits` significant digits for every finite x (relative precision also for
 * tiny x, where e^x − 1 in any fixed precision would cancel); expm1(±0) = ±0, expm1(−∞) = −1. Results beyond
 * decimal.js's exponent range (x > 2.07e16) are +Infinity.
 *
 * Method (see `expm1Ball`): |x| < 1/2 uses argument halving, the series of (e^y − 1)/y and the doubling
 * formula expm1(2y) = u(u + 2), which never cancels; |x| ≥ 1/2 uses e^x − 1 with 4 extra bits for the ≤ 1.4
 * bits the subtraction can cancel. Input bits: P + log2|x| + 8 (e^x needs x to absolute precision 2^−P).
 *
 * Example: expm1('1e-20', precision(20)) → 1e-20 (the x²/2 term lies below half an ulp)
 * See also: log1p (its inverse), tanh.
 */
export function expm1(x: Decimal.Value, p: Precision): Decimal {
  const input = readInput(x, p, 'expm1');
  if (input.kind === 'infinite') return new p.D(input.negative ? -1 : Infinity);
  if (input.kind === 'zero') return input.value;
  const { negative, c, q, magnitudeBits } = input;
  return correctlyRounded(p, DEFAULT_GUARD_BITS, (P) => {
    const W = P + 4;
    const a = fromDecimal(c, q, W + magnitudeBits + 8);
    return expm1Ball(negative ? neg(a) : a, W);
  });
}
