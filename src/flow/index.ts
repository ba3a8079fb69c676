// The flow layer: objectives, integrators, Newton refinement of critical points, typed outcomes, checkpoints and
// the +20-digit confirmation. Explicit exports only.
export {
  networkObjective,
  type Objective,
  type ObjectiveEvalOptions,
  type ObjectiveValue,
  type ObjectiveValue64,
} from './objective.js';
export {
  refineCriticalPoint,
  type CriticalPointType,
  type RefineOptions,
  type RefineOutcome,
  type RefineState,
} from './refine-critical-point.js';
export { closestOppositePair, type ChannelEvidence, type ChannelPair } from './channel-evidence.js';
export {
  FLOW_METHODS,
  flowKey,
  FlowRun,
  integrate,
  MAX_FLOW_TIME,
  MIN_FLOW_TIME,
  type FlowCheckpoint,
  type FlowMethod,
  type FlowOptions,
  type FlowRecord,
  type FlowResult,
  type FlowState,
} from './integrate.js';
export { type FlowChannelEvidence, type FlowOutcome, type FlowStats } from './flow-outcome.js';
export {
  ConfirmedFlowRun,
  confirmingFlow,
  type ConfirmedFlowCheckpoint,
  type ConfirmedFlowOptions,
  type ConfirmedFlowResult,
} from './confirmed-flow-run.js';
export {
  contentHash,
  flowCheckpointText,
  MAX_CHECKPOINT_BYTES,
  readFlowCheckpoint,
  type FlowCheckpointFile,
  type FlowRunIdentity,
} from './flow-checkpoint-file.js';
export {
  confirmFlow,
  confirmOutcome,
  sharedDigits,
  type ConfirmedFlowState,
  type FlowConfirmation,
  type FlowConfirmationOptions,
  type FlowDisagreement,
} from './flow-confirmation.js';
