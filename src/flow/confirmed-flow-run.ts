import type { Decimal } from 'decimal.js';
import { InputError } from '../errors.js';
import { precision, type Precision } from '../precision/context.js';
import { confirmFlow, type FlowConfirmation, type FlowConfirmationOptions } from './flow-confirmation.js';
import {
  defaultImplicitLog10Tolerance,
  FlowRun,
  flowKey,
  type FlowCheckpoint,
  type FlowOptions,
  type FlowResult,
} from './integrate.js';
import type { Objective } from './objective.js';

/** Options of {@link ConfirmedFlowRun}: those of the flow, plus whether to confirm it. */
export interface ConfirmedFlowOptions extends FlowOptions, FlowConfirmationOptions {
  /** Run the confirming flow next to the requested one. Default true. */
  readonly confirm?: boolean;
}

/** Both runs' checkpoints (the confirming one is null without confirmation). */
export interface ConfirmedFlowCheckpoint {
  readonly format: 'flat-channels-flow-checkpoint';
  readonly version: 2;
  readonly key: string;
  readonly primary: FlowCheckpoint;
  readonly confirming: FlowCheckpoint | null;
}

/** The requested run, the confirming run and their comparison (both undefined without confirmation). */
export interface ConfirmedFlowResult {
  readonly primary: FlowResult;
  readonly confirming: FlowResult | undefined;
  readonly confirmation: FlowConfirmation | undefined;
}

/** The tolerance margin of the confirming run's implicit method over the run's own: 10⁴. */
const CONFIRMING_TOLERANCE_MARGIN = 4;

/**
 * The confirming run of a flow at `p`: the same method at p + 20 digits (the explicit methods' tolerance
 * 10^−(digits+2) follows), with the implicit tolerance 10⁴ tighter than the run's own (not 10²⁰: the implicit
 * method's work grows like tol^{−1/(2s)}, and a margin of 10⁴ suffices for the comparison to measure the run's own
 * error). A `float64` run is confirmed by `auto` in Decimal at 30 digits: rerunning float64 would repeat its rounding
 * errors.
 */
export function confirmingFlow(p: Precision, options: FlowOptions): { p: Precision; options: FlowOptions } {
  const float = options.method === 'float64';
  const q = precision(float ? 30 : p.digits + 20);
  const method = float ? 'auto' : (options.method ?? 'auto');
  const own = options.implicitLog10Tolerance ?? defaultImplicitLog10Tolerance(p.digits, options.method);
  const tol = own - CONFIRMING_TOLERANCE_MARGIN;
  return { p: q, options: { ...options, method, implicitLog10Tolerance: tol } };
}

/**
 * A flow and its confirming run ({@link confirmingFlow}), advanced interleaved (always the run that is behind in
 * t), so that progress, interruption and one checkpoint cover both. The result compares them
 * ({@link confirmFlow}): only the digits on which they agree are results. With `confirm: false` it is a plain
 * {@link FlowRun} whose digits are unconfirmed estimates.
 */
export class ConfirmedFlowRun {
  readonly #primary: FlowRun;
  readonly #confirming: FlowRun | undefined;
  readonly #key: string;
  readonly #digits: number;
  readonly #confirmationOptions: FlowConfirmationOptions;

  constructor(
    objective: Objective,
    init: readonly Decimal.Value[],
    p: Precision,
    options: ConfirmedFlowOptions,
    /** Part of the checkpoint key: what the objective is. The CLI passes the SHA-256 of the canonical spec. */
    problemName = '',
  ) {
    const { confirm = true, minimumDigits, ...flow } = options;
    this.#digits = p.digits;
    this.#confirmationOptions = minimumDigits === undefined ? {} : { minimumDigits };
    const primaryKey = flowKey(problemName, init, p, flow);
    this.#primary = new FlowRun(objective, init, p, flow, primaryKey);
    if (confirm) {
      const c = confirmingFlow(p, flow);
      this.#confirming = new FlowRun(
        objective,
        init,
        c.p,
        c.options,
        flowKey(problemName, init, c.p, c.options),
      );
    }
    this.#key = JSON.stringify({ primary: primaryKey, confirm });
  }

  /** Identifies the run (its start, times, method, digits, confirmation and the objective's identity). */
  get key(): string {
    return this.#key;
  }

  get done(): boolean {
    return this.#primary.done && (this.#confirming?.done ?? true);
  }

  /** The time of the run that is behind, the last requested time, and the steps of both runs so far. */
  get progress(): { readonly t: string; readonly end: string } {
    const a = this.#primary.progress;
    const b = this.#confirming?.progress;
    return b !== undefined && Number(b.t) < Number(a.t) ? b : a;
  }

  /** One step attempt of the run that is behind in t (the results do not depend on the interleaving). */
  advance(): void {
    const c = this.#confirming;
    if (c === undefined || c.done) this.#primary.advance();
    else if (this.#primary.done || Number(c.progress.t) < Number(this.#primary.progress.t)) c.advance();
    else this.#primary.advance();
  }

  interrupt(): void {
    this.#primary.interrupt();
    this.#confirming?.interrupt();
  }

  checkpoint(): ConfirmedFlowCheckpoint {
    return {
      format: 'flat-channels-flow-checkpoint',
      version: 2,
      key: this.#key,
      primary: this.#primary.checkpoint(),
      confirming: this.#confirming?.checkpoint() ?? null,
    };
  }

  restore(c: ConfirmedFlowCheckpoint): void {
    if (c.format !== 'flat-channels-flow-checkpoint' || c.version !== 2)
      throw new InputError('flow: the checkpoint file is not a flow checkpoint (version 2)');
    if (c.key !== this.#key)
      throw new InputError(
        'flow: the checkpoint belongs to a different run (problem, start, times, method, digits or confirmation)',
      );
    if ((this.#confirming === undefined) !== (c.confirming === null))
      throw new InputError('flow: the checkpoint lacks the confirming run, or has one this run does not');
    this.#primary.restore(c.primary);
    if (this.#confirming !== undefined && c.confirming !== null) this.#confirming.restore(c.confirming);
  }

  result(): ConfirmedFlowResult {
    const primary = this.#primary.result();
    const confirming = this.#confirming?.result();
    return {
      primary,
      confirming,
      confirmation:
        confirming === undefined
          ? undefined
          : confirmFlow(primary, confirming, this.#digits, this.#confirmationOptions),
    };
  }
}
