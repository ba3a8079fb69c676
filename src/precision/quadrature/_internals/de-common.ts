import type { Decimal } from 'decimal.js';
import { roundTo, withGuard, type Precision } from '../../context.js';
import type { DeExpectationOptions, QuadratureOutcome } from '../de-expectation.js';

export interface Resolved {
  readonly q: Precision;
  readonly relTol: Decimal;
  readonly absTol: Decimal;
  readonly minLevels: number;
  readonly maxLevels: number;
  readonly maxEvaluations: number;
}

/** Validates options and fixes the working precision; shared with the product rule. */
export function resolveDeOptions(
  p: Precision,
  options: DeExpectationOptions,
  defaultMaxEvaluations: number,
  what: string,
): Resolved {
  const {
    digits = p.digits,
    absoluteTolerance = 0,
    guardDigits = 10,
    minLevels = 3,
    maxLevels = 12,
    maxEvaluations = defaultMaxEvaluations,
  } = options;
  const int = (v: number, lo: number, hi: number, name: string): void => {
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new RangeError(`${what}: ${name} must be an integer in ${lo}…${hi}, got ${String(v)}`);
    }
  };
  int(digits, 1, p.digits, 'digits');
  int(guardDigits, 0, 200, 'guardDigits');
  int(maxLevels, 1, 20, 'maxLevels');
  int(minLevels, 1, maxLevels, 'minLevels');
  int(maxEvaluations, 1, Number.MAX_SAFE_INTEGER, 'maxEvaluations');
  const q = withGuard(p, guardDigits);
  const absTol = new q.D(absoluteTolerance);
  if (absTol.isNeg() || !absTol.isFinite())
    throw new RangeError(`${what}: absoluteTolerance must be finite and ≥ 0`);
  return { q, relTol: new q.D(10).pow(-digits), absTol, minLevels, maxLevels, maxEvaluations };
}

/** The error bound of a converged result: see {@link QuadratureOutcome}. */
export function convergedOutcome(
  p: Precision,
  q: Precision,
  sum: Decimal,
  diff: Decimal,
  l1: Decimal,
  terms: number,
  tail: Decimal,
  evaluations: number,
  levels: number,
): QuadratureOutcome {
  const value = roundTo(p, sum);
  // Each term and each addition contributes at most a few units of 10^−q relative to its own size, so the sum's
  // rounding error is below (terms + 10)·10^(1−q)·Σ|terms| (assuming f itself is accurate to a few ulps of q).
  const roundoff = l1.times(terms + 10).times(new q.D(10).pow(1 - q.digits));
  const bound = diff.plus(roundoff).plus(tail).plus(value.minus(sum).abs());
  return {
    kind: 'converged',
    value,
    errorEstimate: new p.D(bound).toSignificantDigits(3, p.D.ROUND_UP),
    evaluations,
    levels,
  };
}
