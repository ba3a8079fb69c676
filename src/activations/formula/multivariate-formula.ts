import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import { precision, roundTo, type Precision } from '../../precision/context.js';
import { JetDomainError, decimalField, jetArithmetic } from '../../precision/jet/index.js';
import { evaluateFormulaJet } from './evaluate-formula.js';
import { dependsOnX, usesAbs, type FormulaNode } from './formula-node.js';
import { parseFormula } from './parse-formula.js';
import { renderFormula } from './render-formula.js';

/** A formula in several named variables (a target y(x1, …, xd), or a constant expression with none). */
export interface MultivariateFormula {
  /** The formula as written (trimmed). */
  readonly text: string;
  /** The canonical rendering (explicit operators). */
  readonly formula: string;
  readonly variables: readonly string[];
  /** False when the formula has points without derivatives (it uses abs): quadrature across them converges slowly. */
  readonly smooth: boolean;
  /**
   * One-variable formulas: the points of (lo, hi) where the argument of an abs changes sign (the kinks), sorted,
   * each to p.digits. Found by a scan of `scan` points and bisection, so a pair of sign changes closer than
   * (hi − lo)/scan can be missed. Empty for smooth formulas.
   */
  kinks(lo: Decimal.Value, hi: Decimal.Value, p: Precision, scan?: number): Decimal[];
  /** The value at `point` (one value per variable, in order), computed with 10 guard digits, rounded to p. */
  value(point: readonly Decimal.Value[], p: Precision): Decimal;
}

/** Guard digits for the handful of roundings inside a target formula. */
const GUARD = 10;

/**
 * Parses `text` as a formula in `variables` (the language of parseFormula: numbers, pi, e, + − * / ^, the
 * one-argument functions). With no variables it is a constant expression such as `sqrt(3)` or `-pi/4`.
 * Points outside the domain (log of a non-positive number, …) are InputErrors naming the sub-formula and the
 * point. Throws InputError for formulas outside the language or using other symbols.
 *
 * Example: `multivariateFormula('x1*x2 + 1', ['x1', 'x2']).value(['2', '3'], precision(30))` is 7.
 */
export function multivariateFormula(text: string, variables: readonly string[]): MultivariateFormula {
  const source = text.trim();
  const tree: FormulaNode = parseFormula(source, { variables });
  // Sub-formulas without variables (log(10), sqrt(2), …) evaluated once per precision: a target is evaluated at
  // thousands of points.
  const foldedTrees = new Map<number, FormulaNode>();
  const folded = (q: Precision): FormulaNode => {
    let t = foldedTrees.get(q.digits);
    if (t === undefined) {
      t = foldConstants(tree, q);
      foldedTrees.set(q.digits, t);
    }
    return t;
  };
  const value = (point: readonly Decimal.Value[], p: Precision): Decimal => {
    if (point.length !== variables.length) {
      throw new RangeError(`formula "${source}": expected ${variables.length} values, got ${point.length}`);
    }
    const q = precision(Math.min(1100, p.digits + GUARD));
    const J = jetArithmetic(decimalField(q), 0);
    const inputs = point.map((v) => J.variable(new q.D(v)));
    try {
      const y = evaluateFormulaJet(folded(q), J, J.constant(new q.D(0)), inputs)[0];
      if (y === undefined || !y.isFinite()) throw new JetDomainError('formula', 'not finite', '');
      return roundTo(p, y);
    } catch (e) {
      if (e instanceof JetDomainError) {
        const at = variables.map((name, i) => `${name} = ${new q.D(point[i] ?? NaN).toString()}`).join(', ');
        throw new InputError(`formula "${source}" is undefined${at === '' ? '' : ` at ${at}`}: ${e.message}`);
      }
      throw e;
    }
  };
  return Object.freeze({
    text: source,
    formula: renderFormula(tree),
    variables: [...variables],
    smooth: !usesAbs(tree),
    value,
    kinks: (lo: Decimal.Value, hi: Decimal.Value, p: Precision, scan = 4000): Decimal[] =>
      kinksOf(tree, variables.length, lo, hi, p, scan),
  });
}

