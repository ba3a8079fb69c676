import type { Decimal } from 'decimal.js';
import { neuronIndices } from '../../network/neuron-pair.js';
import type { Layout } from '../../network/params.js';

/**
 * The outward direction of a channel whose two sides are groups of merged neurons with readouts of one sign each
 * (a split channel: a side carries a duplicated neuron). Each side acts as one neuron with readout a_± = Σ a_k and
 * input weight w_± = Σ a_k w_k / a_±; the pair's outward tangent (network/neuron-pair.ts outwardDirection:
 * w_+ ← −(w_+ − w_−)/2, w_− ← +(w_+ − w_−)/2, a_+ ← A, a_− ← −A, A = (a_+ − a_−)/2) is shared out: every member of
 * a side moves its input weight by its side's step and its readout by its side's step times a_k/a_±, so duplicates
 * stay duplicates with their readouts in fixed proportion, and on exact duplicates dL/ds = ∇L·u is the slope of the
 * narrower network's channel. `plus` and `minus` are 0-based neurons of the canonical point (mirrored members
 * already flipped); each side's readout sum must be nonzero.
 */
export function groupOutwardDirection(
  layout: Layout,
  flat: readonly Decimal[],
  plus: readonly number[],
  minus: readonly number[],
): { direction: Decimal[]; divergence: Decimal } {
  const zero = (flat[0] as Decimal).minus(flat[0] as Decimal);
  const side = (members: readonly number[]): { a: Decimal; w: Decimal[] } => {
    const a = members.reduce((s, k) => s.plus(flat[neuronIndices(layout, k).a] as Decimal), zero);
    const first = neuronIndices(layout, members[0] as number).w;
    const w = first.map((_, e) =>
      members
        .reduce((s, k) => {
          const ix = neuronIndices(layout, k);
          return s.plus((flat[ix.a] as Decimal).times(flat[ix.w[e] as number] as Decimal));
        }, zero)
        .div(a),
    );
    return { a, w };
  };
  const p = side(plus);
  const m = side(minus);
  const A = p.a.minus(m.a).div(2);
  const half = p.w.map((x, e) => x.minus(m.w[e] as Decimal).div(2));
  const u = flat.map(() => zero);
  const move = (members: readonly number[], sum: Decimal, dw: readonly Decimal[], da: Decimal): void => {
    for (const k of members) {
      const ix = neuronIndices(layout, k);
      ix.w.forEach((n, e) => (u[n] = dw[e] as Decimal));
      u[ix.a] = da.times(flat[ix.a] as Decimal).div(sum);
    }
  };
  move(
    plus,
    p.a,
    half.map((x) => x.neg()),
    A,
  );
  move(minus, m.a, half, A.neg());
  return { direction: u, divergence: A };
}
