import type { Decimal } from 'decimal.js';
import type { Precision } from '../precision/context.js';
import {
  JetDomainError,
  NonDifferentiableError,
  derivativesFromJet,
  errorBoundField,
  jetArithmetic,
  type ErrorBoundLog,
} from '../precision/jet/index.js';
import type { BoundedValue } from '../precision/ladder.js';
import type { Activation } from './activation.js';

/**
 * σ(x), …, σ^(order)(x) computed at exactly q.digits through the activation's jet over errorBoundField, each with
 * a bound on its absolute error (rounding and cancellation included): the input of certifyByErrorBounds. `log`
 * records whether a value underflowed below the Decimal range. Points where σ is undefined or not differentiable
 * raise the same InputError as {@link Activation.derivatives}.
 */
export function boundedDerivatives(
  activation: Activation,
  x: Decimal.Value,
  order: number,
  q: Precision,
  log?: ErrorBoundLog,
): BoundedValue[] {
  const F = errorBoundField(q, log);
  const J = jetArithmetic(F, order);
  try {
    const y = activation.jet(J, J.variable({ v: new q.D(x), e: F.zero.e }));
    return derivativesFromJet(F, y).map((b) => ({ value: b.v, error: b.e }));
  } catch (e) {
    if (e instanceof JetDomainError || e instanceof NonDifferentiableError) {
      // The ordinary evaluation names the activation, the point and the sub-formula.
      activation.derivatives(x, order, q);
    }
    throw e;
  }
}
