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

/** A one-step integrator. `state` is whatever it carries between steps (must be JSON for checkpoints). */
export interface Stepper<T> {
  readonly name: 'taylor' | 'gbs' | 'implicit';
  /** Tries a step of at most `hMax` (exactly `hMax` when `mustLand` and the step is accepted at that size). */
  step(y: readonly T[], h: T, hMax: T): StepAttempt<T>;
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
