import { checkLossExpansion, lossExpansionSymbolic } from '../symbolic/index.js';
import { precision } from '../precision/context.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';

/** The loss expansion L(θ₀, ε) = L(θ₀, 0) + ε²h + O(ε⁴): symbolic (nerdamer) and on a constructed dataset. */
function check(ctx: ClaimContext): Verdict {
  const act = ctx.activation;
  if (!act.smooth) {
    return {
      kind: 'not-applicable',
      summary: `${act.name} is not smooth: the expansion needs σ″ and higher`,
      evidence: { activation: act.name },
    };
  }
  const sym = lossExpansionSymbolic();
  const digits = Math.max(ctx.digits, 50);
  const num = checkLossExpansion(act, { digits, seed: ctx.seed, samples: 4 });
  // Earned digits (symbolic/loss-expansion.ts works at digits + 30): h and h₄ are sums of `samples` terms, so a
  // printed digit moves only if they cancel by more than 10^30; a quotient (L(ε) − L(0))/ε² loses 2·log₁₀(1/ε)
  // digits to the ε² and log₁₀(|L(0)|/|quotient|) more to the size of L(0), so it is printed to the working digits
  // less that loss and 2 for rounding (never more than `digits`).
  const working = digits + 30;
  const L0 = Math.abs(Number(num.lossAtInfinity));
  const quotients = num.steps.map((st) => {
    const q = Math.abs(Number(st.quotient));
    const lost = 2 * -Math.log10(Number(st.eps)) + Math.max(0, Math.log10(L0 / q));
    const shown = Math.min(digits, Math.floor(working - lost) - 2);
    return shown >= digits
      ? st.quotient
      : new (precision(digits).D)(st.quotient).toSignificantDigits(Math.max(1, shown)).toString();
  });
  const evidence = {
    activation: act.name,
    hMatches: sym.hMatches,
    oddVanish: sym.oddVanish,
    h4Matches: sym.h4Matches,
    digits,
    seed: ctx.seed,
    samples: num.samples,
    h: num.h,
    h4: num.h4,
    epsilons: num.steps.map((s) => s.eps),
    quotients,
    precision:
      `computed at ${working} working digits, printed to ${digits}: h and h₄ are sums of ${num.samples} terms ` +
      `(a printed digit would need cancellation beyond 10^30); each quotient loses 2·log₁₀(1/ε) + ` +
      `log₁₀(|L(0)|/|quotient|) ≤ ${Math.ceil(Math.max(...num.steps.map((st) => 2 * -Math.log10(Number(st.eps)) + Math.max(0, Math.log10(L0 / Math.abs(Number(st.quotient)))))))} digits of them`,
    maxRemainderRatio: num.maxRemainderRatio,
  };
  if (sym.hMatches && sym.oddVanish && sym.h4Matches && num.passed) {
    return {
      kind: 'proved',
      summary: `ε² coefficient 2(f₀−y)f₂ derived with nerdamer; (L(ε)−L(0))/ε² → h = ${num.h.slice(0, 12)}… with an ε⁴ remainder (ratio ${num.maxRemainderRatio})`,
      evidence,
    };
  }
  return { kind: 'refuted', summary: 'the loss expansion failed a symbolic or numeric check', evidence };
}

export const lossExpansionClaim: Claim = {
  id: 'loss-expansion',
  title: 'Loss along a channel: L(θ₀, ε) = L(θ₀, 0) + ε² h(θ₀) + O(ε⁴)',
  statement:
    'For fixed θ₀ = (other neurons, c, a, w, Δ), L(θ₀, ε) = L(θ₀, 0) + ε²h + O(ε⁴) with h = (1/N) Σ ρ_n 2(f₀(x_n) − y_n) f₂(x_n) (MSE without ½).',
  latex:
    'L(\\theta_0,\\varepsilon)=L(\\theta_0,0)+\\varepsilon^2\\,\\tfrac1N\\sum_n\\rho_n\\,2\\,(f_0(x_n)-y_n)\\,f_2(x_n)+O(\\varepsilon^4)',
  hypotheses: ['σ smooth', 'θ₀ fixed while ε → 0'],
  source: 'Martinelli et al. 2025, eq. 13 (mathematics.md §2); certificate proofs/loss-expansion.md',
  check,
};
