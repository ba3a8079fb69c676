// The sweep layer: job specs, runs, classification of end points, aggregation. The worker pool and the queue
// backend are loaded on use, not on import. Explicit exports only.
export { runSweep, type RunSweepOptions, type RunSweepOutcome } from './run-sweep.js';
export { jobKey, parseSeedRange, sweepJobs, type SweepJob, type SweepJobsOptions } from './sweep-job.js';
export {
  OPTIMIZERS,
  paperProtocolOptions,
  trainOptions,
  type Optimizer,
  type PaperProtocolOptions,
  type TrainOptions,
} from './train-options.js';
export { barrierTerms, trainPaperProtocol, type PaperPhases } from './paper-protocol.js';
export {
  FIG2_FORMAT,
  crossTable,
  fig2Block,
  formatCrossTable,
  type Fig2Block,
  type Fig2Run,
  type SweepProtocol,
} from './fig2-table.js';
export {
  classifyEndPoint,
  END_POINT_CLASSES,
  type Classification,
  type ClassifyOptions,
  type EndPointClass,
  type GroupEvidence,
  type ChannelGroupEvidence,
} from './classify-end-point.js';
export {
  PAPER_CLASSES,
  PAPER_MAXNORM,
  paperNormThreshold,
  paperVerdict,
  weightnorm,
  type PaperClass,
  type PaperVerdict,
} from './paper-criteria.js';
export { runSweepJob, type RunResult } from './run-sweep-job.js';
export { aggregateSweep, sweepFigure, type SweepSummary } from './aggregate-sweep.js';
export { wilsonInterval, type WilsonInterval } from './wilson-interval.js';
export { gpSweepJobs, type GpSweepJobsOptions } from './gp-sweep-jobs.js';
export {
  FIG4_FORMAT,
  endPointEigenvalues,
  fig4Block,
  valueRange,
  type Fig4Block,
  type Fig4Fraction,
  type Fig4Range,
  type Fig4Run,
} from './fig4-table.js';
