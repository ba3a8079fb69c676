import type { Decimal } from 'decimal.js';
import { neuronIndices, pairDivergence, pairDivergence64 } from './neuron-pair.js';
import type { Layout } from './params.js';

/**
 * The paper's channel criteria for a trained network (mathematics.md §4), in one place: the parameter norm
 * exceeds 10³; some pair of hidden neurons has cosine distance 1 − cos(w_i, w_j) below 10⁻³ between its input
 * weights, with readouts of opposite signs and large |a_i| + |a_j|; more than 90% of late updates lie in the
 * pair's channel subspace; three or more neurons within 10⁻² of each other form a multi-dimensional channel.
 */
export const PAPER_CRITERIA = {
  normThreshold: 1e3,
  cosineThreshold: 1e-3,
  readoutThreshold: 1e2,
  groupThreshold: 1e-2,
  updateFraction: 0.9,
} as const;

/** Hidden weight rows (bias last when hidden biases are on) and readouts. */
export interface NeuronRows<T> {
  readonly w: readonly (readonly T[])[];
  readonly a: readonly T[];
}

/** The static measures of one neuron pair i < j (0-based), float64. */
export interface PairMeasures64 {
  readonly i: number;
  readonly j: number;
  /** 1 − cos(w_i, w_j), clamped at 0; 1 when a row is zero (no direction). */
  readonly cosineDistance: number;
  /** ‖w_i − w_j‖₂ / ((‖w_i‖₂ + ‖w_j‖₂)/2): in one input dimension the cosine distance cannot see merging. */
  readonly relativeDistance: number;
  /** ‖w_i − w_j‖∞. */
  readonly weightDistanceInf: number;
  /** |a_i| + |a_j|. */
  readonly sumAbsA: number;
  /** a_i·a_j < 0. */
  readonly signsOpposite: boolean;
  /** A = (a_i − a_j)/2, the divergence. */
  readonly divergence: number;
  /** A row of w is zero: the cosine distance is undefined. */
  readonly zeroRow: boolean;
}

/** The same measures in Decimal (computed in the context of the given values: pass values of one precision). */
export interface PairMeasures {
  readonly i: number;
  readonly j: number;
  readonly cosineDistance: Decimal;
  readonly relativeDistance: Decimal;
  readonly weightDistanceInf: Decimal;
  readonly sumAbsA: Decimal;
  readonly signsOpposite: boolean;
  readonly divergence: Decimal;
  readonly zeroRow: boolean;
}

/** The rows of a flat parameter vector (flat order of params.ts). */
export function neuronRows<T>(layout: Layout, flat: ArrayLike<T>): NeuronRows<T> {
  const neurons = Array.from({ length: layout.width }, (_, k) => neuronIndices(layout, k));
  return { w: neurons.map((n) => n.w.map((x) => flat[x] as T)), a: neurons.map((n) => flat[n.a] as T) };
}

/** Every pair i < j with its {@link PairMeasures64}. */
export function pairMeasures64(rows: NeuronRows<number>): PairMeasures64[] {
  const out: PairMeasures64[] = [];
  const r = rows.w.length;
  for (let i = 0; i < r; i++) {
    for (let j = i + 1; j < r; j++) {
      const wi = rows.w[i] as readonly number[];
      const wj = rows.w[j] as readonly number[];
      let dot = 0;
      let ni = 0;
      let nj = 0;
      let dd = 0;
      let inf = 0;
      for (let k = 0; k < wi.length; k++) {
        const x = wi[k] as number;
        const y = wj[k] ?? 0;
        dot += x * y;
        ni += x * x;
        nj += y * y;
        dd += (x - y) ** 2;
        inf = Math.max(inf, Math.abs(x - y));
      }
      const zeroRow = ni === 0 || nj === 0;
      const ai = rows.a[i] as number;
      const aj = rows.a[j] as number;
      out.push({
        i,
        j,
        cosineDistance: zeroRow ? 1 : Math.max(0, 1 - dot / Math.sqrt(ni * nj)),
        relativeDistance: Math.sqrt(dd) / ((Math.sqrt(ni) + Math.sqrt(nj)) / 2),
        weightDistanceInf: inf,
        sumAbsA: Math.abs(ai) + Math.abs(aj),
        signsOpposite: ai * aj < 0,
        divergence: pairDivergence64({ ai, aj }),
        zeroRow,
      });
    }
  }
  return out;
}

