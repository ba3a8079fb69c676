// Taylor-mode automatic differentiation (jets) over Decimal and float64: explicit exports only.
export { JetArithmetic, jetArithmetic, type Jet } from './jet-arithmetic.js';
export { derivativesFromJet, jetFromDerivatives } from './derivatives-from-jet.js';
export type { FieldConstant, ScalarField } from './scalar-field.js';
export { decimalField } from './decimal-field.js';
export { float64Field } from './float64-field.js';
export { TranscendentalCounter } from './transcendental-counter.js';
export { JetDomainError } from './jet-domain-error.js';
export { NonDifferentiableError } from './non-differentiable-error.js';
export { erf64, erfc64, erfcx64 } from './erf64.js';
export { expNegHalfSquare64, expNegSquare64 } from './exp-neg-square64.js';
export { sigmoidPair64, softplus64, tanhPair64 } from './float64-kernels.js';
export { errorBoundField, type Bounded, type ErrorBoundLog } from './error-bound-field.js';
