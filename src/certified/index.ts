// Certified results (issue 17): ball enclosures of a finite-data loss, its gradient and Hessian; critical points
// certified by the Krawczyk operator; certified Hessian inertia; certified saddle lines (docs/certified.md). Explicit
// exports only.
export { ballDataset, type BallDataset, type BallDatasetOutcome } from './ball-dataset.js';
export { ballLossAndDerivatives, type BallLossOptions, type BallLossResult } from './ball-loss.js';
export { ballNetworkOutput } from './ball-network.js';
export {
  certifyChannel,
  type CertifiedChannel,
  type CertifiedLimitPoint,
  type CertifyChannelOptions,
  type ChannelDecrease,
  type ChannelLimitPoint,
} from './certify-channel.js';
export { certifiedInertia, type CertifiedInertia } from './certified-inertia.js';
export {
  canonicalRepresentative,
  certifyCriticalPoint,
  NOT_ISOLATED,
  type CertifiedCriticalPoint,
  type CertifiedType,
  type CertifyOptions,
  type SymmetryNote,
} from './certify-critical-point.js';
export {
  ballSaddleMatrixB,
  certifySaddleLine,
  SADDLE_LINE_B_THEOREM,
  SADDLE_LINE_CRITICALITY_THEOREM,
  SADDLE_LINE_TRANSVERSAL_THEOREM,
  type CertifiedParent,
  type CertifiedSaddleLine,
  type CertifySaddleLineOptions,
  type PlateauSegment,
  type SaddleLineSubinterval,
} from './certify-saddle-line.js';
export { krawczykCriticalPoint, type KrawczykFunction, type KrawczykOutcome } from './krawczyk.js';
