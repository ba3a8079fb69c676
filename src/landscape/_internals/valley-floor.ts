import type { Decimal } from 'decimal.js';
import type { Objective } from '../../flow/objective.js';
import type { Dataset } from '../../network/dataset.js';
import { lossAndDerivatives, type Network } from '../../network/loss.js';
import { neuronPair, pairIndices } from '../../network/neuron-pair.js';
import { parameterCount, rowLength } from '../../network/params.js';
import { precision, roundTo, type Precision } from '../../precision/context.js';

/**
 * The loss at fixed A in coordinates where the valley floor is well conditioned: u = (every parameter outside the
 * pair, w = (w_i + w_j)/2, v = A(w_i − w_j), c = a_i + a_j), i.e. w_i = w + v/(2A), w_j = w − v/(2A),
 * a_i = c/2 + A, a_j = c/2 − A. The map is affine, so Newton is unchanged by it, but in the raw coordinates the
 * Hessian has an eigenvalue ~A² and a gradient test cannot tell a converged point from rounding; in u the
 * Hessian tends to that of the GLU limit and the gradient tolerance 10^−(digits−10) means what it says.
 * Holding u fixed while A changes is the GLU-limit predictor.
 */
export interface Restricted {
  readonly objective: Objective;
  readonly toFlat: (u: readonly Decimal[], q: Precision) => Decimal[];
  readonly fromFlat: (flat: readonly Decimal[], q: Precision) => Decimal[];
}

export function restricted(
  network: Network,
  data: (q: Precision) => Dataset,
  i: number,
  j: number,
  A: Decimal,
): Restricted {
  const layout = network.layout;
  const P = parameterCount(layout);
  const m = rowLength(layout);
  const { wi, wj, ai: ia, aj: ja } = pairIndices(layout, i, j);
  const pairIdx = new Set([...wi, ...wj, ia, ja]);
  const outside = Array.from({ length: P }, (_, k) => k).filter((k) => !pairIdx.has(k));
  // The residual cancels two terms of size |A| and the gradient multiplies it by a_i ~ A again: 2·log₁₀|A| guard
  // digits keep the loss and its derivatives accurate to the working precision.
  const guard = 2 * log10Ceil(A) + 10;
  const n = outside.length + 2 * m + 1;
  const toFlat = (u: readonly Decimal[], q: Precision): Decimal[] => {
    const out = new Array<Decimal>(P);
    outside.forEach((k, r) => (out[k] = new q.D(u[r] as Decimal)));
    const o = outside.length;
    const twoA = new q.D(A).times(2);
    for (let k = 0; k < m; k++) {
      const w = new q.D(u[o + k] as Decimal);
      const half = new q.D(u[o + m + k] as Decimal).div(twoA);
      out[wi[k] as number] = w.plus(half);
      out[wj[k] as number] = w.minus(half);
    }
    const c = new q.D(u[n - 1] as Decimal).div(2);
    out[ia] = c.plus(A);
    out[ja] = c.minus(A);
    return out;
  };
  const fromFlat = (flat: readonly Decimal[], q: Precision): Decimal[] => {
    const u = outside.map((k) => new q.D(flat[k] as Decimal));
    const pair = neuronPair(layout, flat, i, j);
    pair.wi.forEach((x, k) => u.push(new q.D(x).plus(pair.wj[k] as Decimal).div(2)));
    pair.wi.forEach((x, k) => u.push(new q.D(x).minus(pair.wj[k] as Decimal).times(A)));
    u.push(new q.D(flat[ia] as Decimal).plus(flat[ja] as Decimal));
    return u;
  };
  const columns = (q: Precision): (readonly (readonly [number, Decimal])[])[] => {
    const one = new q.D(1);
    const half = new q.D(1).div(2);
    const inv = new q.D(1).div(new q.D(A).times(2));
    const cols: (readonly (readonly [number, Decimal])[])[] = outside.map((k) => [[k, one]]);
    for (let k = 0; k < m; k++)
      cols.push([
        [wi[k] as number, one],
        [wj[k] as number, one],
      ]);
    for (let k = 0; k < m; k++)
      cols.push([
        [wi[k] as number, inv],
        [wj[k] as number, inv.neg()],
      ]);
    cols.push([
      [ia, half],
      [ja, half],
    ]);
    return cols;
  };
  const objective: Objective = {
    evaluate: (u, q, options = {}) => {
      const { gradient = true, hessian = false } = options;
      const g0 = precision(q.digits + guard);
      const r = lossAndDerivatives(network, data(q), toFlat(u, g0), q, { gradient, hessian, guard });
      const cols = columns(g0);
      const project = (pick: (k: number) => Decimal, col: readonly (readonly [number, Decimal])[]): Decimal =>
        col.reduce((s, [k, wgt]) => s.plus(pick(k).times(wgt)), new g0.D(0));
      const out: { loss: Decimal; gradient?: Decimal[]; hessian?: Decimal[][] } = { loss: r.loss };
      const g = r.gradient;
      const H = r.hessian;
      if (g !== undefined)
        out.gradient = cols.map((col) =>
          roundTo(
            q,
            project((k) => g[k] as Decimal, col),
          ),
        );
      if (H !== undefined) {
        out.hessian = cols.map((cm) =>
          cols.map((cn) =>
            roundTo(
              q,
              project((k) => project((l) => (H[k] as readonly Decimal[])[l] as Decimal, cn), cm),
            ),
          ),
        );
      }
      return out;
    },
  };
  return { objective, toFlat, fromFlat };
}

export function log10Ceil(x: Decimal): number {
  const a = x.abs();
  return a.gt(1) ? Math.ceil(a.log(10).toNumber()) : 0;
}
