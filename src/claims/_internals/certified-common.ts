import { Decimal } from 'decimal.js';
import { refineCriticalPoint } from '../../flow/refine-critical-point.js';
import { problemFromSpec, type Problem } from '../../network/problem.js';
import { ProblemSpec, parseWith } from '../../network/spec.js';
import type { Ball } from '../../precision/ball/index.js';
import type { Precision } from '../../precision/context.js';

/**
 * The problem of the certified claims (issue 17's bar): `two-param` with a target one tanh neuron cannot fit,
 * 1.5·tanh(0.8x) + 0.3x at −2, −1, 0.5, 1, 3. The same spec as test/fixtures/saddle-line/two-param-misfit.json
 * (a test checks that they are equal), held here so that `verify` does not read a test fixture.
 */
export const MISFIT_SPEC_JSON = {
  format: 'flat-channels-problem',
  version: 1,
  name: 'two-param-misfit',
  description:
    'two-param with a target one tanh neuron cannot fit: 1.5·tanh(0.8x) + 0.3x at the same five points. Its one-neuron minimum (w ≈ 0.567, a ≈ 2.508) has B < 0, so the saddle line is stable outside [0, 1].',
  activation: 'tanh',
  hiddenBias: false,
  outputBias: false,
  inputDimension: 1,
  data: {
    kind: 'formula',
    inputs: ['-2', '-1', '0.5', '1', '3'],
    target: '1.5*tanh(0.8*x) + 0.3*x',
    transform: 'none',
  },
  student: { width: 1, init: { kind: 'explicit', params: { w: [['0.5']], a: ['2.5'] } } },
} as const;

/**
 * glu-teacher with −0.3·tanh(3x) added to the target, so that no GLU fits (L∞ > 0) and h > 0: the same spec as
 * test/fixtures/certified/glu-teacher-generic.json (a test checks that they are equal).
 */
export const GLU_TEACHER_GENERIC_SPEC_JSON = {
  format: 'flat-channels-problem',
  version: 1,
  name: 'glu-teacher-generic',
  description:
    'glu-teacher with -0.3*tanh(3x) added to the target: no GLU of tanh fits the 9 points exactly (L-infinity > 0), and the best GLU (w = 0.9098, c = 0.1892, a = 0.7406) has h = 9.1e-5 > 0.',
  activation: 'tanh',
  hiddenBias: false,
  outputBias: false,
  inputDimension: 1,
  data: {
    kind: 'formula',
    inputs: { grid: { lower: ['-3'], upper: ['3'], points: [9] } },
    target: '0.5*tanh(x) + x/cosh(x)^2 - 0.3*tanh(3*x)',
    transform: 'none',
  },
  student: {
    width: 2,
    init: { kind: 'explicit', params: { w: [['1.1'], ['0.9']], a: ['5', '-4.5'] } },
  },
} as const;

/** A problem from one of the specs above. */
export function specProblem(json: { readonly name: string }): Problem {
  return problemFromSpec(parseWith(ProblemSpec, json, `problem spec ${json.name}`));
}

/** The misfit problem (width 1, tanh). */
export function misfitProblem(): Problem {
  return specProblem(MISFIT_SPEC_JSON);
}

/**
 * Newton at p digits from the spec's initial point (0.5, 2.5) to about p + 5 correct digits, as `certify` does, so
 * that x̃ rounded to p is within about 10^−p of the zero.
 */
export function misfitCriticalPoint(
  problem: Problem,
  p: Precision,
):
  | { readonly kind: 'converged'; readonly point: readonly Decimal[] }
  | { readonly kind: 'failed'; readonly reason: string } {
  const refined = refineCriticalPoint(problem, problem.initial(p), p, {
    stepTolerance: new p.D(10).pow(-(p.digits + 5)),
    guardDigits: 15,
  });
  if (refined.kind === 'converged') return { kind: 'converged', point: refined.point };
  return {
    kind: 'failed',
    reason: `Newton found no critical point from (0.5, 2.5): ${refined.kind}${refined.kind === 'stalled' ? ` (${refined.reason})` : ''}`,
  };
}

/** What every ball enclosure rests on (docs/ball.md, "What is rigorous, and what it rests on"). */
export const BALL_ASSUMPTIONS: readonly string[] = [
  'decimal.js 10.6 rounds +, −, ×, ÷ correctly at its context precision in the context rounding mode (half-even for midpoints, towards ±∞ for radii and bounds), as it documents',
  'decimal.js sqrt is at least faithfully rounded (it documents correct rounding)',
  'the special functions of src/precision/special (exp, log1p, tanh, erf, …) are at least faithfully rounded: the error analysis of their BigInt balls (exp-ball.ts, erf-ball.ts, log1p-ball.ts, constants.ts) is correct (tested, not formally verified)',
  'no value leaves the Decimal exponent range (a radius below 10^−9e15 is not guarded)',
];

/** Radius arithmetic: 20 digits, every result rounded away from 0 (up, for the non-negative radii). */
const Up = Decimal.clone({ precision: 20, rounding: Decimal.ROUND_UP, minE: -9e15, maxE: 9e15 });

/**
 * A ball as decimal strings that print no digit it has not earned: the midpoint kept to two digits below the
 * radius's leading digit (all its digits when it has no more), the radius rounded up to 3 significant digits and
 * widened by the midpoint's rounding, so the printed ball still contains the original one.
 */
export function ballStrings(b: Ball): { readonly mid: string; readonly rad: string } {
  const rad = new Up(b.rad);
  if (rad.isZero() || b.mid.isZero())
    return { mid: b.mid.toString(), rad: rad.toSignificantDigits(3).toString() };
  const keep = b.mid.e - rad.e + 2;
  if (keep >= b.mid.sd()) return { mid: b.mid.toString(), rad: rad.toSignificantDigits(3).toString() };
  const mid = keep < 1 ? new Decimal(0) : b.mid.toSignificantDigits(keep, Decimal.ROUND_HALF_EVEN);
  const moved = new Up(b.mid).minus(mid).abs();
  return { mid: mid.toString(), rad: rad.plus(moved).toSignificantDigits(3).toString() };
}

/** `mid ± rad` with the radius rounded up to 3 significant digits. */
export function ballText(b: Ball): string {
  const s = ballStrings(b);
  return `${s.mid} ± ${s.rad}`;
}
