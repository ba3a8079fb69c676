import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { ONE, add, div, neg } from './_internals/ball.js';
import { expBall } from './_internals/exp-ball.js';
import { fromDecimal, readInput } from './_internals/input.js';
import { DEFAULT_GUARD_BITS, correctlyRounded } from './_internals/round-ball.js';

/**
 * The logistic function σ(x) = 1/(1 + e^−x), correctly rounded to `p.digits` significant digits for every
 * finite x; σ(0) = 1/2 exactly, σ(−∞) = 0, σ(+∞) = 1.
 *
 * Method: E = e^(−|x|) ∈ (0, 1], then σ = 1/(1 + E) for x > 0 and E/(1 + E) for x < 0. Both are products and
 * quotients of positive numbers, so no digits cancel, and σ(−10^6) ≈ 10^(−434294) keeps full relative precision
 * (E carries its decimal exponent). Input bits: E needs |x| to absolute precision 2^−P: P + log2|x| + 8 bits.
 *
 * Example: sigmoid('-1e6', precision(10)) → 3.296831478e-434295
 * See also: tanh, softplus (σ = softplus′).
 */
export function sigmoid(x: Decimal.Value, p: Precision): Decimal {
  const input = readInput(x, p, 'sigmoid');
  if (input.kind === 'infinite') return new p.D(input.negative ? 0 : 1);
  if (input.kind === 'zero') return new p.D(0.5);
  const { negative, c, q, magnitudeBits } = input;
  return correctlyRounded(p, DEFAULT_GUARD_BITS, (P) => {
    const W = P + 4;
    const e = expBall(neg(fromDecimal(c, q, W + magnitudeBits + 8)), W);
    const onePlusE = add(ONE, e, W);
    return negative ? div(e, onePlusE, W) : div(ONE, onePlusE, W);
  });
}
