import { Decimal } from 'decimal.js';
import { resolveActivation, type Activation } from '../activations/index.js';
import { precision, withGuard } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import { pairJet, projectPoint } from './_internals/pair-jet.js';
import { evaluateExpr } from './expr.js';
import type { GluExpansion } from './glu-expansion.js';

/** Options of {@link checkGluExpansion}. */
export interface GluNumericCheckOptions {
  /** Digits the coefficients must agree to (at least 50 for a certificate). Default 50. */
  readonly digits?: number;
  /** Random points (z, δ, c, a, or w, Δ, x, c, a in the vector form). Default 4. */
  readonly points?: number;
  /** Seed of the points. Default 1. */
  readonly seed?: number;
  /** Activations whose derivatives stand in for s0, s1, … when σ is generic. Default tanh and erf. */
  readonly genericStandIns?: readonly string[];
}

/** The outcome of a numeric confirmation: the largest relative error over every coefficient and point. */
export interface GluNumericCheck {
  readonly digits: number;
  readonly points: number;
  readonly seed: number;
  /** Largest |CAS − jet| / max(|jet|, 10^−10·max_k |jet_k|) over coefficients and points, 3 digits. */
  readonly maxError: string;
  /** maxError ≤ 10^−digits. */
  readonly passed: boolean;
  /** The activations the generic coefficients were evaluated with (empty for a concrete activation). */
  readonly standIns: readonly string[];
  /** The random points used, as symbol → decimal string. */
  readonly pointsUsed: readonly Readonly<Record<string, string>>[];
}

/**
 * Confirms every coefficient of an expansion numerically with Taylor-mode jets, independently of the CAS: the
 * jets propagate ε through σ(z ± εδ) directly (u(ε) = z ± εδ, no symbolic Taylor series), form
 * εF(ε) = ((cε + a) σ(z+εδ) + (cε − a) σ(z−εδ)) / 2 coefficient by coefficient, and the coefficient of ε^{k+1}
 * is compared with the CAS coefficient of ε^k evaluated at the same point, both at digits + 20.
 * A disagreement is reported (passed = false), never hidden.
 */
export function checkGluExpansion(
  expansion: GluExpansion,
  activation: Activation | 'generic',
  options: GluNumericCheckOptions = {},
): GluNumericCheck {
  const { digits = 50, points = 4, seed = 1, genericStandIns = ['tanh', 'erf'] } = options;
  const p = precision(digits);
  const g = withGuard(p, 20);
  const K = expansion.order;
  const rng = new SeededRandom(seed);
  const standIns: Activation[] =
    activation === 'generic' ? genericStandIns.map((n) => resolveActivation(n)) : [activation];
  let worst = new g.D(0);
  const pointsUsed: Record<string, string>[] = [];
  for (let i = 0; i < points; i++) {
    const scope: Record<string, string> = { c: rng.decimal(-2, 2), a: rng.decimal(-2, 2) };
    if (expansion.dim === undefined) {
      scope['z'] = rng.decimal(-2, 2);
      scope['delta'] = rng.decimal(-2, 2);
    } else {
      for (let k = 1; k <= expansion.dim; k++) {
        scope[`w${k}`] = rng.decimal(-1, 1);
        scope[`Delta${k}`] = rng.decimal(-1, 1);
        scope[`x${k}`] = rng.decimal(-1.5, 1.5);
      }
    }
    const pt = projectPoint(scope, expansion.dim, g);
    pointsUsed.push(scope);
    for (const act of standIns) {
      const epsF = pairJet(act, pt, K, g);
      const full: Record<string, Decimal.Value> = { ...scope };
      if (activation === 'generic') {
        act.derivatives(pt.z, K + 1, g).forEach((v, n) => (full[`s${n}`] = v));
      }
      const refScale = epsF.reduce((m, v) => Decimal.max(m, v.abs()), new g.D(0)).times('1e-10');
      expansion.coefficients.forEach((coef, m) => {
        const ref = epsF[m] ?? new g.D(0);
        const value = evaluateExpr(activation === 'generic' ? coef.generic : coef.expression, full, g, 20);
        const denom = Decimal.max(ref.abs(), refScale, new g.D('1e-300'));
        const err = value.minus(ref).abs().div(denom);
        if (err.gt(worst)) worst = err;
      });
    }
  }
  return {
    digits,
    points,
    seed,
    maxError: worst.isZero() ? '0' : worst.toSignificantDigits(3).toExponential(2),
    passed: worst.lte(new g.D(10).pow(-digits)),
    standIns: activation === 'generic' ? standIns.map((s) => s.name) : [],
    pointsUsed,
  };
}
