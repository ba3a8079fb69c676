import { describe, expect, it } from 'vitest';
import { fromDouble, precision, roundTo } from '../../src/precision/context.js';

describe('precision contexts', () => {
  it('are cached per digits and independent of each other', () => {
    expect(precision(30)).toBe(precision(30));
    const third30 = new (precision(30).D)(1).div(3).toString();
    const third50 = new (precision(50).D)(1).div(3).toString();
    expect(third30.length - 2).toBe(30);
    expect(third50.length - 2).toBe(50);
  });

  it('reject impossible digits', () => {
    expect(() => precision(0)).toThrow(RangeError);
    expect(() => precision(2.5)).toThrow(RangeError);
    expect(() => precision(5000)).toThrow(RangeError);
  });

  it('roundTo rounds; new D does not', () => {
    const p = precision(10);
    expect(new p.D('1.23456789012345').toString()).toBe('1.23456789012345');
    expect(roundTo(p, '1.23456789012345').toString()).toBe('1.23456789');
  });

  it('fromDouble gives the exact binary value of a double', () => {
    const p = precision(60);
    // 0.1 as a double is 0.1000000000000000055511151231257827021181583404541015625 (exactly).
    expect(fromDouble(p, 0.1).toString()).toBe('0.1000000000000000055511151231257827021181583404541015625');
    expect(fromDouble(p, -2.5).toString()).toBe('-2.5');
    expect(fromDouble(precision(800), 5e-324).toExponential(5)).toBe('4.94066e-324');
    expect(fromDouble(p, 2 ** 60).toString()).toBe('1152921504606846976');
  });
});
