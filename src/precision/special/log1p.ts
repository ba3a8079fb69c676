import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { type Ball, ONE, add, neg, pow10 } from './_internals/ball.js';
import { fromDecimal, readInput } from './_internals/input.js';
import { log1pBall } from './_internals/log1p-ball.js';
import { DEFAULT_GUARD_BITS, correctlyRounded } from './_internals/round-ball.js';

/**
 * log(1 + x), correctly rounded to `p.digits` significant digits for every finite x > −1 (relative precision also
 * for tiny x); log1p(±0) = ±0, log1p(−1) = −Infinity, log1p(x < −1) = NaN, log1p(+∞) = +∞.
 *
 * Method (see `log1pBall`): a double-precision guess λ, the exact correction c = (1 + x)e^(−λ) − 1 (formed as
 * (1 + x)·expm1(−λ) + x for |x| < 1/2 so tiny x keep their relative precision), Newton steps while c is large,
 * then λ + log1p(c) by a short series. 1 + x is formed exactly in decimal before it is rounded once, so x = −1 +
 * 10^(−30) loses nothing. Input bits: P + 8 (log1p is well conditioned relative to 1 + x and to x).
 *
 * Example: log1p('1e-20', precision(20)) → 1e-20
 * See also: expm1 (its inverse), softplus.
 */
export function log1p(x: Decimal.Value, p: Precision): Decimal {
  const input = readInput(x, p, 'log1p');
  if (input.kind === 'infinite') return new p.D(input.negative ? NaN : Infinity);
  if (input.kind === 'zero') return input.value;
  const cmp = input.value.cmp(-1);
  if (cmp === 0) return new p.D(-Infinity);
  if (cmp < 0) return new p.D(NaN);
  const { negative, c, q } = input;
  return correctlyRounded(p, DEFAULT_GUARD_BITS, (P) => {
    const W = P + 4;
    const a = fromDecimal(c, q, W + 8);
    const w = negative ? neg(a) : a;
    let u: Ball;
    if (q < 0 && q >= -350) {
      // 1 + x = (10^−q ± c)·10^q exactly, rounded only once.
      const f = pow10(-q);
      u = fromDecimal(negative ? f - c : f + c, q, W + 8);
    } else if (q < 0) {
      u = add(ONE, w, W + 8);
    } else {
      // x is an integer ≥ 1 (x ≤ −1 was excluded): 1 + x is exact, or absorbs the 1 when x ≥ 10^350.
      u = add(fromDecimal(c, q, W + 8), ONE, Math.max(W + 8, 1200));
    }
    return log1pBall(w, u, W);
  });
}
