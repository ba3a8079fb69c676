import type { Decimal } from 'decimal.js';
import { integerOption, knownOptions } from '../errors.js';
import { MAX_INTERNAL_DIGITS, precision, roundTo, type Precision } from './context.js';

/** The rung options both ladders share, each checked (a negative guard or a step of 0 was used as given). */
function checkRungs(
  fn: string,
  p: Precision,
  options: { readonly guard?: number; readonly step?: number; readonly maxWorkingDigits?: number },
  known: readonly string[],
): void {
  knownOptions(fn, options, known);
  const room = MAX_INTERNAL_DIGITS - p.digits;
  if (options.guard !== undefined) integerOption(fn, 'guard', options.guard, 0, room);
  if (options.step !== undefined) integerOption(fn, 'step', options.step, 1, room);
  if (options.maxWorkingDigits !== undefined)
    integerOption(fn, 'maxWorkingDigits', options.maxWorkingDigits, p.digits, MAX_INTERNAL_DIGITS);
}

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
  checkRungs('certifyByLadder', p, options, ['guard', 'step', 'maxWorkingDigits', 'scale']);
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

/** Options of {@link certifyByErrorBounds}. */
export interface ErrorBoundLadderOptions {
  /** Guard digits of the first working precision above the requested one. Default 10. */
  readonly guard?: number;
  /** Smallest rise of the working precision between rungs. Default 20. */
  readonly step?: number;
  /** Largest working precision tried before giving up. Default: requested digits + 200 (capped at 1100). */
  readonly maxWorkingDigits?: number;
}

/** A value with an absolute error bound, as computed at one working precision. */
export interface BoundedValue {
  readonly value: Decimal;
  readonly error: Decimal;
}

/**
 * The precision ladder for computations that also bound their own error (e.g. through errorBoundField): a value is
 * accepted when both ends of its interval value ± error round to the same `p.digits`-digit number (Ziv's test) and
 * the next-lower rung rounded to it as well; otherwise the working precision rises by at least `step` digits, or
 * by the digits the interval says are missing. Unlike {@link certifyByLadder} this cannot be fooled by two rungs
 * that agree because both lost every digit to the same cancellation (cosh(100)² − sinh(100)² is 0 at 30 and at 50
 * digits). A value still containing 0 in its interval at the top rung is reported as an unresolved zero with the
 * bound |value| + error; a nonzero value that never resolves makes the outcome `uncertain`. A value that is exactly
 * 0 with error 0 is an exact zero.
 */
export function certifyByErrorBounds(
  compute: (q: Precision) => readonly BoundedValue[],
  p: Precision,
  options: ErrorBoundLadderOptions = {},
): LadderOutcome {
  checkRungs('certifyByErrorBounds', p, options, ['guard', 'step', 'maxWorkingDigits']);
  const { guard = 10, step = 20, maxWorkingDigits = Math.min(1100, p.digits + 200) } = options;
  let w = p.digits + guard;
  let previous: readonly Decimal[] | undefined;
  let lastW = w;
  for (;;) {
    const q = precision(Math.min(w, 1100));
    const vs = compute(q);
    const rounded = vs.map((b) => roundTo(p, b.value));
    const resolved = vs.map((b, i) => {
      if (b.error.isZero()) return true;
      if (!b.error.isFinite()) return false;
      const r = rounded[i] as Decimal;
      const lo = roundTo(p, b.value.minus(b.error));
      const hi = roundTo(p, b.value.plus(b.error));
      return !r.isZero() && lo.eq(r) && hi.eq(r);
    });
    const agree = previous !== undefined && rounded.every((r, i) => previous?.[i]?.eq(r) === true);
    const all = resolved.every((x) => x);
    if (all && (agree || vs.every((b) => b.error.isZero()))) {
      return {
        kind: 'certified',
        values: rounded,
        digits: p.digits,
        workingDigits: [lastW, w],
        unresolvedZeros: [],
      };
    }
    // Digits the worst interval is short of: log10(error/|value|) + p.digits + 2.
    let missing = 0;
    vs.forEach((b, i) => {
      if (resolved[i] === true || !b.error.isFinite() || b.error.isZero()) return;
      const ratio = b.value.isZero() ? 0 : b.error.e - b.value.e + p.digits + 2;
      missing = Math.max(missing, ratio);
    });
    const next = w + Math.max(step, Math.min(missing, 400));
    if (next > maxWorkingDigits) {
      const unresolved = resolved.flatMap((ok, i) => (ok ? [] : [i]));
      const zeros = unresolved.filter((i) => {
        const b = vs[i] as BoundedValue;
        return b.error.isFinite() && b.value.abs().lte(b.error);
      });
      if (all && !agree && previous !== undefined) {
        // Resolved but the rungs disagree: the bounds are first order; be safe.
        const bad = rounded.findIndex((r, i) => previous?.[i]?.eq(r) !== true);
        return uncertain(p, bad, [lastW, w], 'the last two working precisions disagree');
      }
      if (zeros.length === unresolved.length) {
        const zero = new p.D(0);
        return {
          kind: 'certified',
          values: rounded.map((v, i) => (zeros.includes(i) ? zero : v)),
          digits: p.digits,
          workingDigits: [lastW, w],
          unresolvedZeros: zeros.map((index) => {
            const b = vs[index] as BoundedValue;
            return { index, bound: b.value.abs().plus(b.error).toSignificantDigits(3, p.D.ROUND_UP) };
          }),
        };
      }
      const bad = unresolved.find((i) => !zeros.includes(i)) ?? 0;
      const b = vs[bad] as BoundedValue;
      return uncertain(
        p,
        bad,
        [lastW, w],
        `value ${bad} is ${b.value.toSignificantDigits(6).toString()} ± ${b.error.toSignificantDigits(3).toString()} at ${w} working digits: cancellation costs more digits than the ${maxWorkingDigits} allowed`,
      );
    }
    previous = rounded;
    lastW = w;
    w = next;
  }
}

function uncertain(
  p: Precision,
  index: number,
  workingDigits: readonly [number, number],
  reason: string,
): LadderOutcome {
  return { kind: 'uncertain', digits: p.digits, index, workingDigits, reason };
}
