import { InputError } from '../../errors.js';
import { FormulaSyntaxError, parseFormulaSyntax, type FormulaSyntax } from '../_internals/formula-syntax.js';
import { FORMULA_FUNCTIONS, type FormulaFunction, type FormulaNode } from './formula-node.js';

const FUNCTIONS: ReadonlySet<string> = new Set(FORMULA_FUNCTIONS);
const SUPPORTED = FORMULA_FUNCTIONS.join(', ');

const BINARY: Readonly<Record<string, '+' | '-' | '*' | '/' | '^'>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
};

/**
 * Parses a formula in x into a {@link FormulaNode}.
 *
 * Accepted: decimal numbers, x, pi, e, + − * / ^ (also implicit multiplication such as 2x), unary minus and plus,
 * parentheses, and the one-argument functions exp, log (natural), sqrt, tanh, sinh, cosh, sin, cos, sigmoid,
 * softplus, erf (the standard one: write erf(x/sqrt(2)) for the paper's), erfc, abs.
 * Everything else is an InputError whose message quotes the formula and names the offending part:
 *     unknown function "foo" in formula "foo(x)" (supported: exp, log, …)
 *     unknown symbol "y" in formula "x*y" (the variable is x; the constants are pi and e)
 *     unsupported operator "%" in formula "x % 3" (use + - * / ^)
 *     a matrix or vector is not allowed in formula "[x, 1]"
 *     log takes one argument in formula "log(x, 2)" (for another base write log(x)/log(2))
 *     cannot parse formula "x+": Unexpected end of expression (char 3)
 *     formula nested too deeply: more than 1000 levels (a sum of n terms is n levels deep)
 *
 * The parser is the toolkit's own (src/activations/_internals/formula-syntax.ts): mathjs's grammar for this
 * subset, with its precedence and implicit multiplication, at a fraction of mathjs's load time.
 */
export function parseFormula(text: string, options: ParseFormulaOptions = {}): FormulaNode {
  const source = text.trim();
  const variables = options.variables;
  if (source === '') {
    throw new InputError(
      variables === undefined
        ? 'empty formula: give a formula in x, e.g. "tanh(x)"'
        : `empty formula: give a formula in ${variables.join(', ')}`,
    );
  }
  let root: FormulaSyntax;
  try {
    root = parseFormulaSyntax(source);
  } catch (e) {
    if (!(e instanceof FormulaSyntaxError)) throw e;
    throw new InputError(`cannot parse formula "${source}": ${e.message}`);
  }
  return convert(root, source, variables);
}

/** Options of {@link parseFormula}. */
export interface ParseFormulaOptions {
  /**
   * The variable names of a formula in several variables (e.g. `["x1", "x2"]`); variable nodes then carry the
   * name and its index in this list. Default: the single variable x (nodes without name or index).
   */
  readonly variables?: readonly string[];
}

/** mathjs's names for the words it read as constants: to the user they are symbols like any other. */
const CONSTANT_WORDS: ReadonlySet<string> = new Set([
  'true',
  'false',
  'null',
  'undefined',
  'NaN',
  'Infinity',
]);

function convert(node: FormulaSyntax, source: string, variables?: readonly string[]): FormulaNode {
  const where = `in formula "${source}"`;
  switch (node.type) {
    case 'number':
      if (node.text === 'Infinity' || node.text === '-Infinity' || node.text === 'NaN')
        throw new InputError(`number "${node.text}" is out of range ${where}`);
      return { kind: 'number', text: node.text };
    case 'string':
      throw new InputError(`unsupported constant ${node.shown} ${where} (only numbers)`);
    case 'symbol': {
      const name = node.name;
      if (CONSTANT_WORDS.has(name)) throw new InputError(unknownSymbol(name, where, variables));
      if (variables !== undefined) {
        const index = variables.indexOf(name);
        if (index >= 0) return { kind: 'variable', name, index };
      } else if (name === 'x') return { kind: 'variable' };
      if (name === 'pi' || name === 'e') return { kind: 'constant', name };
      throw new InputError(unknownSymbol(name, where, variables));
    }
    case 'operator': {
      const [first, second] = node.args;
      if (node.fn === 'unaryMinus' && node.args.length === 1 && first !== undefined)
        return { kind: 'negate', arg: convert(first, source, variables) };
      if (node.fn === 'unaryPlus' && node.args.length === 1 && first !== undefined)
        return convert(first, source, variables);
      if (node.fn === 'percentage' && first !== undefined) convert(first, source, variables);
      const binary = BINARY[node.fn];
      if (binary !== undefined && node.args.length === 2 && first !== undefined && second !== undefined) {
        return {
          kind: 'binary',
          op: binary,
          left: convert(first, source, variables),
          right: convert(second, source, variables),
        };
      }
      throw new InputError(`unsupported operator "${node.op}" ${where} (use + - * / ^)`);
    }
    case 'call': {
      const name = node.name;
      if (!FUNCTIONS.has(name))
        throw new InputError(`unknown function "${name}" ${where} (supported: ${SUPPORTED})`);
      const [arg] = node.args;
      if (node.args.length !== 1 || arg === undefined) {
        const hint = name === 'log' ? ' (for another base write log(x)/log(base))' : '';
        throw new InputError(`${name} takes one argument, got ${node.args.length}, ${where}${hint}`);
      }
      return { kind: 'call', fn: name as FormulaFunction, arg: convert(arg, source, variables) };
    }
    case 'unsupported':
      throw new InputError(`${node.what} is not allowed ${where}`);
  }
}

function unknownSymbol(name: string, where: string, variables?: readonly string[]): string {
  const vars =
    variables === undefined
      ? 'the variable is x'
      : variables.length === 0
        ? 'no variables are allowed here'
        : `the variables are ${variables.join(', ')}`;
  return `unknown symbol "${name}" ${where} (${vars}; the constants are pi and e)`;
}
