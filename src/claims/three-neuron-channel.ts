import { checkThreeNeuronChannel, threeNeuronChecksHold, threeNeuronExpansion } from '../symbolic/index.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';

/**
 * The hierarchical three-neuron channel of App. C.6: symbolic (nerdamer) and numeric (the exact sum in Decimal,
 * confirmed 20 digits higher) with the context's activation standing in for σ.
 */
function check(ctx: ClaimContext): Verdict {
  const act = ctx.activation;
  if (!act.smooth) {
    return {
      kind: 'not-applicable',
      summary: `${act.name} is not smooth: the limit needs σ″ and its remainder σ‴ … σ^(5)`,
      evidence: { activation: act.name },
    };
  }
  const sym = threeNeuronExpansion();
  const digits = Math.max(ctx.digits, 50);
  const num = checkThreeNeuronChannel(sym, { digits, points: 2, seed: ctx.seed, activations: [act] });
  const c = sym.checks;
  const symbolic = threeNeuronChecksHold(c);
  const evidence = {
    activation: act.name,
    ...c,
    digits,
    seed: ctx.seed,
    epsilons: num.epsilons,
    maxLawDeviation: num.maxLawDeviation,
    minShrink: num.minShrink,
    ladderError: num.ladderError,
    points: num.checks.map(
      (k) =>
        `${Object.entries(k.point)
          .map(([n, v]) => `${n}=${v}`)
          .join(
            ', ',
          )}: R(ε) = ${k.limitRemainders.join(', ')}; εF(ε) for m = 1 = ${k.scaledDivergent.join(', ')} → 2dqσ′ = ${k.divergence}`,
    ),
  };
  if (symbolic && num.passed) {
    return {
      kind: 'proved',
      summary:
        `limit cσ + (bp + 2dq)σ′ + d p²σ″ with an O(ε²) remainder, and εF → 2dqσ′ when ω₂ enters at O(ε): derived ` +
        `with nerdamer, confirmed for ${act.name} at ${digits} digits (convergence at ≥ ${num.minShrink} of the predicted rate, ladder ${num.ladderError})`,
      evidence,
    };
  }
  return {
    kind: 'refuted',
    summary: symbolic
      ? 'the three-neuron expansion failed its numeric confirmation'
      : 'the three-neuron expansion failed a symbolic check',
    evidence,
  };
}

export const threeNeuronChannel: Claim = {
  id: 'three-neuron-channel',
  title:
    'A channel of three neurons: a finite limit with (ω₁·x)²σ″; divergence ∝ 1/ε unless the ω₂ term is O(ε²)',
  statement:
    'With w₁,₂ = w ± εω₁ + ε^m ω₂, w₃ = w, a₁,₂ = d/ε² ± b/(2ε), a₃ = c − 2d/ε²: for m = 2, Σ a_k σ(w_k·x) = ' +
    'cσ(w·x) + (bω₁·x + 2dω₂·x)σ′(w·x) + d(ω₁·x)²σ″(w·x) + O(ε²); for m = 1 it is 2d(ω₂·x)σ′(w·x)/ε + O(1).',
  latex:
    "\\sum_k a_k\\sigma(w_k\\cdot x)=c\\sigma(w\\cdot x)+(b\\,\\omega_1\\cdot x+2d\\,\\omega_2\\cdot x)\\sigma'(w\\cdot x)+d(\\omega_1\\cdot x)^2\\sigma''(w\\cdot x)+O(\\varepsilon^2)",
  hypotheses: ['σ smooth', 'w, ω₁, ω₂, b, c, d fixed while ε → 0'],
  source:
    'Martinelli et al. 2025, App. C.6 (derivation in docs/mathematics.md, "Channels of three neurons"); certificate proofs/three-neuron-channel.md',
  check,
};
