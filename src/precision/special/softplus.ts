import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { ONE, TWO, add, neg } from './_internals/ball.js';
import { expBall } from './_internals/exp-ball.js';
import { fromDecimal, readInput } from './_internals/input.js';
import { log1pBall } from './_internals/log1p-ball.js';
import { DEFAULT_GUARD_BITS, correctlyRounded } from './_internals/round-ball.js';

/**
 * softplus(x) = log(1 + e^x), correctly rounded to `p.digits` significant digits for every finite x;
 * softplus(0) = ln 2, softplus(−∞) = 0, softplus(+∞) = +∞.
 *
 * Method: E = e^(−|x|) ∈ (0, 1]; softplus(x) = log1p(E) for x ≤ 0 and x + log1p(E) for x > 0 (two positive
 * terms: no cancellation). log1p of a tiny E is E(1 − E/2 + …) to full relative precision, so
 * softplus(−10^6) ≈ e^(−10^6) is not rounded to 0; softplus(800) at 1000 digits keeps the e^(−800) ≈ 10^(−348)
 * term. Input bits: P + log2|x| + 8 (E needs |x| to absolute precision 2^−P).
 *
 * Example: softplus('-800', precision(10)) → 3.667874584e-348
 * See also: sigmoid (its derivative), log1p.
 */
export function softplus(x: Decimal.Value, p: Precision): Decimal {
  const input = readInput(x, p, 'softplus');
  if (input.kind === 'infinite') return new p.D(input.negative ? 0 : Infinity);
  const zero = input.kind === 'zero';
  return correctlyRounded(p, DEFAULT_GUARD_BITS, (P) => {
    const W = P + 4;
    if (zero) return log1pBall(ONE, TWO, W);
    const a = fromDecimal(input.c, input.q, W + input.magnitudeBits + 8);
    const e = expBall(neg(a), W);
    const l = log1pBall(e, add(ONE, e, W), W);
    return input.negative ? l : add(a, l, W);
  });
}
