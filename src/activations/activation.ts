import type { Decimal } from 'decimal.js';
import type { Precision } from '../precision/context.js';
import type { Jet, JetArithmetic, TranscendentalCounter } from '../precision/jet/index.js';

/** Options of the Decimal evaluations of an {@link Activation}. */
export interface ActivationEvalOptions {
  /** Receives one record per special-function evaluation (see TranscendentalCounter). Default: none. */
  readonly counter?: TranscendentalCounter;
}

/**
 * Derivatives σ(x), …, σ^(K)(x), or the report that some of them do not exist at x.
 * `non-smooth`: σ^(j)(x) exists for j < `undefinedFrom` (given in `defined`) and not for j ≥ `undefinedFrom`.
 */
export type DerivativesOutcome =
  | { readonly kind: 'smooth'; readonly values: readonly Decimal[] }
  | {
      readonly kind: 'non-smooth';
      readonly defined: readonly Decimal[];
      readonly undefinedFrom: number;
      readonly reason: string;
    };

/**
 * An activation function σ: a registered one (tanh, sigmoid, softplus, erf, g, gelu, silu, relu) or a user
 * formula in x. Obtain one with resolveActivation.
 *
 * Decimal results are computed at p plus guard digits and rounded to p.digits. Registered smooth activations give
 * every derivative to about p.digits significant digits, except where a derivative is much smaller than the
 * others (near one of its zeros, e.g. gelu‴(2) = 0, or tanh″ near 0 relative to tanh′), where it is accurate
 * to about p.digits in absolute terms at the scale of the largest |σ^(j)(x)|. Formulas are evaluated faithfully
 * but can lose the digits their own cancellations cost (log(1+exp(x)) for x ≪ 0, say): certify with a ladder.
 */
export interface Activation {
  /** The registered name, or the formula as the user wrote it (trimmed). */
  readonly name: string;
  readonly kind: 'registered' | 'formula';
  /** A plain formula in x for the same function, using only the formula language (e.g. `erf(x/sqrt(2))`). */
  readonly formula: string;
  /** False when σ has points without derivatives (relu at 0; formulas with abs). */
  readonly smooth: boolean;

  /** σ(x) rounded to p.digits. */
  value(x: Decimal.Value, p: Precision, options?: ActivationEvalOptions): Decimal;
  /**
   * [σ(x), σ′(x), …, σ^(order)(x)] rounded to p.digits.
   * Throws NonSmoothError (an InputError) where a requested derivative does not exist, e.g. relu at x = 0.
   */
  derivatives(
    x: Decimal.Value,
    order: number,
    p: Precision,
    options?: ActivationEvalOptions,
  ): readonly Decimal[];
  /** As {@link derivatives}, but reports missing derivatives as a result instead of throwing. */
  tryDerivatives(
    x: Decimal.Value,
    order: number,
    p: Precision,
    options?: ActivationEvalOptions,
  ): DerivativesOutcome;
  /** σ(x) in float64. */
  value64(x: number): number;
  /**
   * [σ(x), …, σ^(order)(x)] in float64 (closed forms up to order 3 for registered activations, jets beyond).
   * Hot loops pass `into` (length > order) to avoid allocating: entries 0…order are overwritten and `into` is
   * returned.
   */
  derivatives64(x: number, order: number, into?: Float64Array): Float64Array;
  /** σ applied to a jet (Taylor-mode propagation through the activation, e.g. σ(w(t)·x) in a flow). */
  jet<T>(arithmetic: JetArithmetic<T>, u: Jet<T>): Jet<T>;
}
