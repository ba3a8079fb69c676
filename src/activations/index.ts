// The activation registry: registered activations and user formulas in x. Explicit exports only.
export type { Activation, ActivationEvalOptions, DerivativesOutcome } from './activation.js';
export { registeredActivations, resolveActivation } from './registry.js';
export { NonSmoothError } from './non-smooth-error.js';
export { formulaActivation } from './formula/formula-activation.js';
export { parseFormula } from './formula/parse-formula.js';
export { FORMULA_FUNCTIONS, type FormulaFunction, type FormulaNode } from './formula/formula-node.js';
export { renderFormula } from './formula/render-formula.js';
export { boundedDerivatives } from './bounded-derivatives.js';
export { multivariateFormula, type MultivariateFormula } from './formula/multivariate-formula.js';
