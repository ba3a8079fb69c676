import { certifyCriticalPoint, type CertifiedCriticalPoint } from '../certified/certify-critical-point.js';
import { refineCriticalPoint } from '../flow/refine-critical-point.js';
import { lossAndDerivatives } from '../network/loss.js';
import type { Problem } from '../network/problem.js';
import { ballContains } from '../precision/ball/index.js';
import { precision, type Precision } from '../precision/context.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';
import { renderCertificate, type CertifiedCertificate } from './_internals/certified-certificate.js';
import {
  BALL_ASSUMPTIONS,
  MISFIT_SPEC_JSON,
  ballStrings,
  ballText,
  misfitCriticalPoint,
  misfitProblem,
} from './_internals/certified-common.js';

/** The digits of the bar of issue 17 (and of the certificate in proofs/); `verify --digits` above it is used. */
export const CERTIFIED_DIGITS = 60;

/** The Krawczyk theorem as applied (docs/certified.md). */
export const KRAWCZYK_THEOREM =
  'Krawczyk (1969), Moore (1977): with X = x̃ ± r (every coordinate), Y ≈ H(x̃)⁻¹, H(X) a ball matrix containing ' +
  '∇²L at every point of X and ∇L(x̃) enclosed in balls, if K(X) = x̃ − Y∇L(x̃) + (I − Y H(X))(X − x̃) lies in the ' +
  'interior of X then ∇L has exactly one zero in X, and it lies in K(X)';

/** Sylvester's law of inertia as applied (docs/certified.md, "Certified inertia"). */
export const SYLVESTER_THEOREM =
  "Sylvester's law of inertia: V ≈ eigenvectors of the midpoint Hessian, M = VᵀH(X)V in ball arithmetic, LDLᵀ " +
  'without pivoting in ball arithmetic; if every pivot ball excludes 0, every Hessian in H(X) (the one at the ' +
  'critical point included) has as many negative and positive eigenvalues as there are negative and positive pivots';

/** The largest box radius accepted at p digits: 10^−(p−20) (≤ 10^−40 at 60 digits, the bar of issue 17). */
export function maxBoxRadiusExponent(digits: number): number {
  return -(digits - 20);
}

/**
 * The verdict of the claim from the outcome of `certifyCriticalPoint` (or Newton's failure): `certified` only for a
 * certified box of radius ≤ 10^−(digits−20) whose Hessian inertia is decided and positive definite. A box that could
 * not be certified, or a type left undecided, is `inconclusive` with the reason — never `verified` — and a certified
 * critical point of another type `refuted`.
 */
