import type { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import { withGuard, roundTo, type Precision } from '../precision/context.js';

/** One neuron pair in channel coordinates, with the pre-activations already projected: z = w·x, δ = Δ·x. */
export interface PairPoint {
  readonly c: Decimal.Value;
  readonly a: Decimal.Value;
  readonly z: Decimal.Value;
  readonly delta: Decimal.Value;
}

/**
 * The pair's output a_i σ(z+εδ) + a_j σ(z−εδ) with a_i = c/2 + a/(2ε), a_j = c/2 − a/(2ε) (mathematics.md §2).
 * The two terms have size |a/ε| and cancel down to O(1), losing about log₁₀|a/ε| digits, so the sum is formed
 * with that many extra guard digits and then rounded to `p`.
 */
export function pairOutput(act: Activation, pt: PairPoint, eps: Decimal.Value, p: Precision): Decimal {
  const e0 = new p.D(eps);
  if (e0.isZero()) throw new RangeError('pairOutput: ε must be nonzero (use the GLU limit at ε = 0)');
  const lost = Math.max(0, Math.ceil(new p.D(pt.a).abs().div(e0.abs()).plus(1).log(10).toNumber()));
  const g = withGuard(p, lost + 10);
  const e = new g.D(eps);
  const half = new g.D(pt.c).div(2);
  const big = new g.D(pt.a).div(e.times(2));
  const shift = e.times(pt.delta);
  const z = new g.D(pt.z);
  const plus = act.value(z.plus(shift), g);
  const minus = act.value(z.minus(shift), g);
  return roundTo(p, half.plus(big).times(plus).plus(half.minus(big).times(minus)));
}

/**
 * Coefficients f_0, f_2, …, f_{2M} of the even expansion F(ε) = Σ_m f_m ε^m of {@link pairOutput}:
 * f_m = c σ^(m)(z) δ^m / m! + a σ^(m+1)(z) δ^(m+1) / (m+1)!  (m even; every odd power vanishes).
 * f_0 = c σ(z) + a δ σ′(z) is the gated-linear-unit limit.
 */
export function pairExpansion(act: Activation, pt: PairPoint, evenTerms: number, p: Precision): Decimal[] {
  const g = withGuard(p, 10);
  const order = 2 * (evenTerms - 1) + 1;
  const ds = act.derivatives(pt.z, order, g);
  const c = new g.D(pt.c);
  const a = new g.D(pt.a);
  const delta = new g.D(pt.delta);
  const out: Decimal[] = [];
  let fact = new g.D(1); // m!
  let dpow = new g.D(1); // δ^m
  for (let m = 0; m <= order; m += 2) {
    const s0 = ds[m];
    const s1 = ds[m + 1];
    if (s0 === undefined || s1 === undefined) throw new Error('pairExpansion: missing derivative');
    const fact1 = fact.times(m + 1);
    const dpow1 = dpow.times(delta);
    out.push(roundTo(p, c.times(s0).times(dpow).div(fact).plus(a.times(s1).times(dpow1).div(fact1))));
    fact = fact1.times(m + 2);
    dpow = dpow1.times(delta);
  }
  return out;
}
