// The network layer: problems and their specs, datasets, the parameter layout and the neuron-pair model, loss,
// gradient and Hessian (Decimal and float64), and the channel criteria. Explicit exports only.
export {
  DATA_GUARD,
  loadProblem,
  problemFromSpec,
  type EvaluateOptions,
  type LoadProblemOptions,
  type Problem,
  type ProblemLoss,
} from './problem.js';
export { BUILTIN_PROBLEMS, builtinProblem, type BuiltinOptions } from './problems.js';
export { rosenbrock8dSpec, type Rosenbrock8dOptions } from './fig5-rosenbrock-8d.js';
export {
  DataSpec,
  isMultiOutputSpec,
  MULTI_OUTPUT_PROBLEM_VERSION,
  MultiOutputDataSpec,
  MultiOutputParamsSpec,
  MultiOutputProblemSpec,
  ParamsSpec,
  parseWith,
  PROBLEM_FORMAT,
  PROBLEM_VERSION,
  ProblemSpec,
} from './spec.js';
export { lossAndDerivatives, type LossOptions, type LossResult, type Network } from './loss.js';
export { lossAndDerivatives64, type LossResult64 } from './loss64.js';
export {
  multiOutputLoss,
  multiOutputSampleCount,
  type MultiOutputDataset,
  type MultiOutputLossKind,
} from './multi-output-loss.js';
export { multiOutputLoss64, type MultiOutputDataset64 } from './multi-output-loss64.js';
export {
  softmaxCrossEntropy,
  softmaxCrossEntropy64,
  softmaxHessian,
  type SoftmaxCrossEntropy,
} from './cross-entropy.js';
export {
  flattenMultiOutput,
  multiOutputParameterCount,
  multiOutputParameterNames,
  unflattenMultiOutput,
  type MultiOutputLayout,
  type MultiOutputNetwork,
  type MultiOutputParams,
} from './multi-output-params.js';
export {
  gaussianMixture,
  isMultiOutputProblem,
  loadMultiOutputProblem,
  multiOutputProblemFromSpec,
  toMultiOutputDataset64,
  type MultiOutputEvaluateOptions,
  type MultiOutputProblem,
} from './multi-output-problem.js';
export { MULTI_OUTPUT_PROBLEMS, multiOutputBuiltinProblem } from './multi-output-problems.js';
export { networkOutput, type NetworkOutputOptions } from './network-output.js';
export { toDataset64, type Dataset, type Dataset64 } from './dataset.js';
export {
  GP_DEFAULT_JITTER,
  GP_KERNELS,
  drawGp,
  gpKernelMatrix,
  matern32,
  seededNormals,
  type GpDrawOptions,
  type GpKernel,
} from './gp-target.js';
export {
  flatten,
  parameterCount,
  parameterNames,
  paramsToJson,
  rowLength,
  unflatten,
  type Layout,
  type Params,
} from './params.js';
export {
  canonicalForPair,
  canonicalPoint,
  cosDeltaW,
  flipNeuron,
  fromChannelCoordinates,
  networkSymmetries,
  neuronIndices,
  neuronPair,
  outwardDirection,
  pairDivergence,
  pairDivergence64,
  pairIndices,
  PERMUTATIONS_ONLY,
  readoutIndex,
  readoutOffset,
  toChannelCoordinates,
  toChannelCoordinates64,
  weightIndex,
  withNeuronPair,
  type CanonicalPoint,
  type ChannelCoordinates,
  type ChannelCoordinatesOptions,
  type ChannelCoordinatesOutcome,
  type ChannelPoint,
  type NetworkSymmetries,
  type NeuronIndices,
  type NeuronPair,
  type PairIndices,
} from './neuron-pair.js';
export { groupChannelDirection, groupLimit, type GroupLimit } from './neuron-group.js';
export {
  channelSubspaceFraction64,
  neuronGroups,
  neuronRows,
  pairMeasures,
  pairMeasures64,
  PAPER_CRITERIA,
  weightsMerged,
  type NeuronRows,
  type PairMeasures,
  type PairMeasures64,
} from './pair-criteria.js';
export {
  channelDigits,
  channelVerdict,
  pairMeasuresModulo,
  pairVerdict,
  weightsMergedModulo,
  type ChannelThresholds,
  type ChannelVerdict,
  type ChannelVerdictOptions,
  type ClassifiedGroup,
  type ClassifiedPair,
  type StaticGroupVerdict,
  type StaticNetworkVerdict,
  type StaticPairVerdict,
  type SymmetricPairMeasures,
} from './channel-criteria.js';
export { GLU_TEACHER_C2, multiOutputGluTeacher } from './multi-output-glu-teacher.js';
export {
  GP_DEFAULT_INPUTS,
  GP_SEED_OFFSET,
  gpProblemName,
  gpProblemSpec,
  type GpProblemOptions,
} from './gp-problem.js';
export { channelPairs, type Fig4ChannelPair } from './channel-pairs.js';
