// Binary ball arithmetic and special-function kernels for inner loops (the Decimal loss): rigorous enclosures with
// a binary exponent, no correct rounding (the caller reads the radius). Explicit exports only.
export {
  type Ball,
  NeedMorePrecision,
  ONE,
  ZERO,
  abs,
  add,
  bitLength,
  div,
  mul,
  mul2k,
  mulInt,
  neg,
  norm,
  sub,
} from '../special/_internals/ball.js';
export { expm1Ball as expm1Binary } from '../special/_internals/exp-ball.js';
export {
  binaryStatistics,
  erfHalfBinary,
  expBinary,
  log1pBinary,
  millsContinuedFraction,
  type ErfHalf,
} from './binary-kernels.js';