export function criticalPointVerdict(
  outcome: CertifiedCriticalPoint | { readonly kind: 'failed'; readonly reason: string },
  digits: number,
  names: readonly string[],
  cross: CrossChecks = NO_CROSS_CHECKS,
): Verdict {
  const base = { problem: MISFIT_SPEC_JSON.name, digits };
  if (outcome.kind === 'failed') {
    return { kind: 'inconclusive', summary: `not certified: ${outcome.reason}`, evidence: base };
  }
  if (outcome.kind === 'not-certified') {
    return {
      kind: 'inconclusive',
      summary: `not certified: ${outcome.reason}`,
      evidence: { ...base, reason: outcome.reason },
    };
  }
  const c = outcome;
  const pivots = c.inertia.pivots.map(ballText);
  const evidence = {
    ...base,
    boxCenter: names.map((n, i) => `${n} = ${String(c.center[i])}`),
    boxRadius: c.radius.toString(),
    enclosure: names.map((n, i) => `${n} ∈ ${ballText(c.enclosure[i]!)}`),
    enclosureRadius: c.enclosureRadius.toSignificantDigits(3, 0).toString(),
    loss: ballText(c.loss),
    pivots,
    inertia:
      c.inertia.kind === 'decided'
        ? `${c.inertia.negative} negative, ${c.inertia.positive} positive`
        : `undecided: ${c.inertia.reason}`,
    type: c.type.kind === 'saddle' ? `saddle with ${c.type.descending} descending directions` : c.type.kind,
    attempts: c.attempts,
    symmetry: c.symmetry.statement,
    theorems: [KRAWCZYK_THEOREM, SYLVESTER_THEOREM],
    assumptions: [...BALL_ASSUMPTIONS],
    control:
      cross.control === undefined
        ? null
        : cross.control.kind === 'not-certified'
          ? `the box x̃ ± ${CONTROL_RADIUS} (it also holds the critical point (0, 0)) is refused: ${cross.control.reason}`
          : 'certified (must be refused)',
    certificate: 'proofs/certified-critical-point.md',
  };
  if (cross.control !== undefined && cross.control.kind === 'certified') {
    return {
      kind: 'refuted',
      summary:
        'the certification is unsound: it certified exactly one critical point in the control box x̃ ± 3, which ' +
        'holds two (the minimum and the origin)',
      evidence,
    };
  }
  if (cross.outside.length > 0) {
    return {
      kind: 'refuted',
      summary: `the enclosure misses the critical point found independently at ${digits + 30} digits: ${cross.outside.join('; ')}`,
      evidence: { ...evidence, outside: [...cross.outside] },
    };
  }
  if (c.type.kind === 'undecided') {
    return {
      kind: 'inconclusive',
      summary: `a critical point is certified in x̃ ± ${c.radius.toString()}, but its type is not: ${c.type.reason}`,
      evidence,
    };
  }
  if (c.type.kind !== 'strict local minimum') {
    return {
      kind: 'refuted',
      summary: `the certified critical point is a ${evidence.type}, not a strict local minimum`,
      evidence,
    };
  }
  const limit = maxBoxRadiusExponent(digits);
  if (c.radius.gt(new (precision(digits).D)(10).pow(limit))) {
    return {
      kind: 'inconclusive',
      summary: `certified only in a box of radius ${c.radius.toString()}, above 1e${limit}`,
      evidence,
    };
  }
  return {
    kind: 'certified',
    summary:
      `exactly one critical point in x̃ ± ${c.radius.toString()} at ${digits} digits (enclosure K(X) of radius ` +
      `${evidence.enclosureRadius}), a strict local minimum (${pivots.length} positive LDLᵀ pivots), loss ∈ ${ballText(c.loss)}; Krawczyk, Sylvester`,
    evidence,
  };
}

/**
 * Checks of the certification itself, beside the theorem: a control box that holds two critical points must be
 * refused (a certifier that certifies it is unsound), and the critical point found by plain Newton at p + 30 digits
 * (network/loss.ts, not the ball code) must lie in the enclosure K(X), its loss in the loss ball.
 */
export interface CrossChecks {
  /** The outcome on the control box (undefined: not run). */
  readonly control?: CertifiedCriticalPoint;
  /** What the independent solution found outside the enclosure (empty: all inside). */
  readonly outside: readonly string[];
}

const NO_CROSS_CHECKS: CrossChecks = { outside: [] };

/** The radius of the control box around the minimum: it then also holds the critical point at the origin. */
export const CONTROL_RADIUS = '3';

/** The cross-checks of {@link CrossChecks} for a certified outcome. */
function crossChecks(
  problem: Problem,
  outcome: Extract<CertifiedCriticalPoint, { kind: 'certified' }>,
  p: Precision,
): CrossChecks {
  // X = x̃ ± 3 holds the minimum and (0, 0): a = 0, w = 0 is exactly critical (σ(0) = 0 for tanh), so Krawczyk must
  // refuse it.
  const control = certifyCriticalPoint(problem, outcome.center, p, { radius: CONTROL_RADIUS, attempts: 1 });
  const q = precision(p.digits + 30);
  const refined = refineCriticalPoint(problem, outcome.center, q, {
    stepTolerance: new q.D(10).pow(-(q.digits + 5)),
    guardDigits: 15,
  });
  if (refined.kind !== 'converged')
    return { control, outside: [`Newton at ${q.digits} digits: ${refined.kind}`] };
  const outside: string[] = [];
  problem.parameterNames.forEach((n, i) => {
    if (!ballContains(outcome.enclosure[i]!, refined.point[i]!))
      outside.push(`${n} = ${String(refined.point[i])}`);
  });
  const loss = lossAndDerivatives(problem.network, problem.dataset(q), refined.point, q, {
    gradient: false,
  }).loss;
  if (!ballContains(outcome.loss, loss)) outside.push(`loss = ${loss.toString()}`);
  return { control, outside };
}

interface Result {
  readonly verdict: Verdict;
  readonly certificate: CertifiedCertificate;
}

const memo = new Map<number, Result>();

