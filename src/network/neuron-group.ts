import type { Decimal } from 'decimal.js';
import { precision } from '../precision/context.js';
import { luSolve } from '../precision/linalg/index.js';
import { neuronIndices } from './neuron-pair.js';
import type { Layout } from './params.js';

/**
 * A channel of n ≥ 3 neurons (docs/mathematics.md, "Channels of three neurons"): members k with input weights
 * w_k = w̄ + δ_k merging (δ_k → 0) while their readouts a_k diverge. Taylor's theorem around the centre w̄ (the mean
 * of the members' input weights, so Σ δ_k = 0) gives the group's output
 *
 *     Σ_k a_k σ(w_k·x) = c σ(w̄·x) + (v·x) σ′(w̄·x) + xᵀMx σ″(w̄·x) + Σ_k a_k O(‖δ_k‖³),
 *     c = Σ a_k,   v = Σ a_k δ_k,   M = ½ Σ a_k δ_k δ_kᵀ,
 *
 * and along a channel c, v and M stay finite while the remainder tends to 0: the group limit (the GLU of a pair
 * with one more term; for the hierarchical three-neuron construction of App. C.6, v = bω₁ + 2dω₂ and M = d ω₁ω₁ᵀ).
 */
export interface GroupLimit {
  /** The members, 0-based, as given. */
  readonly members: readonly number[];
  /** w̄, the mean of the members' input-weight rows (hidden bias last when present). */
  readonly center: readonly Decimal[];
  readonly c: Decimal;
  readonly v: readonly Decimal[];
  /** M, row-major (m×m with m the row length). */
  readonly M: readonly (readonly Decimal[])[];
}

/** The group limit of the members (0-based; mirrored members already flipped in `flat`). */
export function groupLimit(layout: Layout, flat: readonly Decimal[], members: readonly number[]): GroupLimit {
  const { rows, readouts, center } = groupRows(layout, flat, members);
  const zero = (flat[0] as Decimal).minus(flat[0] as Decimal);
  const deltas = rows.map((row) => row.map((x, e) => x.minus(center[e] as Decimal)));
  const c = readouts.reduce((s, a) => s.plus(a), zero);
  const v = center.map((_, e) =>
    deltas.reduce((s, dk, k) => s.plus((readouts[k] as Decimal).times(dk[e] as Decimal)), zero),
  );
  const M = center.map((_, e) =>
    center.map((__, f) =>
      deltas
        .reduce(
          (s, dk, k) => s.plus((readouts[k] as Decimal).times(dk[e] as Decimal).times(dk[f] as Decimal)),
          zero,
        )
        .div(2),
    ),
  );
  return { members, center, c, v, M };
}

/**
 * The group's outward direction: the tangent of the scaling λ = e^{−s} → 0 that shrinks the group while keeping
 * its limit. With ω̂ the principal direction of the δ_k (largest eigenvector of Σ δ_kδ_kᵀ), t_k = δ_k·ω̂ the
 * positions along it and r_k = δ_k − t_kω̂ the rest, the path is t_k → λt_k, r_k → λ²r_k (the hierarchy of App.
 * C.6: the ω₂ offsets are one order smaller) and readouts a_k(λ) that keep every moment m_j = Σ a_k t_k^j λ^j,
 * j = 0 … n−1, at its value (a Vandermonde system, solvable when the t_k are distinct; for n = 2 this is the pair's
 * outward direction of neuron-pair.ts: w_i ← −(w_i − w_j)/2, a_i ← A). So dw_k/ds = −t_kω̂ − 2r_k and ȧ solves
 * Σ_k ȧ_k t_k^j = j m_j. Returns undefined when two positions t_k coincide to working precision (a duplicate:
 * the split channel's case, not this one).
 */
