import type { Decimal } from 'decimal.js';
import { precision, roundTo, type Precision } from './context.js';

/** Options of {@link certifyByLadder}. */
export interface LadderOptions {
  /** Guard digits of the first working precision above the requested one. Default 10. */
  readonly guard?: number;
  /** Digits added for the confirming computation ("+20 digits" in the project's conventions). Default 20. */
  readonly step?: number;
  /** Largest working precision tried before giving up. Default: requested digits + 200 (capped at 1100). */
  readonly maxWorkingDigits?: number;
  /**
   * The size of the terms the values are computed from (e.g. the largest |σ^(j)(x)|). When given, a value that is
   * still unresolved at the top rung but below `scale · 10^−(w − 10)` at both of the last two working precisions w
   * is reported as an unresolved zero with that absolute bound, instead of failing the whole ladder: a true zero
   * such as gelu‴(2) = 0 never stabilises in relative terms, and its rounding noise must not be printed as digits.
   * Default: none (every value must be resolved to `digits` significant digits).
   */
  readonly scale?: (values: readonly Decimal[]) => Decimal;
}

/** A value the ladder could only bound: |value| ≤ bound (absolute); it is reported as 0. */
export interface UnresolvedZero {
  readonly index: number;
  readonly bound: Decimal;
}

/** Outcome of a precision ladder: the values rounded to the requested digits, or why they could not be earned. */
export type LadderOutcome =
  | {
      readonly kind: 'certified';
      /** The values rounded to `digits` significant digits (exact zeros stay exact). */
      readonly values: readonly Decimal[];
      readonly digits: number;
      /** The two working precisions whose results agreed after rounding. */
      readonly workingDigits: readonly [number, number];
      /** Values known only to be tiny in absolute terms (reported as exact 0 in `values`); see `scale`. */
      readonly unresolvedZeros: readonly UnresolvedZero[];
    }
  | {
      readonly kind: 'uncertain';
      readonly digits: number;
      /** Index of the first value that never agreed, and the last two working precisions tried. */
      readonly index: number;
      readonly workingDigits: readonly [number, number];
      readonly reason: string;
    };

/**
 * The precision ladder: computes `compute` at p + guard and at p + guard + step digits and accepts the result
 * only if every value rounds to the same `p.digits`-digit number at both precisions; otherwise climbs (each rung
 * adds `step` digits) until they agree or `maxWorkingDigits` is reached. This is the project's standard for
 * "every printed digit is correct": an independent recomputation with 20 more digits must reproduce it.
 * A value that is exactly zero at both precisions is reported as an exact zero.
 */
export function certifyByLadder(
  compute: (q: Precision) => readonly Decimal[],
  p: Precision,
  options: LadderOptions = {},
): LadderOutcome {
  const { guard = 10, step = 20, maxWorkingDigits = Math.min(1100, p.digits + 200), scale } = options;
  let lo = p.digits + guard;
  let rawA = compute(precision(lo));
  let a = rawA.map((v) => roundTo(p, v));
  for (;;) {
    const hi = lo + step;
    const rawB = compute(precision(hi));
    const b = rawB.map((v) => roundTo(p, v));
    const disagree = a.flatMap((v, i) => {
      const w = b[i];
      return w === undefined || !v.eq(w) ? [i] : [];
    });
    if (disagree.length === 0) {
      return { kind: 'certified', values: b, digits: p.digits, workingDigits: [lo, hi], unresolvedZeros: [] };
    }
    if (hi + step > maxWorkingDigits && scale !== undefined) {
      const bound = scale(rawB)
        .abs()
        .times(new (precision(hi).D)(10).pow(-(lo - 10)));
      const tiny = (v: Decimal | undefined): boolean => v !== undefined && v.abs().lte(bound);
      if (disagree.every((i) => tiny(rawA[i]) && tiny(rawB[i]))) {
        const zero = new p.D(0);
        return {
          kind: 'certified',
          values: b.map((v, i) => (disagree.includes(i) ? zero : v)),
          digits: p.digits,
          workingDigits: [lo, hi],
          // Rounded up to 3 digits: a bound must not shrink when it is shortened.
          unresolvedZeros: disagree.map((index) => ({
            index,
            bound: bound.toSignificantDigits(3, p.D.ROUND_UP),
          })),
        };
      }
    }
    const bad = disagree[0] ?? 0;
    if (hi + step > maxWorkingDigits) {
      return {
        kind: 'uncertain',
        digits: p.digits,
        index: bad,
        workingDigits: [lo, hi],
        reason: `value ${bad} still differs in its ${p.digits} digits between ${lo} and ${hi} working digits`,
      };
    }
    lo = hi;
    rawA = rawB;
    a = b;
  }
}
