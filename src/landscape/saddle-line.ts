import type { Decimal } from 'decimal.js';
import type { Dataset } from '../network/dataset.js';
import { lossAndDerivatives, type Network } from '../network/loss.js';
import { parameterCount, rowLength, type Layout } from '../network/params.js';
import { roundTo, withGuard, type Precision } from '../precision/context.js';
import { inertia, symmetricEigenvalues } from '../precision/linalg/index.js';

/**
 * θ_γ of Fukumizu & Amari's theorem 1 (mathematics.md §3): neuron k of a width-r point is duplicated into a new last
 * neuron r with the same input weights; a_k ← γ a_k, a_r ← (1 − γ) a_k. Returns the width-(r+1) layout and point.
 */
export function splitNeuron(
  layout: Layout,
  flat: readonly Decimal[],
  k: number,
  gamma: Decimal.Value,
  p: Precision,
): { layout: Layout; flat: Decimal[] } {
  const r = layout.width;
  const m = rowLength(layout);
  if (!Number.isInteger(k) || k < 0 || k >= r)
    throw new RangeError(`splitNeuron: neuron ${k} not in 0…${r - 1}`);
  if (flat.length !== parameterCount(layout)) throw new RangeError('splitNeuron: wrong parameter count');
  const g = new p.D(gamma);
  const w = flat.slice(0, r * m);
  const a = flat.slice(r * m, r * m + r);
  const rest = flat.slice(r * m + r);
  const ak = a[k] as Decimal;
  const newA = a.map((x, i) => (i === k ? roundTo(p, g.times(ak)) : x));
  newA.push(roundTo(p, new p.D(1).minus(g).times(ak)));
  return {
    layout: { ...layout, width: r + 1 },
    flat: [...w, ...w.slice(k * m, (k + 1) * m), ...newA, ...rest],
  };
}

/**
 * B = (1/N) Σ_n ρ_n a*_k σ″(w*_k·x̃_n) x̃_n x̃_nᵀ · 2(f(x_n) − y_n) (mathematics.md §3), m×m with m = d (+1 with
 * hidden biases), rounded to `p`.
 */
export function saddleMatrixB(
  network: Network,
  data: Dataset,
  flat: readonly Decimal[],
  k: number,
  p: Precision,
): Decimal[][] {
  const { layout, activation } = network;
  const r = layout.width;
  const m = rowLength(layout);
  const g = withGuard(p, 10);
  const theta = flat.map((x) => new g.D(x));
  const zero = new g.D(0);
  const B = Array.from({ length: m }, () => new Array<Decimal>(m).fill(zero));
  const N = data.targets.length;
  for (let n = 0; n < N; n++) {
    const x = data.inputs[n] as readonly Decimal[];
    const xt = layout.hiddenBias ? [...x.map((v) => new g.D(v)), new g.D(1)] : x.map((v) => new g.D(v));
    const rho = data.weights?.[n] === undefined ? new g.D(1) : new g.D(data.weights[n] as Decimal);
    let f = layout.outputBias ? (theta[parameterCount(layout) - 1] as Decimal) : zero;
    let s2k = zero;
    for (let i = 0; i < r; i++) {
      let z = zero;
      for (let j = 0; j < m; j++) z = z.plus((theta[i * m + j] as Decimal).times(xt[j] as Decimal));
      const s = activation.derivatives(z, i === k ? 2 : 0, g);
      f = f.plus((theta[r * m + i] as Decimal).times(s[0] as Decimal));
      if (i === k) s2k = s[2] as Decimal;
    }
    const coef = rho
      .times(theta[r * m + k] as Decimal)
      .times(s2k)
      .times(f.minus(data.targets[n] as Decimal))
      .times(2);
    for (let i = 0; i < m; i++) {
      const row = B[i] as Decimal[];
      for (let j = 0; j < m; j++)
        row[j] = (row[j] as Decimal).plus(coef.times(xt[i] as Decimal).times(xt[j] as Decimal));
    }
  }
  return B.map((row) => row.map((v) => roundTo(p, v.div(N))));
}

/**
 * Theorem 3's pattern from the eigenvalues of B (for a strict local minimum θ* of L_r): `inside` — B positive
 * definite, minima for γ ∈ (0, 1) (a plateau saddle segment) and saddles outside; `outside` — B negative
 * definite, minima for γ < 0 and γ > 1, saddles inside; `none` — B indefinite, saddles for every γ ∉ {0, 1};
 * `degenerate` — an eigenvalue of B is zero to the tolerance; `saddle-base` — θ* itself is a saddle of L_r, so
 * every θ_γ is a saddle.
 */