export function groupChannelDirection(
  layout: Layout,
  flat: readonly Decimal[],
  members: readonly number[],
): { direction: Decimal[]; positions: readonly Decimal[] } | undefined {
  const { rows, readouts, center } = groupRows(layout, flat, members);
  const D = (flat[0] as Decimal).constructor as Decimal.Constructor;
  const zero = new D(0);
  const deltas = rows.map((row) => row.map((x, e) => x.minus(center[e] as Decimal)));
  const axis = principalDirection(deltas, zero, new D(10).pow(5 - D.precision));
  if (axis === undefined) return undefined;
  const t = deltas.map((dk) => dk.reduce((s, x, e) => s.plus(x.times(axis[e] as Decimal)), zero));
  const n = members.length;
  // Vandermonde V[j][k] = t_k^j; right-hand side j·m_j.
  const V = Array.from({ length: n }, (_, j) => t.map((tk) => tk.pow(j)));
  const rhs = Array.from({ length: n }, (_, j) =>
    t.reduce((s, tk, k) => s.plus((readouts[k] as Decimal).times(tk.pow(j))), zero).times(j),
  );
  // Scaled partial pivoting copes with rows of sizes t^j ∼ ε^j; coinciding positions make V singular.
  const solved = luSolve(V, rhs, precision(D.precision));
  if (solved.kind !== 'solved') return undefined;
  const adot = solved.x;
  const u = flat.map(() => zero);
  members.forEach((k, idx) => {
    const ix = neuronIndices(layout, k);
    const dk = deltas[idx] as Decimal[];
    const tk = t[idx] as Decimal;
    ix.w.forEach((pos, e) => {
      const along = tk.times(axis[e] as Decimal);
      const rest = (dk[e] as Decimal).minus(along);
      u[pos] = along.neg().minus(rest.times(2));
    });
    u[ix.a] = adot[idx] as Decimal;
  });
  return { direction: u, positions: t };
}

function groupRows(
  layout: Layout,
  flat: readonly Decimal[],
  members: readonly number[],
): { rows: Decimal[][]; readouts: Decimal[]; center: Decimal[] } {
  const rows = members.map((k) => neuronIndices(layout, k).w.map((n) => flat[n] as Decimal));
  const readouts = members.map((k) => flat[neuronIndices(layout, k).a] as Decimal);
  const center = (rows[0] as Decimal[]).map((_, e) =>
    rows.reduce((s, row) => s.plus(row[e] as Decimal), (flat[0] as Decimal).times(0)).div(rows.length),
  );
  return { rows, readouts, center };
}

/** The unit eigenvector of the largest eigenvalue of Σ δ_kδ_kᵀ, by power iteration from the longest δ_k. */
function principalDirection(
  deltas: readonly (readonly Decimal[])[],
  zero: Decimal,
  tolerance: Decimal,
): Decimal[] | undefined {
  const norm = (x: readonly Decimal[]): Decimal => x.reduce((s, y) => s.plus(y.times(y)), zero).sqrt();
  const dot = (x: readonly Decimal[], y: readonly Decimal[]): Decimal =>
    x.reduce((s, xi, e) => s.plus(xi.times(y[e] as Decimal)), zero);
  const longest = [...deltas].sort((p, q) => norm(q).cmp(norm(p)))[0];
  if (longest === undefined || norm(longest).isZero()) return undefined;
  let x: Decimal[] = longest.map((y) => y.div(norm(longest)));
  // On a channel the δ_k are nearly collinear, so the two largest eigenvalues are far apart and a few iterations
  // converge to working precision; 200 is a generous cap.
  for (let it = 0; it < 200; it++) {
    const current = x;
    const y: Decimal[] = current.map((_, e) =>
      deltas.reduce((s, dk) => s.plus((dk[e] as Decimal).times(dot(dk, current))), zero),
    );
    const ny = norm(y);
    if (ny.isZero()) return undefined;
    const next: Decimal[] = y.map((z) => z.div(ny));
    const change = norm(next.map((z, e) => z.minus(current[e] as Decimal)));
    x = next;
    if (change.lte(tolerance)) break;
  }
  return x;
}
