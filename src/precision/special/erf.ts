import type { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { midpoint, neg } from './_internals/ball.js';
import { erfPositive, widenErf } from './_internals/erf-ball.js';
import { fromDecimal, readInput } from './_internals/input.js';
import { DEFAULT_GUARD_BITS, correctlyRounded } from './_internals/round-ball.js';

/**
 * The error function erf(x) = (2/√π)∫₀ˣ e^(−t²) dt, correctly rounded to `p.digits` significant digits for every
 * finite x; erf(±0) = ±0, erf(±∞) = ±1.
 *
 * Method (see `erfPositive`): for a = |x| with a² ≤ min(600, P/8) the Maclaurin series with 1.443·a² guard bits
 * for its alternating terms (relative precision even for a = 1e−300); beyond, 1 − erfc(a) with erfc from
 * Laplace's continued fraction, needed only to P − 1.44a² bits because erfc(a) < 2^(−1.44a²). erf(10^6) = 1
 * exactly after rounding. Input bits: P + log2|x| + 8 (|erf′| ≤ 2/√π, so an absolute error of a shifts erf by
 * at most 1.13 times as much).
 *
 * Example: erf('1', precision(20)) → 0.84270079294971486934
 * See also: erfc, normalCdf.
 */
export function erf(x: Decimal.Value, p: Precision): Decimal {
  const input = readInput(x, p, 'erf');
  if (input.kind === 'infinite') return new p.D(input.negative ? -1 : 1);
  if (input.kind === 'zero') return input.value;
  const { negative, c, q, magnitudeBits } = input;
  return correctlyRounded(p, DEFAULT_GUARD_BITS, (P) => {
    const W = P + 4;
    const a = fromDecimal(c, q, W + magnitudeBits + 8);
    const v = widenErf(erfPositive(midpoint(a), W), a, W);
    return negative ? neg(v) : v;
  });
}
