import {
  certifySaddleLine,
  SADDLE_LINE_B_THEOREM,
  SADDLE_LINE_CRITICALITY_THEOREM,
  SADDLE_LINE_TRANSVERSAL_THEOREM,
  type CertifiedSaddleLine,
} from '../certified/certify-saddle-line.js';
import { precision } from '../precision/context.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';
import { CERTIFIED_DIGITS, KRAWCZYK_THEOREM } from './certified-critical-point.js';
import { renderCertificate, type CertifiedCertificate } from './_internals/certified-certificate.js';
import {
  BALL_ASSUMPTIONS,
  MISFIT_SPEC_JSON,
  ballStrings,
  ballText,
  misfitCriticalPoint,
  misfitProblem,
} from './_internals/certified-common.js';

/** The γ interval of the bar of issue 17. */
export const SADDLE_LINE_GAMMA: readonly [string, string] = ['1.5', '3'];

/**
 * The verdict of the claim from certifySaddleLine's outcome (or Newton's failure): `certified` only when every
 * part is — θ*_γ critical, B negative definite (stable segment outside [0, 1]) and, uniformly on the γ interval,
 * one zero eigenvalue (the line) and only positive ones across it. A part that could not be decided is
 * `inconclusive` with its stage and reason (never `verified`); a part certified otherwise (B not negative definite,
 * a descending direction across the line) `refuted`.
 */
export function saddleLineVerdict(
  outcome: CertifiedSaddleLine | { readonly kind: 'failed'; readonly reason: string },
  digits: number,
): Verdict {
  const base = { problem: MISFIT_SPEC_JSON.name, digits, gamma: `[${SADDLE_LINE_GAMMA.join(', ')}]` };
  if (outcome.kind === 'failed') {
    return { kind: 'inconclusive', summary: `not certified: ${outcome.reason}`, evidence: base };
  }
  if (outcome.kind === 'not-certified') {
    return {
      kind: 'inconclusive',
      summary: `not certified (${outcome.stage}): ${outcome.reason}`,
      evidence: { ...base, stage: outcome.stage, reason: outcome.reason },
    };
  }
  const c = outcome;
  const t = c.transversal;
  const evidence = {
    ...base,
    parentBoxRadius: c.parent.radius.toString(),
    parentEnclosure: c.parent.enclosure.map(ballText),
    loss: ballText(c.parent.loss),
    B: c.B.matrix.flat().map(ballText),
    Bpivots: c.B.pivots.map(ballText),
    Bdefiniteness: c.B.definiteness,
    segment: c.segmentStatement,
    transversalInertia: `${t.negative} negative, ${t.zero} zero (the line's tangent), ${t.positive} positive`,
    transversalType: t.type,
    subintervals: t.subintervals.map(
      (s) => `[${s.lo.toString()}, ${s.hi.toString()}]: pivots ${s.pivots.map(ballText).join('; ')}`,
    ),
    criticality: c.criticality.statement,
    theorems: [...c.theorems],
    assumptions: [...BALL_ASSUMPTIONS],
    certificate: 'proofs/certified-saddle-line.md',
  };
  if (c.B.definiteness !== 'negative definite') {
    return {
      kind: 'refuted',
      summary: `B is certified ${c.B.definiteness}, not negative definite`,
      evidence,
    };
  }
  if (t.negative !== 0) {
    return {
      kind: 'refuted',
      summary: `across the line the Hessian has ${t.negative} certified negative eigenvalues on [${SADDLE_LINE_GAMMA.join(', ')}]`,
      evidence,
    };
  }
  return {
    kind: 'certified',
    summary:
      `θ*_γ critical for every γ (parent box ± ${c.parent.radius.toString()}); B ∈ ${ballText(c.B.matrix[0]![0]!)} < 0: ` +
      `stable segment outside [0, 1]; on γ ∈ [${SADDLE_LINE_GAMMA.join(', ')}] the Hessian has inertia ` +
      `(0 negative, 1 zero, ${t.positive} positive) (${t.subintervals.length} subintervals) at ${digits} digits`,
    evidence,
  };
}

interface Result {
  readonly verdict: Verdict;
  readonly certificate: CertifiedCertificate;
}

const memo = new Map<number, Result>();

