/**
 * One run of the full edge-of-stability sweep as scripts/edge-of-stability/run.ts stores it: the float64 results
 * written with 17 significant digits (enough to give back the same double), and the CPU seconds of the run.
 */
export interface EdgeOfStabilityCachedRun {
  /** The step η as the sweep was given it (a decimal string). */
  readonly eta: string;
  /**
   * `channel`: from DEFAULT_CHANNEL_START (ε₀ = 0.35, where λ_max·η/2 ≤ 0.6 for every η of the sweep); `edge`: from
   * edgeStart(problem, η) (the channel floor where λ_max = 0.9·2/η), for the small steps whose approach from
   * ε₀ = 0.35 would take millions of steps.
   */
  readonly start: 'channel' | 'edge';
  /** The start's w, c, a, ε (empty for `channel`). */
  readonly startPoint: readonly string[];
  readonly steps: number;
  readonly arrivalStep: number;
  readonly windowStart: number;
  readonly epsMin: string;
  readonly epsRange: readonly [string, string];
  readonly lambdaRatio: string;
  /** The last point, flat order w₁, w₂, a₁, a₂. */
  readonly theta: readonly string[];
  readonly cpuSeconds: number;
  /** [step, loss, ε, λ_max], thinned to about 300 records. */
  readonly records: readonly (readonly [number, string, string, string])[];
}
