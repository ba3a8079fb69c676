// Ball (midpoint–radius) arithmetic on decimal.js: rigorous enclosures for + − × ÷ √, the elementary and special
// functions, and derivatives of activations over a ball (docs/ball.md). Explicit exports only.
export {
  ball,
  ballContains,
  ballFromBounds,
  ballLower,
  ballMagnitudeLower,
  ballToString,
  ballUpper,
  exactBall,
  type Ball,
} from './ball.js';
export { ballAdd, ballDiv, ballMul, ballNeg, ballSqrt, ballSub } from './ball-arithmetic.js';
export { BallDomainError } from './ball-domain-error.js';
export { ballDerivatives } from './ball-derivatives.js';
export { ballField } from './ball-field.js';
export {
  ballErf,
  ballErfc,
  ballExp,
  ballExpNegSquare,
  ballLog,
  ballSech2,
  ballSigmoid,
  ballSigmoidComplement,
  ballSoftplus,
  ballTanh,
} from './ball-functions.js';
