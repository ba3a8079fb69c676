// The landscape layer: the pair expansion, saddle lines, channels (detection, continuation, the loss at infinity,
// flow time along the floor). Explicit exports only.
export { pairExpansion, pairOutput, type PairPoint } from './pair-expansion.js';
export {
  certifiedLimitCriticalPoints,
  evaluateLimit,
  limitCriticalPoints,
  limitH,
  limitModelOf,
  type CertifiedLimitOutcome,
  type LimitCriticalPoint,
  type LimitEvaluation,
  type LimitModel,
  type LimitScanOptions,
} from './loss-at-infinity.js';
export {
  defaultChannelPair,
  digitsForA,
  followChannel,
  FollowChannelError,
  followDigitsBudget,
  MAX_FOLLOW_A,
  type FollowFits,
  type FollowInputFault,
  type FollowOptions,
  type FollowOutcome,
  type FollowPoint,
} from './follow-channel.js';
export {
  predictFromB,
  saddleLine,
  saddleMatrixB,
  splitNeuron,
  type SaddleLinePoint,
  type SaddleLineResult,
  type SaddlePrediction,
} from './saddle-line.js';
export {
  distanceToSaddleLine,
  perturbSaddleLine,
  type PerturbDirection,
  type PerturbOptions,
  type SaddleLinePerturbation,
} from './perturb-saddle-line.js';
export {
  jumpChannel,
  jumpChannel64,
  type Jump64Options,
  type Jump64Outcome,
  type Jump64Point,
  type JumpOptions,
} from './jump-channel.js';
export {
  FIG5_FORMAT,
  fig5Fits,
  fig5Rows,
  gluApproximation,
  storedFit,
  type Fig5Document,
  type Fig5Fits,
  type Fig5Row,
  type GluApproximation,
} from './fig5-jump-table.js';
export {
  floorTimeBetween,
  timeDensity,
  type FloorPoint,
  type FloorTimeOptions,
  type FloorTimeStretch,
  type TimeDensity,
} from './floor-time.js';
export {
  importNetwork,
  type ImportedNetwork,
  type ImportOptions,
  type NetworkFormat,
} from './detect-import.js';
export { detectionProblem, type DetectData } from './detect-problem.js';
export {
  detectChannels,
  type DetectedGroup,
  type DetectedPair,
  type Detection,
  type DetectOptions,
  type DivergenceLaw,
  type GluLimit,
  type GroupVerdict,
  type NetworkVerdict,
  type NoGluReason,
  type PairConfirmation,
  type PairVerdict,
} from './detect-channels.js';
export {
  channelFloorStart,
  dataset64Of,
  DEFAULT_CHANNEL_START,
  edgeOfStabilityProblem,
  edgeOfStabilityRun,
  edgeStart,
  erfNetworkGradient64,
  largestHessianEigenvalue64,
  type ChannelStart,
  type EdgeOfStabilityOutcome,
  type EdgeOfStabilityProblemOptions,
  type EdgeOfStabilityRecord,
  type EdgeOfStabilityRun,
  type EdgeOfStabilityRunOptions,
} from './edge-of-stability.js';
export { fitLine, fitPowerLaw, type LineFit, type PowerLawFit } from './power-law-fit.js';
export {
  gatedSecondMoment,
  gluPopulationLoss,
  gluPopulationLoss64,
  pairCoordinates,
  RELU_B13_START,
  RELU_POPULATION_TEACHER,
  reluKernel,
  reluKernel64,
  reluKernelGradient,
  reluKernelGradient64,
  reluPairLoss64,
  reluPopulationLoss,
  reluPopulationObjective,
  reluPopulationRun,
  type GluTeacher,
  type PairCoordinates,
  type ReluPopulationRecord,
} from './relu-population.js';
export {
  pairColumns,
  vectorChannelLoss,
  vectorChannelOf,
  vectorLossExpansion,
  vectorPairExpansion,
  withVectorChannel,
  type PairColumns,
  type VectorChannel,
  type VectorLossExpansion,
} from './multi-output-glu.js';
export {
  defaultVectorChannelPair,
  followMultiOutputChannel,
  MultiOutputFollowError,
  sphereFloor,
  vectorGluLimit,
  type MultiOutputFloorProblem,
  type MultiOutputFollowOptions,
  type MultiOutputFollowOutcome,
  type MultiOutputFollowPoint,
  type SphereFloor,
  type VectorGluLimit,
} from './multi-output-follow.js';
export {
  detectMultiOutputChannels,
  type MultiOutputDetectedPair,
  type MultiOutputDetection,
  type MultiOutputDetectOptions,
  type VectorGluReadout,
} from './multi-output-detect.js';
