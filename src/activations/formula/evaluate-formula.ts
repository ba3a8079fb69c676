import { JetDomainError, type Jet, type JetArithmetic } from '../../precision/jet/index.js';
import { dependsOnX, type FormulaFunction, type FormulaNode } from './formula-node.js';
import { renderFormula } from './render-formula.js';

/**
 * The jet of a formula at the jet u of its variable, over any scalar field.
 * Powers: an exponent without x is evaluated first, and an integer exponent (x^3, x^(6/2)) uses repeated
 * multiplication, which needs no logarithm and so works for negative and zero bases; other constant exponents
 * use the real-power recurrence (base > 0); e^v is exp(v); a base without x raised to a power with x is
 * exp(v·log a); both with x is exp(v·log u).
 * A domain error (log of a non-positive number, division by zero, …) is re-raised naming the sub-formula.
 */
export function evaluateFormulaJet<T>(
  node: FormulaNode,
  J: JetArithmetic<T>,
  u: Jet<T>,
  /** Jets of the variables of a multi-variable formula, by index (see ParseFormulaOptions.variables). */
  inputs?: readonly Jet<T>[],
): Jet<T> {
  // No closures are created per call: this runs once per node for every point of a float64 loss.
  switch (node.kind) {
    case 'variable':
      if (node.index === undefined) return u;
      return inputs?.[node.index] ?? missingInput(node.index);
    case 'number':
      return constantJet(J, u, J.field.fromDecimalString(node.text));
    case 'constant':
      return constantJet(J, u, J.field.constant(node.name));
    case 'negate':
      return J.neg(evaluateFormulaJet(node.arg, J, u, inputs));
    case 'call': {
      const a = evaluateFormulaJet(node.arg, J, u, inputs);
      try {
        return applyFunction(J, node.fn, a);
      } catch (e) {
        throw withContext(e, node);
      }
    }
    case 'binary': {
      const { op, left, right } = node;
      try {
        if (op === '^') return power(J, left, right, u, inputs);
        const a = evaluateFormulaJet(left, J, u, inputs);
        const b = evaluateFormulaJet(right, J, u, inputs);
        switch (op) {
          case '+':
            return J.add(a, b);
          case '-':
            return J.sub(a, b);
          case '*':
            return J.mul(a, b);
          case '/':
            return J.div(a, b);
        }
      } catch (e) {
        throw withContext(e, node);
      }
    }
  }
}

/** [c, 0, …] with the length of u. */
function constantJet<T>(J: JetArithmetic<T>, u: Jet<T>, c: T): Jet<T> {
  const y = new Array<T>(u.length).fill(J.field.zero);
  y[0] = c;
  return y;
}

function missingInput(index: number): never {
  throw new RangeError(`evaluateFormulaJet: no value for variable ${index + 1}`);
}

function power<T>(
  J: JetArithmetic<T>,
  left: FormulaNode,
  right: FormulaNode,
  u: Jet<T>,
  inputs?: readonly Jet<T>[],
): Jet<T> {
  if (left.kind === 'constant' && left.name === 'e') return J.exp(evaluateFormulaJet(right, J, u, inputs));
  const exponent = evaluateFormulaJet(right, J, u, inputs);
  if (!dependsOnX(right)) return J.pow(evaluateFormulaJet(left, J, u, inputs), exponent[0]!);
  if (!dependsOnX(left)) {
    const base = evaluateFormulaJet(left, J, u, inputs);
    return J.exp(J.scale(exponent, J.log(base)[0]!));
  }
  return J.powJet(evaluateFormulaJet(left, J, u, inputs), exponent);
}

function applyFunction<T>(J: JetArithmetic<T>, fn: FormulaFunction, a: Jet<T>): Jet<T> {
  switch (fn) {
    case 'exp':
      return J.exp(a);
    case 'log':
      return J.log(a);
    case 'sqrt':
      return J.sqrt(a);
    case 'tanh':
      return J.tanh(a);
    case 'sinh':
      return J.sinh(a);
    case 'cosh':
      return J.cosh(a);
    case 'sin':
      return J.sin(a);
    case 'cos':
      return J.cos(a);
    case 'sigmoid':
      return J.sigmoid(a);
    case 'softplus':
      return J.softplus(a);
    case 'erf':
      return J.erf(a);
    case 'erfc':
      return J.erfc(a);
    case 'abs':
      return J.abs(a);
  }
}

/** Domain errors already naming their innermost sub-formula (outer nodes leave them alone). */
const tagged = new WeakSet<JetDomainError>();

/** A domain error re-raised with the innermost sub-formula that raised it; anything else unchanged. */
function withContext(e: unknown, node: FormulaNode): unknown {
  if (!(e instanceof JetDomainError) || tagged.has(e)) return e;
  const wrapped = new JetDomainError(e.operation, `${e.reason} in ${renderFormula(node)}`, e.at);
  tagged.add(wrapped);
  return wrapped;
}
