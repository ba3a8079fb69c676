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

/**
 * The check of a claim about one built-in channel problem, which fixes its own activation: not-applicable for a
 * non-smooth activation under test, otherwise `compute()`, run once per process and shared by every activation.
 */
export function fixedProblemCheck(compute: () => Verdict): (ctx: ClaimContext) => Verdict {
  let memo: Verdict | undefined;
  return (ctx) => {
    const notSmooth = notSmoothVerdict(ctx, 'channels and their expansion need a smooth activation');
    if (notSmooth !== undefined) return notSmooth;
    memo ??= compute();
    return memo;
  };
}
