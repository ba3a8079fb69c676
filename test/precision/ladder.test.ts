import { describe, expect, it } from 'vitest';
import { precision } from '../../src/precision/context.js';
import { certifyByLadder } from '../../src/precision/ladder.js';

describe('certifyByLadder', () => {
  it('certifies a correctly computed value and rounds it to the requested digits', () => {
    const p = precision(30);
    const out = certifyByLadder((q) => [new q.D(2).sqrt(), new q.D(0)], p);
    expect(out.kind).toBe('certified');
    if (out.kind !== 'certified') return;
    expect(out.values[0]?.toString()).toBe('1.41421356237309504880168872421');
    expect(out.values[1]?.isZero()).toBe(true);
    expect(out.workingDigits).toEqual([40, 60]);
    expect(out.unresolvedZeros).toEqual([]);
  });

  it('climbs when the first two rungs disagree and succeeds once the value stabilises', () => {
    const p = precision(20);
    // sqrt(2) plus an error of 10^(35 − working digits): visible at 20 digits until the working precision exceeds 55.
    const out = certifyByLadder((q) => [new q.D(2).sqrt().plus(new q.D(10).pow(35 - q.digits))], p);
    expect(out.kind).toBe('certified');
    if (out.kind !== 'certified') return;
    expect(out.workingDigits[0]).toBeGreaterThan(50);
    expect(out.values[0]?.toString()).toBe('1.4142135623730950488');
  });

  it('refuses (uncertain) a value that never stabilises, instead of returning it', () => {
    const p = precision(20);
    const out = certifyByLadder((q) => [new q.D(q.digits)], p, { maxWorkingDigits: 120 });
    expect(out.kind).toBe('uncertain');
  });
});

describe('certifyByLadder with a scale (true zeros)', () => {
  it('reports a value that is zero up to rounding noise as an unresolved zero with an absolute bound', () => {
    const p = precision(20);
    // (√2)² − 2 is exactly 0 but computes to rounding noise of varying sign and size at every precision.
    const out = certifyByLadder((q) => [new q.D(2).sqrt(), new q.D(2).sqrt().pow(2).minus(2)], p, {
      scale: () => new (precision(20).D)(2),
      maxWorkingDigits: 100,
    });
    expect(out.kind).toBe('certified');
    if (out.kind !== 'certified') return;
    expect(out.values[1]?.isZero()).toBe(true);
    expect(out.unresolvedZeros).toHaveLength(1);
    expect(out.unresolvedZeros[0]?.index).toBe(1);
    expect(out.unresolvedZeros[0]?.bound.lt('1e-50')).toBe(true);
  });

  it('still refuses a value that is unstable but not small', () => {
    const p = precision(20);
    const out = certifyByLadder((q) => [new q.D(q.digits).div(1000)], p, {
      scale: () => new (precision(20).D)(1),
      maxWorkingDigits: 100,
    });
    expect(out.kind).toBe('uncertain');
  });
});
