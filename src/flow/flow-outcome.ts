import type { CriticalPointType } from './refine-critical-point.js';
import type { ChannelEvidence } from './channel-evidence.js';

/** Evidence that a flow is following a channel (mathematics.md §2, §4), in decimal strings. */
export interface FlowChannelEvidence extends ChannelEvidence {
  /** d log|A| / d log t over the last decade of records (≈ 1/4 generic, ≈ 1/6 for a realisable GLU target). */
  readonly divergenceExponent?: string;
  /** d log L / d log t over the last decade of records. */
  readonly lossExponent?: string;
}

/**
 * How a flow ended. `maxTime`: the last requested time was reached, nothing more is claimed. `converged`: the
 * gradient vanished to 10^−(digits−10) and Newton refinement confirmed a nearby critical point (never on a channel).
 * `channelSuspected`: the parameters run off along a neuron pair, with the evidence. `maxSteps`: the step budget
 * ran out at `t`. `interrupted`: stopped on request (SIGINT) at `t`. `stepFailure`: the step size collapsed.
 */
export type FlowOutcome =
  | { readonly kind: 'maxTime'; readonly t: string; readonly gradNormInf: string }
  | {
      readonly kind: 'converged';
      readonly t: string;
      readonly gradNormInf: string;
      readonly type: CriticalPointType;
      readonly inertia: { readonly negative: number; readonly zero: number; readonly positive: number };
    }
  | { readonly kind: 'channelSuspected'; readonly t: string; readonly evidence: FlowChannelEvidence }
  | { readonly kind: 'maxSteps'; readonly t: string; readonly steps: number }
  | { readonly kind: 'interrupted'; readonly t: string }
  | { readonly kind: 'stepFailure'; readonly t: string; readonly reason: string };

/** Step statistics of a run. */
export interface FlowStats {
  readonly steps: number;
  readonly rejectedSteps: number;
  /** Gradient evaluations (a Taylor step counts as one: one jet pass through the network). */
  readonly evaluations: number;
  readonly hessianEvaluations: number;
  /** Special-function evaluations: counted in jets; samples × width per loss evaluation otherwise. */
  readonly transcendentals: number;
  /** Accepted steps per integrator (auto switches from taylor to implicit when the flow turns stiff). */
  readonly stepsByMethod: Readonly<Record<string, number>>;
  /** Largest log₁₀ of a local error estimate over the accepted steps. */
  readonly maxLog10LocalError: number;
}
