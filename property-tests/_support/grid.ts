import fc from 'fast-check';

/** Numbers on a grid of 0.01 in [lo, hi]: short to print, easy to replay, and shrinking towards lo. */
export const grid = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.integer({ min: Math.round(lo * 100), max: Math.round(hi * 100) }).map((k) => k / 100);
