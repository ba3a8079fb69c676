// The symbolic layer: the only place that imports nerdamer or mathjs's symbolic API. Explicit exports only.
export { casDerivatives, type CasDerivatives, type DerivativeRoute } from './cas-derivatives.js';
export {
  EXPR_FUNCTIONS,
  evaluateExpr,
  exprSymbols,
  isZeroExpr,
  latexExpr,
  parseExpr,
  renderExpr,
  substituteExpr,
  type Expr,
  type ExprFunction,
  type LatexOptions,
} from './expr.js';
export {
  MAX_GLU_DIM,
  MAX_GLU_ORDER,
  gluExpansion,
  type GluCoefficient,
  type GluExpansion,
  type GluExpansionOptions,
  type GluSymbolicChecks,
} from './glu-expansion.js';
export { checkGluExpansion, type GluNumericCheck, type GluNumericCheckOptions } from './glu-numeric-check.js';
export { gluValuesAt, type GluValues } from './glu-values.js';
export {
  checkLossExpansion,
  lossExpansionSymbolic,
  type LossExpansionCheck,
  type LossExpansionCheckOptions,
  type LossExpansionStep,
  type LossExpansionSymbolic,
} from './loss-expansion.js';
export {
  checkSaddleLine,
  criticalityIdentities,
  curvatureIdentities,
  type SaddleIdentity,
  type SaddleLineCheck,
  type SaddleLineCheckOptions,
} from './saddle-line.js';
export {
  mathjsSecondOpinion,
  type SecondOpinion,
  type SecondOpinionOptions,
} from './mathjs-second-opinion.js';
export { buildCertificates, type Certificate } from './certificates.js';
export {
  THREE_NEURON_DIVERGENCE,
  THREE_NEURON_F2,
  THREE_NEURON_LIMIT,
  checkThreeNeuronChannel,
  threeNeuronChecksHold,
  threeNeuronExpansion,
  threeNeuronSum,
  type ThreeNeuronCheckOptions,
  type ThreeNeuronExpansion,
  type ThreeNeuronNumericCheck,
  type ThreeNeuronPointCheck,
  type ThreeNeuronSymbolicChecks,
  type ThreeNeuronVariant,
} from './three-neuron-channel.js';
export { vectorLossExpansionSymbolic, type VectorLossExpansionSymbolic } from './multi-output-expansion.js';
