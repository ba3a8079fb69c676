import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registeredActivations, resolveActivation } from '../../src/activations/index.js';
import { precision, roundTo } from '../../src/precision/context.js';
import { certifyByLadder } from '../../src/precision/ladder.js';
import { agrees, digitsAgreeing, scaleOf } from './helpers.js';

// The precision ladder: derivatives at p digits equal those at p + 20 rounded to p, to a few ulps (or, for a
// derivative that is tiny next to the others, absolutely at 10^−(p+3) of the largest |σ^(j)(x)|).
// x = m·10^−k with |x| ≤ 8 (shrinks towards short decimals), plus points next to an integer, where the
// recurrences' cancellations are worst for some activations.
const xArbitrary = fc.oneof(
  fc.tuple(fc.integer({ min: -8_000_000, max: 8_000_000 }), fc.integer({ min: 6, max: 25 })).map(([m, k]) => {
    const v = (m / 1e6).toFixed(6);
    return k === 6 ? v : `${m}e-${k}`;
  }),
  fc
    .tuple(
      fc.integer({ min: -6, max: 6 }),
      fc.integer({ min: -999, max: 999 }),
      fc.integer({ min: 10, max: 40 }),
    )
    .map(([n, m, k]) => new (precision(80).D)(n).plus(`${m}e-${k}`).toString()),
);

// Formulas here are free of cancellation of their own; see the last test for one that is not.
const NAMES = [...registeredActivations(), 'tanh(x)^2 + exp(x/2)', 'x^3/3 + tanh(2*x)', 'x/(1+exp(-x))'];

describe('precision ladder: p digits vs p + 20 digits rounded to p', () => {
  for (const name of NAMES) {
    it(name, () => {
      const act = resolveActivation(name);
      fc.assert(
        fc.property(
          xArbitrary,
          fc.constantFrom(20, 45, 70),
          fc.integer({ min: 0, max: 7 }),
          (x, digits, order) => {
            const p = precision(digits);
            const outcome = act.tryDerivatives(x, order, p);
            if (outcome.kind === 'non-smooth') return act.smooth === false;
            const high = act.derivatives(x, order, precision(digits + 20)).map((v) => roundTo(p, v));
            const scale = scaleOf(high);
            outcome.values.forEach((v, k) => {
              const w = high[k]!;
              expect(
                agrees(v, w, digits, scale),
                `σ^(${k})(${x}) at ${digits}: ${v} vs ${w} (${digitsAgreeing(v, w)})`,
              ).toBe(true);
            });
            return true;
          },
        ),
        { numRuns: 25, seed: 20250611 },
      );
    });
  }

  it('a formula that cancels (log(cosh(x)) near 0 loses 2·log10(1/|x|) digits) is caught and fixed by certifyByLadder', () => {
    const act = resolveActivation('log(cosh(x))');
    const p = precision(20);
    const x = '1e-9';
    // log cosh x = x²/2 − x⁴/12 + …: 5e-19 − 8.3e-38, i.e. 4.9999999999999999991666…e-19.
    const want = '4.9999999999999999992e-19';
    expect(act.value(x, p).toString()).not.toBe(want);
    const outcome = certifyByLadder((q) => [act.value(x, q)], p);
    expect(outcome.kind).toBe('certified');
    if (outcome.kind === 'certified') expect(outcome.values[0]?.toString()).toBe(want);
  });
});
