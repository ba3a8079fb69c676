import { describe, expect, it } from 'vitest';
import { erfHalfFast64 } from '../../src/landscape/_internals/erf-half-table64.js';
import { erfHalf64 } from '../../src/activations/_internals/gauss64.js';
import { precision } from '../../src/precision/context.js';
import { erf } from '../../src/precision/special/index.js';
import { SeededRandom } from '../../src/precision/random.js';

// The table-and-Taylor erf(x/√2) behind the edge-of-stability runs, against the standard erf at 30 digits
// (precision/special, a route through neither the table nor erfHalf64) and against erfHalf64 (what it replaces).
describe('erfHalfFast64', () => {
  const p = precision(30);
  const exact = (x: number): number => erf(new p.D(x).div(p.D.sqrt(2)), p).toNumber();

  it('is within 2·2⁻⁵³ (absolute) of the 30-digit erf(x/√2) on 2000 seeded points of [−10, 10] and at the nodes', () => {
    const rng = new SeededRandom(7);
    const xs = [
      ...Array.from({ length: 2000 }, () => -10 + 20 * rng.next()),
      0,
      1 / 256,
      1 / 512,
      -8.998,
      8.999,
      9,
      -9.5,
      0.84375,
    ];
    let worst = 0;
    for (const x of xs) worst = Math.max(worst, Math.abs(erfHalfFast64(x) - exact(x)));
    expect(worst).toBeLessThanOrEqual(2 * 2 ** -53);
  });

  it('is relatively accurate near 0, odd, and ±1 / NaN beyond the table', () => {
    for (const x of [1e-300, 3e-9, 1e-3, 0.3]) {
      expect(Math.abs(erfHalfFast64(x) / exact(x) - 1)).toBeLessThan(4e-16);
      expect(erfHalfFast64(-x)).toBe(-erfHalfFast64(x));
    }
    expect(erfHalfFast64(Infinity)).toBe(1);
    expect(erfHalfFast64(-1e308)).toBe(-1);
    expect(erfHalfFast64(NaN)).toBeNaN();
  });

  it('agrees with erfHalf64 to a few ulps', () => {
    const rng = new SeededRandom(11);
    let worst = 0;
    for (let k = 0; k < 20000; k++) {
      const x = -9 + 18 * rng.next();
      worst = Math.max(worst, Math.abs(erfHalfFast64(x) - erfHalf64(x)));
    }
    expect(worst).toBeLessThanOrEqual(3 * 2 ** -53);
  });
});
