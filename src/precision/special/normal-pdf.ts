import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { mul, mul2k, neg } from './_internals/ball.js';
import { constant } from './_internals/constants.js';
import { expBall } from './_internals/exp-ball.js';
import { fromDecimal, readInput } from './_internals/input.js';
import { DEFAULT_GUARD_BITS, correctlyRounded } from './_internals/round-ball.js';

/**
 * The standard normal density φ(x) = e^(−x²/2)/√(2π), correctly rounded to `p.digits` significant digits for
 * every finite x; φ(±∞) = 0. φ(10^3) ≈ 2.3·10^(−217148) is returned with all digits; φ underflows to 0 only for
 * |x| > 2.0e8.
 *
 * Method: x² is formed exactly in decimal (c²·10^(2q)) and rounded once to P + 2·log2|x| + 8 bits, so x²/2 has
 * absolute error ≤ 2^−(P+8) and e^(−x²/2) relative error below that; one exponential with decimal exponent
 * reduction (see `expBall`) and one multiplication by 1/√(2π).
 *
 * Example: normalPdf('1', precision(20)) → 0.2419707245191433498
 * See also: normalCdf (its integral).
 */
export function normalPdf(x: Decimal.Value, p: Precision): Decimal {
  const input = readInput(x, p, 'normalPdf');
  if (input.kind === 'infinite') return new p.D(0);
  const zero = input.kind === 'zero';
  return correctlyRounded(p, DEFAULT_GUARD_BITS, (P) => {
    const W = P + 4;
    const k = constant('invSqrt2Pi', W + 4);
    if (zero) return k;
    const x2 = fromDecimal(input.c * input.c, 2 * input.q, W + 2 * input.magnitudeBits + 8);
    return mul(expBall(neg(mul2k(x2, -1)), W), k, W);
  });
}
