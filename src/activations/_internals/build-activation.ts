import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import { precision, roundTo, type Precision } from '../../precision/context.js';
import {
  JetDomainError,
  NonDifferentiableError,
  decimalField,
  derivativesFromJet,
  errorBoundField,
  float64Field,
  jetArithmetic,
  type Jet,
  type JetArithmetic,
} from '../../precision/jet/index.js';
import { OutOfRangeError } from '../../precision/out-of-range-error.js';
import type { Activation, ActivationEvalOptions, DerivativesOutcome } from '../activation.js';
import { NonSmoothError } from '../non-smooth-error.js';
import { CLOSED_ORDER, type ClosedForm } from './closed-decimal.js';
import { guardDigits } from './guard-digits.js';

/** A jet function generic over the scalar field. */
export type JetFunction = <T>(arithmetic: JetArithmetic<T>, u: Jet<T>) => Jet<T>;

/** What an activation is made of; {@link buildActivation} derives the rest of the interface. */
export interface ActivationSpec {
  readonly name: string;
  readonly kind: 'registered' | 'formula';
  readonly formula: string;
  readonly smooth: boolean;
  readonly jet: JetFunction;
  readonly value64: (x: number) => number;
  /**
   * Closed forms in float64 for orders 0…closedOrder64: fills out[0..order] (order ≤ closedOrder64).
   * Absent: jets for every order.
   */
  readonly closed64?: (x: number, order: number, out: Float64Array) => void;
  readonly closedOrder64?: number;
  /**
   * Closed forms in Decimal for orders 0…CLOSED_ORDER (3), evaluated at the guard precision and rounded: the
   * fast path of `derivatives` (one or two special-function values instead of a jet). Absent: jets.
   */
  readonly closed?: ClosedForm;
}

const FLOAT64 = float64Field();

const DERIVATIVE_LABELS = ['σ', 'σ′', 'σ″', 'σ‴'];

/** The largest precision context (context.ts): guard digits are clipped to it. */
const MAX_CONTEXT_DIGITS = 1100;