/** Newton, then the certification, at `digits`; memoised per digits (a verify run asks once). */
export function certifiedCriticalPointResult(digits: number = CERTIFIED_DIGITS): Result {
  const hit = memo.get(digits);
  if (hit !== undefined) return hit;
  const problem = misfitProblem();
  const p = precision(digits);
  const refined = misfitCriticalPoint(problem, p);
  const outcome = refined.kind === 'failed' ? refined : certifyCriticalPoint(problem, refined.point, p);
  const cross = outcome.kind === 'certified' ? crossChecks(problem, outcome, p) : NO_CROSS_CHECKS;
  const verdict = criticalPointVerdict(outcome, digits, problem.parameterNames, cross);
  const names = problem.parameterNames;
  const certificate = renderCertificate({
    id: 'certified-critical-point',
    title: certifiedCriticalPoint.title,
    verdict: verdict.kind,
    summary: verdict.summary,
    problem: {
      name: MISFIT_SPEC_JSON.name,
      description: MISFIT_SPEC_JSON.description,
      spec: MISFIT_SPEC_JSON,
    },
    digits,
    statement: certifiedCriticalPoint.statement,
    theorems: [KRAWCZYK_THEOREM, SYLVESTER_THEOREM],
    enclosures:
      outcome.kind === 'certified'
        ? [
            ...names.map((n, i) => ({
              name: `box X: ${n}`,
              mid: String(outcome.center[i]),
              rad: outcome.radius.toString(),
            })),
            ...names.map((n, i) => ({
              name: `critical point ∈ K(X): ${n}`,
              ...ballStrings(outcome.enclosure[i]!),
            })),
            { name: 'loss at the critical point', ...ballStrings(outcome.loss) },
            ...outcome.inertia.pivots.map((b, i) => ({
              name: `LDLᵀ pivot ${i + 1} of VᵀH(X)V`,
              ...ballStrings(b),
            })),
          ]
        : [],
    facts:
      outcome.kind === 'certified'
        ? [
            ['type', String(verdict.evidence['type'])],
            ['Hessian inertia over the box', String(verdict.evidence['inertia'])],
            ['boxes tried', String(outcome.attempts)],
            [
              'control',
              `the box x̃ ± ${CONTROL_RADIUS}, which holds this minimum and the critical point (0, 0), is refused: ${cross.control?.kind === 'not-certified' ? cross.control.reason : 'not run'}`,
            ],
            [
              'independent solution',
              `Newton at ${digits + 30} digits with the plain Decimal loss (network/loss.ts) lies in K(X) and its loss in the loss ball`,
            ],
            ['symmetry', outcome.symmetry.statement],
          ]
        : [['reason', verdict.summary]],
    reproduce: [
      'flat-channels certify --problem test/fixtures/saddle-line/two-param-misfit.json --digits 60 --json',
      'flat-channels verify --claims certified-critical-point --json',
    ],
  });
  const result = { verdict, certificate };
  memo.set(digits, result);
  return result;
}

function check(ctx: ClaimContext): Verdict {
  return certifiedCriticalPointResult(Math.max(ctx.digits, CERTIFIED_DIGITS)).verdict;
}

export const certifiedCriticalPoint: Claim = {
  id: 'certified-critical-point',
  title: 'A certified strict local minimum: the one-neuron minimum of the misfit two-param problem',
  statement:
    'For two-param-misfit (one tanh neuron, target 1.5·tanh(0.8x) + 0.3x at −2, −1, 0.5, 1, 3), a box of radius ' +
    '≤ 10^−(p−20) at p ≥ 60 digits contains exactly one critical point of L (Krawczyk), and the Hessian is positive ' +
    'definite over the box (Sylvester), so it is a strict local minimum; its loss is enclosed.',
  latex:
    '\\exists!\\,\\theta^*\\in X:\\ \\nabla L(\\theta^*)=0,\\quad K(X)\\subset\\operatorname{int}X,\\quad \\nabla^2L(\\theta^*)\\succ0',
  hypotheses: [
    'finite data given as exact decimals (the loss is a finite sum)',
    'the ball arithmetic assumptions of docs/ball.md (correctly rounded decimal.js, faithful special functions)',
  ],
  source:
    'issue 17 items 3–4; Krawczyk 1969, Moore 1977, Sylvester; docs/certified.md; certificate proofs/certified-critical-point.md',
  ownActivation: 'tanh',
  check,
};
