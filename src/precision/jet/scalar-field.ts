import type { TranscendentalCounter } from './transcendental-counter.js';

/** Named constants a field supplies (computed once per field/precision, not counted as evaluations). */
export type FieldConstant = 'pi' | 'e' | 'sqrt2' | 'twoOverSqrtPi';

/**
 * The scalar operations Taylor-mode jets need: exact-as-possible arithmetic plus the special functions evaluated
 * once per jet node at its base point. Two instances exist: {@link decimalField} (decimal.js at a precision) and
 * {@link float64Field} (IEEE doubles).
 *
 * Base-point functions return the companion values the recurrences need, computed without cancellation
 * (e.g. `tanhSech2` gives tanh a and 1 − tanh² a; the latter must not be formed as 1 − t² when t ≈ ±1).
 * Preconditions (a > 0 for `log`, …) are the caller's: the jet layer checks them and raises its own errors.
 */
export interface ScalarField<T> {
  readonly kind: 'decimal' | 'float64';
  /** Significant decimal digits of the arithmetic (about 15.95 for float64). */
  readonly digits: number;
  /** Receives one record per base-point evaluation; undefined when nobody counts. */
  readonly counter: TranscendentalCounter | undefined;
  readonly zero: T;
  readonly one: T;

  fromInt(n: number): T;
  /** A decimal literal such as "0.1" or "1e-3": exact for Decimal (not rounded), the nearest double for float64. */
  fromDecimalString(text: string): T;
  constant(name: FieldConstant): T;

  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  mulInt(a: T, n: number): T;
  divInt(a: T, n: number): T;
  /** −1, 0 or +1 (zero of either sign gives 0). */
  sign(a: T): -1 | 0 | 1;
  isInteger(a: T): boolean;
  toNumber(a: T): number;
  toString(a: T): string;

  exp(a: T): T;
  /** Natural logarithm; requires a > 0. */
  log(a: T): T;
  /** Requires a ≥ 0. */
  sqrt(a: T): T;
  /** a^r for a > 0. */
  pow(a: T, r: T): T;
  /** e^(−a²), accurate also for large |a| (where forming a² first would cost digits in float64). */
  expNegSquare(a: T): T;
  sinCos(a: T): readonly [T, T];
  sinhCosh(a: T): readonly [T, T];
  /** [tanh a, 1 − tanh² a], both to full relative accuracy. */
  tanhSech2(a: T): readonly [T, T];
  /** [σ(a), 1 − σ(a)] with σ the logistic sigmoid, both to full relative accuracy. */
  sigmoidPair(a: T): readonly [T, T];
  /** log(1 + e^a). */
  softplus(a: T): T;
  erf(a: T): T;
  erfc(a: T): T;
}
