import { resolveActivation, type Activation } from '../../activations/index.js';
import { InputError } from '../../errors.js';
import { precision } from '../../precision/context.js';
import {
  MAX_GLU_DIM,
  MAX_GLU_ORDER,
  checkGluExpansion,
  gluExpansion,
  gluValuesAt,
  latexExpr,
  renderExpr,
} from '../../symbolic/index.js';
import { simplifyExpr } from '../../symbolic/simplify-expr.js';
import type { Command } from '../command.js';
import { decimalString, digitsOption, integerInRange, optionalString, requiredString } from '../options.js';

/** Digits of the numeric confirmation: the requested ones, but never fewer than 50. */
const MIN_CHECK_DIGITS = 50;

/** Parses `--at z=0.5,delta=1,c=1,a=2` into exact decimal strings, requiring exactly the expected keys. */
function parseAt(raw: string, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of raw.split(',')) {
    const [k, v, ...rest] = part.split('=');
    const key = (k ?? '').trim();
    if (v === undefined || rest.length > 0 || key === '') {
      throw new InputError(`--at: expected key=value pairs separated by commas, got "${part.trim()}"`);
    }
    if (!keys.includes(key))
      throw new InputError(`--at: unknown variable "${key}" (expected ${keys.join(', ')})`);
    if (key in out) throw new InputError(`--at: "${key}" given twice`);
    out[key] = decimalString(`--at ${key}`, v);
  }
  const missing = keys.filter((k) => !(k in out));
  if (missing.length > 0) throw new InputError(`--at: missing ${missing.join(', ')}`);
  return out;
}

function pointKeys(dim: number | undefined): string[] {
  if (dim === undefined) return ['z', 'delta', 'c', 'a'];
  const idx = Array.from({ length: dim }, (_, i) => i + 1);
  return [...idx.map((i) => `w${i}`), ...idx.map((i) => `Delta${i}`), ...idx.map((i) => `x${i}`), 'c', 'a'];
}