/** Every pair i < j with its {@link PairMeasures} (the square roots and quotients round in the values' context). */
export function pairMeasures(rows: NeuronRows<Decimal>): PairMeasures[] {
  const out: PairMeasures[] = [];
  const r = rows.w.length;
  for (let i = 0; i < r; i++) {
    for (let j = i + 1; j < r; j++) {
      const wi = rows.w[i] as readonly Decimal[];
      const wj = rows.w[j] as readonly Decimal[];
      const ai = rows.a[i] as Decimal;
      const aj = rows.a[j] as Decimal;
      const zero = ai.minus(ai);
      let dot = zero;
      let ni = zero;
      let nj = zero;
      let dd = zero;
      let inf = zero;
      wi.forEach((x, k) => {
        const y = wj[k] ?? zero;
        const d = x.minus(y);
        dot = dot.plus(x.times(y));
        ni = ni.plus(x.times(x));
        nj = nj.plus(y.times(y));
        dd = dd.plus(d.times(d));
        if (d.abs().gt(inf)) inf = d.abs();
      });
      const zeroRow = ni.isZero() || nj.isZero();
      const one = zero.plus(1);
      let cos = zeroRow ? one : one.minus(dot.div(ni.times(nj).sqrt()));
      if (cos.isNeg()) cos = zero;
      const meanNorm = ni.sqrt().plus(nj.sqrt()).div(2);
      out.push({
        i,
        j,
        cosineDistance: cos,
        relativeDistance: meanNorm.isZero() ? zero : dd.sqrt().div(meanNorm),
        weightDistanceInf: inf,
        sumAbsA: ai.abs().plus(aj.abs()),
        signsOpposite: ai.times(aj).isNeg(),
        divergence: pairDivergence({ ai, aj }),
        zeroRow,
      });
    }
  }
  return out;
}

/**
 * THE merging rule. Input weights have merged: cosine distance below `threshold` — the paper's criterion as
 * published. Only where the rows have one entry (`rowEntries` = 1: one input, no hidden bias) is the relative
 * distance ‖w_i − w_j‖/((‖w_i‖ + ‖w_j‖)/2) below √(2·threshold) required as well: there every same-sign pair has
 * cosine distance 0, and the relative distance is what merging means (for a small angle φ, 1 − cos φ ≈ φ²/2 and
 * the relative distance ≈ φ). Float64 or Decimal measures (channel-criteria's weightsMergedModulo calls this).
 */
export function weightsMerged(
  m:
    | Pick<PairMeasures64, 'cosineDistance' | 'relativeDistance' | 'zeroRow'>
    | Pick<PairMeasures, 'cosineDistance' | 'relativeDistance' | 'zeroRow'>,
  rowEntries: number,
  threshold: number = PAPER_CRITERIA.cosineThreshold,
): boolean {
  const below = (x: number | Decimal, t: number): boolean => (typeof x === 'number' ? x < t : x.lt(t));
  if (m.zeroRow || !below(m.cosineDistance, threshold)) return false;
  return rowEntries > 1 || below(m.relativeDistance, Math.sqrt(2 * threshold));
}

/**
 * The share of the updates' total squared length that lies in the channel subspace of `neurons`: their input
 * weights and readouts (coordinates in the flat order of params.ts). 0 when there are no updates or all vanish.
 */
export function channelSubspaceFraction64(
  layout: Layout,
  updates: readonly ArrayLike<number>[],
  neurons: readonly number[],
): number {
  const inside = new Set(
    neurons.flatMap((k) => {
      const n = neuronIndices(layout, k);
      return [...n.w, n.a];
    }),
  );
  let total = 0;
  let within = 0;
  for (const d of updates) {
    for (let k = 0; k < d.length; k++) {
      const v = (d[k] as number) ** 2;
      total += v;
      if (inside.has(k)) within += v;
    }
  }
  return total === 0 ? 0 : within / total;
}

/**
 * Groups of three or more neurons whose input weights are within `threshold` cosine distance of each other
 * (connected components of the graph "cosine distance < threshold"; multi-dimensional channels, mathematics.md §4).
 * Each group is sorted; groups are ordered by their first neuron.
 */
export function neuronGroups(
  width: number,
  pairs: readonly Pick<PairMeasures64, 'i' | 'j' | 'cosineDistance' | 'zeroRow'>[],
  threshold: number = PAPER_CRITERIA.groupThreshold,
): number[][] {
  const parent = Array.from({ length: width }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k] as number] as number;
    return k;
  };
  for (const p of pairs) {
    if (!p.zeroRow && p.cosineDistance < threshold) parent[find(p.i)] = find(p.j);
  }
  const groups = new Map<number, number[]>();
  for (let k = 0; k < width; k++) {
    const root = find(k);
    groups.set(root, [...(groups.get(root) ?? []), k]);
  }
  return [...groups.values()]
    .filter((g) => g.length >= 3)
    .sort((x, y) => (x[0] as number) - (y[0] as number));
}
