// Expectations under the standard normal: Gauss–Hermite rules at any precision (and float64), adaptive
// double-exponential quadrature with honest error estimates, and product rules for small dimensions.
// Explicit export list: everything public is named here.
export {
  gaussHermite,
  gaussHermiteF64,
  MAX_GAUSS_HERMITE_NODES,
  type GaussHermiteRule,
} from './gauss-hermite.js';
export {
  gaussHermiteExpectation,
  gaussHermiteExpectationF64,
  gaussHermiteProductExpectation,
  MAX_PRODUCT_POINTS,
  type GaussHermiteExpectationOptions,
  type MultivariateNormalIntegrand,
} from './gauss-hermite-expectation.js';
export {
  deExpectation,
  type DeExpectationOptions,
  type NormalIntegrand,
  type QuadratureFailure,
  type QuadratureOutcome,
} from './de-expectation.js';
export { deProductExpectation, MAX_PRODUCT_DIMENSION } from './de-product-expectation.js';
