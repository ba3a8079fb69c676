import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFormula } from '../../src/activations/formula/parse-formula.js';
import { BUILTIN_PROBLEMS, builtinProblem } from '../../src/network/problems.js';
import { registeredActivations, resolveActivation } from '../../src/activations/index.js';
import { InputError } from '../../src/errors.js';
import { precision } from '../../src/precision/context.js';
import { parseFormulaWithMathjs } from './_mathjs-formula-oracle.js';

/**
 * The toolkit's own formula parser against the mathjs-based one it replaced (kept here as the oracle): the same
 * tree for every formula mathjs accepted, a rejection (InputError) for every formula it rejected, with the same
 * message except where noted. The one deliberate difference: `x%` (mathjs's percentage, x/100) is an unsupported
 * operator, where mathjs's tree was rejected as "unsupported constant 100".
 */
type Outcome = { readonly tree: unknown } | { readonly error: string };

function outcome(parse: () => unknown): Outcome {
  try {
    return { tree: parse() };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { error: e.message };
  }
}

/**
 * Whether the error messages must agree too: they do on the formula language's own alphabet. Outside it mathjs's
 * lookahead for a percentage (`x%`) resumes mid-expression and its matrix, block and method-call syntax has its own
 * messages; there both parsers only have to reject.
 */
function messagesComparable(text: string, oracleMessage: string): boolean {
  return (
    !/[%;:?[\]{}"'#~&|<.]/.test(text.replace(/\d\.|\.\d/g, '0')) &&
    !oracleMessage.startsWith('unsupported constant 100 ') &&
    !oracleMessage.startsWith('unsupported function call ') &&
    !oracleMessage.includes('"undefined"')
  );
}

function expectSameOutcome(text: string, variables?: readonly string[], strict = true): void {
  const options = variables === undefined ? {} : { variables };
  const ours = outcome(() => parseFormula(text, options));
  const oracle = outcome(() => parseFormulaWithMathjs(text, options));
  if ('tree' in oracle) {
    expect(ours, `formula ${JSON.stringify(text)}`).toEqual(oracle);
    return;
  }
  expect('error' in ours, `formula ${JSON.stringify(text)} is rejected (mathjs: ${oracle.error})`).toBe(true);
  if ('error' in ours && strict && messagesComparable(text, oracle.error)) {
    expect(ours.error, `formula ${JSON.stringify(text)}`).toBe(oracle.error);
  }
}

const CORPUS = [
  // The formula tests' formulas and the activations' own formulas.
  'tanh(x)', 'erf(x/sqrt(2))', 'x/(1+exp(-x))', '1/(1+exp(-x))', 'sigmoid(x)', 'softplus(x)',
  'sigmoid(4x) + softplus(x)', 'x*(1+erf(x/sqrt(2)))/2', 'x*erfc(-x/sqrt(2))/2',
  '(exp(x)-exp(-x))/(exp(x)+exp(-x))', 'sinh(x)/cosh(x)', '2*sigmoid(2*x) - 1', '0.1*x', 'x^3', 'x^-2',
  'pi + 0*x', 'e^x', 'exp(x)', 'e^(2x)', 'exp(x)^2', '2^x', 'exp(x*log(2))', '(2+x^2)^x', 'exp(x*log(2+x^2))',
  'sqrt(2 + x^2)', '(2 + x^2)^0.5', '-x^2', '-(x^2)', '+x - -x', '2*x', 'log(cosh(x))', 'x^3/3 + tanh(2 x)',
  '(-x)^2', 'x - (x - 1)', '2^-x', '1/(2/x)', 'x^2^3', 'abs(x)', 'max(x, 0)', 'x',
  // Implicit multiplication and mathjs's rule 2.
  '2x', '2 x', 'x x', '2(x+1)', '(x+1)(x-1)', '(x)(2)', '(2)3', 'x 2', '2 3', '1/2x', '-2/3x', '(1)/2x',
  '1/2(x)', '1/2 x^2', '2x^2', '2pi x', 'sin(x)(2)', 'x(2)', '2e', '2.x', '3 tanh(x)', 'x/2x', '1/2/3x', '-(2)/2 x', '+(2)/3x', '-(-2)/2 x',
  // Numbers.
  '.5x', '5.', '1e3', '1E-3', '2e+2', '1e400', '1e-400', '0.0000001x', '123456789012345678901234567890',
  '0x10', '2e-x', '1e5.', '1e', '..5', '.',
  // Rejections.
  '', 'x +', 'tanh(x', 'foo(x)', 'x + y', 'tanh(x) + Infinity', 'gamma(x)', 'a = 3', 'f(x) = x', '[x, 1]',
  'x % 3', 'x!', 'x > 0', 'x<1<2', 'x ? 1 : 2', 'log(x, 2)', 'exp()', '"x"', "x'", 'x;1', 'x\n1', 'x +\n1',
  'x.y', 'x[1]', '1:3', 'NaN', 'true', 'x mod 2', 'x and 1', 'x@', 'x == 1', 'x^y', '5%+x', 'x # comment',
  '(x) = 1', 'x = y = 2', '{a: 1}', 'x ?? 1', 'x .* 2', 'x .^ 2', 'not x', '~x', 'x to cm', '(x', 'x)',
  'sqrt(x, )', ',', 'exp(,)', 'x^', '^x', '*x', '/x', 'x**2', 'x//2', 'Infinity 2', 'NaN(x)', 'e(x)',
]; // prettier-ignore

describe('the formula parser agrees with mathjs', () => {
  it('on the formula corpus', () => {
    for (const text of CORPUS) expectSameOutcome(text);
  });

  it("on the built-in problems' targets and every registered activation's formula", () => {
    let targets = 0;
    for (const name of BUILTIN_PROBLEMS) {
      const spec = builtinProblem(name);
      const data = spec.data as { target?: string | { formula?: string }; inputs?: unknown };
      const target = typeof data.target === 'string' ? data.target : data.target?.formula;
      const variables = spec.inputDimension === 1 ? ['x1', 'x'] : ['x1', 'x2'];
      if (target !== undefined) {
        targets++;
        expectSameOutcome(target, variables);
      }
      for (const bound of JSON.stringify(data.inputs ?? '').match(/"[^"]*sqrt[^"]*"/g) ?? [])
        expectSameOutcome(JSON.parse(bound) as string, []);
    }
    expect(targets).toBe(BUILTIN_PROBLEMS.length);
    for (const name of registeredActivations()) expectSameOutcome(resolveActivation(name).formula);
  });

  it('in several variables', () => {
    for (const text of ['x1*x2 + 1', 'x1 x2', '2x1', 'x1^2 + x2^2', 'x1 + y', 'x + x1', 'sqrt(3)', '-pi/4']) {
      expectSameOutcome(text, ['x1', 'x2']);
      expectSameOutcome(text, []);
    }
  });

  const NUMBERS = ['2', '0.5', '.5', '3.', '1e3', '1e-3', '2E+2', '10', '0', '7.25e-12'];
  const SYMBOLS = ['x', 'x', 'x', 'e', 'pi', 'y', 'NaN'];
  const FUNCTIONS = ['exp', 'log', 'sqrt', 'tanh', 'sin', 'erf', 'abs', 'sigmoid', 'foo'];
  const SPACE = fc.constantFrom('', '', '', ' ', '  ', '\t');

  const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string; atom: string }>((tie) => ({
    atom: fc.oneof(
      fc.constantFrom(...NUMBERS),
      fc.constantFrom(...SYMBOLS),
      fc.tuple(fc.constantFrom(...FUNCTIONS), tie('expr')).map(([f, a]) => `${f}(${a})`),
      tie('expr').map((e) => `(${e})`),
    ),
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('atom'),
      fc
        .tuple(tie('expr'), SPACE, fc.constantFrom('+', '-', '*', '/', '^', '', ' '), SPACE, tie('atom'))
        .map((parts) => parts.join('')),
      fc.tuple(fc.constantFrom('-', '+'), SPACE, tie('expr')).map((parts) => parts.join('')),
    ),
  })).expr;

  const TOKENS = [
    ...NUMBERS, ...SYMBOLS, ...FUNCTIONS, '+', '-', '*', '/', '^', '(', ')', ',', ' ', '%', '!', '=', '.', 'e',
    '\n', ';', '[', ']', ':', '?', '<', "'", '"', '#',
  ]; // prettier-ignore
  const LANGUAGE_TOKENS = [
    ...NUMBERS, ...SYMBOLS, ...FUNCTIONS, '+', '-', '*', '/', '^', '(', ')', ',', ' ', '\n', 'e', '!', '>', '=',
  ]; // prettier-ignore

  it('on fuzzed well-formed formulas (same tree; fast-check prints the seed of a failure)', () => {
    fc.assert(
      fc.property(expression, (text) => expectSameOutcome(text)),
      { numRuns: 2000 },
    );
  });

  it('on fuzzed token soup (same tree, or both reject with the same message on the formula alphabet)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 12 }), (tokens) =>
        expectSameOutcome(tokens.join('')),
      ),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LANGUAGE_TOKENS), { minLength: 1, maxLength: 12 }), (tokens) =>
        expectSameOutcome(tokens.join('')),
      ),
      { numRuns: 3000 },
    );
  });
});

