// `flat-channels/testing`: helpers for property-based tests of mathematical code (needs fast-check ≥ 4; the
// matchers need vitest). Explicit exports only.
export {
  cancellingPairArbitrary,
  decimalArbitrary,
  type DecimalArbitraryConstraints,
} from './decimal-arbitrary.js';
export {
  activationArbitrary,
  smoothFormulaArbitrary,
  type ActivationArbitraryConstraints,
  type SmoothFormulaConstraints,
} from './activation-arbitrary.js';
export { datasetArbitrary, type DatasetArbitraryConstraints } from './dataset-arbitrary.js';
export {
  networkArbitrary,
  type NetworkArbitraryConstraints,
  type NetworkSample,
} from './network-arbitrary.js';
export { lossCaseArbitrary, type LossCase, type LossCaseConstraints } from './loss-case-arbitrary.js';
export {
  channelParameters,
  saddleLineDirection,
  type ChannelConfiguration,
} from './channel-configuration.js';
export {
  channelConfigurationArbitrary,
  type ChannelConfigurationConstraints,
} from './channel-configuration-arbitrary.js';
export { splitDirection, splitNeuron, type SplitResult } from './saddle-line.js';
export {
  saddleLineArbitrary,
  type SaddleLineConstraints,
  type SaddleLineSample,
} from './saddle-line-arbitrary.js';
export {
  randomGenome,
  targetedSearch,
  type Evaluation,
  type Gene,
  type SearchOutcome,
  type SearchPoint,
  type SearchSpace,
  type TargetedSearchOptions,
} from '../search/targeted-search.js';
export { genomeArbitrary } from './genome-arbitrary.js';
export {
  addToCorpus,
  corpusGenomes,
  corpusPath,
  emptyCorpus,
  parseCorpus,
  readCorpus,
  serializeCorpus,
  type Corpus,
  type CorpusEntry,
} from '../search/corpus.js';
export { PERMUTATIONS_ONLY, networkSymmetries, type NetworkSymmetries } from '../network/channel-criteria.js';
export {
  channelCriteria,
  type ChannelCriteriaOptions,
  type ChannelCriteriaResult,
  type PairCriteria,
  type ParamsLike,
} from './channel-criteria.js';
export { flatChannelsMatchers, type FlatChannelsMatchers, type NetworkLike } from './matchers.js';
