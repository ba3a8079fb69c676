import type { Decimal } from 'decimal.js';
import { detectMultiOutputChannels } from '../landscape/multi-output-detect.js';
import { followMultiOutputChannel } from '../landscape/multi-output-follow.js';
import { vectorChannelOf, vectorLossExpansion } from '../landscape/multi-output-glu.js';
import { GLU_TEACHER_C2, multiOutputGluTeacher } from '../network/multi-output-glu-teacher.js';
import { multiOutputProblemFromSpec } from '../network/multi-output-problem.js';
import { precision } from '../precision/context.js';
import { vectorLossExpansionSymbolic } from '../symbolic/multi-output-expansion.js';
import type { Claim, Verdict } from './claim.js';

/** |A| of the followed points after the start; the limit is extrapolated from the last three. */
const VALUES = ['1e2', '1e4', '1e6', '1e8', '1e9', '1e10'] as const;
const DIGITS = 30;

/**
 * Issue 19, item 2: a channel of a network with C = 2 outputs (glu-teacher-c2, docs/multi-output.md) is detected,
 * followed along its valley floor to |A| = 10¹⁰ with every point confirmed at +20 digits, and its vector GLU limit
 * c σ(w·x) + a (Δ·x) σ′(w·x) (Richardson in 1/|A|²) is the teacher's to 30 digits; the loss expansion's h and h₄
 * (squared error and cross-entropy) are derived with nerdamer, and the floor loss at 10¹⁰ is L₀ + ε²h + ε⁴h₄.
 * About 10 s of CPU (most of it nerdamer).
 */
export const multiOutputChannel: Claim = {
  id: 'multi-output-channel',
  title: 'A channel with vector readouts tends to a vector gated linear unit',
  statement:
    'For a pair of neurons of a network with C outputs, a_i σ(w_i·x) + a_j σ(w_j·x) with a_i,j ∈ R^C tends to ' +
    'c σ(w·x) + a (Δ·x) σ′(w·x), c, a ∈ R^C, and L = L₀ + ε²h + ε⁴h₄ + O(ε⁶) with h = (1/N) Σ ρ ∂ℓ/∂f · f₂ for the ' +
    'squared error and the softmax cross-entropy; such a channel is detected and followed to |A| = 10¹⁰, its limit ' +
    'confirmed at 30 digits.',
  latex:
    "a_i\\sigma(w_i\\cdot x)+a_j\\sigma(w_j\\cdot x)\\to c\\,\\sigma(w\\cdot x)+a\\,(\\Delta\\cdot x)\\,\\sigma'(w\\cdot x)," +
    '\\; c,a\\in\\mathbb{R}^C',
  hypotheses: [
    'glu-teacher-c2: tanh, width 2, C = 2, d = 2, no biases, squared error on 25 grid points (targets: a vector GLU, 50 digits)',
    'nerdamer for the per-sample loss expansion (C = 3)',
  ],
  source: 'issue 19 (item 2); [MvM+25] §3 eq. 3–4 and eq. 13 with vector readouts',
  ownActivation: 'tanh',
  check(): Verdict {
    const sym = vectorLossExpansionSymbolic(3);
    const problem = multiOutputProblemFromSpec(multiOutputGluTeacher());
    const p = precision(40);
    const out = followMultiOutputChannel(problem, problem.initial(p), VALUES[VALUES.length - 1] as string, {
      values: VALUES,
      reportDigits: DIGITS,
    });
    const symbolicOk =
      sym.mseHMatches && sym.mseH4Matches && sym.mseOddVanish && sym.ceHMatches && sym.ceH4Matches;
    const base = {
      symbolic: `squared error: ε² coefficient 2ΣR_c f₂,c ${sym.mseHMatches}, ε⁴ ${sym.mseH4Matches}, odd powers vanish ${sym.mseOddVanish}; cross-entropy: ℓ′(0) = (p − e_y)·f₂ ${sym.ceHMatches}, ½ℓ″(0) = (p − e_y)·f₄ + ½f₂ᵀ(diag p − ppᵀ)f₂ at ${sym.ceH4Points} rational points ${sym.ceH4Matches}`,
    };
    if (out.kind !== 'reached' || out.limit === undefined)
      return {
        kind: 'refuted',
        summary: `the channel of glu-teacher-c2 could not be followed to 1e10: ${out.kind === 'failed' ? out.reason : 'no limit'}`,
        evidence: { ...base, points: out.points.length },
      };
    const last = out.points[out.points.length - 1]!;
    const q = precision(80);
    const flat = last.params.map((x) => new q.D(x));
    const detection = detectMultiOutputChannels(problem.network, flat);
    const ch = vectorChannelOf(problem.network, flat, 0, 1, q);
    const ex = vectorLossExpansion(problem.network, problem.dataset(q), flat, ch, q);
    const predicted = ex.limitLoss.plus(ch.eps.pow(2).times(ex.h)).plus(ch.eps.pow(4).times(ex.h4));
    const expansionError = predicted.div(last.loss).minus(1).abs();
    const teacher = (xs: readonly Decimal[], ys: readonly string[]): boolean =>
      xs.every((x, k) => x.toSignificantDigits(DIGITS).eq(new q.D(ys[k] as string)));
    const limitOk =
      out.limit.digits >= DIGITS &&
      teacher(out.limit.c, GLU_TEACHER_C2.c) &&
      teacher(out.limit.a, GLU_TEACHER_C2.a) &&
      teacher(out.limit.w, GLU_TEACHER_C2.w) &&
      teacher(out.limit.delta, GLU_TEACHER_C2.delta);
    const show = (xs: readonly Decimal[]): string => `(${xs.map(String).join(', ')})`;
    const evidence = {
      ...base,
      followed: out.points.map(
        (pt) =>
          `|A| ${pt.A.toSignificantDigits(6).toString()}: loss ${pt.loss.toSignificantDigits(6).toString()}, ${pt.digits} digits`,
      ),
      confirmedDigits: last.confirmedDigits,
      limitDigits: out.limit.digits,
      limit: `c = ${show(out.limit.c)}, a = ${show(out.limit.a)}, w = ${show(out.limit.w)}, Δ = ${show(out.limit.delta)}`,
      floorAt1e10: `c = ${show(last.c)}, ε = ${last.eps.toSignificantDigits(6).toString()}`,
      detectVerdict: detection.verdict,
      expansionRelativeError: expansionError.toSignificantDigits(2).toString(),
    };
    const ok =
      symbolicOk &&
      limitOk &&
      detection.verdict === 'channel' &&
      last.confirmedDigits >= DIGITS &&
      expansionError.lt('1e-15');
    return ok
      ? {
          kind: 'verified',
          summary:
            `channel of glu-teacher-c2 (C = 2) detected and followed to |A| = 1e10 (every point at ${DIGITS} digits, ` +
            `confirmed at +20); vector GLU limit = teacher to ${out.limit.digits} digits; floor loss = L₀ + ε²h + ε⁴h₄ ` +
            `to ${evidence.expansionRelativeError}; h, h₄ for both losses derived by nerdamer`,
          evidence,
        }
      : {
          kind: 'refuted',
          summary: 'the vector channel, its limit or its loss expansion disagreed (see evidence)',
          evidence,
        };
  },
};
