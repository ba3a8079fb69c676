import type { Jet } from './jet-arithmetic.js';
import type { ScalarField } from './scalar-field.js';

/**
 * The derivatives σ(x_0), σ′(x_0), …, σ^(K)(x_0) from the jet of σ(x_0 + t): σ^(k) = k!·u_k.
 * (For a jet of σ(u(t)) with a general u this gives the t-derivatives of the composite.)
 */
export function derivativesFromJet<T>(field: ScalarField<T>, jet: Jet<T>): T[] {
  let factorial = field.one;
  return jet.map((c, k) => {
    if (k > 1) factorial = field.mulInt(factorial, k);
    return k < 2 ? c : field.mul(c, factorial);
  });
}

/** The inverse of {@link derivativesFromJet}: Taylor coefficients u_k = σ^(k)/k! from derivatives. */
export function jetFromDerivatives<T>(field: ScalarField<T>, derivatives: readonly T[]): Jet<T> {
  let factorial = field.one;
  return derivatives.map((d, k) => {
    if (k > 1) factorial = field.mulInt(factorial, k);
    return k < 2 ? d : field.div(d, factorial);
  });
}
