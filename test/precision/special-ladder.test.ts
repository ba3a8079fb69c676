import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precision, roundTo, type Precision } from '../../src/precision/context.js';
import {
  erf,
  erfc,
  expm1,
  log1p,
  normalCdf,
  normalPdf,
  sigmoid,
  softplus,
  tanh,
} from '../../src/precision/special/index.js';
import { zivStatistics } from '../../src/precision/special/_internals/round-ball.js';

/**
 * The precision ladder as a property: f at p digits must equal f at p + 20 digits rounded to p digits, within
 * one unit in the last place (the two can differ by one ulp only through double rounding, when the
 * (p+20)-digit value ends in 5000…). Inputs are built like fast-check's double(): a shrinkable integer mantissa
 * of up to 20 digits placed at a decimal exponent in −40…+6, plus hand-picked tiny and huge edge cases.
 */
const wide = precision(200);

const mantissaTimesPower: fc.Arbitrary<string> = fc
  .tuple(fc.bigInt({ min: 1n, max: 10n ** 20n - 1n }), fc.integer({ min: -40, max: 6 }), fc.boolean())
  .map(([m, e, negative]) => {
    const digits = m.toString();
    // m·10^(e − len + 1): the leading digit sits at decimal exponent e.
    return `${negative ? '-' : ''}${digits}e${e - digits.length + 1}`;
  });
const edgeCases = fc.constantFrom(
  '1e-300',
  '-1e-300',
  '1e-30',
  '-1e-30',
  '1e-20',
  '30',
  '-30',
  '800',
  '-800',
  '1e3',
  '-1e3',
  '1e6',
  '-1e6',
  '1e20',
  '-1e20',
  '0.99999999999999999999',
  '-0.99999999999999999999',
);
const inputs = fc.oneof({ arbitrary: mantissaTimesPower, weight: 9 }, { arbitrary: edgeCases, weight: 1 });
const digitCounts = fc.integer({ min: 10, max: 120 });

type Special = (x: Decimal.Value, p: Precision) => Decimal;
const FUNCTIONS: readonly (readonly [string, Special, (x: string) => string])[] = [
  ['tanh', tanh, (x) => x],
  ['sigmoid', sigmoid, (x) => x],
  ['softplus', softplus, (x) => x],
  ['expm1', expm1, (x) => x],
  // log1p is defined for x > −1: reflect the rest of the inputs.
  ['log1p', log1p, (x) => (new wide.D(x).lte(-1) ? new wide.D(x).neg().toString() : x)],
  ['erf', erf, (x) => x],
  ['erfc', erfc, (x) => x],
  ['normalPdf', normalPdf, (x) => x],
  ['normalCdf', normalCdf, (x) => x],
];

/** |a − b| in units of the last place of b at `digits` digits (0 when both are the same zero/infinity). */
function ulpDistance(a: Decimal, b: Decimal, digits: number): number {
  if (a.eq(b)) return 0;
  if (!a.isFinite() || !b.isFinite() || b.isZero()) return Infinity;
  const q = precision(digits + 30);
  const ulp = new q.D(10).pow(b.e - digits + 1);
  return new q.D(a).minus(b).abs().div(ulp).toNumber();
}

describe('special functions: precision ladder (p digits vs p + 20 digits rounded to p)', () => {
  for (const [name, f, domain] of FUNCTIONS) {
    it(`${name}`, () => {
      fc.assert(
        fc.property(inputs, digitCounts, (raw, digits) => {
          const x = domain(raw);
          const p = precision(digits);
          const low = f(x, p);
          const high = roundTo(p, f(x, precision(digits + 20)));
          const d = ulpDistance(low, high, digits);
          if (!(d <= 1))
            throw new Error(`${name}(${x}) at ${digits}: ${low.toString()} vs ${high.toString()}`);
        }),
        { numRuns: 250 },
      );
    });
  }

  // The counters are module state: in the 'shared' project (isolate: false) earlier files in the same worker have
  // already counted, so this file judges only its own calls.
  let fallbacksBefore = 0;
  beforeAll(() => {
    fallbacksBefore = zivStatistics.fallbacks;
  });
  afterAll(() => {
    // Every result above came from a rigorous enclosure; the midpoint fallback must never have been needed.
    expect(zivStatistics.fallbacks - fallbacksBefore).toBe(0);
  });
});
