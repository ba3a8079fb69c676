import { InputError } from '../errors.js';
import { PROBLEM_FORMAT, PROBLEM_VERSION, type InputsSpec, type ProblemSpec } from './spec.js';

/**
 * The GP target's seed is the run's seed plus this offset: the Glorot-normal draw and the GP's standard normals
 * both come from SeededRandom, whose stream of seed s + 10⁶ is the stream of s shifted by 405 703 616 steps, so the
 * target is not correlated with the initial point of its own run.
 */
export const GP_SEED_OFFSET = 1_000_000;

/** The inputs of the Fig. 4 GP problems: an 11×11 grid of [−1.25, 1.25]² (step 0.25, exact in binary; N = 121). */
export const GP_DEFAULT_INPUTS: InputsSpec = {
  grid: { lower: ['-1.25', '-1.25'], upper: ['1.25', '1.25'], points: [11, 11] },
};

/** Options of {@link gpProblemSpec}. */
export interface GpProblemOptions {
  /** Default {@link GP_DEFAULT_INPUTS} (two-dimensional). */
  readonly inputs?: InputsSpec;
  /** Default 2 (must match `inputs`). */
  readonly inputDimension?: number;
  /** Default softplus. */
  readonly activation?: string;
}

/**
 * The problem of one Fig. 4 network: a softplus network with hidden and output biases, width `width`, seeded
 * Glorot-normal initialisation (seed `seed`), trained on one draw of a Matérn-3/2 Gaussian process of length scale
 * `scale` at the inputs, with GP seed `seed` + {@link GP_SEED_OFFSET} (a new target per network).
 */
export function gpProblemSpec(
  scale: number,
  seed: number,
  width: number,
  options: GpProblemOptions = {},
): ProblemSpec {
  const { inputs = GP_DEFAULT_INPUTS, inputDimension = 2, activation = 'softplus' } = options;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new InputError(`scale: expected a finite number > 0, got ${String(scale)}`);
  return {
    format: PROBLEM_FORMAT,
    version: PROBLEM_VERSION,
    name: gpProblemName(scale),
    description:
      `A ${activation} network with biases fitting one draw of a zero-mean Gaussian process with the ` +
      `Matérn-3/2 kernel of length scale ${scale} (GP seed ${seed + GP_SEED_OFFSET}).`,
    activation,
    hiddenBias: true,
    outputBias: true,
    inputDimension,
    data: { kind: 'gp', inputs, kernel: 'matern32', scale: String(scale), seed: seed + GP_SEED_OFFSET },
    student: { width, init: { kind: 'glorot-normal', seed } },
  };
}

/** The label of the GP problems of one scale. */
export function gpProblemName(scale: number): string {
  return `gp-matern32-s${scale}`;
}
