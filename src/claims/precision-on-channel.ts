import type { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import { toDataset64 } from '../network/dataset.js';
import type { Dataset } from '../network/dataset.js';
import { lossAndDerivatives } from '../network/loss.js';
import { lossAndDerivatives64 } from '../network/loss64.js';
import { digitsForA } from '../landscape/follow-channel.js';
import { precision } from '../precision/context.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';
import { leastSquares } from './_internals/channel-runs.js';
import { notSmoothVerdict } from './_internals/not-smooth.js';

/** The significant digits followChannel reports by default (FollowOptions.reportDigits): what its rule must give. */
const FOLLOWER_DIGITS = 20;
/** log₁₀|A| of the channel points. */
const DECADES = [10, 20, 30] as const;
/** Working digits below the rule at which the loss is measured too (the slope of lost digits needs several). */
const BELOW_RULE = [0, 10, 20] as const;
/** The GLU limit (c, a, w) of the construction and glu-teacher's nine inputs on [−3, 3]. */
const C = '0.5';
const SMALL_A = '1';
const W = '1';

/** Correct significant digits of x against a reference: −log₁₀ of the relative error (Infinity when equal). */
function correctDigits(x: Decimal.Value, ref: Decimal): number {
  const q = precision(ref.precision() + 10);
  const rel = new q.D(x).minus(ref).abs().div(ref.abs());
  return rel.isZero() ? Number.POSITIVE_INFINITY : -Math.log10(rel.toNumber());
}

/** A channel point at divergence A = 10^lg for the GLU target of σ (its loss is O(ε⁴) with ε = a/(2A)). */
function channelPoint(lg: number, digits: number): Decimal[] {
  const q = precision(digits);
  const A = new q.D(10).pow(lg);
  const eps = new q.D(SMALL_A).div(A.times(2));
  const w = new q.D(W);
  const half = new q.D(C).div(2);
  return [w.plus(eps), w.minus(eps), half.plus(A), half.minus(A)];
}

/**
 * `rule`: the working digits at divergence A under test (default the follower's digitsForA; tests pass weakened
 * rules). The loss at a channel point needs 3·log₁₀|A| + O(1) digits: the output cancels a_iσ(z_i) + a_jσ(z_j), two terms
 * of size |A| rounded to relative 10^−D, down to a residual r ~ ε² ~ |A|^−2, so the loss keeps about
 * D − 3·log₁₀|A| − c digits. Measured at working digits D with **no guard digits** (guard 0: every operation at
 * D digits) against a reference at max(3·log₁₀|A| + 70, rule + 40) digits (confirmed 20 higher), at |A| = 10¹⁰, 10²⁰, 10³⁰ and
 * D = rule, rule − 10, rule − 20, for a GLU target of the activation under test (c = 0.5, a = 1, w = 1 on
 * glu-teacher's inputs; the construction point w_i,j = w ± ε, a_i,j = c/2 ± A lies on the channel, its loss ε⁴-small).
 */
export function checkPrecisionRule(
  act: Activation,
  ruleDigits: (A: Decimal.Value) => number = digitsForA,
): Verdict {
  // The reference must not lean on the rule under test: 3·log₁₀|A| + 70 digits keep ~68 (the error model below),
  // or the rule + 40 if that is more; it is itself confirmed 20 digits higher.
  const refDigits = (lg: number): number => Math.max(3 * lg + 70, ruleDigits(`1e${lg}`) + 40);
  const top = refDigits(30) + 60;
  const hp = precision(top);
  const inputs = Array.from({ length: 9 }, (_, k) => new hp.D(-3).plus(new hp.D(k).times('0.75')));
  const targets = inputs.map((x) => {
    const d = act.derivatives(new hp.D(W).times(x), 1, hp);
    return new hp.D(C).times(d[0] as Decimal).plus(new hp.D(SMALL_A).times(x).times(d[1] as Decimal));
  });
  const data: Dataset = { inputs: inputs.map((x) => [x]), targets };
  const network = {
    layout: { width: 2, inputDimension: 1, hiddenBias: false, outputBias: false },
    activation: act,
  };
  const loss = (flat: readonly Decimal[], digits: number): Decimal =>
    lossAndDerivatives(network, data, flat, precision(digits), { gradient: false, guard: 0 }).loss;
  const rows: { lg: number; D: number; d: number }[] = [];
  const rule: { lg: number; digits: number; correct: number; loss: string; reference: string }[] = [];
  const weakened: { lg: number; digits: number; correct: number }[] = [];
  const refCheck: number[] = [];
  for (const lg of DECADES) {
    const R = ruleDigits(`1e${lg}`);
    const flat = channelPoint(lg, top);
    const ref = loss(flat, refDigits(lg));
    if (ref.isZero() || !ref.isFinite()) {
      return {
        kind: 'inconclusive',
        summary: `the channel point at |A| = 1e${lg} has loss ${ref.toString()} for ${act.name}: no cancellation to measure (f₂ = 0?)`,
        evidence: { activation: act.name },
      };
    }
    refCheck.push(correctDigits(loss(flat, refDigits(lg) + 20), ref));
    for (const below of BELOW_RULE)
      rows.push({ lg, D: R - below, d: correctDigits(loss(flat, R - below), ref) });
    const atRule = rows.find((r) => r.lg === lg && r.D === R) as { d: number };
    rule.push({
      lg,
      digits: R,
      correct: atRule.d,
      loss: loss(flat, R).toSignificantDigits(FOLLOWER_DIGITS).toString(),
      reference: ref.toSignificantDigits(FOLLOWER_DIGITS).toString(),
    });
    // The rule with 2·log₁₀|A| in place of 3·log₁₀|A|: a weakened rule must lose the follower's digits.
    const D2 = R - lg;
    weakened.push({ lg, digits: D2, correct: correctDigits(loss(flat, D2), ref) });
  }
  const lgTop = DECADES[2];
  const flatTop = channelPoint(lgTop, top);
  const refTop = loss(flatTop, refDigits(lgTop));
  const loss64 = lossAndDerivatives64(
    network,
    toDataset64(data),
    Float64Array.from(flatTop, (x) => x.toNumber()),
    { gradient: false },
  ).loss;
  const digits60 = correctDigits(loss(flatTop, 60), refTop);
  const digits64 = Number.isFinite(loss64) ? correctDigits(loss64, refTop) : Number.NEGATIVE_INFINITY;
  // d = D − k·lg|A| − c by least squares on the finite rows (the reference's digits bound each measurement).
  const finite = rows.filter((r) => Number.isFinite(r.d));
  const fit = leastSquares(
    [finite.map(() => 1), finite.map((r) => r.lg)],
    finite.map((r) => r.D - r.d),
  );
  const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : String(x));
  const evidence = {
    activation: act.name,
    construction:
      'width-2 network at w_i,j = 1 ± ε, a_i,j = 0.25 ± A, ε = 1/(2A), GLU target 0.5σ(x) + xσ′(x) on 9 points of [−3, 3]',
    rule: `digitsForA (follow-channel.ts, = channelDigits of network/channel-criteria.ts): ${DECADES.map((lg) => `${ruleDigits(`1e${lg}`)} at 1e${lg}`).join(', ')}`,
    measuredWith:
      'lossAndDerivatives with guard 0 (no digits beyond the working ones), reference at max(3·log₁₀|A| + 70, rule + 40) digits, confirmed at +20',
    lgA: rows.map((r) => String(r.lg)),
    workingDigits: rows.map((r) => String(r.D)),
    correctDigits: rows.map((r) => f1(r.d)),
    referenceConfirmedDigits: refCheck.map(f1),
    lossAtRule: rule.map((r) => r.loss),
    lossReference: rule.map((r) => r.reference),
    weakenedRuleDigits: weakened.map((r) => String(r.digits)),
    weakenedRuleCorrectDigits: weakened.map((r) => f1(r.correct)),
    sweepRule:
      `channelDigits − 20 = 3·log₁₀|A| + 10 (the sweep's first rung, classify-end-point.ts; its ladder confirms at +20 and climbs): ` +
      rows
        .filter((r) => r.D === ruleDigits(`1e${r.lg}`) - 20)
        .map((r) => `${f1(r.d)} digits at 1e${r.lg}`)
        .join(', '),
    correctDigitsWith60At1e30: f1(digits60),
    correctDigitsFloat64At1e30: f1(digits64),
  };
  // The reference must be good to more digits than any measurement it judges.
  const bestMeasured = Math.max(...finite.map((r) => r.d));
  if (refCheck.some((d) => !(d >= bestMeasured + 10)) || fit === undefined) {
    return {
      kind: 'inconclusive',
      summary: `the reference is not confirmed at +20 digits beyond the measured digits (${refCheck.map(f1).join(', ')})`,
      evidence,
    };
  }
  const k = fit.coef[1] as number;
  const c = fit.coef[0] as number;
  // Error model of k: the rounding scatter of the measured digits (the fit's residuals, ~0.5 digit), as the
  // standard error; the tolerance is 3 SE, at least 0.05 (a third of the scatter's spread over 20 decades).
  const kTol = Math.max(3 * (fit.se[1] as number), 0.05);
  const kText = `${k.toFixed(2)} ± ${kTol.toFixed(2)}`;
  const full = {
    ...evidence,
    lostDigitsPerDecadeOfA: kText,
    lostDigitsConstant: c.toFixed(1),
    errorModel: `correct digits d = D − k·log₁₀|A| − c (least squares on ${finite.length} points; scatter ${fit.rms.toFixed(2)} digit); tolerance on k = max(3·SE, 0.05)`,
  };
  const short = rule.filter((r) => !(r.correct >= FOLLOWER_DIGITS));
  if (short.length > 0) {
    return {
      kind: 'refuted',
      summary: `digitsForA gives only ${short.map((r) => `${f1(r.correct)} correct digits at |A| = 1e${r.lg} (${r.digits} digits)`).join(', ')}: fewer than the ${FOLLOWER_DIGITS} the follower reports`,
      evidence: full,
    };
  }
  if (!(Math.abs(k - 3) <= kTol)) {
    return {
      kind: 'refuted',
      summary: `the loss loses ${kText} digits per decade of |A|, not 3`,
      evidence: full,
    };
  }
  const weakTop = weakened[weakened.length - 1] as { digits: number; correct: number };
  if (weakTop.correct >= FOLLOWER_DIGITS || digits60 >= 1 || digits64 >= 1) {
    return {
      kind: 'refuted',
      summary: `fewer digits than 3·log₁₀|A| + O(1) suffice at |A| = 1e${lgTop}: 2·log₁₀|A| + 30 (${weakTop.digits}) gives ${f1(weakTop.correct)}, 60 digits ${f1(digits60)}, float64 ${f1(digits64)} correct digits`,
      evidence: full,
    };
  }
  return {
    kind: 'verified',
    summary:
      `${act.name}: the loss at a channel point loses ${kText} digits per decade of |A| (+${c.toFixed(1)}); ` +
      `the follower’s digitsForA keeps ${rule.map((r) => f1(r.correct)).join(', ')} digits at |A| = ${DECADES.map((lg) => `1e${lg}`).join(', ')} ` +
      `(≥ ${FOLLOWER_DIGITS}) with no guard digits, while 2·log₁₀|A| + 30 keeps ${f1(weakTop.correct)} and 60 digits ${f1(digits60)} at 1e${lgTop}`,
    evidence: full,
  };
}

