import { integerOption, knownOptions } from '../errors.js';
import { MAX_INTERNAL_DIGITS, precision } from '../precision/context.js';
import type { FlowOutcome } from './flow-outcome.js';
import type { FlowRecord, FlowResult, FlowState } from './integrate.js';

/** Options of {@link confirmFlow}. */
export interface FlowConfirmationOptions {
  /** Fewest agreeing significant digits that still count as a confirmation. Default 3. */
  readonly minimumDigits?: number;
}

/** Where the two runs differ most (values to 6 significant digits, for the message; neither is a result). */
export interface FlowDisagreement {
  readonly t: string;
  /** `params[i]` (flat order) or `loss`. */
  readonly quantity: string;
  readonly value: string;
  readonly confirmingValue: string;
  readonly agreeingDigits: number;
}

/**
 * The comparison of a flow with its confirming run (the same flow at 20 more digits with tighter tolerances).
 *
 * `confirmed`: every parameter and loss of every state and record (compared index by index over the events both
 * runs reached) rounds to the same `digits`-significant-digit number in both runs; the states and records hold
 * those common roundings. `digits` is ONE global count (the minimum over all compared values, capped at the
 * requested digits): every printed number has exactly that many significant digits. ‖∇L‖ is compared on its own
 * (it is tiny and noisy near a critical point) and printed to `gradNormDigits` (≤ 10, ≤ `digits`); when not even
 * one digit of it agrees it is printed as an upper bound, with `gradNormDigits` 0.
 *
 * `unconfirmed`: the outcome kinds differ (unless one run was interrupted: then only the events both reached are
 * compared), or fewer than `minimumDigits` digits agree; nothing is printed as a result.
 */
export type FlowConfirmation =
  | {
      readonly kind: 'confirmed';
      readonly digits: number;
      readonly states: readonly ConfirmedFlowState[];
      readonly records: readonly (ConfirmedFlowState & Pick<FlowRecord, 'steps' | 'evaluations'>)[];
      /** The primary run's outcome with every number to the digits both runs share (see {@link confirmOutcome}). */
      readonly outcome: FlowOutcome;
      /** The worst-agreeing value (it set `digits`). */
      readonly weakest: FlowDisagreement | undefined;
    }
  | {
      readonly kind: 'unconfirmed';
      readonly reason: string;
      readonly digits: number;
      readonly weakest: FlowDisagreement | undefined;
    };

/** A state to the confirmed digits; `gradNorm` is an upper bound when `gradNormDigits` is 0. */
export interface ConfirmedFlowState extends FlowState {
  readonly gradNormDigits: number;
}

/**
 * The largest k ≤ `max` such that `a` and `b` round to the same k-significant-digit number (`max` when they are
 * equal, 0 when not even the first digit agrees). Tried from the top down: agreement after rounding is not
 * monotone in k near a rounding boundary.
 */
export function sharedDigits(a: string, b: string, max: number): number {
  const w = precision(Math.max(max, 1) + 40);
  const x = new w.D(a);
  const y = new w.D(b);
  if (x.eq(y)) return max;
  if (x.isZero() || y.isZero() || x.isNeg() !== y.isNeg()) return 0;
  const rel = x.minus(y).abs().div(y.abs());
  // |x − y|/|y| ≥ 10^−k rules out k + 1 agreeing digits by more than a rounding boundary's worth.
  let k = Math.min(max, Math.max(0, Math.floor(-rel.log(10).toNumber()) + 1));
  for (; k >= 1; k--) if (x.toSignificantDigits(k).eq(y.toSignificantDigits(k))) return k;
  return 0;
}

/** `v` to exactly k significant digits (trailing zeros kept: they are confirmed digits too). */
const round = (v: string, k: number): string => new (precision(Math.max(k, 1) + 40).D)(v).toPrecision(k);

