import type { Decimal } from 'decimal.js';
import type { Activation } from '../../activations/index.js';
import type { Precision } from '../../precision/context.js';
import { decimalField, jetArithmetic } from '../../precision/jet/index.js';

/**
 * The Taylor coefficients in ε of εF(ε) = ((cε + a) σ(z+εδ) + (cε − a) σ(z−εδ)) / 2 up to ε^{order+1}, computed
 * with Taylor-mode jets at `g` (u(ε) = z ± εδ is propagated through σ: no symbolic series). Entry m is the
 * coefficient of ε^{m−1} in F(ε) — the numeric reference for the CAS coefficients.
 */
export function pairJet(
  activation: Activation,
  pt: { readonly z: Decimal; readonly delta: Decimal; readonly c: Decimal; readonly a: Decimal },
  order: number,
  g: Precision,
): readonly Decimal[] {
  const J = jetArithmetic(decimalField(g), order + 1);
  const zeros = new Array<Decimal>(order).fill(new g.D(0));
  const sp = activation.jet(J, [pt.z, pt.delta, ...zeros]);
  const sm = activation.jet(J, [pt.z, pt.delta.neg(), ...zeros]);
  const halfA = pt.a.div(2);
  const halfC = pt.c.div(2);
  return J.add(J.mul([halfA, halfC, ...zeros], sp), J.mul([halfA.neg(), halfC, ...zeros], sm));
}

/** z = w·x, δ = Δ·x, c and a of a point given by symbol values (scalar form: z, delta; vector form: w_i, Delta_i,
 * x_i), as values of `g`. */
export function projectPoint(
  point: Readonly<Record<string, string>>,
  dim: number | undefined,
  g: Precision,
): { readonly z: Decimal; readonly delta: Decimal; readonly c: Decimal; readonly a: Decimal } {
  let z = new g.D(0);
  let delta = new g.D(0);
  if (dim === undefined) {
    z = new g.D(point['z'] ?? 0);
    delta = new g.D(point['delta'] ?? 0);
  } else {
    for (let i = 1; i <= dim; i++) {
      const x = new g.D(point[`x${i}`] ?? 0);
      z = z.plus(x.times(point[`w${i}`] ?? 0));
      delta = delta.plus(x.times(point[`Delta${i}`] ?? 0));
    }
  }
  return { z, delta, c: new g.D(point['c'] ?? 0), a: new g.D(point['a'] ?? 0) };
}
