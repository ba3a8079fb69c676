import type { Decimal } from 'decimal.js';
import { InputError } from '../errors.js';
import type { Problem } from '../network/problem.js';
import { precision } from '../precision/context.js';
import { refineParent } from './critical-subspaces.js';

/** The zero-loss width-r* point the expansion path starts from, or why there is none. */
export type ZeroLossParent =
  | {
      readonly kind: 'zero-loss';
      /** Exact decimals (the start itself, or the refined point). */
      readonly point: readonly Decimal[];
      /** `start`: kept as given; `refined`: Newton at digits + 5. */
      readonly source: 'start' | 'refined';
    }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * A start that already fits the data to 10^−(2·digits − 10) is kept exactly (a teacher's own parameters: loss exactly
 * 0 on the real data); otherwise it is refined to a critical point at digits + 5 (refineParent: irreducible, or an
 * InputError) and accepted only if its loss is zero to the precision.
 */
export function zeroLossParent(problem: Problem, start: readonly Decimal[], digits: number): ZeroLossParent {
  if (problem.population) {
    return {
      kind: 'none',
      reason: `${problem.name} is a population problem; the certificates need finite data`,
    };
  }
  const q = precision(digits + 10);
  const threshold = new q.D(10).pow(-(2 * digits - 10));
  if (problem.evaluate(start, q, { gradient: false }).loss.lte(threshold)) {
    return { kind: 'zero-loss', point: [...start], source: 'start' };
  }
  let refined;
  try {
    refined = refineParent(problem, start, digits);
  } catch (e) {
    if (e instanceof InputError) return { kind: 'none', reason: e.message };
    throw e;
  }
  if (!refined.zeroLoss) {
    return {
      kind: 'none',
      reason: `the critical point's loss ${refined.loss.toExponential(3)} is not zero: the expansion path needs a zero-loss minimum (a realisable teacher)`,
    };
  }
  return { kind: 'zero-loss', point: refined.point, source: 'refined' };
}