export function buildActivation(spec: ActivationSpec): Activation {
  const { name, jet } = spec;

  const evaluate = (
    x: Decimal.Value,
    order: number,
    p: Precision,
    options: ActivationEvalOptions,
  ): DerivativesOutcome => {
    checkOrder(order);
    const x0 = new p.D(x);
    if (!x0.isFinite())
      throw new InputError(`activation "${name}": x must be a finite number, got ${String(x)}`);
    const g = precision(Math.min(MAX_CONTEXT_DIGITS, p.digits + guardDigits(x0, order)));
    if (spec.closed !== undefined && order <= CLOSED_ORDER) {
      const { counter } = options;
      const record = counter === undefined ? ignore : (n: string): void => counter.record(n);
      const closed = spec.closed(new g.D(x), order, g, record);
      return { kind: 'smooth', values: closed.map((v) => roundTo(p, v)) };
    }
    const J = jetArithmetic(decimalField(g, options.counter), order);
    try {
      const y = jet(J, J.variable(new g.D(x)));
      const values = derivativesFromJet(J.field, y).map((v) => roundTo(p, v));
      if (spec.kind === 'formula') {
        // decimal.js saturates silently: x^(10^20) at 2 came out as Infinity, and its σ″ as NaN.
        const k = values.findIndex((v) => !v.isFinite());
        if (k >= 0)
          throw new OutOfRangeError(
            `activation "${name}" at x = ${shortPoint(x0)}: ${DERIVATIVE_LABELS[k] ?? `σ^(${k})`} overflows the Decimal range (it or an intermediate value is beyond 1e9000000000000000)`,
          );
        if (values.some((v) => v.isZero())) refuseUnderflow(values, x0, p);
      }
      return { kind: 'smooth', values };
    } catch (e) {
      if (e instanceof NonDifferentiableError) {
        const defined = e.order === 0 ? [] : values(evaluate(x, e.order - 1, p, options));
        return { kind: 'non-smooth', defined, undefinedFrom: e.order, reason: e.reason };
      }
      throw translate(e, name, x0.toString());
    }
  };

  /**
   * A formula's exact 0 may be a nonzero value below the Decimal range (tanh′(1e17) = 4e^(−2e17)): decimal.js
   * rounds it to 0 silently, and a loss made only of such values was printed as 0. Only when some entry is 0, the
   * jet is evaluated again over the error-bound field, which records underflows; an entry that is 0 there too
   * while something underflowed is refused. An exact zero reached through an underflowed intermediate
   * (0·exp(−x) at x = 1e17) is refused as well: the field cannot tell it from a product that underflowed.
   */
  const refuseUnderflow = (values: readonly Decimal[], x0: Decimal, p: Precision): void => {
    const log = { underflowed: false };
    const F = errorBoundField(p, log);
    const J = jetArithmetic(F, values.length - 1);
    const bounded = derivativesFromJet(F, jet(J, J.variable({ v: x0, e: F.zero.e })));
    if (!log.underflowed) return;
    const k = bounded.findIndex((b, j) => b.v.isZero() && values[j]?.isZero() === true);
    if (k < 0) return;
    throw new OutOfRangeError(
      `activation "${name}" at x = ${shortPoint(x0)}: ${DERIVATIVE_LABELS[k] ?? `σ^(${k})`} underflows the Decimal range (below 1e-9000000000000000; it is not printed as an exact 0)`,
    );
  };

  const derivatives64 = (x: number, order: number, into?: Float64Array): Float64Array => {
    checkOrder(order);
    if (into !== undefined && into.length <= order) {
      throw new RangeError(`derivatives64: buffer of length ${into.length} cannot hold order ${order}`);
    }
    const out = into ?? new Float64Array(order + 1);
    if (spec.closed64 !== undefined && order <= (spec.closedOrder64 ?? -1)) {
      spec.closed64(x, order, out);
      return out;
    }
    const J = jetArithmetic(FLOAT64, order);
    try {
      derivativesFromJet(FLOAT64, jet(J, J.variable(x))).forEach((v, k) => (out[k] = v));
    } catch (e) {
      if (e instanceof NonDifferentiableError) throw new NonSmoothError(name, String(x), e.order, e.reason);
      throw translate(e, name, String(x));
    }
    return out;
  };

  const activation: Activation = {
    name,
    kind: spec.kind,
    formula: spec.formula,
    smooth: spec.smooth,
    value: (x, p, options = {}) => values(evaluate(x, 0, p, options))[0] ?? new p.D(NaN),
    derivatives(x, order, p, options = {}) {
      const outcome = evaluate(x, order, p, options);
      if (outcome.kind === 'smooth') return outcome.values;
      throw new NonSmoothError(name, new p.D(x).toString(), outcome.undefinedFrom, outcome.reason);
    },
    tryDerivatives: (x, order, p, options = {}) => evaluate(x, order, p, options),
    value64: spec.value64,
    derivatives64,
    jet,
  };
  return Object.freeze(activation);
}

function ignore(): void {}

/** x for a message: as given when short, else to 6 digits (the loss passes exact binary values of w·x). */
function shortPoint(x: Decimal): string {
  const s = x.toString();
  return s.length <= 30 ? s : `≈ ${x.toSignificantDigits(6).toString()}`;
}

function values(outcome: DerivativesOutcome): readonly Decimal[] {
  return outcome.kind === 'smooth' ? outcome.values : outcome.defined;
}

function checkOrder(order: number): void {
  if (!Number.isInteger(order) || order < 0) {
    throw new RangeError(`derivative order must be a non-negative integer, got ${order}`);
  }
}

/** A domain error at a user's point is the user's problem: an InputError naming the activation and the point. */
function translate(e: unknown, name: string, at: string): unknown {
  if (e instanceof JetDomainError) {
    return new InputError(`activation "${name}" is undefined at x = ${at}: ${e.message}`);
  }
  return e;
}
