import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import type { Precision } from '../../precision/context.js';
import { decimalField } from '../../precision/jet/index.js';
import { exp } from '../../precision/special/index.js';

/** Largest number of nodes of a product rule (d-dimensional populations). */
export const MAX_POPULATION_NODES = 250_000;

/** A trapezoidal rule for x ~ N(0, I_d) and its embedded rule of twice the step (every other node per axis). */
export interface PopulationRule {
  readonly step: Decimal;
  /** Nodes (rows of length d). */
  readonly nodes: Decimal[][];
  /** Weights ρ with Σρ = N (the loss convention: L = (1/N) Σ ρ r²). */
  readonly weights: Decimal[];
  /** Indices of the nodes of the embedded rule of step 2h, and its weights (Σ = its node count). */
  readonly coarse: readonly number[];
  readonly coarseWeights: Decimal[];
}

/**
 * The cut-off X of the rule: nodes with |x_i| ≤ X. Beyond X the Gaussian is below 10^−(digits + 8); the integrand
 * may grow polynomially (a linear target squared), which the extra margin of 8 digits and 1 absorbs.
 */
export function cutoff(digits: number): number {
  return Math.sqrt(2 * (digits + 8) * Math.LN10) + 1;
}

/**
 * The d-dimensional product trapezoidal rule x = h·(j_1, …, j_d), |x_i| ≤ X, with weights ∝ exp(−|x|²/2)
 * normalised so that Σρ/N = 1 (so E[1] = 1 exactly), computed in context q. For an integrand entire in x the
 * error falls like exp(−c/h²), and the embedded rule of step 2h (every other node) gives an error estimate:
 * |L_h − L_2h| bounds the error of the coarser rule, and hence (conservatively) of the finer one.
 */
export function populationRule(d: number, step: Decimal, q: Precision, field: string): PopulationRule {
  const h = new q.D(step);
  const X = cutoff(q.digits);
  const J = Math.floor(X / h.toNumber());
  const perAxis = 2 * J + 1;
  const total = perAxis ** d;
  if (!(total <= MAX_POPULATION_NODES)) {
    throw new InputError(
      `${field}: the population rule with step ${h.toString()} needs ${perAxis}^${d} nodes ` +
        `(more than ${MAX_POPULATION_NODES}); lower the digits or give a larger quadrature.step`,
    );
  }
  const xs = Array.from({ length: perAxis }, (_, i) => h.times(i - J));
  // e^(−x²/2) by the special functions' exp (correctly rounded; far faster than decimal.js's exp).
  const es = xs.map((x) => exp(x.times(x).div(-2), q));
  let nodes: Decimal[][] = [[]];
  let raw: Decimal[] = [new q.D(1)];
  let even: boolean[] = [true];
  for (let axis = 0; axis < d; axis++) {
    const nextNodes: Decimal[][] = [];
    const nextRaw: Decimal[] = [];
    const nextEven: boolean[] = [];
    nodes.forEach((row, r) => {
      for (let i = 0; i < perAxis; i++) {
        nextNodes.push([...row, xs[i] as Decimal]);
        nextRaw.push((raw[r] as Decimal).times(es[i] as Decimal));
        nextEven.push((even[r] as boolean) && (i - J) % 2 === 0);
      }
    });
    nodes = nextNodes;
    raw = nextRaw;
    even = nextEven;
  }
  const normalise = (ws: readonly Decimal[]): Decimal[] => {
    const sum = ws.reduce((s, w) => s.plus(w), new q.D(0));
    return ws.map((w) => w.times(ws.length).div(sum));
  };
  const coarse = even.flatMap((e, i) => (e ? [i] : []));
  return {
    step: h,
    nodes,
    weights: normalise(raw),
    coarse,
    coarseWeights: normalise(coarse.map((i) => raw[i] as Decimal)),
  };
}

/**
 * A one-dimensional rule for x ~ N(0, 1) split at `breaks` (the kinks of a non-smooth integrand, inside
 * (−X, X)): tanh-sinh quadrature on each piece between consecutive breaks (and ±X), with step h = 2^−level in
 * its parameter t and the embedded rule of step 2h (even k) for the error estimate. Tanh-sinh converges
 * exponentially in 1/h for integrands analytic inside each piece, whatever their kinks at its ends, where the
 * trapezoidal rule across a kink converges only like h². Weights ∝ φ(x)·dx/dt, normalised so that Σρ/N = 1.
 */
const FIXED_BREAKS = ['-4', '-2', '-1', '0', '1', '2', '4'];

/** The smallest level of {@link piecewiseRule} whose error estimate is trusted (h = 1/8). */
export const MIN_PIECEWISE_LEVEL = 3;

export function piecewiseRule(breaks: readonly Decimal[], level: number, q: Precision): PopulationRule {
  const D = q.D;
  const X = new D(cutoff(q.digits));
  const h = new D(2).pow(-level);
  const halfPi = decimalField(q).constant('pi').div(2);
  // Beyond t_max the tanh-sinh weights fall below 10^−(digits + 10): π/2·e^t > (digits + 10)·ln 10.
  const tMax = Math.log((2 * (q.digits + 10) * Math.LN10) / Math.PI) + 0.5;
  const K = Math.ceil(tMax / h.toNumber());
  // Fixed extra breaks at the scale of the Gaussian keep every piece short where the mass is (a piece of length
  // 2X would need many levels before its coarse and fine rules stop agreeing by accident on one central node).
  const all = [...breaks, ...FIXED_BREAKS.map((b) => new D(b))].filter((b) => b.abs().lt(X));
  all.sort((x, y) => x.cmp(y));
  const ends = [X.neg(), ...all.filter((b, i) => i === 0 || !b.eq(all[i - 1] as Decimal)), X];
  const nodes: Decimal[][] = [];
  const raw: Decimal[] = [];
  const even: boolean[] = [];
  for (let piece = 0; piece + 1 < ends.length; piece++) {
    const a = ends[piece] as Decimal;
    const b = ends[piece + 1] as Decimal;
    const len = b.minus(a);
    if (!len.isPos()) continue;
    for (let k = -K; k <= K; k++) {
      const t = h.times(k);
      // v = π/2·sinh t; x = a + (b − a)/(1 + e^(−2v)) without cancellation near either end;
      // dx/dt = (b − a)·π/2·cosh t / (e^v + e^(−v))²·… = (b − a)·π/2·cosh t·e^(−2|v|)/(1 + e^(−2|v|))².
      const et = exp(t, q);
      const sinh = et.minus(new D(1).div(et)).div(2);
      const cosh = et.plus(new D(1).div(et)).div(2);
      const v = halfPi.times(sinh);
      const E = exp(v.abs().times(-2), q);
      const frac = v.isNeg() ? E.div(E.plus(1)) : new D(1).div(E.plus(1));
      const x = a.plus(len.times(frac));
      const dxdt = len.times(halfPi).times(cosh).times(E).times(4).div(E.plus(1).pow(2)).div(2);
      nodes.push([x]);
      raw.push(dxdt.times(exp(x.times(x).div(-2), q)));
      even.push(k % 2 === 0);
    }
  }
  const normalise = (ws: readonly Decimal[]): Decimal[] => {
    const sum = ws.reduce((s, w) => s.plus(w), new D(0));
    return ws.map((w) => w.times(ws.length).div(sum));
  };
  const coarse = even.flatMap((e, i) => (e ? [i] : []));
  return {
    step: h,
    nodes,
    weights: normalise(raw),
    coarse,
    coarseWeights: normalise(coarse.map((i) => raw[i] as Decimal)),
  };
}
