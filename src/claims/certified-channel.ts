import {
  certifyChannel,
  type ChannelLimitPoint,
  type CertifiedChannel,
  type CertifiedLimitPoint,
  type ChannelDecrease,
} from '../certified/certify-channel.js';
import { loadProblem } from '../network/problem.js';
import { precision } from '../precision/context.js';
import type { Claim, ClaimContext, Evidence, Verdict } from './claim.js';
import { CERTIFIED_DIGITS } from './certified-critical-point.js';
import {
  renderCertificate,
  type CertificateEnclosure,
  type CertifiedCertificate,
} from './_internals/certified-certificate.js';
import {
  BALL_ASSUMPTIONS,
  GLU_TEACHER_GENERIC_SPEC_JSON,
  ballStrings,
  ballText,
  specProblem,
} from './_internals/certified-common.js';

/** Newton's starts for the GLU limits (approximate; the certified box is found from them). */
export const CHANNEL_STARTS: Readonly<Record<'glu-teacher' | 'glu-teacher-generic', ChannelLimitPoint>> = {
  'glu-teacher': { w: '1.01', c: '0.49', a: '1.02' },
  'glu-teacher-generic': { w: '0.91', c: '0.3', a: '0.8' },
};

/** What a channel outcome must contain for this claim: a certified limit point and a certified decrease. */
interface Part {
  readonly limit: CertifiedLimitPoint;
  readonly decrease: ChannelDecrease;
}

function part(out: CertifiedChannel): Part | string {
  if (out.limit === undefined) return out.kind === 'not-certified' ? out.reason : 'no limit point';
  if (out.decrease === undefined) return out.kind === 'not-certified' ? out.reason : 'no decrease';
  return { limit: out.limit, decrease: out.decrease };
}

function range(d: ChannelDecrease): string {
  return d.from.isZero()
    ? `(0, ${d.epsilon0.toString()}]`
    : `[${d.from.toString()}, ${d.epsilon0.toString()}]`;
}

function partEvidence(prefix: string, out: CertifiedChannel): Evidence {
  const e: Record<string, string | readonly string[]> = { [`${prefix}Outcome`]: out.kind };
  if (out.kind === 'not-certified') e[`${prefix}Reason`] = out.reason;
  if (out.limit !== undefined) {
    const l = out.limit;
    e[`${prefix}Box`] = l.names.map((n, i) => `${n} = ${String(l.center[i])} ± ${l.radius.toString()}`);
    e[`${prefix}Enclosure`] = l.names.map((n, i) => `${n} ∈ ${ballText(l.enclosure[i]!)}`);
    e[`${prefix}LossAtInfinity`] = ballText(l.loss);
    e[`${prefix}Pivots`] = l.inertia.pivots.map(ballText);
    e[`${prefix}StrictMinimum`] = String(l.strictMinimum);
  }
  if (out.h !== undefined) e[`${prefix}H`] = ballText(out.h);
  if (out.decrease !== undefined) {
    const d = out.decrease;
    e[`${prefix}Decrease`] =
      `dL(θ₀*, ε)/dε > 0 for ε ∈ ${range(d)} (Taylor to order ${d.order}; ${d.bound.replace('margin', d.margin.toSignificantDigits(4, 1).toString())})`;
  }
  if (out.statement !== undefined) e[`${prefix}Statement`] = out.statement;
  return e;
}

/**
 * The verdict from certifyChannel's outcomes on glu-teacher-generic (L∞ > 0: every condition of [MvM+25] must be
 * certified) and glu-teacher (realisable: h = 0 exactly, so h > 0 cannot be; the claim asks for the limit point's
 * certified strict minimum and the decrease on a certified range [ε₁, ε₀]). `certified` only then; a limit point
 * certified not to be a strict minimum `refuted`; anything not certified `inconclusive` with the reason.
 */
