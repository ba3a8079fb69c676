// The mathjs-based formula parser that src/activations/_internals/formula-syntax.ts replaced (as of 3b10d74), kept
// verbatim as the oracle of test/activations/formula-parser-differential.test.ts.
import { all, create, type FactoryFunctionMap, type MathJsInstance, type MathNode } from 'mathjs';
import { InputError } from '../../src/errors.js';
import {
  FORMULA_FUNCTIONS,
  type FormulaFunction,
  type FormulaNode,
} from '../../src/activations/formula/formula-node.js';

let math: MathJsInstance | undefined;

/**
 * The isolated mathjs instance, created on first use (about 0.2 s). Only its parser is used: the tree it builds
 * is validated and converted to a FormulaNode here, and evaluated by our own jet and float64 evaluators (mathjs's
 * typed dispatch is ~7× slower than direct calls, and its symbolic API belongs to src/symbolic/).
 * BigNumber mode makes number literals Decimals, so "0.1" reaches us as exactly one tenth.
 */
function mathjs(): MathJsInstance {
  // mathjs's types mark `all` optional (it is absent from some of its bundles); this package's ESM entry has it.
  math ??= create(all as FactoryFunctionMap, { number: 'BigNumber' });
  return math;
}

const FUNCTIONS: ReadonlySet<string> = new Set(FORMULA_FUNCTIONS);
const SUPPORTED = FORMULA_FUNCTIONS.join(', ');

const BINARY: Readonly<Record<string, '+' | '-' | '*' | '/' | '^'>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
};

/** What to call each mathjs node type the formula language has no room for. */
const UNSUPPORTED_SYNTAX: Readonly<Record<string, string>> = {
  AssignmentNode: 'an assignment',
  FunctionAssignmentNode: 'a function definition',
  ArrayNode: 'a matrix or vector',
  AccessorNode: 'indexing or property access',
  IndexNode: 'indexing',
  ObjectNode: 'an object',
  ConditionalNode: 'a conditional (a ? b : c)',
  RangeNode: 'a range',
  BlockNode: 'several expressions',
  RelationalNode: 'a comparison',
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
 */
export function parseFormulaWithMathjs(text: string, options: ParseFormulaOptions = {}): FormulaNode {
  const source = text.trim();
  const variables = options.variables;
  if (source === '') {
    throw new InputError(
      variables === undefined
        ? 'empty formula: give a formula in x, e.g. "tanh(x)"'
        : `empty formula: give a formula in ${variables.join(', ')}`,
    );
  }
  let root: MathNode;
  try {
    root = mathjs().parse(source);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new InputError(`cannot parse formula "${source}": ${reason}`);
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

function convert(node: MathNode, source: string, variables?: readonly string[]): FormulaNode {
  const where = `in formula "${source}"`;
  switch (node.type) {
    case 'ParenthesisNode':
      return convert((node as unknown as { content: MathNode }).content, source, variables);
    case 'ConstantNode': {
      const value: unknown = (node as unknown as { value: unknown }).value;
      // BigNumber mode: numeric literals are Decimals (of mathjs's clone); anything else is a string/boolean/…
      if (typeof value === 'object' && value !== null && 'isFinite' in value && 'toString' in value) {
        const num = value as { isFinite(): boolean; toString(): string };
        if (!num.isFinite()) throw new InputError(`number "${node.toString()}" is out of range ${where}`);
        return { kind: 'number', text: num.toString() };
      }
      // mathjs turns some words into constants (Infinity, NaN, true, null, …): to the user they are symbols.
      const shown = node.toString();
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(shown))
        throw new InputError(unknownSymbol(shown, where, variables));
      throw new InputError(`unsupported constant ${shown} ${where} (only numbers)`);
    }
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      if (variables !== undefined) {
        const index = variables.indexOf(name);
        if (index >= 0) return { kind: 'variable', name, index };
      } else if (name === 'x') return { kind: 'variable' };
      if (name === 'pi' || name === 'e') return { kind: 'constant', name };
      throw new InputError(unknownSymbol(name, where, variables));
    }
    case 'OperatorNode': {
      const op = node as unknown as { fn: string; op: string; args: MathNode[] };
      const args = op.args;
      if (op.fn === 'unaryMinus' && args.length === 1 && args[0] !== undefined) {
        return { kind: 'negate', arg: convert(args[0], source, variables) };
      }
      if (op.fn === 'unaryPlus' && args.length === 1 && args[0] !== undefined)
        return convert(args[0], source, variables);
      const binary = BINARY[op.fn];
      if (binary !== undefined && args.length === 2 && args[0] !== undefined && args[1] !== undefined) {
        return {
          kind: 'binary',
          op: binary,
          left: convert(args[0], source, variables),
          right: convert(args[1], source, variables),
        };
      }
      throw new InputError(`unsupported operator "${op.op}" ${where} (use + - * / ^)`);
    }
    case 'FunctionNode': {
      const call = node as unknown as { fn: MathNode; args: MathNode[] };
      if (call.fn.type !== 'SymbolNode') {
        throw new InputError(`unsupported function call "${node.toString()}" ${where}`);
      }
      const name = (call.fn as unknown as { name: string }).name;
      if (!FUNCTIONS.has(name))
        throw new InputError(`unknown function "${name}" ${where} (supported: ${SUPPORTED})`);
      const [arg] = call.args;
      if (call.args.length !== 1 || arg === undefined) {
        const hint = name === 'log' ? ' (for another base write log(x)/log(base))' : '';
        throw new InputError(`${name} takes one argument, got ${call.args.length}, ${where}${hint}`);
      }
      return { kind: 'call', fn: name as FormulaFunction, arg: convert(arg, source, variables) };
    }
    default: {
      const what = UNSUPPORTED_SYNTAX[node.type] ?? `"${node.toString()}"`;
      throw new InputError(`${what} is not allowed ${where}`);
    }
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
