import { resolveActivation } from '../../activations/index.js';
import { precision } from '../../precision/context.js';
import { certifyByLadder } from '../../precision/ladder.js';
import type { Command } from '../command.js';
import { decimalString, digitsOption, integerInRange, requiredString } from '../options.js';

const MAX_ORDER = 50;

export const activationCommand: Command = {
  name: 'activation',
  summary: 'value and derivatives σ(x), σ′(x), …, σ^(K)(x) of an activation, every printed digit correct',
  usage: 'flat-channels activation --name NAME|FORMULA [--derivatives K] --at X [--digits N] [--json]',
  examples: [
    'flat-channels activation --name tanh --derivatives 3 --at 0.5 --digits 50',
    'flat-channels activation --name erf --derivatives 6 --at -1.25 --digits 200 --json',
    'flat-channels activation --name "log(cosh(x))" --derivatives 4 --at 2 --json',
  ],
  options: {
    name: {
      type: 'string',
      value: 'NAME|FORMULA',
      help: 'a registered activation (tanh, sigmoid, softplus, erf, g, gelu, silu, relu) or a formula in x',
    },
    derivatives: { type: 'string', value: 'K', help: `highest derivative order, 0–${MAX_ORDER} (default 0)` },
    at: { type: 'string', value: 'X', help: 'the point x, a decimal number (read exactly, e.g. 0.1 means 1/10)' },
  },
  async run(values, io) {
    const digits = digitsOption(values);
    const activation = resolveActivation(requiredString(values, 'name'));
    const order =
      values['derivatives'] === undefined ? 0 : integerInRange('--derivatives', values['derivatives'], 0, MAX_ORDER);
    const x = decimalString('--at', requiredString(values, 'at'));
    const p = precision(digits);
    // Every printed digit is checked by the ladder: the same computation 20 digits higher must round to it.
    const outcome = certifyByLadder((q) => activation.derivatives(x, order, q), p);
    if (outcome.kind === 'uncertain') {
      io.stderr(
        `flat-channels: could not earn ${digits} digits for ${activation.name} at x = ${x}: ${outcome.reason}\n`,
      );
      return 1;
    }
    const derivatives = outcome.values.map((v) => v.toString());
    if (values['json'] === true) {
      io.stdout(JSON.stringify({ name: activation.name, x, digits, derivatives }) + '\n');
    } else {
      const label = (k: number): string => (k === 0 ? 'σ(x)' : k <= 3 ? `σ${'′'.repeat(k)}(x)` : `σ^(${k})(x)`);
      const width = Math.max(...derivatives.map((_, k) => label(k).length));
      io.stdout(
        [
          `${activation.name} at x = ${x}, ${digits} significant digits:`,
          ...derivatives.map((d, k) => `  ${label(k).padEnd(width)} = ${d}`),
          '',
        ].join('\n'),
      );
    }
    return 0;
  },
};
