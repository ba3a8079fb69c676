import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import type { Precision } from '../precision/context.js';

/** Constraints of {@link decimalArbitrary}. */
export interface DecimalArbitraryConstraints {
  /** Most significant digits of the mantissa. Default 20. */
  readonly maxMantissaDigits?: number;
  /** Smallest decimal exponent (the value is mantissa · 10^exponent). Default −30. */
  readonly minExponent?: number;
  /** Largest decimal exponent. Default 5. */
  readonly maxExponent?: number;
  /** Weight (0…1) of values built for cancellation, n + m·10^−k with k large, e.g. 1.000000000000000000003.
   * Default 0.25. */
  readonly cancellationBias?: number;
}

/**
 * Decimal values built like fast-check's `double()`: from a shrinkable integer mantissa and a bounded exponent,
 * so a failing case shrinks towards short mantissas and small exponents (simple numbers such as 1 or 2e-3).
 * A share of the values sits just beside an integer (n + tiny), where subtraction cancels most digits.
 * Values are exact decimals of `p.D` (not rounded to `p.digits`).
 */
export function decimalArbitrary(
  p: Precision,
  constraints: DecimalArbitraryConstraints = {},
): fc.Arbitrary<Decimal> {
  const { maxMantissaDigits = 20, minExponent = -30, maxExponent = 5, cancellationBias = 0.25 } = constraints;
  const bound = 10n ** BigInt(maxMantissaDigits) - 1n;
  const plain = fc
    .tuple(fc.bigInt({ min: -bound, max: bound }), fc.integer({ min: minExponent, max: maxExponent }))
    .map(([m, e]) => new p.D(`${m.toString()}e${e}`));
  const nearInteger = fc
    .tuple(
      fc.integer({ min: -10, max: 10 }),
      fc.bigInt({ min: -999n, max: 999n }),
      fc.integer({ min: Math.min(15, maxMantissaDigits), max: Math.max(15, maxMantissaDigits + 10) }),
    )
    .map(([n, m, k]) => new p.D(n).plus(new p.D(`${m.toString()}e-${k}`)));
  const weightCancel = Math.round(cancellationBias * 100);
  return fc.oneof(
    { arbitrary: plain, weight: 100 - weightCancel },
    { arbitrary: nearInteger, weight: weightCancel },
  );
}

/** Pairs (x, y) with y = −x + tiny: x + y cancels all but the last digits. */
export function cancellingPairArbitrary(
  p: Precision,
  constraints: DecimalArbitraryConstraints = {},
): fc.Arbitrary<readonly [Decimal, Decimal]> {
  const { maxMantissaDigits = 20 } = constraints;
  return fc
    .tuple(
      decimalArbitrary(p, { ...constraints, cancellationBias: 0 }),
      fc.bigInt({ min: -999n, max: 999n }),
      fc.integer({ min: 1, max: maxMantissaDigits + 10 }),
    )
    .map(([x, m, k]) => [x, x.neg().plus(x.abs().times(`${m.toString()}e-${k}`))] as const);
}
