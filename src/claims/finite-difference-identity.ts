import { precision } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';

const POINTS = 20;

/** Exact algebraic identity (paper eq. 3); checked at random points to the working precision. */
function check(ctx: ClaimContext): Verdict {
  const act = ctx.activation;
  const p = precision(ctx.digits + 10);
  const rng = new SeededRandom(ctx.seed);
  let worst = new p.D(0);
  let worstAt = '';
  for (let i = 0; i < POINTS; i++) {
    const c = new p.D(rng.decimal(-3, 3));
    const a = new p.D(rng.decimal(-3, 3));
    const z = new p.D(rng.decimal(-3, 3));
    const delta = new p.D(rng.decimal(-3, 3));
    const eps = new p.D(10).pow(-rng.int(0, 8)).times(rng.decimal(0.1, 1));
    const sp = act.value(z.plus(eps.times(delta)), p);
    const sm = act.value(z.minus(eps.times(delta)), p);
    const ai = c.div(2).plus(a.div(eps.times(2)));
    const aj = c.div(2).minus(a.div(eps.times(2)));
    const lhs = ai.times(sp).plus(aj.times(sm));
    const rhs = c
      .div(2)
      .times(sp.plus(sm))
      .plus(a.times(sp.minus(sm)).div(eps.times(2)));
    // Both sides are sums of terms up to |a/ε|·|σ|; rounding errors scale with that, not with the result.
    const scale = ai.abs().plus(aj.abs()).times(sp.abs().plus(sm.abs())).plus(1);
    const err = lhs.minus(rhs).abs().div(scale);
    if (err.gt(worst)) {
      worst = err;
      worstAt = `c=${c.toString()}, a=${a.toString()}, z=${z.toString()}, δ=${delta.toString()}, ε=${eps.toString()}`;
    }
  }
  const bound = new p.D(10).pow(-(ctx.digits + 5));
  const evidence = {
    activation: act.name,
    digits: p.digits,
    seed: ctx.seed,
    points: POINTS,
    worstRelativeError: worst.toSignificantDigits(3).toString(),
    bound: bound.toString(),
    worstAt,
  };
  return worst.lte(bound)
    ? { kind: 'verified', summary: `holds at ${POINTS} random points to ${ctx.digits + 5} digits`, evidence }
    : {
        kind: 'refuted',
        summary: `differs by ${evidence.worstRelativeError} (relative) at ${worstAt}`,
        evidence,
      };
}

export const finiteDifferenceIdentity: Claim = {
  id: 'finite-difference-identity',
  title: 'The pair output is a central finite difference (exact)',
  statement:
    'a_i σ(z+εδ) + a_j σ(z−εδ) = (c/2)[σ(z+εδ) + σ(z−εδ)] + a [σ(z+εδ) − σ(z−εδ)]/(2ε) for any σ and ε ≠ 0.',
  latex:
    'a_i\\sigma(z+\\varepsilon\\delta)+a_j\\sigma(z-\\varepsilon\\delta)=\\tfrac{c}{2}[\\sigma(z+\\varepsilon\\delta)+' +
    '\\sigma(z-\\varepsilon\\delta)]+a\\,\\frac{\\sigma(z+\\varepsilon\\delta)-\\sigma(z-\\varepsilon\\delta)}{2\\varepsilon}',
  hypotheses: ['ε ≠ 0', 'a_{i,j} = c/2 ± a/(2ε)'],
  source: 'Martinelli et al. 2025, §3, eq. 3 (mathematics.md §2)',
  check,
};
