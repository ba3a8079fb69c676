import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import type { Precision } from '../../precision/context.js';
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
