import { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import { withGuard, type Precision } from '../precision/context.js';
import { decimalField, jetArithmetic } from '../precision/jet/index.js';
import { certifyByLadder } from '../precision/ladder.js';
import { evaluateExpr } from './expr.js';
import type { GluExpansion } from './glu-expansion.js';

/** Coefficient values at one point, certified by the ladder and compared with the jets of εF(ε) there. */
export type GluValues =
  | {
      readonly kind: 'values';
      /** One decimal string per coefficient (powers −1 … K), rounded to p.digits; exact zeros stay "0". */
      readonly values: readonly string[];
      /** Largest |value − jet| / max(|jet|, 10^−10 max|jet|) at p.digits + 20. */
      readonly jetDifference: string;
      readonly agreesWithJets: boolean;
    }
  | { readonly kind: 'uncertain'; readonly reason: string };

/**
 * The symbolic coefficients of a concrete-activation expansion evaluated at `point` (z, delta, c, a; or w_i,
 * Delta_i, x_i, c, a in the vector form): each value is confirmed by the precision ladder (recomputed 20 digits
 * higher) and compared with the Taylor-mode jet of εF(ε) at the same point; a disagreement is reported.
 */
export function gluValuesAt(
  expansion: GluExpansion,
  activation: Activation,
  point: Readonly<Record<string, string>>,
  p: Precision,
): GluValues {
  const compute = (q: Precision): Decimal[] =>
    expansion.coefficients.map((c) => evaluateExpr(c.expression, point, q, 20));
  const outcome = certifyByLadder(compute, p, {
    scale: (vs) => vs.reduce((m, v) => Decimal.max(m, v.abs()), new p.D(0)),
  });
  if (outcome.kind === 'uncertain') return { kind: 'uncertain', reason: outcome.reason };

  const g = withGuard(p, 20);
  const K = expansion.order;
  const J = jetArithmetic(decimalField(g), K + 1);
  let z = new g.D(0);
  let delta = new g.D(0);
  if (expansion.dim === undefined) {
    z = new g.D(point['z'] ?? 0);
    delta = new g.D(point['delta'] ?? 0);
  } else {
    for (let i = 1; i <= expansion.dim; i++) {
      const x = new g.D(point[`x${i}`] ?? 0);
      z = z.plus(x.times(point[`w${i}`] ?? 0));
      delta = delta.plus(x.times(point[`Delta${i}`] ?? 0));
    }
  }
  const c = new g.D(point['c'] ?? 0);
  const a = new g.D(point['a'] ?? 0);
  const zeros = new Array<Decimal>(K).fill(new g.D(0));
  const sp = activation.jet(J, [z, delta, ...zeros]);
  const sm = activation.jet(J, [z, delta.neg(), ...zeros]);
  const epsF = J.add(
    J.mul([a.div(2), c.div(2), ...zeros], sp),
    J.mul([a.div(2).neg(), c.div(2), ...zeros], sm),
  );
  const floor = epsF.reduce((m, v) => Decimal.max(m, v.abs()), new g.D(0)).times('1e-10');
  let worst = new g.D(0);
  outcome.values.forEach((v, m) => {
    const ref = epsF[m] ?? new g.D(0);
    const d = v
      .minus(ref)
      .abs()
      .div(Decimal.max(ref.abs(), floor, new g.D('1e-300')));
    if (d.gt(worst)) worst = d;
  });
  return {
    kind: 'values',
    values: outcome.values.map((v) => v.toString()),
    jetDifference: worst.isZero() ? '0' : worst.toSignificantDigits(3).toExponential(2),
    // The values are rounded to p.digits: half a unit in the last place, relative, is the expected difference.
    agreesWithJets: worst.lte(new g.D(10).pow(1 - p.digits)),
  };
}