export function channelVerdict(
  teacher: CertifiedChannel,
  generic: CertifiedChannel,
  digits: number,
): Verdict {
  const evidence: Evidence = {
    digits,
    ...partEvidence('generic', generic),
    ...partEvidence('teacher', teacher),
    theorems: [...THEOREMS],
    assumptions: [...BALL_ASSUMPTIONS],
    certificate: 'proofs/certified-channel.md',
  };
  for (const [name, out] of [
    ['glu-teacher-generic', generic],
    ['glu-teacher', teacher],
  ] as const) {
    if (out.limit !== undefined && !out.limit.strictMinimum) {
      return {
        kind: 'refuted',
        summary: `${name}: the critical point of L∞ is certified, but it is not a strict local minimum`,
        evidence,
      };
    }
  }
  if (generic.kind !== 'certified' || generic.decrease.from.isZero() === false) {
    const reason =
      generic.kind === 'not-certified' ? generic.reason : 'the decrease is not certified down to ε → 0';
    return { kind: 'inconclusive', summary: `glu-teacher-generic not certified: ${reason}`, evidence };
  }
  const t = part(teacher);
  if (typeof t === 'string') {
    return { kind: 'inconclusive', summary: `glu-teacher not certified: ${t}`, evidence };
  }
  const teacherH =
    teacher.kind === 'certified'
      ? `h ∈ ${ballText(teacher.h)} > 0`
      : 'h > 0 not certified (a realisable teacher has h = 0 exactly; its ball contains 0)';
  return {
    kind: 'certified',
    summary:
      `glu-teacher-generic: θ₀* a strict local minimum of L∞, h ∈ ${ballText(generic.h)} > 0, L(θ₀*, ε) strictly ` +
      `decreasing as ε → 0 on ${range(generic.decrease)}; glu-teacher: θ₀* a strict local minimum of L∞, the ` +
      `decrease certified on ${range(t.decrease)}, ${teacherH}; at ${digits} digits`,
    evidence,
  };
}

const THEOREMS: readonly string[] = [
  'Krawczyk (1969), Moore (1977): K(X) ⊂ int X implies exactly one zero of ∇L∞ in X, lying in K(X)',
  "Sylvester's law of inertia: positive pivots of the ball LDLᵀ of Vᵀ∇²L∞(X)V make θ₀* a strict local minimum of L∞",
  'φ(ε) = L(θ₀, ε) is even and smooth in ε, φ″(0) = 2h(θ₀) ([MvM+25], mathematics.md §2)',
  "Taylor's theorem with Lagrange remainder for φ′ at 0, the remainder φ^(2m) enclosed over |ε| ≤ ε₀ by ball arithmetic on the activation's jets",
];

interface Result {
  readonly verdict: Verdict;
  readonly certificate: CertifiedCertificate;
}

const memo = new Map<number, Result>();

function enclosures(name: string, out: CertifiedChannel): CertificateEnclosure[] {
  const l = out.limit;
  if (l === undefined) return [];
  return [
    ...l.names.map((n, i) => ({
      name: `${name}: box X: ${n}`,
      mid: String(l.center[i]),
      rad: l.radius.toString(),
    })),
    ...l.names.map((n, i) => ({ name: `${name}: θ₀* ∈ K(X): ${n}`, ...ballStrings(l.enclosure[i]!) })),
    { name: `${name}: L∞(θ₀*)`, ...ballStrings(l.loss) },
    ...l.inertia.pivots.map((b, i) => ({
      name: `${name}: LDLᵀ pivot ${i + 1} of Vᵀ∇²L∞(X)V`,
      ...ballStrings(b),
    })),
    ...(out.h === undefined ? [] : [{ name: `${name}: h(θ₀*)`, ...ballStrings(out.h) }]),
    ...(out.decrease === undefined
      ? []
      : [
          ...out.decrease.coefficients.map((b, i) => ({
            name: `${name}: φ^(${2 * i + 2})(0)`,
            ...ballStrings(b),
          })),
          {
            name: `${name}: φ^(${out.decrease.order})(ε) over |ε| ≤ ${out.decrease.epsilon0.toString()}`,
            ...ballStrings(out.decrease.remainder),
          },
        ]),
  ];
}

