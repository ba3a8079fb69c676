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
  const { guard = 10, step = 20, maxWorkingDigits = Math.min(1100, p.digits + 200) } = options;
  let lo = p.digits + guard;
  let a = compute(precision(lo)).map((v) => roundTo(p, v));
  for (;;) {
    const hi = lo + step;
    const b = compute(precision(hi)).map((v) => roundTo(p, v));
    const bad = a.findIndex((v, i) => {
      const w = b[i];
      return w === undefined || !v.eq(w);
    });
    if (bad < 0) return { kind: 'certified', values: b, digits: p.digits, workingDigits: [lo, hi] };
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
    a = b;
  }
}
