import { checkSaddleLine, criticalityIdentities } from '../symbolic/index.js';
import { precision } from '../precision/context.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';
import { problemSaddleLine } from './_internals/problem-saddle-line.js';

/** Fukumizu–Amari: gradient components at θ_γ are a fixed linear image of those at θ* (nerdamer + exact gradients). */
function check(ctx: ClaimContext): Verdict {
  const act = ctx.problem?.network.activation ?? ctx.activation;
  if (!act.smooth) {
    return {
      kind: 'not-applicable',
      summary: `${act.name} is not smooth: the numeric check uses σ″ (the identity itself needs only σ′)`,
      evidence: { activation: act.name },
    };
  }
  if (ctx.problem !== undefined) {
    return problemSaddleLine(ctx.problem, precision(Math.max(ctx.digits, 50)), ctx.seed, 'criticality');
  }
  const ids = criticalityIdentities();
  const digits = Math.max(ctx.digits, 50);
  const num = checkSaddleLine(act, { digits, seed: ctx.seed });
  const evidence = {
    activation: act.name,
    identities: ids.map((i) => `${i.name}: ${String(i.holds)}`),
    digits,
    seed: ctx.seed,
    gammas: [...num.gammas],
    gradientMaxError: num.gradientMaxError,
    lossMaxError: num.lossMaxError,
  };
  if (ids.every((i) => i.holds) && num.gradientPassed) {
    return {
      kind: 'proved',
      summary: `∇L_{r+1}(θ_γ) = Mᵧ∇L_r(θ*) and L(θ_γ) = L(θ*) for every γ (nerdamer); confirmed to ${num.gradientMaxError} at ${digits} digits`,
      evidence,
    };
  }
  return { kind: 'refuted', summary: 'a saddle-line gradient identity failed', evidence };
}

export const saddleLineCriticality: Claim = {
  id: 'saddle-line-criticality',
  title: 'Duplicating a neuron of a critical point gives a line of critical points with equal loss',
  statement:
    'θ_γ = (w*_1..w*_r, w*_r; a*_1..a*_{r−1}, γa*_r, (1−γ)a*_r) has L_{r+1}(θ_γ) = L_r(θ*), unchanged a- and w-gradients for k < r, ' +
    '∂_{a_r} = ∂_{a_{r+1}} = ∂_{a_r}L_r(θ*), ∂_{w_r} = γ∂_{w_r}L_r(θ*), ∂_{w_{r+1}} = (1−γ)∂_{w_r}L_r(θ*); so θ* critical ⇒ θ_γ critical for all γ.',
  latex:
    '\\nabla L_{r+1}(\\theta_\\gamma)=M_\\gamma\\nabla L_r(\\theta^*),\\quad L_{r+1}(\\theta_\\gamma)=L_r(\\theta^*)',
  hypotheses: ['σ differentiable'],
  source:
    'Fukumizu & Amari 2000, Theorem 1 (mathematics.md §3); certificate proofs/saddle-line-criticality.md',
  acceptsProblem: true,
  check,
};
