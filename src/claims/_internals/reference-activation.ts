import type { Decimal } from 'decimal.js';
import { parseFormula, type Activation, type FormulaNode } from '../../activations/index.js';
import { precision, type Precision } from '../../precision/context.js';

/**
 * A second, naive route to σ(x) for the claims that check the numeric core: the activation's plain formula
 * (`Activation.formula`, e.g. `erf(x/sqrt(2))` or `1/(1 + exp(-4*x)) + log(1 + exp(x))`) evaluated by a tree walk
 * with decimal.js's own elementary functions and an inline erf series. It shares no code with the toolkit's special
 * functions, closed forms, jets or guard-digit rules, so a mistake there cannot hide in the reference.
 *
 * The working precision `w` must exceed the digits wanted by the cancellation the formula itself suffers (a few
 * digits for the registered activations on moderate x); callers add tens of digits. Throws a RangeError where the
 * formula is undefined (log of a non-positive number, sqrt of a negative one).
 */
export function referenceValue(activation: Activation, x: Decimal.Value, w: Precision): Decimal {
  return evaluate(tree(activation), new w.D(x), w);
}

const TREES = new Map<string, FormulaNode>();

function tree(activation: Activation): FormulaNode {
  let t = TREES.get(activation.formula);
  if (t === undefined) {
    t = parseFormula(activation.formula);
    TREES.set(activation.formula, t);
  }
  return t;
}

function evaluate(node: FormulaNode, x: Decimal, w: Precision): Decimal {
  const D = w.D;
  switch (node.kind) {
    case 'variable':
      return x;
    case 'number':
      return new D(node.text);
    case 'constant':
      return node.name === 'pi' ? D.acos(-1) : D.exp(1);
    case 'negate':
      return evaluate(node.arg, x, w).neg();
    case 'binary': {
      const l = evaluate(node.left, x, w);
      const r = evaluate(node.right, x, w);
      switch (node.op) {
        case '+':
          return l.plus(r);
        case '-':
          return l.minus(r);
        case '*':
          return l.times(r);
        case '/':
          return l.div(r);
        case '^':
          return r.isInteger()
            ? l.pow(r)
            : l.isPos()
              ? D.exp(r.times(D.ln(l)))
              : domain(`${l.toString()}^${r.toString()}`);
      }
      break;
    }
    case 'call': {
      const u = evaluate(node.arg, x, w);
      switch (node.fn) {
        case 'exp':
          return D.exp(u);
        case 'log':
          return u.isPos() ? D.ln(u) : domain(`log(${u.toString()})`);
        case 'sqrt':
          return u.isNeg() ? domain(`sqrt(${u.toString()})`) : D.sqrt(u);
        case 'tanh':
          return D.tanh(u);
        case 'sinh':
          return D.sinh(u);
        case 'cosh':
          return D.cosh(u);
        case 'sin':
          return D.sin(u);
        case 'cos':
          return D.cos(u);
        case 'sigmoid':
          return new D(1).div(D.exp(u.neg()).plus(1));
        case 'softplus':
          // log(1 + e^u) = u + log(1 + e^−u): the second form for u > 0 keeps 1 + e^−u near 1 without overflow.
          return u.isPos() ? u.plus(D.ln(D.exp(u.neg()).plus(1))) : D.ln(D.exp(u).plus(1));
        case 'erf':
          return erfSeries(u, w);
        case 'erfc':
          return erfcByComplement(u, w);
        case 'abs':
          return u.abs();
      }
    }
  }
  throw new Error(`referenceValue: unhandled formula node ${JSON.stringify(node)}`);
}

function domain(what: string): never {
  throw new RangeError(`reference activation: ${what} is undefined`);
}

/**
 * erf(z) = (2/√π) e^{−z²} Σ_{n≥0} 2ⁿ z^{2n+1} / (1·3·5⋯(2n+1)) (Abramowitz–Stegun 7.1.6): every term has the sign
 * of z, so the sum has no cancellation; it is summed until a term falls below 10^−(w+5) of the sum.
 */
function erfSeries(z: Decimal, w: Precision): Decimal {
  const g = precision(Math.min(1100, w.digits + 10));
  const zz = new g.D(z);
  if (zz.isZero()) return new w.D(0);
  const z2 = zz.times(zz);
  let term = zz;
  let sum = zz;
  const tiny = new g.D(10).pow(-(w.digits + 5));
  for (let n = 1; ; n++) {
    term = term
      .times(z2)
      .times(2)
      .div(2 * n + 1);
    sum = sum.plus(term);
    if (term.abs().lte(sum.abs().times(tiny))) break;
  }
  const result = sum.times(2).div(sqrtPi(g)).times(g.D.exp(z2.neg()));
  return new w.D(result.toSignificantDigits(w.digits));
}

const SQRT_PI = new Map<number, Decimal>();

function sqrtPi(g: Precision): Decimal {
  let r = SQRT_PI.get(g.digits);
  if (r === undefined) {
    r = g.D.sqrt(g.D.acos(-1));
    SQRT_PI.set(g.digits, r);
  }
  return r;
}

/** erfc(z) = 1 − erf(z), with the digits that the subtraction cancels (about z²/ln 10 for z > 0) added first. */
function erfcByComplement(z: Decimal, w: Precision): Decimal {
  const lost = z.isPos() ? Math.ceil(z.times(z).toNumber() / Math.LN10) + 5 : 0;
  const g = precision(Math.min(1100, w.digits + lost));
  return new w.D(new g.D(1).minus(erfSeries(new g.D(z), g)).toSignificantDigits(w.digits));
}
