import type { Decimal } from 'decimal.js';
import type { NeuronRows } from '../../network/pair-criteria.js';
import { roundTo, withGuard, type Precision } from '../../precision/context.js';

/**
 * The limit a group of merging neurons stands for. With w̄ the mean of the members' input weights and
 * δ_k = w_k − w̄, Taylor expansion of each member about w̄ gives
 *
 *   Σ_k a_k σ(w_k·x) = (Σ_k a_k) σ(w̄·x) + ((Σ_k a_k δ_k)·x) σ′(w̄·x) + ½ xᵀ(Σ_k a_k δ_k δ_kᵀ)x σ″(w̄·x) + …
 *
 * so the group tends to the GLU c σ(w̄·x) + (v·x) σ′(w̄·x) with c = Σa_k and v = Σa_k δ_k as long as the
 * second-order coefficient M = Σa_k δ_k δ_kᵀ vanishes (for a pair, δ = ±εΔ and this is the paper's GLU with
 * M = c ε² ΔΔᵀ). ‖M‖_F is returned so that a caller can say when it does not.
 */
export interface GroupLimit {
  readonly c: Decimal;
  readonly w: readonly Decimal[];
  readonly v: readonly Decimal[];
  /** ‖Σ_k a_k δ_k δ_kᵀ‖_F: the coefficient of the σ″ term the GLU neglects. */
  readonly secondOrder: Decimal;
}

/** {@link GroupLimit} of `members` (0-based), each value rounded to `p` (sums at 10 guard digits). */
export function groupLimit(rows: NeuronRows<Decimal>, members: readonly number[], p: Precision): GroupLimit {
  const g = withGuard(p, 10);
  const ws = members.map((k) => (rows.w[k] as readonly Decimal[]).map((x) => new g.D(x)));
  const as = members.map((k) => new g.D(rows.a[k] as Decimal));
  const m = (ws[0] as readonly Decimal[]).length;
  const n = members.length;
  const zero = new g.D(0);
  const wbar = Array.from({ length: m }, (_, c) => ws.reduce((s, w) => s.plus(w[c] as Decimal), zero).div(n));
  const deltas = ws.map((w) => w.map((x, c) => x.minus(wbar[c] as Decimal)));
  const c = as.reduce((s, a) => s.plus(a), zero);
  const v = Array.from({ length: m }, (_, col) =>
    deltas.reduce((s, d, k) => s.plus((as[k] as Decimal).times(d[col] as Decimal)), zero),
  );
  let frob = zero;
  for (let r = 0; r < m; r++) {
    for (let col = 0; col < m; col++) {
      const e = deltas.reduce(
        (s, d, k) => s.plus((as[k] as Decimal).times(d[r] as Decimal).times(d[col] as Decimal)),
        zero,
      );
      frob = frob.plus(e.times(e));
    }
  }
  return {
    c: roundTo(p, c),
    w: wbar.map((x) => roundTo(p, x)),
    v: v.map((x) => roundTo(p, x)),
    secondOrder: roundTo(p, frob.sqrt()),
  };
}