/** Newton, then the saddle-line certification, at `digits`; memoised per digits. */
export function certifiedSaddleLineResult(digits: number = CERTIFIED_DIGITS): Result {
  const hit = memo.get(digits);
  if (hit !== undefined) return hit;
  const problem = misfitProblem();
  const p = precision(digits);
  const refined = misfitCriticalPoint(problem, p);
  const outcome =
    refined.kind === 'failed'
      ? refined
      : certifySaddleLine(problem, refined.point, p, { gamma: [SADDLE_LINE_GAMMA[0], SADDLE_LINE_GAMMA[1]] });
  const verdict = saddleLineVerdict(outcome, digits);
  const names = problem.parameterNames;
  const certificate = renderCertificate({
    id: 'certified-saddle-line',
    title: certifiedSaddleLine.title,
    verdict: verdict.kind,
    summary: verdict.summary,
    problem: {
      name: MISFIT_SPEC_JSON.name,
      description: MISFIT_SPEC_JSON.description,
      spec: MISFIT_SPEC_JSON,
    },
    digits,
    statement: certifiedSaddleLine.statement,
    theorems:
      outcome.kind === 'certified'
        ? [KRAWCZYK_THEOREM, ...outcome.theorems]
        : [
            KRAWCZYK_THEOREM,
            SADDLE_LINE_CRITICALITY_THEOREM,
            SADDLE_LINE_B_THEOREM,
            SADDLE_LINE_TRANSVERSAL_THEOREM,
          ],
    enclosures:
      outcome.kind === 'certified'
        ? [
            ...names.map((n, i) => ({
              name: `parent box X*: ${n}`,
              mid: String(outcome.parent.center[i]),
              rad: outcome.parent.radius.toString(),
            })),
            ...names.map((n, i) => ({
              name: `parent θ* ∈ K(X*): ${n}`,
              ...ballStrings(outcome.parent.enclosure[i]!),
            })),
            { name: 'loss on the line, L(θ*_γ) = L_1(θ*)', ...ballStrings(outcome.parent.loss) },
            ...outcome.B.matrix.flatMap((row, i) =>
              row.map((b, j) => ({ name: `B[${i + 1}][${j + 1}] over K(X*)`, ...ballStrings(b) })),
            ),
            ...outcome.B.pivots.map((b, i) => ({ name: `LDLᵀ pivot ${i + 1} of B`, ...ballStrings(b) })),
            ...outcome.transversal.subintervals.flatMap((s) =>
              s.pivots.map((b, i) => ({
                name: `γ ∈ [${s.lo.toString()}, ${s.hi.toString()}]: transversal pivot ${i + 1}`,
                ...ballStrings(b),
              })),
            ),
          ]
        : [],
    facts:
      outcome.kind === 'certified'
        ? [
            ['(a) criticality', outcome.criticality.statement],
            ['(b) B', `${outcome.B.definiteness}; ${outcome.segmentStatement}`],
            ['(c) transversal inertia', String(verdict.evidence['transversalInertia'])],
            ['(c) type of every θ*_γ, γ in the interval', outcome.transversal.type],
            [
              'line tangent (flat indices of the width-2 point, +1 and −1)',
              `${outcome.transversal.tangent[0]}, ${outcome.transversal.tangent[1]}`,
            ],
          ]
        : [['reason', verdict.summary]],
    reproduce: ['flat-channels verify --claims certified-saddle-line --json'],
  });
  const result = { verdict, certificate };
  memo.set(digits, result);
  return result;
}

function check(ctx: ClaimContext): Verdict {
  return certifiedSaddleLineResult(Math.max(ctx.digits, CERTIFIED_DIGITS)).verdict;
}

export const certifiedSaddleLine: Claim = {
  id: 'certified-saddle-line',
  title: 'A certified saddle line: B < 0 and the transversal inertia on γ ∈ [1.5, 3] (misfit two-param)',
  statement:
    'For the certified one-neuron minimum θ* of two-param-misfit and its width-2 split θ*_γ: (a) θ*_γ is a critical ' +
    'point of L_2 for every γ; (b) B is negative definite, so the stable segment of the line lies outside [0, 1]; ' +
    '(c) for every γ ∈ [1.5, 3], ∇²L_2(θ*_γ) has exactly one zero eigenvalue (kernel: the line tangent) and 3 ' +
    'positive ones, so each θ*_γ is a (non-strict) local minimum.',
  latex:
    '\\nabla L_2(\\theta^*_\\gamma)=0\\ \\forall\\gamma,\\quad B\\prec0,\\quad \\operatorname{In}\\nabla^2L_2(\\theta^*_\\gamma)=(0,1,3)\\ \\forall\\gamma\\in[1.5,3]',
  hypotheses: [
    'finite data given as exact decimals (the loss is a finite sum)',
    'the ball arithmetic assumptions of docs/ball.md (correctly rounded decimal.js, faithful special functions)',
  ],
  source:
    'issue 17 item 5; Fukumizu & Amari 2000, Theorems 1 and 3; Krawczyk; Sylvester; docs/certified.md; certificate proofs/certified-saddle-line.md',
  ownActivation: 'tanh',
  check,
};
