import { boundedDerivatives, resolveActivation } from '../../activations/index.js';
import { InputError } from '../../errors.js';
import { precision } from '../../precision/context.js';
import { certifyByErrorBounds, certifyByLadder } from '../../precision/ladder.js';
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
    at: {
      type: 'string',
      value: 'X',
      help: 'the point x, a decimal number (read exactly, e.g. 0.1 means 1/10)',
    },
  },
  async run(values, io) {
    const digits = digitsOption(values);
    const activation = resolveActivation(requiredString(values, 'name'));
    const order =
      values['derivatives'] === undefined
        ? 0
        : integerInRange('--derivatives', values['derivatives'], 0, MAX_ORDER);
    const x = decimalString('--at', requiredString(values, 'at'));
    const p = precision(digits);
    // Every printed digit is checked by the ladder: the same computation 20 digits higher must round to it.
    // True zeros (e.g. gelu‴(2)) never stabilise in relative terms; they are bounded against the largest
    // derivative and reported as zero with that absolute bound.
    // A formula may cancel catastrophically (cosh(x)² − sinh(x)² at x = 100 is 0 at 30 and at 50 digits): its
    // values carry running error bounds, and a rung is accepted only when each interval rounds to one number.
    const log = { underflowed: false };
    const outcome =
      activation.kind === 'formula'
        ? // Up to the contexts' 1100 digits, not the default digits + 200: a scalar jet is cheap there, and
          // log(1 + x) at x = 1e-300 or cosh(x)² − sinh(x)² at x = 1000 cancel 300 and 870 digits.
          certifyByErrorBounds(
            (q) => {
              const values = boundedDerivatives(activation, x, order, q, log);
              // An underflowed 0 stays one at every rung (the exponent range does not grow with the digits): refuse
              // it now instead of climbing to 1100 digits for nothing (x^(10^20) at 0.5 reached decimal.js's ln
              // precision limit up there, exit 3).
              if (log.underflowed && values.some((v) => v.value.isZero()))
                throw underflow(activation.name, x);
              return values;
            },
            p,
            {
              maxWorkingDigits: 1100,
              step: 100,
            },
          )
        : certifyByLadder((q) => activation.derivatives(x, order, q), p, {
            scale: (vs) => vs.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), vs[0]?.abs() ?? new p.D(0)),
          });
    if (log.underflowed && outcome.kind === 'certified' && outcome.unresolvedZeros.length > 0) {
      // An exact 0 printed for a value that only underflowed would be a wrong number.
      throw underflow(activation.name, x);
    }
    if (
      outcome.kind === 'certified' &&
      activation.kind === 'registered' &&
      activation.smooth &&
      new p.D(x).abs().gte(1000) &&
      outcome.values.some((v) => v.isZero())
    ) {
      // The registered closed forms saturate silently: tanh′(1e20) = 4e^(−2e20) is below the Decimal range and
      // came out as an exact 0. These analytic activations (no polynomial among them) have no exact zero of any
      // derivative up to order 50 at |x| ≥ 1000 (their zeros are those of polynomials in tanh, σ or of
      // Hermite-type factors, all within a few units of 0), so a 0 there is an underflow.
      throw underflow(activation.name, x);
    }
    if (outcome.kind === 'certified') {
      // "Zero to within b" is a claim worth printing only when b is below the requested digits at the scale of the
      // values (a true zero such as sin(x)² + cos(x)² − 1); a bound of 4e660 on cosh(x)² − sinh(x)² = 1 is not.
      const scale = outcome.values.reduce((m, v) => p.D.max(m, v.abs()), new p.D(1));
      const tolerance = scale.times(new p.D(10).pow(-digits));
      const loose = outcome.unresolvedZeros.find((z) => z.bound.gt(tolerance));
      if (loose !== undefined) {
        io.stderr(
          `flat-channels: could not earn ${digits} digits for ${activation.name} at x = ${x}: ${derivativeLabel(loose.index)} is only known to within ±${loose.bound.toString()} (the formula cancels more digits than 1100 working digits recover)\n`,
        );
        return 1;
      }
    }
    if (outcome.kind === 'uncertain') {
      io.stderr(
        `flat-channels: could not earn ${digits} digits for ${activation.name} at x = ${x}: ${outcome.reason}\n`,
      );
      return 1;
    }
    const derivatives = outcome.values.map((v) => v.toString());
    // Derivative order → absolute bound, for values known only to be zero within that bound.
    const zeroWithin = Object.fromEntries(
      outcome.unresolvedZeros.map((z) => [String(z.index), z.bound.toString()]),
    );
    if (values['json'] === true) {
      const body = { name: activation.name, x, digits, derivatives };
      io.stdout(JSON.stringify(outcome.unresolvedZeros.length > 0 ? { ...body, zeroWithin } : body) + '\n');
    } else {
      const label = derivativeLabel;
      const width = Math.max(...derivatives.map((_, k) => label(k).length));
      io.stdout(
        [
          `${activation.name} at x = ${x}, ${digits} significant digits:`,
          ...derivatives.map((d, k) => {
            const bound = zeroWithin[String(k)];
            return `  ${label(k).padEnd(width)} = ${d}${bound === undefined ? '' : ` (zero to within ${bound}; digits not resolvable)`}`;
          }),
          '',
        ].join('\n'),
      );
    }
    return 0;
  },
};

function derivativeLabel(k: number): string {
  return k === 0 ? 'σ(x)' : k <= 3 ? `σ${'′'.repeat(k)}(x)` : `σ^(${k})(x)`;
}

function underflow(name: string, x: string): InputError {
  return new InputError(
    `${name} at x = ${x}: a value underflows the Decimal range (nonzero but below 1e-9000000000000000)`,
  );
}
