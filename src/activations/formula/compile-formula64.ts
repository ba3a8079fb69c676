import { erf64, erfc64, sigmoidPair64, softplus64 } from '../../precision/jet/index.js';
import type { FormulaFunction, FormulaNode } from './formula-node.js';

/** A float64 closure for a formula (IEEE semantics: NaN or ±Infinity outside the domain). */
export type Formula64 = (x: number) => number;

const FUNCTIONS: Readonly<Record<FormulaFunction, (a: number) => number>> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  tanh: Math.tanh,
  sinh: Math.sinh,
  cosh: Math.cosh,
  sin: Math.sin,
  cos: Math.cos,
  sigmoid: (a) => sigmoidPair64(a)[0],
  softplus: softplus64,
  erf: erf64,
  erfc: erfc64,
  abs: Math.abs,
};

/** Compiles a formula to nested closures once, so that evaluating it costs no tree walk over mathjs nodes. */
export function compileFormula64(node: FormulaNode): Formula64 {
  switch (node.kind) {
    case 'variable':
      if (node.index !== undefined) {
        throw new RangeError('compileFormula64: multi-variable formulas have no float64 closure');
      }
      return (x) => x;
    case 'number': {
      const c = Number(node.text);
      return () => c;
    }
    case 'constant': {
      const c = node.name === 'pi' ? Math.PI : Math.E;
      return () => c;
    }
    case 'negate': {
      const a = compileFormula64(node.arg);
      return (x) => -a(x);
    }
    case 'call': {
      const f = FUNCTIONS[node.fn];
      const a = compileFormula64(node.arg);
      return (x) => f(a(x));
    }
    case 'binary': {
      const a = compileFormula64(node.left);
      const b = compileFormula64(node.right);
      switch (node.op) {
        case '+':
          return (x) => a(x) + b(x);
        case '-':
          return (x) => a(x) - b(x);
        case '*':
          return (x) => a(x) * b(x);
        case '/':
          return (x) => a(x) / b(x);
        case '^':
          if (node.left.kind === 'constant' && node.left.name === 'e') return (x) => Math.exp(b(x));
          return (x) => Math.pow(a(x), b(x));
      }
    }
  }
}
