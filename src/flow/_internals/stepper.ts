import type { FlowSystem } from './flow-system.js';

/** One attempted step of size h from (t, y). `hNext` is the proposed next step (before clipping to targets). */
export type StepAttempt<T> =
  | {
      readonly accepted: true;
      readonly h: T;
      readonly y: T[];
      readonly hNext: T;
      /** log₁₀ of the local error estimate (max-norm). */
      readonly log10Error: number;
    }
  | { readonly accepted: false; readonly hNext: T; readonly reason: string };

/**
 * What an implicit stepper carries from one step to the next (the Radau stepper: the last accepted step's stage
 * increments for the predictor, the step-size controller's memory, and where its Jacobian was evaluated), as JSON
 * with every number that is not a count in an exact decimal string, so that a run restored from a checkpoint takes
 * exactly the steps of an uninterrupted one.
 */
export interface StepperState {
  readonly stages: number;
  /** The last accepted step (decimal string), or null before the first. */
  readonly hPrevious: string | null;
  /** Its stage increments Z_i, stage by stage (exact strings of the stepper's internal field). */
  readonly increments: readonly string[];
  /** The last accepted step's scaled error estimate (for the predictive controller); 0 before the first. */
  readonly errorPrevious: number;
  /** Whether the last attempt was rejected. */
  readonly rejected: boolean;
  /** The kept Hessian (row by row, decimal strings) of a simplified Newton iteration, or null when none is kept. */
  readonly jacobian: readonly string[] | null;
}

/** A one-step integrator; implicit ones carry {@link StepperState} between steps. */
export interface Stepper<T> {
  readonly name: 'taylor' | 'gbs' | 'implicit';
  /** Tries a step of at most `hMax` (exactly `hMax` when `mustLand` and the step is accepted at that size). */
  step(y: readonly T[], h: T, hMax: T): StepAttempt<T>;
  /** The carried state (undefined for steppers without one). */
  state?(): StepperState;
  /** Continues from a state of {@link state}. */
  restore?(state: StepperState): void;
}

export function maxNormLog10<T>(S: FlowSystem<T>, v: readonly T[]): number {
  let m = -Infinity;
  for (const x of v) m = Math.max(m, S.log10Abs(x));
  return m;
}

/** min(a, b) in the field. */
export function minT<T>(S: FlowSystem<T>, a: T, b: T): T {
  return S.F.sign(S.F.sub(a, b)) <= 0 ? a : b;
}

/** h·10^e for a double exponent e (the step-size factor), without leaving the field. */
export function scaleBy<T>(S: FlowSystem<T>, h: T, factor: number): T {
  return S.F.mul(h, S.F.fromDecimalString(factor.toPrecision(15)));
}

/** 10^x in the field for a double x (15 significant digits of the mantissa; step sizes need no more). */
export function pow10<T>(S: FlowSystem<T>, x: number): T {
  const e = Math.floor(x);
  return S.F.fromDecimalString(`${(10 ** (x - e)).toPrecision(15)}e${e}`);
}