describe('formula size limits', () => {
  it('a 350 000-term sum is one InputError line, not a stack overflow', () => {
    const text = Array.from({ length: 350_000 }, (_, i) => `${i % 7}*x`).join(' + ');
    expect(() => parseFormula(text)).toThrow(InputError);
    expect(() => parseFormula(text)).toThrow(/^formula too long: \d+ characters \(at most 100000\)$/);
    const many = Array.from({ length: 5000 }, () => 'x').join('+');
    expect(() => parseFormula(many)).toThrow(/^formula nested too deeply: more than 1000 levels/);
    const deep = '('.repeat(5000) + 'x' + ')'.repeat(5000);
    expect(() => parseFormula(deep)).toThrow(/^formula nested too deeply/);
    const powers = Array.from({ length: 3000 }, () => 'x').join('^');
    expect(() => parseFormula(powers)).toThrow(/^formula nested too deeply/);
    const signs = '-'.repeat(3000) + 'x';
    expect(() => parseFormula(signs)).toThrow(/^formula nested too deeply/);
  });

  it('a formula at the depth limit parses and evaluates (the evaluators recurse over it)', () => {
    const sum = Array.from({ length: 999 }, () => 'x').join('+');
    const act = resolveActivation(sum);
    expect(act.derivatives('0.5', 2, precision(30)).map(String)).toEqual(['499.5', '999', '0']);
    expect(act.value64(0.5)).toBe(499.5);
    expect(Array.from(act.derivatives64(0.5, 2))).toEqual([499.5, 999, 0]);
  });
});
