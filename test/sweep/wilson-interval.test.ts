import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/sweep/wilson-interval.js';

/**
 * Independent reference: the Wilson interval is the set of p with |k/n − p| ≤ z·√(p(1−p)/n) (inverting the score
 * test), found here by bisection on each side of k/n instead of the closed form.
 */
function byBisection(k: number, n: number, z = 1.959963984540054): [number, number] {
  const phat = k / n;
  const inside = (p: number): boolean => Math.abs(phat - p) <= z * Math.sqrt((p * (1 - p)) / n);
  const edge = (outside: number, inner: number): number => {
    let [o, i] = [outside, inner];
    for (let it = 0; it < 200; it++) {
      const m = (o + i) / 2;
      if (inside(m)) i = m;
      else o = m;
    }
    return i;
  };
  return [k === 0 ? 0 : edge(0, phat), k === n ? 1 : edge(1, phat)];
}

describe('wilsonInterval', () => {
  it('matches published values (Newcombe 1998, Table I: 81/263 → 0.2553–0.3662; 0/10 → 0–0.2775)', () => {
    const a = wilsonInterval(81, 263);
    expect(a.lower).toBeCloseTo(0.2553, 4);
    expect(a.upper).toBeCloseTo(0.3662, 4);
    const b = wilsonInterval(0, 10);
    expect(b.lower).toBe(0);
    expect(b.upper).toBeCloseTo(0.2775, 4);
  });

  test.prop([
    fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
  ])('equals the score-test inversion by bisection and contains k/n', ([k, n]) => {
    const w = wilsonInterval(k, n);
    const [lo, hi] = byBisection(k, n);
    expect(Math.abs(w.lower - lo)).toBeLessThan(1e-12);
    expect(Math.abs(w.upper - hi)).toBeLessThan(1e-12);
    expect(w.lower).toBeLessThanOrEqual(w.fraction);
    expect(w.upper).toBeGreaterThanOrEqual(w.fraction);
  });

  it('n = 0 is uninformative; bad counts are rejected', () => {
    expect(wilsonInterval(0, 0)).toEqual({ count: 0, total: 0, fraction: 0, lower: 0, upper: 1 });
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
  });
});
