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
