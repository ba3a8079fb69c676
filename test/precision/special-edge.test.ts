import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { fromDouble, precision, roundTo } from '../../src/precision/context.js';
import {
  erf,
  erfc,
  exp,
  expm1,
  log1p,
  normalCdf,
  normalPdf,
  sigmoid,
  softplus,
  tanh,
} from '../../src/precision/special/index.js';

const ALL = { tanh, sigmoid, softplus, exp, expm1, log1p, erf, erfc, normalPdf, normalCdf } as const;

describe('special functions: exact and limiting values', () => {
  it('give exact results at 0 and keep the sign of zero for odd functions', () => {
    const p = precision(40);
    for (const f of [tanh, expm1, log1p, erf]) {
      expect(f(0, p).isZero()).toBe(true);
      expect(f('-0', p).isNegative()).toBe(true);
    }
    expect(erfc(0, p).eq(1)).toBe(true);
    expect(sigmoid(0, p).eq(0.5)).toBe(true);
    expect(normalCdf(0, p).eq(0.5)).toBe(true);
    expect(softplus(0, p).eq(roundTo(p, precision(60).D.ln(2)))).toBe(true);
    const q = precision(60);
    expect(normalPdf(0, p).eq(roundTo(p, new q.D(1).div(q.D.acos(-1).times(2).sqrt())))).toBe(true);
  });

  it('refuse NaN and non-numbers with an InputError naming the function (they returned NaN)', () => {
    const p = precision(20);
    for (const [name, f] of Object.entries(ALL)) {
      expect(() => f(NaN, p)).toThrow(InputError);
      expect(() => f(NaN, p)).toThrow(new RegExp(`^${name}: the argument is NaN$`));
      expect(() => f('NaN', p)).toThrow(InputError);
      expect(() => f('abc', p)).toThrow(/is not a number/);
    }
  });

  it('map ±Infinity to the limits', () => {
    const p = precision(20);
    const inf = (f: (x: Decimal.Value, p: ReturnType<typeof precision>) => Decimal, s: number): string =>
      f(s * Infinity, p).toString();
    expect([inf(tanh, 1), inf(tanh, -1), inf(sigmoid, 1), inf(sigmoid, -1)]).toEqual(['1', '-1', '1', '0']);
    expect([inf(softplus, 1), inf(softplus, -1), inf(expm1, 1), inf(expm1, -1)]).toEqual([
      'Infinity',
      '0',
      'Infinity',
      '-1',
    ]);
    expect([inf(log1p, 1), inf(erf, -1), inf(erfc, 1), inf(erfc, -1)]).toEqual(['Infinity', '-1', '0', '2']);
    expect([inf(normalPdf, 1), inf(normalCdf, 1), inf(normalCdf, -1)]).toEqual(['0', '1', '0']);
    expect(log1p(-1, p).toString()).toBe('-Infinity');
    expect(log1p('-1.5', p).isNaN()).toBe(true);
  });

  it('return deep tails instead of 0, and saturate where the rounding is 1', () => {
    const p = precision(30);
    expect(erfc('1e3', p).e).toBe(-434298);
    expect(erfc('1e6', p).e).toBe(-434294481910);
    expect(softplus('-1e6', p).isZero()).toBe(false);
    expect(softplus('-1e6', p).eq(sigmoid('-1e6', p))).toBe(true);
    expect(sigmoid('-1e6', p).e).toBe(-434295);
    expect(normalCdf('-1e3', p).e).toBe(-217151);
    expect(tanh('1e6', p).eq(1)).toBe(true);
    expect(tanh('-1e20', p).eq(-1)).toBe(true);
    expect(erf('1e20', p).eq(1)).toBe(true);
    // Below decimal.js's range (minE = −9e15) or above it (maxE = 9e15):
    expect(erfc('1e20', p).isZero()).toBe(true);
    expect(expm1('1e20', p).toString()).toBe('Infinity');
    expect(expm1('-1e20', p).eq(-1)).toBe(true);
    expect(softplus('1e20', p).eq('1e20')).toBe(true);
    // Arguments whose decimal exponent is far outside the double range.
    expect(tanh('3e-5000000', p).eq('3e-5000000')).toBe(true);
    expect(expm1('-7e-4000', p).eq('-7e-4000')).toBe(true);
    expect(
      erf('1e-400', p).eq(
        roundTo(p, new (precision(60).D)(2).div(precision(60).D.acos(-1).sqrt()).times('1e-400')),
      ),
    ).toBe(true);
    expect(log1p('1e5000', p).eq(roundTo(p, new (precision(60).D)(10).ln().times(5000)))).toBe(true);
  });
});

describe('special functions: inputs and outputs', () => {
  it('read numbers through their decimal string (use fromDouble for the exact double)', () => {
    const p = precision(40);
    expect(tanh(0.1, p).eq(tanh('0.1', p))).toBe(true);
    expect(tanh(fromDouble(p, 0.1), p).eq(tanh('0.1', p))).toBe(false);
  });

  it('return values of p.D rounded to p.digits, also for inputs with more digits', () => {
    const p = precision(20);
    const x = '0.' + '7316'.repeat(25);
    for (const f of Object.values(ALL)) {
      const y = f(x, p);
      expect(y).toBeInstanceOf(p.D);
      expect(y.sd()).toBeLessThanOrEqual(20);
      expect(y.eq(roundTo(p, f(x, precision(60))))).toBe(true);
    }
  });

  it('never touch the global Decimal configuration', () => {
    const before = { precision: Decimal.precision, rounding: Decimal.rounding };
    tanh('0.3', precision(200));
    erfc('5', precision(100));
    expect({ precision: Decimal.precision, rounding: Decimal.rounding }).toEqual(before);
  });
});

describe('special functions: documentation examples', () => {
  // Every "Example: f('x', precision(d)) → value" line in the source files is executed here.
  const dir = join(import.meta.dirname, '..', '..', 'src', 'precision', 'special');
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [
      ...readFileSync(join(dir, f), 'utf8').matchAll(
        /Example: (\w+)\('([^']*)', precision\((\d+)\)\) → (\S+)/g,
      ),
    ]);

  it('has one example per function', () => {
    expect(new Set(examples.map((m) => m[1]))).toEqual(new Set(Object.keys(ALL)));
  });

  for (const [, name = '', x = '', digits = '', expected = ''] of examples) {
    it(`${name}('${x}', precision(${digits})) → ${expected}`, () => {
      const f = ALL[name as keyof typeof ALL];
      expect(f(x, precision(Number(digits))).toString()).toBe(expected);
    });
  }
});