/** The tree with every variable-free call or operation replaced by its value at q (a number node). */
function foldConstants(node: FormulaNode, q: Precision): FormulaNode {
  if (node.kind === 'variable' || node.kind === 'number') return node;
  if (!dependsOnX(node)) {
    const J = jetArithmetic(decimalField(q), 0);
    try {
      const v = evaluateFormulaJet(node, J, J.constant(new q.D(0)))[0];
      if (v !== undefined && v.isFinite()) return { kind: 'number', text: v.toString() };
    } catch {
      // Left unfolded: the evaluation at a point reports the domain error with its context.
    }
    return node;
  }
  switch (node.kind) {
    case 'negate':
      return { kind: 'negate', arg: foldConstants(node.arg, q) };
    case 'call':
      return { kind: 'call', fn: node.fn, arg: foldConstants(node.arg, q) };
    case 'binary':
      return { ...node, left: foldConstants(node.left, q), right: foldConstants(node.right, q) };
    default:
      return node;
  }
}

/** The arguments of every abs in the tree. */
function absArguments(node: FormulaNode, out: FormulaNode[] = []): FormulaNode[] {
  switch (node.kind) {
    case 'negate':
      absArguments(node.arg, out);
      break;
    case 'call':
      if (node.fn === 'abs') out.push(node.arg);
      absArguments(node.arg, out);
      break;
    case 'binary':
      absArguments(node.left, out);
      absArguments(node.right, out);
      break;
    default:
      break;
  }
  return out;
}

function kinksOf(
  tree: FormulaNode,
  count: number,
  loV: Decimal.Value,
  hiV: Decimal.Value,
  p: Precision,
  scan: number,
): Decimal[] {
  const q = precision(Math.min(1100, p.digits + GUARD));
  const J = jetArithmetic(decimalField(q), 0);
  const at = (g: FormulaNode, x: Decimal): number => {
    try {
      // Every variable is the one x (a one-dimensional target may name it x or x1).
      const inputs = Array.from({ length: count }, () => J.variable(x));
      const v = evaluateFormulaJet(g, J, J.constant(new q.D(0)), inputs)[0];
      return v === undefined || !v.isFinite() ? NaN : v.isZero() ? 0 : v.isNeg() ? -1 : 1;
    } catch {
      return NaN;
    }
  };
  const lo = new q.D(loV);
  const hi = new q.D(hiV);
  const found: Decimal[] = [];
  for (const g of absArguments(tree)) {
    const xs = Array.from({ length: scan + 1 }, (_, i) => lo.plus(hi.minus(lo).times(i).div(scan)));
    const signs = xs.map((x) => at(g, x));
    for (let i = 0; i < scan; i++) {
      const s0 = signs[i] as number;
      const s1 = signs[i + 1] as number;
      if (s0 === 0 && i > 0) found.push(xs[i] as Decimal);
      if (!(s0 * s1 < 0)) continue;
      // Bisection to p.digits: the bracket halves each step.
      let a = xs[i] as Decimal;
      let b = xs[i + 1] as Decimal;
      const tol = hi
        .minus(lo)
        .abs()
        .times(new q.D(10).pow(-(p.digits + 2)));
      while (b.minus(a).gt(tol)) {
        const m = a.plus(b).div(2);
        const sm = at(g, m);
        if (sm === 0) {
          a = m;
          b = m;
          break;
        }
        if (sm === s0) a = m;
        else b = m;
      }
      found.push(a.plus(b).div(2));
    }
  }
  const sorted = found.map((x) => new p.D(x.toSignificantDigits(p.digits))).sort((x, y) => x.cmp(y));
  return sorted.filter((x, i) => i === 0 || !x.eq(sorted[i - 1] as Decimal));
}
