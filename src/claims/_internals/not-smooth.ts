import type { ClaimContext, Verdict } from '../claim.js';

/**
 * The not-applicable verdict of a claim about smooth networks, when the activation under test (or the user
 * problem's) is not smooth; undefined otherwise. The built-in channel problems use tanh, so for another smooth
 * activation such a claim checks them unchanged (its evidence names the problem).
 */
export function notSmoothVerdict(
  ctx: ClaimContext,
  needs = 'the ε-expansion of a channel needs σ″ and higher',
): Verdict | undefined {
  const act = ctx.problem?.network.activation ?? ctx.activation;
  if (act.smooth) return undefined;
  return {
    kind: 'not-applicable',
    summary: `${act.name} is not smooth: ${needs}`,
    evidence: { activation: act.name },
  };
}
