import { integerOption, knownOptions } from '../errors.js';
import { SeededRandom } from '../precision/random.js';
import { PROBLEM_FORMAT, PROBLEM_VERSION, type ProblemSpec } from './spec.js';

/** Options of {@link rosenbrock8dSpec}. */
export interface Rosenbrock8dOptions {
  /** Number of samples. Default 1000. */
  readonly samples?: number;
  /** Seed of the inputs (SeededRandom). Default 1. */
  readonly dataSeed?: number;
  /** Seed of the student's Glorot-normal initialisation. Default 1. */
  readonly initSeed?: number;
  /** Student width. Default 8. */
  readonly width?: number;
}

/**
 * The 8-D modified Rosenbrock problem of the Fig. 5 reproduction. The paper does not print its 8-D definition; this
 * is the 2-D problem rosenbrock-2d (target log₁₀(3(x₂ + 1 − x₁²)² + (1 − x₁)² + 0.1), z-scored) extended as the
 * standard d-dimensional Rosenbrock sum:
 *
 *     y(x) = zscore( log₁₀( Σ_{k=1}^{7} [3(x_{k+1} + 1 − x_k²)² + (1 − x_k)²] + 0.1 ) ),
 *
 * with `samples` inputs drawn uniformly from [−√3, √3]⁸ (unit variance per coordinate, like the 2-D grid) by
 * SeededRandom(dataSeed), each coordinate an exact decimal with 6 decimals (SeededRandom.decimal); softplus
 * neurons with hidden biases, no output bias, a seeded Glorot-normal start.
 */
export function rosenbrock8dSpec(options: Rosenbrock8dOptions = {}): ProblemSpec {
  const fn = 'rosenbrock8dSpec';
  knownOptions(fn, options, ['samples', 'dataSeed', 'initSeed', 'width']);
  const { samples = 1000, dataSeed = 1, initSeed = 1, width = 8 } = options;
  integerOption(fn, 'samples', samples, 2, 1e6);
  integerOption(fn, 'dataSeed', dataSeed, 0, 2 ** 31 - 1);
  integerOption(fn, 'initSeed', initSeed, 0, 2 ** 31 - 1);
  integerOption(fn, 'width', width, 1, 1000);
  const rng = new SeededRandom(dataSeed);
  const s3 = Math.sqrt(3);
  const inputs = Array.from({ length: samples }, () =>
    Array.from({ length: 8 }, () => rng.decimal(-s3, s3, 6)),
  );
  const terms = Array.from(
    { length: 7 },
    (_, k) => `3*(x${k + 2} + 1 - x${k + 1}^2)^2 + (1 - x${k + 1})^2`,
  ).join(' + ');
  return {
    format: PROBLEM_FORMAT,
    version: PROBLEM_VERSION,
    name: 'rosenbrock-8d',
    description:
      `The Fig. 5 setting: ${samples} inputs uniform in [−√3, √3]⁸ (SeededRandom(${dataSeed}), 6 decimals), target ` +
      'the z-scored log₁₀(Σ_k 3(x_{k+1} + 1 − x_k²)² + (1 − x_k)² + 0.1), softplus, hidden biases, seeded ' +
      'Glorot-normal initialisation.',
    activation: 'softplus',
    hiddenBias: true,
    outputBias: false,
    inputDimension: 8,
    data: { kind: 'formula', inputs, target: `log(${terms} + 0.1)/log(10)`, transform: 'zscore' },
    student: { width, init: { kind: 'glorot-normal', seed: initSeed } },
  } as ProblemSpec;
}