export const gluCommand: Command = {
  name: 'glu',
  summary:
    'ε-expansion of a neuron pair (the gated-linear-unit limit), derived symbolically and checked at ≥ 50 digits',
  usage:
    'flat-channels glu --activation NAME|FORMULA|generic --order K [--dim D] [--at z=…,delta=…,c=…,a=…] [--digits N] [--json]',
  examples: [
    'flat-channels glu --activation generic --order 4',
    'flat-channels glu --activation tanh --order 4 --at z=0.5,delta=1,c=1,a=2 --digits 30 --json',
    'flat-channels glu --activation generic --order 2 --dim 2 --json',
  ],
  options: {
    activation: {
      type: 'string',
      value: 'NAME|FORMULA|generic',
      help: 'a registered smooth activation, a formula in x, or generic (coefficients in s0 = σ(z), s1 = σ′(z), …)',
    },
    order: { type: 'string', value: 'K', help: `highest power of ε, 0–${MAX_GLU_ORDER}` },
    dim: {
      type: 'string',
      value: 'D',
      help: `vector form with w, Δ, x ∈ ℝ^D, 1–${MAX_GLU_DIM} (variables w1…, Delta1…, x1…; default: scalar form in z, delta)`,
    },
    at: {
      type: 'string',
      value: 'z=…,delta=…,c=…,a=…',
      help: 'evaluate each coefficient there (exact decimals; vector form: w1=…,Delta1=…,x1=…,…,c=…,a=…); not for generic',
    },
  },
  async run(values, io) {
    const digits = digitsOption(values);
    const name = requiredString(values, 'activation').trim();
    const order = integerInRange('--order', requiredString(values, 'order'), 0, MAX_GLU_ORDER);
    const dim =
      values['dim'] === undefined ? undefined : integerInRange('--dim', values['dim'], 1, MAX_GLU_DIM);
    const atRaw = optionalString(values, 'at');
    const target: Activation | 'generic' = name === 'generic' ? 'generic' : resolveActivation(name);
    if (target !== 'generic' && !target.smooth) {
      throw new InputError(`${target.name} is not smooth: the ε-expansion needs every derivative of σ`);
    }
    if (atRaw !== undefined && target === 'generic') {
      throw new InputError('--at needs a concrete activation (a generic σ has no values)');
    }
    const point = atRaw === undefined ? undefined : parseAt(atRaw, pointKeys(dim));

    const expansion = gluExpansion(target, dim === undefined ? { order } : { order, dim });
    const check = checkGluExpansion(expansion, target, { digits: Math.max(digits, MIN_CHECK_DIGITS) });
    const values_ =
      point === undefined || target === 'generic'
        ? undefined
        : gluValuesAt(expansion, target, point, precision(digits));
    if (values_?.kind === 'uncertain') {
      io.stderr(`flat-channels: could not earn ${digits} digits for the coefficients: ${values_.reason}\n`);
      return 1;
    }
    const c = expansion.checks;
    const ok =
      c.poleCancels &&
      c.oddPowersVanish &&
      c.limitIsGLU &&
      c.f2Matches !== false &&
      c.closedFormMatches &&
      check.passed &&
      (values_ === undefined || values_.agreesWithJets);
    const sigmaArgument = dim === undefined ? 'z' : 'w\\cdot x';
    const coefficients = expansion.coefficients.map((k, i) => {
      // Printed simplified (1/cosh(z)^2, not (1/cosh(z))^2; exp(-z^2/2)/sqrt(2), not sqrt(2)^(-1)*exp(…)); the
      // checks and values above use the CAS's own form, and test/symbolic/simplify-expr.test.ts compares the two.
      const shown = simplifyExpr(k.expression);
      const entry = {
        power: k.power,
        expression: renderExpr(shown),
        latex: latexExpr(shown, { sigmaArgument }),
      };
      const v = values_?.values[i];
      return v === undefined ? entry : { ...entry, value: v };
    });
    const numericCheck = { digits: check.digits, points: check.points, maxError: check.maxError };
    if (values['json'] === true) {
      // Exactly the documented shape (issue 4); the --at values' agreement with the jets decides the exit code.
      const body = {
        activation: expansion.activation,
        order,
        coefficients,
        poleCancels: c.poleCancels,
        oddPowersVanish: c.oddPowersVanish,
        limitIsGLU: c.limitIsGLU,
        numericCheck,
      };
      io.stdout(JSON.stringify(body) + '\n');
    } else {
      const yes = (b: boolean | null): string => (b === null ? 'n/a' : b ? 'yes' : 'NO');
      io.stdout(
        [
          `ε-expansion of a_i σ(w_i·x) + a_j σ(w_j·x), σ = ${expansion.activation}, order ${order}${dim === undefined ? '' : `, d = ${dim}`}:`,
          ...coefficients.map(
            (k) => `  ε^${k.power}: ${k.expression}${'value' in k ? `  = ${String(k.value)}` : ''}`,
          ),
          `pole cancels: ${yes(c.poleCancels)}; odd powers vanish: ${yes(c.oddPowersVanish)}; ε⁰ is the GLU: ${yes(c.limitIsGLU)}; ε² is f₂: ${yes(c.f2Matches)}`,
          `numeric check: ${check.points} random points at ${check.digits} digits, max relative error ${check.maxError}${check.passed ? '' : ' (FAILED)'}`,
          '',
        ].join('\n'),
      );
    }
    if (values_ !== undefined && !values_.agreesWithJets) {
      io.stderr(
        `flat-channels: the coefficient values disagree with the jets at the point (relative ${values_.jetDifference})\n`,
      );
    }
    if (!ok) io.stderr('flat-channels: a symbolic or numeric check of the expansion failed\n');
    return ok ? 0 : 1;
  },
};
