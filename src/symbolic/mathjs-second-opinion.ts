import { Decimal } from 'decimal.js';
import { parseFormula, type Activation, type FormulaNode } from '../activations/index.js';
import { precision } from '../precision/context.js';
import { evaluateExpr, parseExpr, symbolicMath, type Expr } from './expr.js';

/** mathjs's derivatives compared with nerdamer's at a few points. */
export type SecondOpinion =
  | {
      readonly kind: 'compared';
      /** Orders compared (1 … maxOrder). */
      readonly orders: number;
      readonly points: readonly string[];
      readonly digits: number;
      /** Largest relative difference, 3 digits. */
      readonly maxDifference: string;
      readonly agree: boolean;
    }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** Options of {@link mathjsSecondOpinion}. */
export interface SecondOpinionOptions {
  /** Highest order asked of mathjs (its derivatives are not simplified and grow quickly). Default 4. */
  readonly maxOrder?: number;
  /** Digits of the comparison. Default 50. */
  readonly digits?: number;
  /** Points x (decimal strings). Default −0.7, 0.4, 1.3. */
  readonly points?: readonly string[];
}

/**
 * A second opinion on nerdamer's σ^(n) (n ≤ maxOrder) from mathjs's `derivative`, which cannot differentiate erf
 * (it throws: reported as unavailable, numerics.md). Both are evaluated at the points at `digits` + 20 digits.
 */
export function mathjsSecondOpinion(
  activation: Activation,
  nerdamerDerivatives: readonly Expr[],
  options: SecondOpinionOptions = {},
): SecondOpinion {
  const { maxOrder = 4, digits = 50, points = ['-0.7', '0.4', '1.3'] } = options;
  const math = symbolicMath();
  const orders = Math.min(maxOrder, nerdamerDerivatives.length - 1);
  let node;
  try {
    node = math.parse(toMathjsText(parseFormula(activation.formula)));
  } catch (e) {
    return { kind: 'unavailable', reason: e instanceof Error ? e.message : String(e) };
  }
  const texts: string[] = [];
  try {
    for (let n = 1; n <= orders; n++) {
      node = math.derivative(node, 'x', { simplify: false });
      texts.push(node.toString());
    }
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { kind: 'unavailable', reason: `mathjs derivative: ${reason}` };
  }
  const p = precision(digits);
  let worst = new p.D(0);
  texts.forEach((t, i) => {
    const mine = parseExpr(t);
    const theirs = nerdamerDerivatives[i + 1];
    if (theirs === undefined) return;
    for (const x of points) {
      const a = evaluateExpr(mine, { x }, p);
      const b = evaluateExpr(theirs, { x }, p);
      const d = a
        .minus(b)
        .abs()
        .div(Decimal.max(b.abs(), new p.D('1e-30')));
      if (d.gt(worst)) worst = d;
    }
  });
  return {
    kind: 'compared',
    orders,
    points,
    digits,
    maxDifference: worst.isZero() ? '0' : worst.toSignificantDigits(3).toExponential(2),
    agree: worst.lte(new p.D(10).pow(5 - digits)),
  };
}

function toMathjsText(node: FormulaNode): string {
  switch (node.kind) {
    case 'variable':
      return 'x';
    case 'number':
      return `(${node.text})`;
    case 'constant':
      return node.name;
    case 'negate':
      return `(-(${toMathjsText(node.arg)}))`;
    case 'binary':
      return `((${toMathjsText(node.left)})${node.op}(${toMathjsText(node.right)}))`;
    case 'call': {
      const u = toMathjsText(node.arg);
      if (node.fn === 'sigmoid') return `(1/(1+exp(-(${u}))))`;
      if (node.fn === 'softplus') return `log(1+exp(${u}))`;
      if (node.fn === 'erfc') return `(1-erf(${u}))`;
      return `${node.fn}(${u})`;
    }
  }
}
