import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
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

/**
 * Golden digits from mpmath (scripts/golden/special.py), stored with 30 digits beyond the tested precision.
 *
 * Asserted bound: correct rounding. Our value must equal the golden value rounded half-even to `digits`
 * significant digits, i.e. |ours − true| ≤ 0.5 ulp. The only tolerated difference is one ulp when the stored
 * value lies within 10^−25 ulp of the halfway point between the two candidates: there the 30 stored extra
 * digits cannot tell which side the true value is on. (The library decides rounding from a rigorous error ball,
 * so it never needs this tolerance for its own sake.)
 */
interface GoldenCase {
  readonly name: string;
  readonly digits: number;
  readonly values: Readonly<Record<string, string>>;
}
interface Golden {
  readonly extraDigits: number;
  readonly cases: readonly GoldenCase[];
}

const golden = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'special-golden.json'), 'utf8'),
) as Golden;

const FUNCTIONS: Readonly<Record<string, (x: Decimal.Value, p: Precision) => Decimal>> = {
  tanh,
  sigmoid,
  softplus,
  expm1,
  log1p,
  erf,
  erfc,
  normalPdf,
  normalCdf,
};

/** Undefined if `ours` is the correctly rounded value of `stored`; otherwise a description of the mismatch. */
function roundingError(ours: Decimal, stored: string, digits: number): string | undefined {
  if (stored === '0' || stored === 'Infinity' || stored === '-Infinity') {
    const ok = stored === '0' ? ours.isZero() : ours.toString() === stored;
    return ok ? undefined : `expected ${stored}, got ${ours.toString()}`;
  }
  const wide = precision(digits + golden.extraDigits + 10);
  const truth = new wide.D(stored);
  const expected = roundTo(precision(digits), truth);
  if (ours.eq(expected)) return undefined;
  const ulp = new wide.D(10).pow(expected.e - digits + 1);
  const diff = new wide.D(ours).minus(expected).abs();
  if (diff.lte(ulp)) {
    // Halfway point between ours and expected; tolerate only a value indistinguishable from it.
    const tie = new wide.D(ours).plus(expected).div(2);
    if (truth.minus(tie).abs().lte(ulp.times('1e-25'))) return undefined;
  }
  return `got ${ours.toString()}, correctly rounded ${expected.toString()} (${diff.div(ulp).toSignificantDigits(3).toString()} ulp off)`;
}

describe('special functions: golden digits (mpmath) are reproduced with correct rounding', () => {
  for (const c of golden.cases) {
    const f = FUNCTIONS[c.name];
    it(`${c.name} at ${c.digits} digits (${Object.keys(c.values).length} points)`, () => {
      expect(f).toBeDefined();
      if (f === undefined) return;
      const p = precision(c.digits);
      const failures: string[] = [];
      for (const [x, stored] of Object.entries(c.values)) {
        const ours = f(x, p);
        const err = roundingError(ours, stored, c.digits);
        if (err !== undefined) failures.push(`${c.name}(${x}): ${err}`);
        // The result is a value of p.D already rounded to p.digits.
        expect(ours.constructor).toBe(p.D);
        if (ours.isFinite() && !ours.isZero()) expect(ours.sd()).toBeLessThanOrEqual(c.digits);
      }
      expect(failures).toEqual([]);
    });
  }
});
