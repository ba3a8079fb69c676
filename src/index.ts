// The public API of flat-channels: explicit named exports only.
export { InputError } from './errors.js';
export {
  MAX_DIGITS,
  MIN_DIGITS,
  fromDouble,
  lift,
  precision,
  roundTo,
  withGuard,
  type DecimalConstructor,
  type Precision,
} from './precision/context.js';
export {
  certifyByLadder,
  type LadderOptions,
  type LadderOutcome,
  type UnresolvedZero,
} from './precision/ladder.js';
export { SeededRandom } from './precision/random.js';
export {
  erf,
  erfc,
  expm1,
  log1p,
  normalCdf,
  normalPdf,
  sigmoid,
  softplus,
  tanh,
} from './precision/special/index.js';
export {
  NonSmoothError,
  formulaActivation,
  parseFormula,
  registeredActivations,
  resolveActivation,
  type Activation,
  type ActivationEvalOptions,
  type DerivativesOutcome,
} from './activations/index.js';
export { pairExpansion, pairOutput, type PairPoint } from './landscape/pair-expansion.js';
export { CLAIMS, selectClaims } from './claims/registry.js';
export {
  isPassing,
  type Claim,
  type ClaimContext,
  type Evidence,
  type Verdict,
  type VerdictKind,
} from './claims/claim.js';
export {
  figureSeries,
  type Figure,
  type FigureAxis,
  type FigureBand,
  type FigureHeatmap,
  type FigureReference,
  type FigureSeries,
} from './report/plot/figure.js';
export {
  networkObjective,
  type Objective,
  type ObjectiveEvalOptions,
  type ObjectiveValue,
  type ObjectiveValue64,
} from './flow/objective.js';
export {
  refineCriticalPoint,
  type CriticalPointType,
  type RefineOptions,
  type RefineOutcome,
  type RefineState,
} from './flow/refine-critical-point.js';
export { closestOppositePair, type ChannelEvidence, type ChannelPair } from './flow/channel-evidence.js';
export {
  FLOW_METHODS,
  FlowRun,
  flowKey,
  integrate,
  MAX_FLOW_TIME,
  MIN_FLOW_TIME,
  type FlowCheckpoint,
  type FlowMethod,
  type FlowOptions,
  type FlowRecord,
  type FlowResult,
  type FlowState,
} from './flow/integrate.js';
export type { FlowChannelEvidence, FlowOutcome, FlowStats } from './flow/flow-outcome.js';
export {
  ConfirmedFlowRun,
  confirmingFlow,
  type ConfirmedFlowCheckpoint,
  type ConfirmedFlowOptions,
  type ConfirmedFlowResult,
} from './flow/confirmed-flow-run.js';
export {
  contentHash,
  flowCheckpointText,
  MAX_CHECKPOINT_BYTES,
  readFlowCheckpoint,
  type FlowCheckpointFile,
  type FlowRunIdentity,
} from './flow/flow-checkpoint-file.js';
export {
  confirmFlow,
  confirmOutcome,
  sharedDigits,
  type ConfirmedFlowState,
  type FlowConfirmation,
  type FlowConfirmationOptions,
  type FlowDisagreement,
} from './flow/flow-confirmation.js';
// Symbolic layer: ε-expansions, loss expansion, saddle-line identities, certificates (src/symbolic/).
export {
  buildCertificates,
  casDerivatives,
  checkGluExpansion,
  checkLossExpansion,
  checkSaddleLine,
  criticalityIdentities,
  curvatureIdentities,
  evaluateExpr,
  gluExpansion,
  gluValuesAt,
  latexExpr,
  lossExpansionSymbolic,
  MAX_GLU_DIM,
  MAX_GLU_ORDER,
  parseExpr,
  renderExpr,
  type Certificate,
  type Expr,
  type GluCoefficient,
  type GluExpansion,
  type GluExpansionOptions,
  type GluNumericCheck,
  type GluSymbolicChecks,
  type GluValues,
  type LossExpansionCheck,
  type SaddleIdentity,
  type SaddleLineCheck,
} from './symbolic/index.js';
export { renderFigureSvg, type RenderFigureOptions } from './report/plot/render-figure-svg.js';
export {
  loadProblem,
  problemFromSpec,
  DATA_GUARD,
  type EvaluateOptions,
  type LoadProblemOptions,
  type Problem,
  type ProblemLoss,
} from './network/problem.js';
export { BUILTIN_PROBLEMS, builtinProblem, type BuiltinOptions } from './network/problems.js';
export {
  DataSpec,
  ParamsSpec,
  ProblemSpec,
  PROBLEM_FORMAT,
  PROBLEM_VERSION,
  parseWith,
} from './network/spec.js';
export { lossAndDerivatives, type LossOptions, type LossResult, type Network } from './network/loss.js';
export { lossAndDerivatives64, type LossResult64 } from './network/loss64.js';
export { networkOutput, type NetworkOutputOptions } from './network/network-output.js';
export { toDataset64, type Dataset, type Dataset64 } from './network/dataset.js';
export {
  flatten,
  unflatten,
  parameterCount,
  parameterNames,
  paramsToJson,
  rowLength,
  type Layout,
  type Params,
} from './network/params.js';
export { multivariateFormula, type MultivariateFormula } from './activations/formula/multivariate-formula.js';
export { runSweep, type RunSweepOptions, type RunSweepOutcome } from './sweep/run-sweep.js';
export {
  sweepJobs,
  jobKey,
  parseSeedRange,
  type SweepJob,
  type SweepJobsOptions,
} from './sweep/sweep-job.js';
export { trainOptions, OPTIMIZERS, type Optimizer, type TrainOptions } from './sweep/train-options.js';
export {
  classifyEndPoint,
  END_POINT_CLASSES,
  type Classification,
  type ClassifyOptions,
  type EndPointClass,
} from './sweep/classify-end-point.js';
export { runSweepJob, type RunResult } from './sweep/run-sweep-job.js';
export { aggregateSweep, sweepFigure, type SweepSummary } from './sweep/aggregate-sweep.js';
export { wilsonInterval, type WilsonInterval } from './sweep/wilson-interval.js';
export {
  cosDeltaW,
  fromChannelCoordinates,
  neuronPair,
  toChannelCoordinates,
  withNeuronPair,
  type ChannelCoordinates,
  type ChannelCoordinatesOutcome,
  type ChannelPoint,
  type NeuronPair,
} from './network/neuron-pair.js';
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
} from './landscape/loss-at-infinity.js';
export {
  defaultChannelPair,
  digitsForA,
  followChannel,
  type FollowFits,
  type FollowOptions,
  type FollowOutcome,
  type FollowPoint,
} from './landscape/follow-channel.js';
export {
  predictFromB,
  saddleLine,
  saddleMatrixB,
  splitNeuron,
  type SaddleLinePoint,
  type SaddleLineResult,
  type SaddlePrediction,
} from './landscape/saddle-line.js';
export {
  distanceToSaddleLine,
  perturbSaddleLine,
  type PerturbDirection,
  type PerturbOptions,
  type SaddleLinePerturbation,
} from './landscape/perturb-saddle-line.js';
export { jumpChannel, type JumpOptions } from './landscape/jump-channel.js';
export {
  floorTimeBetween,
  timeDensity,
  type FloorPoint,
  type FloorTimeOptions,
  type FloorTimeStretch,
  type TimeDensity,
} from './landscape/floor-time.js';
export {
  inertia,
  inertiaF64,
  symmetricEigenvalues,
  symmetricEigenvaluesF64,
  type Inertia,
  type SymmetricEigenvaluesOutcome,
} from './precision/linalg/index.js';
export {
  PAPER_CRITERIA,
  channelSubspaceFraction64,
  neuronGroups,
  neuronRows,
  pairMeasures,
  pairMeasures64,
  weightsMerged,
  type NeuronRows,
  type PairMeasures,
  type PairMeasures64,
} from './network/pair-criteria.js';
export {
  PERMUTATIONS_ONLY,
  canonicalForPair,
  channelDigits,
  channelVerdict,
  networkSymmetries,
  pairMeasuresModulo,
  pairVerdict,
  weightsMergedModulo,
  type ChannelThresholds,
  type ChannelVerdict,
  type ChannelVerdictOptions,
  type ClassifiedGroup,
  type ClassifiedPair,
  type NetworkSymmetries,
  type StaticGroupVerdict,
  type StaticNetworkVerdict,
  type StaticPairVerdict,
  type SymmetricPairMeasures,
} from './network/channel-criteria.js';
export {
  importNetwork,
  type ImportOptions,
  type ImportedNetwork,
  type NetworkFormat,
} from './landscape/detect-import.js';
export { detectionProblem, type DetectData } from './landscape/detect-problem.js';
export {
  detectChannels,
  type DetectOptions,
  type DetectedGroup,
  type DetectedPair,
  type DivergenceLaw,
  type GroupVerdict,
  type NoGluReason,
  type Detection,
  type GluLimit,
  type NetworkVerdict,
  type PairConfirmation,
  type PairVerdict,
} from './landscape/detect-channels.js';