function check(ctx: ClaimContext): Verdict {
  const notSmooth = notSmoothVerdict(ctx, 'a channel and its GLU limit need σ′ and a smooth σ');
  return notSmooth ?? checkPrecisionRule(ctx.activation);
}

/** mathematics.md §2, "Precision": a channel needs about 3·log₁₀|A| + 10 digits; the follower's rule gives them. */
export const precisionOnChannel: Claim = {
  id: 'precision-on-channel',
  title: 'A channel far out needs ~3·log₁₀|A| digits, and the follower’s rule provides them',
  statement:
    'At a channel point with divergence A the loss computed with D significant digits keeps about D − 3·log₁₀|A| ' +
    'digits (the output cancels two terms of size |A| down to an ε²-small residual), so a faithful loss needs ' +
    '3·log₁₀|A| + O(1) digits; the follower’s rule digitsForA(A) = 3·log₁₀|A| + 30 gives the 20 digits it reports, ' +
    'with no guard digits, at |A| = 10¹⁰ to 10³⁰, while 2·log₁₀|A| + 30, 60 digits or float64 do not at 10³⁰.',
  latex: 'd_{\\text{correct}}(D,A)\\approx D-3\\log_{10}|A|-c,\\qquad D(A)=3\\log_{10}|A|+30',
  hypotheses: [
    'σ smooth; the channel point of a width-2 network whose GLU limit (c, a, w) = (0.5, 1, 1) fits the target',
  ],
  source: 'docs/mathematics.md §2 (Precision, derived); src/landscape/follow-channel.ts',
  check,
};
