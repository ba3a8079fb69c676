import { checkGluExpansion, gluExpansion } from '../symbolic/index.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';

const ORDER = 4;

/**
 * Symbolic ε-expansion of the neuron pair for the context's activation (nerdamer), confirmed coefficient by
 * coefficient against Taylor-mode jets at max(digits, 50) digits: `proved` only when both agree.
 */
function check(ctx: ClaimContext): Verdict {
  const act = ctx.activation;
  if (!act.smooth) {
    return {
      kind: 'not-applicable',
      summary: `${act.name} is not smooth: the expansion needs every derivative of σ`,
      evidence: { activation: act.name },
    };
  }
  const e = gluExpansion(act, { order: ORDER });
  const digits = Math.max(ctx.digits, 50);
  const num = checkGluExpansion(e, act, { digits, points: 3, seed: ctx.seed });
  const c = e.checks;
  const symbolic =
    c.poleCancels && c.oddPowersVanish && c.limitIsGLU && c.f2Matches === true && c.closedFormMatches;
  const evidence = {
    activation: act.name,
    order: ORDER,
    poleCancels: c.poleCancels,
    oddPowersVanish: c.oddPowersVanish,
    limitIsGLU: c.limitIsGLU,
    f2Matches: c.f2Matches,
    closedFormMatches: c.closedFormMatches,
    derivativeRoutes: [...e.derivativeRoutes],
    digits,
    points: num.points,
    seed: num.seed,
    maxError: num.maxError,
  };
  if (symbolic && num.passed) {
    return {
      kind: 'proved',
      summary: `nerdamer expansion to ε^${ORDER}: pole cancels, odd powers vanish, ε⁰ = GLU, ε² = f₂; every coefficient confirmed by jets to ${num.maxError} at ${digits} digits`,
      evidence,
    };
  }
  return {
    kind: 'refuted',
    summary: symbolic
      ? `the CAS coefficients disagree with the jets (max relative error ${num.maxError}): a CAS failure`
      : 'a symbolic check of the expansion failed (see evidence)',
    evidence,
  };
}

export const gluExpansionClaim: Claim = {
  id: 'glu-expansion',
  title: 'Symbolic ε-expansion of a neuron pair: no pole, no odd powers, GLU limit, f₂',
  statement:
    'With a_{i,j} = c/2 ± a/(2ε), w_{i,j} = w ± εΔ: a_iσ(z+εδ) + a_jσ(z−εδ) = cσ(z) + aδσ′(z) + ε²f₂ + ε⁴f₄ + O(ε⁶), ' +
    'derived with symbolic Taylor coefficients and nerdamer, f₂ = (c/2)δ²σ″ + (a/6)δ³σ‴, no ε^{−1} and no odd powers.',
  latex:
    "F(\\varepsilon)=c\\,\\sigma(z)+a\\delta\\,\\sigma'(z)+\\varepsilon^2\\big(\\tfrac c2\\delta^2\\sigma''+\\tfrac a6\\delta^3\\sigma'''\\big)+O(\\varepsilon^4)",
  hypotheses: ['σ is smooth (C^∞) near z', 'ε ≠ 0'],
  source:
    'Martinelli et al. 2025, §3, eq. 3–4 (mathematics.md §2); certificates in proofs/glu-expansion-*.md',
  check,
};