/** Both certifications at `digits`; memoised per digits. */
export function certifiedChannelResult(digits: number = CERTIFIED_DIGITS): Result {
  const hit = memo.get(digits);
  if (hit !== undefined) return hit;
  const p = precision(digits);
  const teacher = certifyChannel(loadProblem('glu-teacher'), CHANNEL_STARTS['glu-teacher'], p);
  const generic = certifyChannel(
    specProblem(GLU_TEACHER_GENERIC_SPEC_JSON),
    CHANNEL_STARTS['glu-teacher-generic'],
    p,
  );
  const verdict = channelVerdict(teacher, generic, digits);
  const statementOf = (out: CertifiedChannel): string =>
    out.kind === 'certified' ? out.statement : (out.statement ?? `not certified: ${out.reason}`);
  const certificate = renderCertificate({
    id: 'certified-channel',
    title: certifiedChannel.title,
    verdict: verdict.kind,
    summary: verdict.summary,
    problem: {
      name: 'glu-teacher-generic and glu-teacher',
      description:
        `${GLU_TEACHER_GENERIC_SPEC_JSON.description} And the built-in glu-teacher (flat-channels problem --name ` +
        'glu-teacher), whose target is a GLU of tanh (realisable). The spec below is glu-teacher-generic.',
      spec: GLU_TEACHER_GENERIC_SPEC_JSON,
    },
    digits,
    statement: certifiedChannel.statement,
    theorems: THEOREMS,
    enclosures: [...enclosures('glu-teacher-generic', generic), ...enclosures('glu-teacher', teacher)],
    facts: [
      ['glu-teacher-generic', statementOf(generic)],
      ['glu-teacher', statementOf(teacher)],
      ...(teacher.kind === 'not-certified' ? [['glu-teacher: not certified', teacher.reason] as const] : []),
      [
        'not certified by either',
        generic.kind === 'certified' ? generic.notCertified : 'see the reasons above (glu-teacher-generic)',
      ],
    ],
    reproduce: ['flat-channels verify --claims certified-channel --json'],
  });
  const result = { verdict, certificate };
  memo.set(digits, result);
  return result;
}

function check(ctx: ClaimContext): Verdict {
  return certifiedChannelResult(Math.max(ctx.digits, CERTIFIED_DIGITS)).verdict;
}

export const certifiedChannel: Claim = {
  id: 'certified-channel',
  title:
    'A certified channel: the GLU limit of glu-teacher-generic (all conditions) and of glu-teacher (h > 0 excepted)',
  statement:
    'glu-teacher-generic (L∞ > 0): the GLU limit θ₀* is the unique critical point of L∞ in a certified box and a ' +
    'strict local minimum, h(θ₀*) > 0, and L(θ₀*, ε) is strictly decreasing as ε decreases to 0 on (0, ε₀] — the ' +
    'sufficient conditions of [MvM+25] for the loss to decrease towards infinity along the channel. glu-teacher ' +
    '(realisable, L∞(θ₀*) = 0): θ₀* is certified a strict local minimum of L∞ and the decrease is certified on ' +
    '[ε₁, ε₀]; h > 0 is not certified (h = 0 exactly when L∞ = 0, which ball arithmetic cannot decide). Not ' +
    'certified: that gradient flow enters or follows the channel.',
  latex:
    '\\nabla L_\\infty(\\theta_0^*)=0,\\ \\nabla^2L_\\infty(\\theta_0^*)\\succ0,\\ h(\\theta_0^*)>0,\\ \\tfrac{d}{d\\varepsilon}L(\\theta_0^*,\\varepsilon)>0\\ \\text{on}\\ (0,\\varepsilon_0]',
  hypotheses: [
    'finite data given as exact decimals; one input dimension, no hidden bias, a smooth activation',
    'the ball arithmetic assumptions of docs/ball.md (correctly rounded decimal.js, faithful special functions)',
  ],
  source:
    'issue 17 item 6; [MvM+25] (mathematics.md §2); Krawczyk; Sylvester; Taylor with Lagrange remainder; docs/certified.md; certificate proofs/certified-channel.md',
  ownActivation: 'tanh',
  check,
};
