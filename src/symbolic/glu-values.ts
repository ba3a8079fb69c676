import { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import { withGuard, type Precision } from '../precision/context.js';
import { certifyByLadder } from '../precision/ladder.js';
import { pairJet, projectPoint } from './_internals/pair-jet.js';
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
  const projected = projectPoint(point, expansion.dim, g);
  const epsF = pairJet(activation, projected, expansion.order, g);
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
