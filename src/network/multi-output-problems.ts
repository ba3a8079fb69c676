import { InputError } from '../errors.js';
import { MULTI_OUTPUT_PROBLEM_VERSION, PROBLEM_FORMAT, type MultiOutputProblemSpec } from './spec.js';

/** Classification by a tanh network on a seeded Gaussian mixture (cross-entropy, output biases, no hidden biases). */
function mixture(
  name: string,
  C: number,
  d: number,
  width: number,
  perClass: number,
  seed: number,
): MultiOutputProblemSpec {
  return {
    format: PROBLEM_FORMAT,
    version: MULTI_OUTPUT_PROBLEM_VERSION,
    name,
    description:
      `Softmax cross-entropy of a width-${width} tanh network with ${C} outputs on a seeded mixture of ${C} ` +
      `Gaussians in ${d} dimensions (${perClass} samples per class, means of norm ≈ 3, unit noise), ` +
      `Glorot-normal initialisation.`,
    activation: 'tanh',
    hiddenBias: false,
    outputBias: true,
    inputDimension: d,
    outputs: C,
    loss: 'cross-entropy',
    data: { kind: 'gaussian-mixture', samplesPerClass: perClass, separation: 3, seed },
    student: { width, init: { kind: 'glorot-normal', seed } },
  };
}

/**
 * Names of the built-in multi-output problems. Sizes are chosen so that a Hessian at 30 digits takes seconds
 * (docs/multi-output.md has the measured times).
 */
export const MULTI_OUTPUT_PROBLEMS: readonly string[] = ['mixture-c3', 'mixture-c5', 'mixture-c10'];

/** The spec of a built-in multi-output problem (an InputError names the known ones for an unknown name). */
export function multiOutputBuiltinProblem(name: string): MultiOutputProblemSpec {
  switch (name) {
    case 'mixture-c3':
      return mixture(name, 3, 10, 8, 30, 3);
    case 'mixture-c5':
      return mixture(name, 5, 20, 8, 20, 5);
    case 'mixture-c10':
      return mixture(name, 10, 30, 8, 10, 10);
    default:
      throw new InputError(
        `unknown multi-output problem "${name}" (built-in: ${MULTI_OUTPUT_PROBLEMS.join(', ')}; or give a JSON file)`,
      );
  }
}
