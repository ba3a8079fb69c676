import { InputError, integerOption, knownOptions } from '../errors.js';
import { PROBLEM_FORMAT, PROBLEM_VERSION, type ProblemSpec } from './spec.js';

const header = { format: PROBLEM_FORMAT, version: PROBLEM_VERSION } as const;

const twoParam: ProblemSpec = {
  ...header,
  name: 'two-param',
  description: 'Student a·tanh(w x), width 1, no biases, fitting 1.5·tanh(0.8 x) at five points.',
  activation: 'tanh',
  hiddenBias: false,
  outputBias: false,
  inputDimension: 1,
  data: {
    kind: 'formula',
    inputs: ['-2', '-1', '0.5', '1', '3'],
    target: '1.5*tanh(0.8*x)',
    transform: 'none',
  },
  student: { width: 1, init: { kind: 'explicit', params: { w: [['0.2']], a: ['0.3'] } } },
};

const gluTeacher: ProblemSpec = {
  ...header,
  name: 'glu-teacher',
  description:
    'Two tanh neurons fitting the gated linear unit 0.5·tanh(x) + x·sech²(x) (c = 0.5, w = 1, v = 1) at 9 points ' +
    'of [−3, 3]; the target is reachable only at infinity, along a channel.',
  activation: 'tanh',
  hiddenBias: false,
  outputBias: false,
  inputDimension: 1,
  data: {
    kind: 'formula',
    inputs: { grid: { lower: ['-3'], upper: ['3'], points: [9] } },
    target: '0.5*tanh(x) + x/cosh(x)^2',
    transform: 'none',
  },
  student: { width: 2, init: { kind: 'explicit', params: { w: [['1.1'], ['0.9']], a: ['5', '-4.5'] } } },
};

const paperToy: ProblemSpec = {
  ...header,
  name: 'paper-toy',
  description:
    'The paper’s two-erf-neuron toy (its figure 6): σ(x) = erf(x/√2), no biases, target ' +
    'erf((5x + 2.5)/√2) + erf((5x − 2.5)/√2), population loss under x ~ N(0, 1). The initial point ' +
    '(a₁, a₂, w₁, w₂) = (0.5, 0.5, 0.8, 1.2) is a generic choice of ours: both readouts equal, input weights apart, ' +
    'so that training has to decide between the channels of the loss at infinity.',
  activation: 'erf',
  hiddenBias: false,
  outputBias: false,
  inputDimension: 1,
  data: {
    kind: 'population',
    distribution: 'standard-normal',
    target: { formula: 'erf((5*x + 2.5)/sqrt(2)) + erf((5*x - 2.5)/sqrt(2))' },
    quadrature: { rule: 'trapezoid' },
  },
  student: { width: 2, init: { kind: 'explicit', params: { w: [['0.8'], ['1.2']], a: ['0.5', '0.5'] } } },
};

function rosenbrock(width: number): ProblemSpec {
  return {
    ...header,
    name: 'rosenbrock-2d',
    description:
      'The paper’s plateau-saddle setting: inputs on a 101×101 grid of [−√3, √3]², target the z-scored ' +
      'log₁₀(3(x₂ + 1 − x₁²)² + (1 − x₁)² + 0.1) (a = 1, b = 3, c = 1, d = 0.1), activation g, no biases, ' +
      'seeded Glorot-normal initialisation.',
    activation: 'g',
    hiddenBias: false,
    outputBias: false,
    inputDimension: 2,
    data: {
      kind: 'formula',
      inputs: {
        grid: { lower: ['-sqrt(3)', '-sqrt(3)'], upper: ['sqrt(3)', 'sqrt(3)'], points: [101, 101] },
      },
      target: 'log(3*(x2 + 1 - x1^2)^2 + (1 - x1)^2 + 0.1)/log(10)',
      transform: 'zscore',
    },
    student: { width, init: { kind: 'glorot-normal', seed: 1 } },
  };
}

/** Names of the built-in problems. */
export const BUILTIN_PROBLEMS: readonly string[] = ['two-param', 'glu-teacher', 'paper-toy', 'rosenbrock-2d'];

/** Options of {@link builtinProblem}. */
export interface BuiltinOptions {
  /** Student width of problems whose width is free (`rosenbrock-2d`). Default 2. */
  readonly width?: number;
}

/** The spec of a built-in problem (an InputError names the known problems for an unknown name). */
export function builtinProblem(name: string, options: BuiltinOptions = {}): ProblemSpec {
  const { width = 2 } = options;
  knownOptions('builtinProblem', options, ['width']);
  integerOption('builtinProblem', 'width', width, 1, 1000);
  switch (name) {
    case 'two-param':
      return twoParam;
    case 'glu-teacher':
      return gluTeacher;
    case 'paper-toy':
      return paperToy;
    case 'rosenbrock-2d':
      return rosenbrock(width);
    default:
      throw new InputError(
        `unknown problem "${name}" (built-in: ${BUILTIN_PROBLEMS.join(', ')}; or give a JSON file)`,
      );
  }
}
