import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { neg } from './_internals/ball.js';
import { expBall } from './_internals/exp-ball.js';
import { fromDecimal, readInput } from './_internals/input.js';
import { DEFAULT_GUARD_BITS, correctlyRounded } from './_internals/round-ball.js';

/**
 * e^x, correctly rounded to `p.digits` significant digits for every finite x; exp(±0) = 1, exp(−∞) = 0,
 * exp(+∞) = +∞. Beyond decimal.js's exponent range (|x| > 2.07e16) the result is +Infinity or 0.
 *
 * Method (see `expBall`): decimal reduction x = n·ln 10 + r, the Taylor series of e^(r/2^s) in fixed point and s
 * squarings; several times faster than decimal.js's `exp` at 30–200 digits (bench/special.bench.ts). Input bits:
 * P + log2|x| + 12 (e^x needs x to absolute precision 2^−P).
 *
 * Example: exp('1', precision(20)) → 2.7182818284590452354
 * See also: expm1 (for e^x − 1 near x = 0), log1p.
 */
export function exp(x: Decimal.Value, p: Precision): Decimal {
  const input = readInput(x, p, 'exp');
  if (input.kind === 'infinite') return new p.D(input.negative ? 0 : Infinity);
  if (input.kind === 'zero') return new p.D(1);
  const { negative, c, q, magnitudeBits } = input;
  return correctlyRounded(p, DEFAULT_GUARD_BITS, (P) => {
    const a = fromDecimal(c, q, P + magnitudeBits + 12);
    return expBall(negative ? neg(a) : a, P + 4);
  });
}