export type SaddlePrediction = 'inside' | 'outside' | 'none' | 'degenerate' | 'saddle-base';

export function predictFromB(
  eigenvalues: readonly Decimal[],
  tolerance: Decimal,
  baseIsMinimum: boolean,
): SaddlePrediction {
  if (!baseIsMinimum) return 'saddle-base';
  if (eigenvalues.some((e) => e.abs().lte(tolerance))) return 'degenerate';
  if (eigenvalues.every((e) => e.gt(0))) return 'inside';
  if (eigenvalues.every((e) => e.lt(0))) return 'outside';
  return 'none';
}

/** One point of the saddle line. */
export interface SaddleLinePoint {
  readonly gamma: Decimal;
  readonly loss: Decimal;
  /** ‖∇L_{r+1}(θ_γ)‖∞. */
  readonly gradNorm: Decimal;
  readonly inertia: { readonly neg: number; readonly zero: number; readonly pos: number };
  /** Whether the Hessian's negative count matches the prediction (undefined at γ ∈ {0, 1} or without one). */
  readonly agrees?: boolean;
}

export interface SaddleLineResult {
  readonly B: readonly (readonly Decimal[])[];
  readonly eigenvalues: readonly Decimal[];
  readonly prediction: SaddlePrediction;
  readonly line: readonly SaddleLinePoint[];
}

/**
 * The saddle line of neuron k through a critical point θ* of the width-r network: B, its eigenvalues and the
 * predicted pattern, and for each γ the loss, gradient norm and Hessian inertia of L_{r+1} at θ_γ, with whether
 * the inertia agrees (negative count 0 where minima are predicted, ≥ 1 where saddles are).
 */
export function saddleLine(
  network: Network,
  data: (q: Precision) => Dataset,
  critical: readonly Decimal[],
  k: number,
  gammas: readonly Decimal.Value[],
  p: Precision,
): SaddleLineResult {
  const q = withGuard(p, 10);
  const B = saddleMatrixB(network, data(q), critical, k, q);
  const eig = symmetricEigenvalues(B, q);
  if (eig.kind !== 'converged') throw new Error('saddleLine: eigenvalues of B did not converge');
  const base = lossAndDerivatives(network, data(q), critical, q, { hessian: true });
  const baseInertia = inertia(base.hessian as Decimal[][], p);
  // "Zero" relative to max(1, |λ|max): B vanishes exactly when a*_k = 0 or the residual does, and its computed
  // eigenvalues are then rounding noise that must not be read as a sign.
  const scale = eig.values.reduce((mx, e) => (e.abs().gt(mx) ? e.abs() : mx), new q.D(1));
  const tol = scale.times(new q.D(10).pow(-Math.floor(p.digits / 2)));
  const prediction = predictFromB(eig.values, tol, baseInertia.negative === 0);
  const wide: Network = { ...network, layout: { ...network.layout, width: network.layout.width + 1 } };
  const line = gammas.map((gv): SaddleLinePoint => {
    const gamma = new q.D(gv);
    const split = splitNeuron(network.layout, critical, k, gamma, q);
    const res = lossAndDerivatives(wide, data(q), split.flat, q, { hessian: true });
    const grad = (res.gradient ?? []).reduce((mx, x) => (x.abs().gt(mx) ? x.abs() : mx), new q.D(0));
    const iner = inertia(res.hessian as Decimal[][], p);
    const endpoint = gamma.isZero() || gamma.eq(1);
    const insideSeg = gamma.gt(0) && gamma.lt(1);
    let expectMinimum: boolean | undefined;
    if (!endpoint) {
      if (prediction === 'inside') expectMinimum = insideSeg;
      else if (prediction === 'outside') expectMinimum = !insideSeg;
      else if (prediction === 'none' || prediction === 'saddle-base') expectMinimum = false;
    }
    const point = {
      gamma: roundTo(p, gamma),
      loss: roundTo(p, res.loss),
      gradNorm: roundTo(p, grad),
      inertia: { neg: iner.negative, zero: iner.zero, pos: iner.positive },
    };
    return expectMinimum === undefined
      ? point
      : { ...point, agrees: expectMinimum === (iner.negative === 0) };
  });
  return {
    B: B.map((row) => row.map((v) => roundTo(p, v))),
    eigenvalues: eig.values.map((v) => roundTo(p, v)),
    prediction,
    line,
  };
}
