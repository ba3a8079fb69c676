// The local geometry of multi-output losses (issue 19, item 3; Fort & Ganguli 2019): float64 gradient descent,
// Hessian outliers by a stated gap criterion, gradient confinement to the top eigenspace, random affine subspaces
// and their curvature. Explicit exports only.
export {
  gradientDescent64,
  type GradientDescent64Options,
  type GradientDescent64Outcome,
  type LossAndGradient64,
} from './gradient-descent64.js';
export { hessianOutliers, type HessianOutliers, type HessianOutliersOptions } from './hessian-outliers.js';
export { topEigenspaceFraction } from './gradient-confinement.js';
export { classificationAccuracy64 } from './classification-accuracy64.js';
export {
  randomOrthonormalBasis,
  restrictedHessian64,
  subspaceObjective64,
  subspacePoint,
} from './random-subspace.js';
export {
  DEFAULT_SNAPSHOTS,
  localGeometryTrace,
  type GeometrySnapshot,
  type LocalGeometryTrace,
  type LocalGeometryTraceOptions,
} from './local-geometry-trace.js';
export {
  goldilocksPoint,
  subspaceTraining,
  type GoldilocksPoint,
  type SubspaceRun,
  type SubspaceTrainingOptions,
} from './subspace-training.js';
