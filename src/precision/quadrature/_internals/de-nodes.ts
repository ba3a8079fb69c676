import type { Decimal } from 'decimal.js';
import { precision, roundTo, type Precision } from '../../context.js';

/** A node of the sinh-mapped trapezoidal rule: x = sinh t and u = φ(x)·cosh t (so E f = ∫ f(sinh t)·u(t) dt). */
export interface DeNode {
  readonly x: Decimal;
  readonly u: Decimal;
}

/** Largest |t| of any node: sinh 6.5 ≈ 332 and φ(332) ≈ 10^−24000, far below anything representable in a result. */
export const MAX_T = 6.5;

/** Smallest multiple of 1/2 at which the weight u(t) is below 10^−decades (float64 estimate, exact enough). */
export function weightCutoff(decades: number): number {
  const log10u = (t: number): number =>
    -(Math.sinh(t) ** 2) / (2 * Math.LN10) + Math.log10(Math.cosh(t)) - 0.5 * Math.log10(2 * Math.PI);
  let t = 0.5;
  while (t < MAX_T && log10u(t) > -decades) t += 0.5;
  return t;
}

interface Table {
  readonly w: Precision;
  readonly nodes: Map<string, DeNode>;
  readonly exps: Map<string, Decimal>;
  readonly invSqrt2Pi: Decimal;
}

const tables = new Map<number, Table>();

function table(q: Precision): Table {
  let tb = tables.get(q.digits);
  if (tb === undefined) {
    // 5 extra digits: sinh t = (eᵗ − e⁻ᵗ)/2 cancels up to 4 digits for the smallest t used (2^−13).
    const w = precision(q.digits + 5);
    tb = { w, nodes: new Map(), exps: new Map(), invSqrt2Pi: new w.D(1).div(w.D.acos(-1).times(2).sqrt()) };
    tables.set(q.digits, tb);
  }
  return tb;
}

/** Reduces m/2^L to lowest terms. */
function reduce(m: number, level: number): [number, number] {
  while (level > 0 && m % 2 === 0) {
    m /= 2;
    level -= 1;
  }
  return [m, level];
}

/**
 * e^{m/2^L} built multiplicatively: e^{m/2^L} = e^{(m−1)/2^L}·e^{1/2^L}, where (m−1)/2^L is a node of a coarser
 * grid. One `exp` per level instead of one per node (exp costs 100–1000× a multiplication), at the price of one
 * rounding per step of the chain, which the table's 5 extra digits absorb.
 */
function expOf(tb: Table, m0: number, level0: number): Decimal {
  const [m, level] = reduce(m0, level0);
  const key = `${m}/${level}`;
  const hit = tb.exps.get(key);
  if (hit !== undefined) return hit;
  let v: Decimal;
  if (m === 0) v = new tb.w.D(1);
  else if (m === 1) v = new tb.w.D(2).pow(-level).exp();
  else v = expOf(tb, m - 1, level).times(expOf(tb, 1, level));
  tb.exps.set(key, v);
  return v;
}

/**
 * The node at t = m·2^−(level+1) (m ≥ 0) of the sinh-mapped trapezoidal rule, at the digits of `q` (cached per
 * digits and t, so repeated expectations at one precision pay for the transcendental functions only once).
 */
export function deNode(q: Precision, m: number, level: number): DeNode {
  const tb = table(q);
  const [mm, ll] = reduce(m, level + 1);
  const key = `${mm}/${ll}`;
  const hit = tb.nodes.get(key);
  if (hit !== undefined) return hit;
  const e = expOf(tb, mm, ll);
  const ei = new tb.w.D(1).div(e);
  const x = e.minus(ei).div(2);
  const cosh = e.plus(ei).div(2);
  const u = x.times(x).div(-2).exp().times(tb.invSqrt2Pi).times(cosh);
  const node: DeNode = { x: roundTo(q, x), u: roundTo(q, u) };
  tb.nodes.set(key, node);
  return node;
}
