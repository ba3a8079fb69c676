import { SeededRandom } from '../../precision/random.js';

/** Seeded standard normal deviates (Box–Muller on {@link SeededRandom}; both deviates of a pair are used). */
export function gaussianSource(seed: number): () => number {
  const rng = new SeededRandom(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u1 = 1 - rng.next(); // (0, 1]: the log is finite
    const u2 = rng.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spare = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };
}
