import { BUILTIN_PROBLEMS, builtinProblem } from '../../network/problems.js';
import { isMultiOutputProblem, loadMultiOutputProblem } from '../../network/multi-output-problem.js';
import { MULTI_OUTPUT_PROBLEMS, multiOutputBuiltinProblem } from '../../network/multi-output-problems.js';
import { InputError } from '../../errors.js';
import { precision } from '../../precision/context.js';
import type { Command } from '../command.js';
import { digitsOption, optionalString } from '../options.js';
import { problemOption } from '../problem-options.js';

export const problemCommand: Command = {
  name: 'problem',
  summary:
    'print a problem spec (built-in or a JSON file, validated) so it can be copied, edited and loaded back',
  usage: 'flat-channels problem [--name NAME|FILE] [--width N] [--digits N] [--json]',
  examples: [
    'flat-channels problem                                  # list the built-in problems',
    'flat-channels problem --name two-param',
    'flat-channels problem --name paper-toy --json > toy.json   # then: flat-channels loss --problem toy.json',
  ],
  options: {
    name: {
      type: 'string',
      value: 'NAME|FILE',
      help: 'a built-in problem (two-param, glu-teacher, paper-toy, rosenbrock-2d; mixture-c3, mixture-c5, mixture-c10 with C outputs) or a problem spec JSON file',
    },
    width: {
      type: 'string',
      value: 'N',
      help: 'student width of problems with a seeded initialisation (rosenbrock-2d; default 2)',
    },
  },
  async run(values, io) {
    const digits = digitsOption(values);
    const json = values['json'] === true;
    const name = optionalString(values, 'name');
    if (name === undefined) {
      const specs = BUILTIN_PROBLEMS.map((n) => builtinProblem(n));
      const multi = MULTI_OUTPUT_PROBLEMS.map((n) => multiOutputBuiltinProblem(n));
      const entry = (s: { name: string; description: string }): { name: string; description: string } => ({
        name: s.name,
        description: s.description,
      });
      if (json) {
        io.stdout(
          JSON.stringify({ problems: specs.map(entry), multiOutputProblems: multi.map(entry) }) + '\n',
        );
      } else {
        const width = Math.max(...[...specs, ...multi].map((s) => s.name.length));
        io.stdout(
          [
            'Built-in problems (flat-channels problem --name NAME --json prints one in full):',
            ...specs.map((s) => `  ${s.name.padEnd(width)}  ${s.description}`),
            'With C outputs (format version 2; read by loss and problem, refused by the other commands):',
            ...multi.map((s) => `  ${s.name.padEnd(width)}  ${s.description}`),
            '',
          ].join('\n'),
        );
      }
      return 0;
    }
    const ref = name;
    if (isMultiOutputProblem(ref)) {
      // Format version 2: a network with C outputs.
      if (optionalString(values, 'width') !== undefined)
        throw new InputError(
          `--width: ${ref} is a multi-output problem; --width applies to scalar problems only`,
        );
      const multi = loadMultiOutputProblem(ref);
      if (json) {
        io.stdout(JSON.stringify(multi.spec, null, 2) + '\n');
        return 0;
      }
      const { layout } = multi.network;
      const data = multi.dataset(precision(digits));
      const init = multi.spec.student.init;
      const width = Math.max(...multi.parameterNames.map((n) => n.length));
      const initial = multi.initial(precision(digits));
      io.stdout(
        [
          `${multi.name}: ${multi.spec.description}`,
          `  activation   ${multi.network.activation.name}`,
          `  network      width ${layout.width}, input dimension ${layout.inputDimension}, ${layout.outputs} outputs, hidden biases ${layout.hiddenBias ? 'on' : 'off'}, output biases ${layout.outputBias ? 'on' : 'off'}`,
          `  loss         ${multi.loss === 'mse' ? 'mean squared error (1/N) Σ ρ ‖f − y‖²' : 'softmax cross-entropy (1/N) Σ ρ (log Σ_c e^f_c − f_y)'}`,
          `  data         ${data.inputs.length} samples${multi.spec.data.kind === 'gaussian-mixture' ? `, a seeded mixture of ${layout.outputs} Gaussians (seed ${multi.spec.data.seed})` : ''}`,
          `  initial point (${init.kind === 'explicit' ? 'explicit' : `glorot-normal, seed ${init.seed}`}, ${initial.length} parameters):`,
          ...multi.parameterNames.map((n, i) => `    ${n.padEnd(width)}  ${String(initial[i])}`),
          '',
        ].join('\n'),
      );
      return 0;
    }
    const problem = problemOption(values, 'name');
    if (json) {
      io.stdout(JSON.stringify(problem.spec, null, 2) + '\n');
      return 0;
    }
    const { spec, network } = problem;
    const { layout } = network;
    const data = spec.data;
    const p = precision(digits);
    const initial = problem.initial(p);
    const describeData = (): string => {
      switch (data.kind) {
        case 'samples':
          return `${data.targets.length} samples with explicit targets`;
        case 'teacher':
          return `targets from a teacher network of width ${data.teacher.params.w.length}`;
        case 'formula':
          return `target ${data.target}${data.transform === 'zscore' ? ' (z-scored over the data)' : ''}`;
        case 'gp':
          return `targets drawn from a Gaussian process (${data.kernel}, scale ${data.scale}, seed ${data.seed})`;
        case 'population': {
          const target =
            'formula' in data.target
              ? data.target.formula
              : `a teacher network of width ${data.target.teacher.params.w.length}`;
          return `population under x ~ N(0, I_${spec.inputDimension}), target ${target}`;
        }
      }
    };
    const inputs =
      data.kind === 'population'
        ? undefined
        : 'grid' in data.inputs
          ? `grid ${data.inputs.grid.points.join('×')} of [${data.inputs.grid.lower.join(', ')}] … [${data.inputs.grid.upper.join(', ')}]`
          : `${data.inputs.length} inputs`;
    const width = Math.max(...problem.parameterNames.map((n) => n.length));
    io.stdout(
      [
        `${problem.name}: ${spec.description}`,
        `  activation   ${network.activation.name}`,
        `  network      width ${layout.width}, input dimension ${layout.inputDimension}, hidden biases ${layout.hiddenBias ? 'on' : 'off'}, output bias ${layout.outputBias ? 'on' : 'off'}`,
        `  data         ${describeData()}`,
        ...(inputs === undefined ? [] : [`  inputs       ${inputs}`]),
        `  initial point (${spec.student.init.kind === 'explicit' ? 'explicit' : `glorot-normal, seed ${spec.student.init.seed}`}):`,
        ...problem.parameterNames.map((n, i) => `    ${n.padEnd(width)}  ${String(initial[i])}`),
        '',
      ].join('\n'),
    );
    return 0;
  },
};
