import { SeededRandom } from '../../precision/random.js';
import { rowLength, type Layout } from '../params.js';
import type { ParamsSpec } from '../spec.js';

/**
 * Seeded Glorot-normal (Xavier) initial parameters as decimal strings: hidden weights ~ N(0, 2/(d + r)), output
 * weights ~ N(0, 2/(r + 1)), biases 0 (the Keras defaults). Normal deviates come from SeededRandom by Box–Muller
 * in float64 and are rounded to 10 significant digits, so the values are exact decimals that do not depend on the
 * last bit of Math.log or Math.cos. Draw order: w row by row (biases are not drawn), then a.
 */
export function glorotNormal(layout: Layout, seed: number): ParamsSpec {
  const rng = new SeededRandom(seed);
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u1 = 1 - rng.next(); // (0, 1]: log is finite
    const u2 = rng.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spare = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };
  const text = (x: number): string => String(Number(x.toPrecision(10)));
  const { width: r, inputDimension: d } = layout;
  const sdW = Math.sqrt(2 / (d + r));
  const sdA = Math.sqrt(2 / (r + 1));
  const w = Array.from({ length: r }, () => {
    const row = Array.from({ length: d }, () => text(sdW * normal()));
    return rowLength(layout) > d ? [...row, '0'] : row;
  });
  const a = Array.from({ length: r }, () => text(sdA * normal()));
  return layout.outputBias ? { w, a, b: '0' } : { w, a };
}
