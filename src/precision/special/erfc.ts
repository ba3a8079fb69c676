import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { ONE, add, midpoint } from './_internals/ball.js';
import { erfPositive, erfcPositive, widenErf, widenErfc } from './_internals/erf-ball.js';
import { fromDecimal, readInput } from './_internals/input.js';
import { DEFAULT_GUARD_BITS, correctlyRounded } from './_internals/round-ball.js';

/**
 * The complementary error function erfc(x) = 1 − erf(x), correctly rounded to `p.digits` significant digits for
 * every finite x, with full relative precision in the tail: erfc(30) ≈ 2.6e−393 and erfc(1000) ≈ 1.9e−434298 are
 * returned, not 0 (only x > 1.4e8, where erfc(x) < 10^(−9e15) is below decimal.js's range, gives 0).
 * erfc(0) = 1, erfc(+∞) = 0, erfc(−∞) = 2.
 *
 * Method (see `erfcPositive`): for a = x > 0 never 1 − erf computed at the output precision:
 *   a² ≤ 1/4: 1 − erf(a) (erfc ≥ 0.48, ≤ 1.1 bits cancel);
 *   a² ≤ min(600, P/4): 1 − erf(a) with erf to P + 1.443a² + log2(a√π) + 5 bits, exactly the bits the
 *     subtraction cancels (erfc(a) < e^(−a²)/(a√π));
 *   larger a: e^(−a²)/(√π·g(a)) with g Laplace's continued fraction, bracketed by consecutive convergents.
 * For x < 0, erfc(x) = 1 + erf(|x|) ∈ (1, 2): no cancellation. Input bits: P + 2·log2|x| + 8, because the
 * relative change of erfc per absolute change of x is up to 2x + 1.5.
 *
 * Example: erfc('30', precision(10)) → 2.564656204e-393
 * See also: erf, normalCdf.
 */
export function erfc(x: Decimal.Value, p: Precision): Decimal {
  const input = readInput(x, p, 'erfc');
  if (input.kind === 'infinite') return new p.D(input.negative ? 2 : 0);
  if (input.kind === 'zero') return new p.D(1);
  const { negative, c, q, magnitudeBits } = input;
  return correctlyRounded(p, DEFAULT_GUARD_BITS, (P) => {
    const W = P + 4;
    const a = fromDecimal(c, q, W + 2 * magnitudeBits + 8);
    if (negative) return add(ONE, widenErf(erfPositive(midpoint(a), W), a, W), W);
    return widenErfc(erfcPositive(midpoint(a), W), a);
  });
}
