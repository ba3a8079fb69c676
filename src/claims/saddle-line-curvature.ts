import { checkSaddleLine, curvatureIdentities } from '../symbolic/index.js';
import { precision } from '../precision/context.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';
import { problemSaddleLine } from './_internals/problem-saddle-line.js';

/** vᵀ∇²L(θ_γ)v = γ(1−γ)uᵀBu: derived with nerdamer, confirmed with the exact Hessian. */
function check(ctx: ClaimContext): Verdict {
  const act = ctx.problem?.network.activation ?? ctx.activation;
  if (!act.smooth) {
    return {
      kind: 'not-applicable',
      summary: `${act.name} is not smooth: B needs σ″`,
      evidence: { activation: act.name },
    };
  }
  if (ctx.problem !== undefined) {
    return problemSaddleLine(ctx.problem, precision(Math.max(ctx.digits, 50)), ctx.seed, 'curvature');
  }
  const ids = curvatureIdentities();
  const digits = Math.max(ctx.digits, 50);
  const num = checkSaddleLine(act, { digits, seed: ctx.seed });
  // The two routes' agreement (relative to max(|uBu|, the Hessian's scale)) bounds the digits either can claim.
  const agreement = -Math.log10(Math.max(Number(num.curvatureMaxError), 1e-300));
  const shown = Math.max(1, Math.min(digits, Math.floor(agreement) - 2));
  const evidence = {
    activation: act.name,
    identities: ids.map((i) => `${i.name}: ${String(i.holds)}`),
    digits,
    seed: ctx.seed,
    gammas: [...num.gammas],
    uBu: shorten(num.uBu, shown),
    curvatures: [...num.curvatures].map((c) => shorten(c, shown)),
    curvatureMaxError: num.curvatureMaxError,
    precision:
      `uBu (the symbolic side, B from the formula) and the curvatures vᵀ∇²Lv (the exact Hessian) are computed at ` +
      `${digits} + 20 working digits by independent routes; they agree to ${num.curvatureMaxError} of ` +
      `max(|uBu|, the Hessian's scale), so they are printed to ${shown} digits (at most ${digits}, at most the ` +
      `agreement less 2)`,
  };
  if (ids.every((i) => i.holds) && num.curvaturePassed) {
    return {
      kind: 'proved',
      summary: `vᵀ∇²L(θ_γ)v = γ(1−γ)uᵀBu derived with nerdamer; exact Hessian agrees to ${num.curvatureMaxError} at ${digits} digits`,
      evidence,
    };
  }
  return { kind: 'refuted', summary: 'the curvature identity across the saddle line failed', evidence };
}

export const saddleLineCurvature: Claim = {
  id: 'saddle-line-curvature',
  title: 'Curvature across a saddle line: vᵀ∇²L(θ_γ)v = γ(1−γ) uᵀBu',
  statement:
    'With v = ((1−γ)u, −γu) on (w_r, w_{r+1}): vᵀ∇²L_{r+1}(θ_γ)v = γ(1−γ)uᵀBu, B = (1/N) Σ ρ_n a*_r σ″(w*_r·x_n) x_n x_nᵀ · 2(f(x_n) − y_n).',
  latex:
    "v^\\top\\nabla^2L(\\theta_\\gamma)v=\\gamma(1-\\gamma)\\,u^\\top Bu,\\ B=\\tfrac1N\\sum_n\\rho_n a^*_r\\sigma''(w^*_r\\cdot x_n)x_nx_n^\\top 2(f(x_n)-y_n)",
  hypotheses: ['σ twice differentiable'],
  source: 'Fukumizu & Amari 2000, Theorem 3 (mathematics.md §3); certificate proofs/saddle-line-curvature.md',
  acceptsProblem: true,
  check,
};

/** A decimal string rounded to `digits` significant digits (unchanged when it has no more). */
function shorten(v: string, digits: number): string {
  return new (precision(digits + 10).D)(v).toSignificantDigits(digits).toString();
}
