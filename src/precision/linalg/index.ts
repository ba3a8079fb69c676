// Small dense linear algebra in Decimal (any precision, with guard digits) and float64 twins (suffix F64).
// Explicit export list: everything public is named here.
export type { DecimalMatrix, DecimalVector, Float64Matrix, Float64Vector } from './types.js';
export {
  DEFAULT_ZERO_TOLERANCE_F64,
  defaultZeroTolerance,
  defaultZeroToleranceExponent,
  type ToleranceUsed,
} from './zero-tolerance.js';
export { dot, dotF64, type ReductionOptions } from './dot.js';
export { matVec, matVecF64 } from './mat-vec.js';
export { matMul, matMulF64 } from './mat-mul.js';
export { transpose } from './transpose.js';
export { frobenius, frobeniusF64, norm2, norm2F64, normInf, normInfF64 } from './norms.js';
export {
  determinant,
  determinantF64,
  luDecompose,
  luDecomposeF64,
  luSolve,
  luSolveF64,
  type LuOptions,
  type LuOptionsF64,
  type LuOutcome,
  type LuSingular,
  type LuSolveOutcome,
} from './lu.js';
export {
  cholesky,
  choleskyF64,
  choleskySolve,
  choleskySolveF64,
  type CholeskyOptions,
  type CholeskyOptionsF64,
  type CholeskyOutcome,
  type CholeskySolveOutcome,
  type NotPositiveDefinite,
} from './cholesky.js';
export {
  inertia,
  inertiaF64,
  ldlt,
  ldltF64,
  type Inertia,
  type LdltBlock,
  type LdltFactorization,
  type LdltOptions,
  type LdltOptionsF64,
} from './ldlt.js';
export {
  symmetricEigen,
  symmetricEigenF64,
  symmetricEigenvalues,
  symmetricEigenvaluesF64,
  type JacobiStats,
  type SymmetricEigenOptions,
  type SymmetricEigenOptionsF64,
  type SymmetricEigenOutcome,
  type SymmetricEigenvaluesOutcome,
} from './symmetric-eigen.js';
