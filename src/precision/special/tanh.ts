import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { ONE, TWO, add, div, mul2k, neg, sub } from './_internals/ball.js';
import { expBall, expm1Ball } from './_internals/exp-ball.js';
import { fromDecimal, readInput } from './_internals/input.js';
import { DEFAULT_GUARD_BITS, correctlyRounded } from './_internals/round-ball.js';

/**
 * tanh(x), correctly rounded to `p.digits` significant digits (round-half-even) for every finite x; tanh(±0) = ±0,
 * tanh(±∞) = ±1. A number x is read through its decimal string (see `readInput`).
 *
 * Method (one exponential, no decimal.js transcendental): with a = |x|,
 *   a < 1/4:  tanh a = u/(u + 2), u = expm1(2a) from its series (relative precision for tiny a; no cancellation);
 *   a ≥ 1/4:  tanh a = 1 − 2/(e^(2a) + 1); 2/(e^(2a)+1) ≤ 0.76 so the subtraction loses < 2.1 bits, covered by
 *             4 extra working bits; for huge a the exponential overflows into a marker and the result is 1 ± 1 unit.
 * Input bits: e^(2a) needs 2a to absolute precision 2^−P, so a is read with P + log2|a| + 8 bits.
 *
 * Example: tanh('0.5', precision(30)) → 0.462117157260009758502318483644
 * See also: sigmoid (tanh x = 2σ(2x) − 1), expm1.
 */
export function tanh(x: Decimal.Value, p: Precision): Decimal {
  const input = readInput(x, p, 'tanh');
  if (input.kind === 'infinite') return new p.D(input.negative ? -1 : 1);
  if (input.kind === 'zero') return input.value;
  const { negative, c, q, magnitudeBits } = input;
  const smallArgument = input.value.abs().lt(0.25);
  return correctlyRounded(p, DEFAULT_GUARD_BITS, (P) => {
    const W = P + 4;
    const twoA = mul2k(fromDecimal(c, q, W + magnitudeBits + 8), 1);
    let t;
    if (smallArgument) {
      const u = expm1Ball(twoA, W);
      t = div(u, add(u, TWO, W), W);
    } else {
      t = sub(ONE, div(TWO, add(expBall(twoA, W), ONE, W), W), W);
    }
    return negative ? neg(t) : t;
  });
}
