import { BUILTIN_PROBLEMS, builtinProblem } from '../../network/problems.js';
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
      help: 'a built-in problem (two-param, glu-teacher, paper-toy, rosenbrock-2d) or a problem spec JSON file',
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
      if (json) {
        io.stdout(
          JSON.stringify({ problems: specs.map((s) => ({ name: s.name, description: s.description })) }) +
            '\n',
        );
      } else {
        const width = Math.max(...specs.map((s) => s.name.length));
        io.stdout(
          [
            'Built-in problems (flat-channels problem --name NAME --json prints one in full):',
            ...specs.map((s) => `  ${s.name.padEnd(width)}  ${s.description}`),
            '',
          ].join('\n'),
        );
      }
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
