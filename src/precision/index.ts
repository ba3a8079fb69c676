// The precision layer: Decimal contexts, the precision ladder, seeded randomness, ball arithmetic, special functions
// and small linear algebra. Depends on nothing else of ours. Explicit exports only (the public part of the layer).
export {
  fromDouble,
  lift,
  MAX_DIGITS,
  MAX_INTERNAL_DIGITS,
  MIN_DIGITS,
  precision,
  roundTo,
  withGuard,
  type DecimalConstructor,
  type Precision,
} from './context.js';
export { certifyByLadder, type LadderOptions, type LadderOutcome, type UnresolvedZero } from './ladder.js';
export { SeededRandom } from './random.js';
export {
  BallDomainError,
  ball,
  ballAdd,
  ballContains,
  ballDerivatives,
  ballDiv,
  ballErf,
  ballErfc,
  ballExp,
  ballExpNegSquare,
  ballField,
  ballFromBounds,
  ballLog,
  ballLower,
  ballMagnitudeLower,
  ballMul,
  ballNeg,
  ballSech2,
  ballSigmoid,
  ballSigmoidComplement,
  ballSoftplus,
  ballSqrt,
  ballSub,
  ballTanh,
  ballToString,
  ballUpper,
  exactBall,
  type Ball,
} from './ball/index.js';
export { erf, erfc, expm1, log1p, normalCdf, normalPdf, sigmoid, softplus, tanh } from './special/index.js';
export {
  inertia,
  inertiaF64,
  symmetricEigenvalues,
  symmetricEigenvaluesF64,
  type Inertia,
  type SymmetricEigenvaluesOutcome,
} from './linalg/index.js';
