import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { precision } from '../../src/precision/context.js';
import { decimalField } from '../../src/precision/jet/index.js';
import { exp } from '../../src/precision/special/index.js';

// exp against decimal.js's own exp at 40 more digits (a different algorithm), to half a unit in the last place:
// correct rounding (|x| ≤ 10^5; the overflow range is tested separately). And the jet field's log (log1p of the exact a − 1) against decimal.js's ln likewise.
const arg = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: -45, max: -15 }))
  .map(([c, q]) => `${c.toString()}e${q}`);

function withinHalfUlp(got: string, want: string, digits: number): boolean {
  const R = precision(digits + 60);
  const g = new R.D(got);
  const w = new R.D(want);
  const ulp = new R.D(10).pow(g.abs().log(10).floor().toNumber() - digits + 1);
  return g.minus(w).abs().lte(ulp.div(2));
}

describe('exp', () => {
  test.prop([arg, fc.constantFrom(20, 50, 120)])('is correctly rounded', (x, digits) => {
    const p = precision(digits);
    const want = new (precision(digits + 40).D)(x).exp();
    expect(withinHalfUlp(exp(x, p).toString(), want.toString(), digits)).toBe(true);
  });

  it('special values and the tails', () => {
    const p = precision(30);
    expect(exp(0, p).toString()).toBe('1');
    expect(exp(-Infinity, p).toString()).toBe('0');
    expect(exp(Infinity, p).toString()).toBe('Infinity');
    expect(exp('3e16', p).toString()).toBe('Infinity');
    expect(exp('-3e16', p).isZero()).toBe(true);
    expect(
      withinHalfUlp(exp('-1000.5', p).toString(), new (precision(80).D)('-1000.5').exp().toString(), 30),
    ).toBe(true);
  });
});

describe('the Decimal jet field', () => {
  test.prop([
    fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 40n }), fc.integer({ min: -45, max: 5 }))
      .map(([c, q]) => `${c.toString()}e${q}`),
  ])('log is correctly rounded, also next to 1', (a) => {
    const F = decimalField(precision(40));
    const want = new (precision(80).D)(a).ln();
    const got = F.log(new (precision(40).D)(a));
    if (want.isZero()) expect(got.isZero()).toBe(true);
    else expect(withinHalfUlp(got.toString(), want.toString(), 40)).toBe(true);
  });

  it('log next to 1 keeps relative precision (1 + 1e-30)', () => {
    const F = decimalField(precision(40));
    const got = F.log(new (precision(40).D)('1.000000000000000000000000000001'));
    const want = new (precision(120).D)('1.000000000000000000000000000001').ln();
    expect(withinHalfUlp(got.toString(), want.toString(), 40)).toBe(true);
  });
});
