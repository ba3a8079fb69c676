import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { precision, roundTo, type Precision } from '../../src/precision/context.js';
import {
  erf,
  erfc,
  expm1,
  log1p,
  normalCdf,
  sigmoid,
  softplus,
  tanh,
} from '../../src/precision/special/index.js';

/**
 * Identities between the functions at high precision. Each side is a correctly rounded p-digit value, so a
 * combination of them may differ from the exact identity by the sum of their half-ulps plus the rounding of the
 * combination itself; the checks allow one full ulp per term (twice that), evaluated in a context with 40 extra
 * digits. Inputs: mantissas of up to 30 digits at decimal exponents −30…+2 (and a few edge cases).
 */
const DIGITS = [60, 250];

const inputs: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 30n - 1n }), fc.integer({ min: -30, max: 2 }), fc.boolean())
      .map(([m, e, negative]) => `${negative ? '-' : ''}${m.toString()}e${e - m.toString().length + 1}`),
    weight: 9,
  },
  { arbitrary: fc.constantFrom('1e-300', '-1e-20', '0.5', '27', '-27', '800', '-800'), weight: 1 },
);

/** One unit in the last place of v at p.digits (for v = 0: the smallest ulp among the other terms is used). */
function ulp(v: Decimal, p: Precision, wide: Precision): Decimal {
  return v.isZero() ? new wide.D(0) : new wide.D(10).pow(v.e - p.digits + 1);
}

/** |lhs − rhs| ≤ Σ ulp(terms): the identity holds up to the rounding of each correctly rounded term. */
function holds(lhs: Decimal, rhs: Decimal, terms: readonly Decimal[], p: Precision): boolean {
  const wide = precision(p.digits + 40);
  const diff = new wide.D(lhs).minus(new wide.D(rhs)).abs();
  const tol = terms.reduce((acc, t) => acc.plus(ulp(t, p, wide)), new wide.D(0));
  return diff.lte(tol);
}

function check(name: string, identity: (x: string, p: Precision) => boolean, numRuns = 60): void {
  for (const digits of DIGITS) {
    it(`${name} at ${digits} digits`, () => {
      const p = precision(digits);
      fc.assert(
        fc.property(inputs, (x) => identity(x, p)),
        { numRuns },
      );
    });
  }
}

describe('special functions: identities', () => {
  check('erf(x) + erfc(x) = 1', (x, p) => {
    const a = erf(x, p);
    const b = erfc(x, p);
    return holds(new (precision(p.digits + 40).D)(a).plus(b), new p.D(1), [a, b], p);
  });

  check('erfc(−x) = 2 − erfc(x)', (x, p) => {
    const a = erfc(x, p);
    const b = erfc(new p.D(x).neg(), p);
    return holds(new (precision(p.digits + 40).D)(a).plus(b), new p.D(2), [a, b], p);
  });

  check('σ(x) + σ(−x) = 1', (x, p) => {
    const a = sigmoid(x, p);
    const b = sigmoid(new p.D(x).neg(), p);
    return holds(new (precision(p.digits + 40).D)(a).plus(b), new p.D(1), [a, b], p);
  });

  check('tanh(x) = 2σ(2x) − 1', (x, p) => {
    const t = tanh(x, p);
    const s = sigmoid(new p.D(x).times(2), p);
    // 2σ − 1 doubles σ's rounding error.
    return holds(t, new (precision(p.digits + 40).D)(s).times(2).minus(1), [t, s, s], p);
  });

  check('softplus(x) − softplus(−x) = x', (x, p) => {
    const a = softplus(x, p);
    const b = softplus(new p.D(x).neg(), p);
    return holds(new (precision(p.digits + 40).D)(a).minus(b), new p.D(x), [a, b], p);
  });

  check('expm1(log1p(x)) = x (x > −1)', (raw, p) => {
    const x = new p.D(raw).lte(-1) ? new p.D(raw).neg() : new p.D(raw);
    // The inner value carries 20 guard digits, so only the outer rounding (plus a 10^−20-relative perturbation,
    // amplified by the modest condition number of expm1 for these x) remains.
    const inner = log1p(x, precision(p.digits + 20));
    const back = expm1(inner, p);
    return holds(back, roundTo(p, x), [back, back], p);
  });

  check('Φ(x) = erfc(−x/√2)/2', (x, p) => {
    const wide = precision(p.digits + 30);
    const z = new wide.D(x).neg().div(new wide.D(2).sqrt());
    const a = normalCdf(x, p);
    const b = erfc(z, p);
    return holds(a, new wide.D(b).div(2), [a, a], p);
  });
});
