import type { Decimal } from 'decimal.js';
import type { Objective } from '../../flow/objective.js';
import type { Dataset } from '../../network/dataset.js';
import { lossAndDerivatives, type LossResult, type Network } from '../../network/loss.js';
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
  /**
   * The full-space loss, gradient and Hessian the objective computed at a point that rounds to `u` at q.digits
   * (the objective evaluated at ≥ q.digits), with that point in the flat order; undefined when none of its last
   * {@link REMEMBERED} evaluations with a Hessian does. A solve returns its point rounded to q: the evaluation
   * that passed its convergence test is then found here instead of being computed again.
   */
  readonly evaluated: (u: readonly Decimal[], q: Precision) => FullEvaluation | undefined;
}

/** A full-space evaluation of the restricted objective: the point (flat order) and L, ∇L, ∇²L there. */
export interface FullEvaluation {
  readonly flat: readonly Decimal[];
  readonly result: LossResult;
}

/** Evaluations with a Hessian that {@link Restricted.evaluated} remembers. */
const REMEMBERED = 4;

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
  // Column k of the map u → flat: a scale (undefined for 1) times a ±1 pattern on one or two flat indices. The
  // projection adds the signed entries first and scales once (no multiplication by 1 nor per term).
  type Column = {
    readonly scale: Decimal | undefined;
    readonly terms: readonly (readonly [number, 1 | -1])[];
  };
  const columnsAt = new Map<number, readonly Column[]>();
  const columns = (q: Precision): readonly Column[] => {
    const known = columnsAt.get(q.digits);
    if (known !== undefined) return known;
    const half = new q.D(1).div(2);
    const inv = new q.D(1).div(new q.D(A).times(2));
    const cols: Column[] = outside.map((k) => ({ scale: undefined, terms: [[k, 1]] }));
    for (let k = 0; k < m; k++)
      cols.push({
        scale: undefined,
        terms: [
          [wi[k] as number, 1],
          [wj[k] as number, 1],
        ],
      });
    for (let k = 0; k < m; k++)
      cols.push({
        scale: inv,
        terms: [
          [wi[k] as number, 1],
          [wj[k] as number, -1],
        ],
      });
    cols.push({
      scale: half,
      terms: [
        [ia, 1],
        [ja, 1],
      ],
    });
    columnsAt.set(q.digits, cols);
    return cols;
  };
  const remembered: { u: readonly Decimal[]; digits: number; full: FullEvaluation }[] = [];
  const evaluated = (u: readonly Decimal[], q: Precision): FullEvaluation | undefined =>
    remembered.find(
      (e) =>
        e.digits >= q.digits &&
        e.u.length === u.length &&
        e.u.every((x, k) => roundTo(q, x).eq(u[k] as Decimal)),
    )?.full;
  const objective: Objective = {
    evaluate: (u, q, options = {}) => {
      const { gradient = true, hessian = false } = options;
      const g0 = precision(q.digits + guard);
      const flat = toFlat(u, g0);
      const r = lossAndDerivatives(network, data(q), flat, q, { gradient, hessian, guard });
      if (gradient && hessian) {
        remembered.unshift({ u: [...u], digits: q.digits, full: { flat, result: r } });
        remembered.length = Math.min(remembered.length, REMEMBERED);
      }
      const cols = columns(g0);
      const signed = (pick: (k: number) => Decimal, col: Column): Decimal => {
        let sum: Decimal | undefined;
        for (const [k, sign] of col.terms) {
          const x = pick(k);
          sum = sum === undefined ? (sign === 1 ? x : x.neg()) : sign === 1 ? sum.plus(x) : sum.minus(x);
        }
        return sum ?? new g0.D(0);
      };
      const scaled = (x: Decimal, col: Column): Decimal => (col.scale === undefined ? x : x.times(col.scale));
      const out: { loss: Decimal; gradient?: Decimal[]; hessian?: Decimal[][] } = { loss: r.loss };
      const g = r.gradient;
      const H = r.hessian;
      if (g !== undefined)
        out.gradient = cols.map((col) =>
          roundTo(
            q,
            scaled(
              signed((k) => g[k] as Decimal, col),
              col,
            ),
          ),
        );
      if (H !== undefined) {
        const Hu = cols.map(() => new Array<Decimal>(cols.length));
        cols.forEach((cm, a) => {
          for (let b = a; b < cols.length; b++) {
            const cn = cols[b] as Column;
            const inner = (k: number): Decimal =>
              signed((l) => (H[k] as readonly Decimal[])[l] as Decimal, cn);
            const v = roundTo(q, scaled(scaled(signed(inner, cm), cn), cm));
            (Hu[a] as Decimal[])[b] = v;
            (Hu[b] as Decimal[])[a] = v;
          }
        });
        out.hessian = Hu;
      }
      return out;
    },
  };
  return { objective, toFlat, fromFlat, evaluated };
}

/**
 * ⌈log₁₀|x|⌉ for |x| > 1, else 0, read off the decimal exponent: |x| = m·10^e with 1 ≤ m < 10 gives e when m = 1
 * (an exact power of ten) and e + 1 otherwise (no logarithm at x's precision).
 */
export function log10Ceil(x: Decimal): number {
  const a = x.abs();
  if (!a.gt(1)) return 0;
  const e = a.e;
  return a.eq(new (a.constructor as typeof Decimal)(`1e${e}`)) ? e : e + 1;
}
