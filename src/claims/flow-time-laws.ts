import type { Claim, ClaimContext, Evidence, Verdict } from './claim.js';
import type { Figure } from '../report/plot/figure.js';
import { channelRun, genericProblem, realisableProblem, verdictOfRuns } from './_internals/channel-runs.js';
import { notSmoothVerdict } from './_internals/not-smooth.js';
import { checkTimeLaws, type TimeLawOutcome } from './_internals/time-laws.js';

function verdictOf(
  outcomes: readonly TimeLawOutcome[],
  noChannel: 'not-applicable' | 'inconclusive',
): Verdict {
  const evidence: Record<string, Evidence[string]> = {};
  const figures: Figure[] = [];
  const parts: string[] = [];
  outcomes.forEach((o, k) => {
    for (const [key, v] of Object.entries(o.evidence))
      evidence[outcomes.length > 1 ? `${k === 0 ? 'generic' : 'realisable'}.${key}` : key] = v;
    if (o.kind === 'checked') {
      figures.push(o.figure);
      parts.push(o.summary);
    } else parts.push(o.reason);
  });
  return verdictOfRuns(outcomes, parts.join('; '), evidence, figures, noChannel);
}

function check(ctx: ClaimContext): Verdict {
  const notSmooth = notSmoothVerdict(ctx);
  if (notSmooth !== undefined) return notSmooth;
  if (ctx.problem !== undefined) {
    return verdictOf([checkTimeLaws(channelRun(ctx.problem, { until: '1e10' }))], 'not-applicable');
  }
  // The built-in problems were built to show one law each: a run showing the other law (or none) is a failed
  // construction, inconclusive, not a verdict on the law.
  const expect = (o: TimeLawOutcome, law: 'generic' | 'realisable'): TimeLawOutcome =>
    o.kind !== 'checked' || o.law === law
      ? o
      : {
          kind: 'undecided',
          reason: `the built-in ${law} problem showed the ${o.law} law`,
          evidence: o.evidence,
        };
  return verdictOf(
    [
      expect(checkTimeLaws(channelRun(genericProblem(), { until: '1e10' })), 'generic'),
      expect(checkTimeLaws(channelRun(realisableProblem(), { until: '1e11' })), 'realisable'),
    ],
    'inconclusive',
  );
}

/** mathematics.md §2 (derived): how fast a gradient flow runs down a channel. */
export const flowTimeLaws: Claim = {
  id: 'flow-time-laws',
  ownActivation: 'tanh',
  title: 'Gradient-flow time laws along a channel (generic and realisable-GLU cases)',
  statement:
    'After the other parameters relax to the channel bottom, gradient flow dθ/dt = −∇L obeys ε⁻⁴ ≈ ε₀⁻⁴ + 16 h t/a² ' +
    '(generic: L∞ > 0, h > 0; so |A| ∝ t^1/4, L − L∞ ∝ t^−1/2) and A⁶ ≈ A₀⁶ + 12 K t with L ≈ K/A⁴ (realisable GLU ' +
    'target, L∞ = 0; |A| ∝ t^1/6, L ∝ t^−2/3). Checked on float64 flows to t = 1e10–1e11: the fitted slopes of ε⁻⁴ and ' +
    'A⁶ in t against the constants predicted from the loss at infinity.',
  latex:
    '\\varepsilon^{-4}\\approx\\varepsilon_0^{-4}+\\tfrac{16\\,h\\,t}{a^2}\\ (L_\\infty>0,\\ h>0),\\qquad A^6\\approx A_0^6+12Kt,\\ L\\approx K/A^4\\ (L_\\infty=0)',
  hypotheses: [
    'the flow enters a channel whose limit point has h > 0 (generic) or L∞ = 0 (realisable)',
    'one input dimension without hidden bias (the predicted constants come from the 1-D loss at infinity)',
    'σ smooth (the problem’s activation; --activation does not change the built-in problems)',
  ],
  source: 'mathematics.md §2 (derived time laws); Martinelli et al. 2025, §4',
  acceptsProblem: true,
  check,
};