/** A 2-digit upper bound of |a| and |b|. */
function bound(a: string, b: string): string {
  const D = precision(60).D;
  const x = new D(a).abs();
  const y = new D(b).abs();
  return (x.gt(y) ? x : y).toSignificantDigits(2, D.ROUND_UP).toString();
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * `a` with every decimal string that differs from its counterpart in `b` cut to the significant digits they share
 * (at most as many as it had); a number of which not even one digit agrees (e.g. ‖∇L‖∞ at a converged point,
 * rounding noise) becomes a 2-digit upper bound of both absolute values. Other strings that differ (a reason
 * with 4-digit numbers in it) are taken from `b`, the more accurate run. Outcomes of different kinds (one run
 * interrupted) give `a` unchanged.
 */
export function confirmOutcome(a: FlowOutcome, b: FlowOutcome): FlowOutcome {
  if (a.kind !== b.kind) return a;
  const walk = (x: unknown, y: unknown): unknown => {
    if (typeof x === 'string' && typeof y === 'string') {
      if (x === y) return x;
      if (!NUMBER.test(x) || !NUMBER.test(y)) return y;
      const len = x
        .replace(/^[+-]?[0.]*/, '')
        .replace(/[eE].*$/, '')
        .replace('.', '').length;
      const k = sharedDigits(x, y, Math.max(len, 1));
      return k > 0 ? round(y, k) : bound(x, y);
    }
    if (Array.isArray(x) && Array.isArray(y)) return x.map((v, i) => walk(v, y[i]));
    if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null) {
      const yo = y as Record<string, unknown>;
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, k in yo ? walk(v, yo[k]) : v]));
    }
    return x;
  };
  return walk(a, b) as FlowOutcome;
}

/**
 * Compares `primary` (requested `digits`) with `confirming` (the same flow at more digits, tighter tolerances)
 * and returns the common digits, or why there are none (see {@link FlowConfirmation}).
 */
export function confirmFlow(
  primary: FlowResult,
  confirming: FlowResult,
  digits: number,
  options: FlowConfirmationOptions = {},
): FlowConfirmation {
  const fn = 'confirmFlow';
  knownOptions(fn, options, ['minimumDigits']);
  integerOption(fn, 'digits', digits, 1, MAX_INTERNAL_DIGITS);
  const { minimumDigits = 3 } = options;
  integerOption(fn, 'minimumDigits', minimumDigits, 0, MAX_INTERNAL_DIGITS);
  const pairs = <S extends FlowState>(a: readonly S[], b: readonly S[]): [S, S][] =>
    a.slice(0, Math.min(a.length, b.length)).map((s, i) => [s, b[i] as S]);
  const statePairs = pairs(primary.states, confirming.states);
  const recordPairs = pairs(primary.records, confirming.records);
  let k = digits;
  let weakest: FlowDisagreement | undefined;
  for (const [a, b] of [...statePairs, ...recordPairs]) {
    if (a.t !== b.t) throw new Error(`confirmFlow: the runs' events differ (${a.t} vs ${b.t})`);
    const values: [string, string, string][] = [
      ...a.params.map((v, i): [string, string, string] => [`params[${i}]`, v, b.params[i] as string]),
      ['loss', a.loss, b.loss],
    ];
    for (const [quantity, va, vb] of values) {
      const d = sharedDigits(va, vb, digits);
      if (d < k || weakest === undefined) {
        if (d < k) k = d;
        weakest = {
          t: a.t,
          quantity,
          value: round(va, 6),
          confirmingValue: round(vb, 6),
          agreeingDigits: d,
        };
      }
    }
  }
  const interrupted = primary.outcome.kind === 'interrupted' || confirming.outcome.kind === 'interrupted';
  if (!interrupted && primary.outcome.kind !== confirming.outcome.kind)
    return {
      kind: 'unconfirmed',
      reason: `the runs end differently: ${primary.outcome.kind} at ${digits} digits, ${confirming.outcome.kind} in the confirming run`,
      digits: k,
      weakest,
    };
  if (k < minimumDigits)
    return {
      kind: 'unconfirmed',
      reason:
        weakest === undefined
          ? 'no values to compare'
          : `only ${k} digit(s) agree: ${weakest.quantity} at t = ${weakest.t} is ${weakest.value} but ${weakest.confirmingValue} in the confirming run`,
      digits: k,
      weakest,
    };
  const confirm = (a: FlowState, b: FlowState): ConfirmedFlowState => {
    const g = Math.min(10, k, sharedDigits(a.gradNorm, b.gradNorm, digits));
    // Not one digit agrees: a 2-digit upper bound of both.
    const gradNorm = g > 0 ? round(b.gradNorm, g) : bound(a.gradNorm, b.gradNorm);
    return {
      t: a.t,
      params: b.params.map((v) => round(v, k)),
      loss: round(b.loss, k),
      gradNorm,
      gradNormDigits: g,
    };
  };
  return {
    kind: 'confirmed',
    digits: k,
    states: statePairs.map(([a, b]) => confirm(a, b)),
    records: recordPairs.map(([a, b]) => ({ ...confirm(a, b), steps: a.steps, evaluations: a.evaluations })),
    outcome: confirmOutcome(primary.outcome, confirming.outcome),
    weakest,
  };
}
