import type { Decimal } from 'decimal.js';
import { InputError, integerOption, numberOption } from '../errors.js';
import { neuronPair, pairDivergence } from '../network/neuron-pair.js';
import { luSolveF64 } from '../precision/linalg/index.js';
import { MAX_INTERNAL_DIGITS, precision, roundTo, withGuard, type Precision } from '../precision/context.js';
import { closestOppositePair, staticChannelEvidence } from './channel-evidence.js';
import type { FlowChannelEvidence, FlowOutcome, FlowStats } from './flow-outcome.js';
import type { Objective } from './objective.js';
import { refineCriticalPoint } from './refine-critical-point.js';
import { decimalSystem, float64System, type FlowSystem } from './_internals/flow-system.js';
import { gbsStepper } from './_internals/gbs-stepper.js';
import { radauStepper } from './_internals/radau-stepper.js';
import type { Stepper, StepperState } from './_internals/stepper.js';
import { taylorStepper } from './_internals/taylor-stepper.js';

/** Integrators: `auto` (Taylor, or GBS without network structure, switching to `implicit` when stiff),
 * `taylor`, `gbs`, `implicit` (Radau IIA), `float64` (auto's logic in IEEE doubles). */
export type FlowMethod = 'auto' | 'taylor' | 'gbs' | 'implicit' | 'float64';
export const FLOW_METHODS: readonly FlowMethod[] = ['auto', 'taylor', 'gbs', 'implicit', 'float64'];

/**
 * Output times must lie in MIN_FLOW_TIME…MAX_FLOW_TIME: the record grid, the stiffness test and the float64
 * method work with t as a double, and a time beyond its range (1e309 is Infinity, 1e-400 is 0) made the grid
 * loop forever.
 */
export const MIN_FLOW_TIME = '1e-300';
export const MAX_FLOW_TIME = '1e300';

/**
 * The implicit method's default log₁₀ tolerance at `digits`: −(digits + 3) in Decimal (the stage count follows:
 * 3, 5 or 7 stages, orders 5, 9, 13), −10 for `float64`.
 */
export function defaultImplicitLog10Tolerance(digits: number, method: FlowMethod = 'auto'): number {
  return method === 'float64' ? -10 : -(digits + 3);
}

/** Options of {@link integrate} and {@link FlowRun}. */
export interface FlowOptions {
  /** Requested output times (> 0, any order; duplicates are merged). Required. */
  readonly times: readonly Decimal.Value[];
  /** Default `auto`. */
  readonly method?: FlowMethod;
  /** Digits added for the integration; outputs are rounded to `p`. Default 10. */
  readonly guardDigits?: number;
  /**
   * log₁₀ of the local error tolerance of the implicit method (componentwise, relative to max(1, |θ_i|)). Default
   * {@link defaultImplicitLog10Tolerance}: −(digits + 3), so that the Radau order (stages) rises with the digits.
   */
  readonly implicitLog10Tolerance?: number;
  /** Records per decade of t (log-uniform), besides the requested times. Default 10; 0 for none. */
  readonly recordsPerDecade?: number;
  /** Accepted plus rejected steps before stopping with `maxSteps`. Default 1 000 000. */
  readonly maxSteps?: number;
  /** `auto` switches to the implicit method when ‖∇²L‖∞ · (remaining time) exceeds this. Default 1e4. */
  readonly stiffnessThreshold?: number;
  /** Extrapolation columns of GBS. Default ⌈digits/4⌉ + 2. */
  readonly gbsColumns?: number;
}

/**
 * Checks every numeric option at the public boundary ({@link FlowRun}'s constructor, hence {@link integrate}) with
 * the shared option helpers (an OptionError naming `integrate` and the option): `maxSteps: -3` ran no step and
 * ended `maxSteps` at once, `gbsColumns: 1` never accepts a step (GBS estimates its error from two columns),
 * `guardDigits` beyond the largest precision failed deep inside with a precision error.
 */
function checkFlowOptions(options: FlowOptions, p: Precision): void {
  const fn = 'integrate';
  const { guardDigits, recordsPerDecade, maxSteps, gbsColumns, implicitLog10Tolerance, stiffnessThreshold } =
    options;
  if (guardDigits !== undefined)
    integerOption(fn, 'guardDigits', guardDigits, 0, MAX_INTERNAL_DIGITS - p.digits);
  if (recordsPerDecade !== undefined) integerOption(fn, 'recordsPerDecade', recordsPerDecade, 0, 1000);
  if (maxSteps !== undefined) integerOption(fn, 'maxSteps', maxSteps, 1, Number.MAX_SAFE_INTEGER);
  if (gbsColumns !== undefined) integerOption(fn, 'gbsColumns', gbsColumns, 2, 100);
  if (implicitLog10Tolerance !== undefined)
    numberOption(fn, 'implicitLog10Tolerance', implicitLog10Tolerance, {
      below: 0,
      min: -MAX_INTERNAL_DIGITS,
    });
  if (stiffnessThreshold !== undefined)
    numberOption(fn, 'stiffnessThreshold', stiffnessThreshold, { above: 0 });
}

/** The flow at a requested time (values rounded to the requested digits; params in the flat order). */
export interface FlowState {
  readonly t: string;
  readonly params: readonly string[];
  readonly loss: string;
  /** ‖∇L‖₂. */
  readonly gradNorm: string;
}

/** A log-uniform sample of the trajectory with the step statistics so far. */
export interface FlowRecord extends FlowState {
  readonly steps: number;
  readonly rejectedSteps: number;
  readonly evaluations: number;
}

export interface FlowResult {
  readonly method: FlowMethod;
  readonly digits: number;
  /**
   * Digits the states are believed correct to: digits − 3 for Taylor and GBS (their tolerance is 10^−(digits+2)
   * at digits + guard working digits), about −log₁₀(tolerance) − 6 once the implicit method took a step, 8 for
   * float64. An estimate from the tolerances, not a certificate: confirm by a run at more digits or with another
   * method.
   */
  readonly estimatedDigits: number;
  readonly states: readonly FlowState[];
  readonly records: readonly FlowRecord[];
  readonly stats: FlowStats;
  readonly outcome: FlowOutcome;
}

/** Everything a run needs to continue exactly where it stopped (JSON; numbers in exact decimal strings). */
export interface FlowCheckpoint {
  readonly format: 'flat-channels-flow-checkpoint';
  readonly version: 2;
  /** Identifies the run (problem, start, times, method, digits): resuming another run is refused. */
  readonly key: string;
  readonly t: string;
  readonly y: readonly string[];
  readonly h: string;
  readonly mode: 'taylor' | 'gbs' | 'implicit';
  readonly sinceStiffnessCheck: number;
  readonly eventIndex: number;
  readonly states: readonly FlowState[];
  readonly records: readonly FlowRecord[];
  /**
   * The unrounded state at each record (working precision, exact text): on resume each record's parameters, loss
   * and ‖∇L‖ are re-derived from it and must equal the saved ones (a forged record is refused).
   */
  readonly recordStates: readonly (readonly string[])[];
  readonly stats: FlowStats;
  readonly implicitUsed: boolean;
  /** The implicit stepper's carried state (predictor, controller, kept Jacobian), or null before it ran. */
  readonly stepper: StepperState | null;
}

/** The version of {@link FlowCheckpoint}: 2 since the Radau stepper carries state between steps. */
export const FLOW_CHECKPOINT_VERSION = 2 as const;

interface MutableStats {
  steps: number;
  rejectedSteps: number;
  evaluations: number;
  hessianEvaluations: number;
  transcendentals: number;
  stepsByMethod: Record<string, number>;
  maxLog10LocalError: number;
}

interface FlowEvent {
  readonly t: string;
  readonly state: boolean;
}

/** The event times: requested times (states and records) and a log-uniform record grid below the last one. */
function eventTimes(times: readonly string[], perDecade: number, p: Precision): FlowEvent[] {
  const D = p.D;
  const sorted = [...new Map(times.map((t) => [new D(t).toString(), new D(t)])).values()].sort((a, b) =>
    a.cmp(b),
  );
  const last = sorted[sorted.length - 1] as Decimal;
  const first = sorted[0] as Decimal;
  const events = new Map<string, FlowEvent>();
  for (const t of sorted) events.set(t.toString(), { t: t.toString(), state: true });
  if (perDecade > 0) {
    const lo = Math.floor(perDecade * (Math.min(Math.log10(first.toNumber()), 0) - 2));
    const hi = Math.ceil(perDecade * Math.log10(last.toNumber()));
    for (let i = lo; i <= hi; i++) {
      const e = Math.floor(i / perDecade);
      const t = new D(`${(10 ** (i / perDecade - e)).toPrecision(6)}e${e}`);
      if (t.lt(last) && !events.has(t.toString()))
        events.set(t.toString(), { t: t.toString(), state: false });
    }
  }
  return [...events.values()].sort((a, b) => new D(a.t).cmp(b.t));
}

/** The identifying key of a run (see {@link FlowCheckpoint.key}). */
export function flowKey(
  problem: string,
  init: readonly Decimal.Value[],
  p: Precision,
  options: FlowOptions,
): string {
  return JSON.stringify({
    problem,
    init: init.map((v) => new p.D(v).toString()),
    times: options.times.map((t) => new p.D(t).toString()),
    method: options.method ?? 'auto',
    digits: p.digits,
    guard: options.guardDigits ?? 10,
    implicitTol: options.implicitLog10Tolerance ?? null,
    perDecade: options.recordsPerDecade ?? 10,
  });
}

/**
 * A gradient-flow run dθ/dt = −∇L(θ) from θ(0) = `init`, advanced one step at a time (so that a caller can
 * checkpoint, report progress or stop between steps). `integrate` runs one to the end.
 *
 * Steps land exactly on the requested times and on a log-uniform record grid; a run resumed from a checkpoint
 * takes exactly the same steps as an uninterrupted one (the checkpoint holds the full-precision state and the
 * proposed step), so it ends with the same digits.
 */
export class FlowRun {
  readonly #core: Core<unknown>;

  constructor(
    objective: Objective,
    init: readonly Decimal.Value[],
    p: Precision,
    options: FlowOptions,
    key = '',
  ) {
    const method = options.method ?? 'auto';
    if (options.times.length === 0) throw new InputError('flow: give at least one time');
    if (!(FLOW_METHODS as readonly string[]).includes(method))
      throw new InputError(
        `flow: method must be one of ${FLOW_METHODS.join(', ')}, got ${JSON.stringify(method)}`,
      );
    for (const t of options.times) {
      let v: Decimal;
      try {
        v = new p.D(t);
      } catch {
        throw new InputError(`flow: a time is not a number: ${JSON.stringify(String(t))}`);
      }
      if (!v.gt(0)) throw new InputError(`flow: times must be > 0, got ${String(t)}`);
      if (v.lt(MIN_FLOW_TIME) || v.gt(MAX_FLOW_TIME))
        throw new InputError(`flow: times must lie in ${MIN_FLOW_TIME}…${MAX_FLOW_TIME}, got ${String(t)}`);
    }
    checkFlowOptions(options, p);
    if (method === 'taylor' && (objective.network === undefined || objective.dataset === undefined))
      throw new InputError('flow: --method taylor needs a network problem');
    if (method === 'float64') {
      this.#core = new Core(float64System(objective), objective, init, p, options, key) as Core<unknown>;
    } else {
      const w = withGuard(p, options.guardDigits ?? 10);
      this.#core = new Core(decimalSystem(objective, w), objective, init, p, options, key) as Core<unknown>;
    }
  }

  /** True when the run has ended (see {@link result}). */
  get done(): boolean {
    return this.#core.done;
  }

  /** The current time as a decimal string, and the last requested time. */
  get progress(): { readonly t: string; readonly end: string } {
    return this.#core.progress();
  }

  /** One step attempt (or the final classification once every event is passed). */
  advance(): void {
    this.#core.advance();
  }

  /** Stops the run: the outcome becomes `interrupted` (the checkpoint stays resumable). */
  interrupt(): void {
    this.#core.interrupt();
  }

  checkpoint(): FlowCheckpoint {
    return this.#core.checkpoint();
  }

  /** Continues from `checkpoint` (its key must match this run's key). */
  restore(checkpoint: FlowCheckpoint): void {
    this.#core.restore(checkpoint);
  }

  result(): FlowResult {
    return this.#core.result();
  }
}

/** Runs a flow to the end (see {@link FlowRun}). */
export function integrate(
  objective: Objective,
  init: readonly Decimal.Value[],
  p: Precision,
  options: FlowOptions,
): FlowResult {
  const run = new FlowRun(objective, init, p, options);
  while (!run.done) run.advance();
  return run.result();
}

/**
 * Whether a float64 Newton step from `y` stays near it (‖H⁻¹∇L‖∞ ≤ 0.1·max(1, ‖y‖∞)): true near a critical point,
 * false in a channel, where the gradient is small but the Hessian is smaller still along the channel and the step
 * points off towards infinity. It gates the refinement of the end point (a 30-digit Newton/Levenberg–Marquardt search
 * that cost a float64 run of glu-teacher to t = 10⁸ about 80 % of its time and cannot converge in a channel).
 * True when the objective has no float64 evaluation or the Hessian is singular in float64 (the refinement decides).
 */
function newtonStepIsLocal(objective: Objective, y: readonly Decimal[]): boolean {
  const ev = objective.evaluate64;
  if (ev === undefined) return true;
  const P = y.length;
  const v = ev.call(
    objective,
    Float64Array.from(y, (d) => d.toNumber()),
    { gradient: true, hessian: true },
  );
  const H = v.hessian;
  const g = v.gradient;
  if (H === undefined || g === undefined) return true;
  const out = luSolveF64(
    Array.from({ length: P }, (_, i) => Array.from(H.subarray(i * P, i * P + P))),
    Array.from(g),
    { tolerance: 0 },
  );
  if (out.kind !== 'solved') return true;
  const step = out.x.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const size = y.reduce((m, x) => Math.max(m, Math.abs(x.toNumber())), 1);
  return !(step > 0.1 * size);
}

class Core<T> {
  readonly S: FlowSystem<T>;
  readonly objective: Objective;
  readonly p: Precision;
  readonly method: FlowMethod;
  readonly key: string;
  readonly events: FlowEvent[];
  readonly explicitLog10Tol: number;
  readonly implicitLog10Tol: number;
  readonly maxSteps: number;
  readonly stiffnessThreshold: number;
  readonly gbsColumns: number;
  readonly initialNormInf: Decimal;
  readonly steppers = new Map<string, Stepper<T>>();
  t: T;
  y: T[];
  h: T;
  mode: 'taylor' | 'gbs' | 'implicit';
  sinceStiffnessCheck = 0;
  eventIndex = 0;
  implicitUsed = false;
  states: FlowState[] = [];
  records: FlowRecord[] = [];
  recordStates: string[][] = [];
  stats: MutableStats = {
    steps: 0,
    rejectedSteps: 0,
    evaluations: 0,
    hessianEvaluations: 0,
    transcendentals: 0,
    stepsByMethod: {},
    maxLog10LocalError: -999, // JSON has no −Infinity
  };
  outcome: FlowOutcome | undefined;
  interrupted = false;

  constructor(
    S: FlowSystem<T>,
    objective: Objective,
    init: readonly Decimal.Value[],
    p: Precision,
    options: FlowOptions,
    key: string,
  ) {
    this.S = S;
    this.objective = objective;
    this.p = p;
    this.key = key;
    this.method = options.method ?? 'auto';
    const float = this.method === 'float64';
    this.events = eventTimes(
      options.times.map((t) => new p.D(t).toString()),
      options.recordsPerDecade ?? 10,
      p,
    );
    this.explicitLog10Tol = float ? -14 : -(p.digits + 2);
    this.implicitLog10Tol =
      options.implicitLog10Tolerance ?? defaultImplicitLog10Tolerance(p.digits, this.method);
    this.maxSteps = options.maxSteps ?? 1_000_000;
    this.stiffnessThreshold = options.stiffnessThreshold ?? 1e4;
    this.gbsColumns = options.gbsColumns ?? Math.min(40, Math.ceil(p.digits / 4) + 2);
    this.t = S.F.zero;
    this.y = init.map((v) => S.fromText(new p.D(v).toString()));
    this.initialNormInf = init.reduce<Decimal>((m, v) => {
      const a = new p.D(v).abs();
      return a.gt(m) ? a : m;
    }, new p.D(0));
    const first = this.events[0] as FlowEvent;
    this.h = S.F.mul(S.fromText(first.t), S.F.fromDecimalString('1e-3'));
    const structured = S.taylor !== undefined;
    this.mode =
      this.method === 'implicit'
        ? 'implicit'
        : this.method === 'gbs' || (!structured && this.method !== 'taylor')
          ? 'gbs'
          : 'taylor';
    this.record('0', true);
  }

  get done(): boolean {
    return this.outcome !== undefined;
  }

  progress(): { t: string; end: string } {
    return { t: this.S.toText(this.t), end: (this.events[this.events.length - 1] as FlowEvent).t };
  }

  stepper(mode: 'taylor' | 'gbs' | 'implicit'): Stepper<T> {
    let s = this.steppers.get(mode);
    if (s === undefined) {
      s =
        mode === 'taylor'
          ? taylorStepper(this.S, this.explicitLog10Tol)
          : mode === 'gbs'
            ? gbsStepper(this.S, this.explicitLog10Tol, this.gbsColumns)
            : radauStepper(this.S, { log10Tolerance: this.implicitLog10Tol });
      this.steppers.set(mode, s);
    }
    return s;
  }

  /** Moves the system's counters into the run's statistics. */
  collect(): void {
    const c = this.S.counters;
    this.stats.evaluations += c.evaluations;
    this.stats.hessianEvaluations += c.hessians;
    this.stats.transcendentals += c.nodeEvaluations + this.S.transcendentals.total;
    c.evaluations = 0;
    c.hessians = 0;
    c.nodeEvaluations = 0;
    this.S.transcendentals.reset();
  }

  /** A record's printed values at the unrounded state y: params, loss and ‖∇L‖, each rounded to the run's digits. */
  recordValues(y: readonly T[]): Omit<FlowState, 't'> {
    const { loss, gradient } = this.S.lossGradient(y);
    const F = this.S.F;
    let g2 = F.zero;
    for (const g of gradient) g2 = F.add(g2, F.mul(g, g));
    const r = (x: T): string => roundTo(this.p, this.S.toText(x)).toString();
    return {
      params: y.map(r),
      loss: r(loss),
      gradNorm: roundTo(this.p, new this.p.D(this.S.toText(g2)).sqrt()).toString(),
    };
  }

  /** Evaluates loss and gradient at y and appends a record (and a state for a requested time). */
  record(t: string, state: boolean): void {
    const values = this.recordValues(this.y);
    this.collect();
    const base: FlowState = { t, ...values };
    this.recordStates.push(this.y.map((x) => this.S.toText(x)));
    if (state && t !== '0') this.states.push(base);
    this.records.push({
      ...base,
      steps: this.stats.steps,
      rejectedSteps: this.stats.rejectedSteps,
      evaluations: this.stats.evaluations,
    });
  }

  checkStiffness(remaining: T): void {
    if (this.method !== 'auto' && this.method !== 'float64') return;
    if (this.mode === 'implicit') return;
    if (this.sinceStiffnessCheck > 0 && this.sinceStiffnessCheck < 10) return;
    this.sinceStiffnessCheck = 0;
    const { hessian } = this.S.gradientHessian(this.y);
    let lam = -Infinity;
    for (const row of hessian) {
      let s = this.S.F.zero;
      for (const v of row) s = this.S.F.add(s, this.S.F.sign(v) < 0 ? this.S.F.neg(v) : v);
      lam = Math.max(lam, this.S.log10Abs(s));
    }
    if (lam + this.S.log10Abs(remaining) > Math.log10(this.stiffnessThreshold)) this.mode = 'implicit';
  }

  advance(): void {
    if (this.outcome !== undefined) return;
    const F = this.S.F;
    if (this.interrupted) {
      this.outcome = { kind: 'interrupted', t: this.S.toText(this.t) };
      return;
    }
    const event = this.events[this.eventIndex];
    if (event === undefined) {
      this.finish();
      return;
    }
    if (this.stats.steps + this.stats.rejectedSteps >= this.maxSteps) {
      this.outcome = { kind: 'maxSteps', t: this.S.toText(this.t), steps: this.stats.steps };
      return;
    }
    const tEvent = this.S.fromText(event.t);
    const hMax = F.sub(tEvent, this.t);
    const end = this.S.fromText((this.events[this.events.length - 1] as FlowEvent).t);
    this.checkStiffness(F.sub(end, this.t));
    const stepper = this.stepper(this.mode);
    const attempt = stepper.step(this.y, this.h, hMax);
    this.collect();
    if (!attempt.accepted) {
      this.stats.rejectedSteps++;
      this.h = attempt.hNext;
      const tiny = this.S.log10Abs(this.h) - Math.max(0, this.S.log10Abs(this.t));
      if (tiny < -(this.S.F.digits - 2))
        this.outcome = { kind: 'stepFailure', t: this.S.toText(this.t), reason: attempt.reason };
      return;
    }
    this.stats.steps++;
    this.sinceStiffnessCheck++;
    if (stepper.name === 'implicit') this.implicitUsed = true;
    this.stats.stepsByMethod[stepper.name] = (this.stats.stepsByMethod[stepper.name] ?? 0) + 1;
    if (Number.isFinite(attempt.log10Error))
      this.stats.maxLog10LocalError = Math.max(this.stats.maxLog10LocalError, attempt.log10Error);
    this.y = attempt.y;
    const landed = F.sign(F.sub(attempt.h, hMax)) === 0;
    if (landed) {
      // A clipped step must not shrink the proposal for the next one.
      if (F.sign(F.sub(attempt.hNext, this.h)) >= 0) this.h = attempt.hNext;
      this.t = tEvent;
      this.eventIndex++;
      this.record(event.t, event.state);
    } else {
      this.t = F.add(this.t, attempt.h);
      this.h = attempt.hNext;
    }
  }

  interrupt(): void {
    this.interrupted = true;
  }

  finish(): void {
    const p = this.p;
    const t = this.S.toText(this.t);
    const y = this.y.map((v) => new p.D(this.S.toText(v)));
    const w = withGuard(p, 10);
    const v = this.objective.evaluate(y, w, { gradient: true });
    let gInf = new w.D(0);
    for (const g of v.gradient ?? []) if (g.abs().gt(gInf)) gInf = g.abs();
    const float = this.method === 'float64';
    const tol = new w.D(10).pow(float ? -6 : -(p.digits - 10));
    if (gInf.lte(tol) && newtonStepIsLocal(this.objective, y)) {
      const refined = refineCriticalPoint(this.objective, y, float ? precision(30) : p);
      if (refined.kind === 'converged') {
        const { negative, zero, positive } = refined.inertia;
        this.outcome = {
          kind: 'converged',
          t,
          gradNormInf: gInf.toSignificantDigits(6).toString(),
          type: refined.type,
          inertia: { negative, zero, positive },
        };
        return;
      }
    }
    const evidence = this.channelEvidence(y);
    this.outcome =
      evidence === undefined
        ? { kind: 'maxTime', t, gradNormInf: gInf.toSignificantDigits(6).toString() }
        : { kind: 'channelSuspected', t, evidence };
  }

  /** Channel evidence: a pair with opposite readouts whose |A| grew ≥ 4× while their weights merged ≥ 4×. */
  channelEvidence(y: readonly Decimal[]): FlowChannelEvidence | undefined {
    const net = this.objective.network;
    if (net === undefined) return undefined;
    // The growth of A along the run (with its exponents); failing that, the one static verdict
    // (network/channel-criteria.ts, modulo the symmetries) at the end point.
    const prev = this.records.length >= 2 ? this.records[this.records.length - 2] : undefined;
    const update =
      prev === undefined ? undefined : y.map((v, k) => v.minus(prev.params[k] as string).toNumber());
    const paper = staticChannelEvidence(net, y, update, this.initialNormInf);
    const pair = closestOppositePair(net.layout, y);
    if (pair === undefined) return paper;
    const p = this.p;
    // |A| and half the largest difference of the two weight rows (the ∞-norm ε), read through the pair model.
    const at = (params: readonly string[]): { A: number; eps: number } => {
      const pr = neuronPair(net.layout, params, pair.i, pair.j);
      let d = 0;
      pr.wi.forEach((x, k) => (d = Math.max(d, Math.abs(new p.D(x).minus(pr.wj[k] as string).toNumber()))));
      const A = pairDivergence({ ai: new p.D(pr.ai), aj: new p.D(pr.aj) });
      return { A: Math.abs(A.toNumber()), eps: d / 2 };
    };
    const first = this.records[0] as FlowRecord;
    const last = this.records[this.records.length - 1] as FlowRecord;
    const a0 = at(first.params);
    const a1 = at(last.params);
    if (!(a1.A >= 4 * a0.A && a1.eps * 4 <= a0.eps)) return paper;
    // Exponents over the last decade of records.
    const tLast = Number(last.t);
    const earlier = [...this.records].reverse().find((r) => Number(r.t) > 0 && Number(r.t) <= tLast / 10);
    const finalNorm = y.reduce((mx, v) => (v.abs().gt(mx) ? v.abs() : mx), new p.D(0));
    const evidence: FlowChannelEvidence = {
      initialNormInf: this.initialNormInf.toSignificantDigits(20).toString(),
      finalNormInf: finalNorm.toSignificantDigits(20).toString(),
      reason:
        `neurons ${pair.i} and ${pair.j}: |A| = |a_i − a_j|/2 grew from ${a0.A.toPrecision(4)} to ` +
        `${a1.A.toPrecision(4)} while ‖w_i − w_j‖/2 fell from ${a0.eps.toPrecision(4)} to ${a1.eps.toPrecision(4)}`,
      pair,
    };
    if (earlier === undefined) return evidence;
    const e = at(earlier.params);
    const dlt = Math.log(tLast / Number(earlier.t));
    return {
      ...evidence,
      divergenceExponent: (Math.log(a1.A / e.A) / dlt).toPrecision(4),
      lossExponent: (Math.log(Number(last.loss) / Number(earlier.loss)) / dlt).toPrecision(4),
    };
  }

  estimatedDigits(): number {
    if (this.method === 'float64') return 8;
    const explicit = this.p.digits - 3;
    return this.implicitUsed ? Math.min(explicit, -this.implicitLog10Tol - 6) : explicit;
  }

  result(): FlowResult {
    if (this.outcome === undefined) throw new Error('FlowRun.result: the run has not ended');
    return {
      method: this.method,
      digits: this.p.digits,
      estimatedDigits: this.estimatedDigits(),
      states: this.states,
      records: this.records,
      stats: { ...this.stats, stepsByMethod: { ...this.stats.stepsByMethod } },
      outcome: this.outcome,
    };
  }

  checkpoint(): FlowCheckpoint {
    return {
      format: 'flat-channels-flow-checkpoint',
      version: FLOW_CHECKPOINT_VERSION,
      key: this.key,
      t: this.S.toText(this.t),
      y: this.y.map((v) => this.S.toText(v)),
      h: this.S.toText(this.h),
      mode: this.mode,
      sinceStiffnessCheck: this.sinceStiffnessCheck,
      eventIndex: this.eventIndex,
      states: this.states,
      records: this.records,
      recordStates: this.recordStates,
      stats: { ...this.stats, stepsByMethod: { ...this.stats.stepsByMethod } },
      implicitUsed: this.implicitUsed,
      stepper: this.steppers.get('implicit')?.state?.() ?? null,
    };
  }

  /**
   * What a checkpoint of this run must satisfy besides its key: the state's length, a mode this method can be in,
   * t between the last event passed and the next one, h > 0, one record per event passed. A checkpoint violating
   * them would continue as another run (a bogus mode silently changed the integrator and the digits).
   */
  checkRestorable(c: FlowCheckpoint): void {
    const bad = (reason: string): never => {
      throw new InputError(`flow: the checkpoint is not one of this run: ${reason}`);
    };
    const D = this.p.D;
    const isDecimal = (v: unknown): boolean =>
      typeof v === 'string' && /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v);
    if (!Array.isArray(c.y) || c.y.length !== this.y.length)
      bad(`the state has ${Array.isArray(c.y) ? c.y.length : 'no'} values, the problem ${this.y.length}`);
    if (!c.y.every(isDecimal) || !isDecimal(c.t) || !isDecimal(c.h)) bad('t, h or the state is not decimal');
    const structured = this.S.taylor !== undefined;
    const initialMode =
      this.method === 'implicit'
        ? 'implicit'
        : this.method === 'gbs' || (!structured && this.method !== 'taylor')
          ? 'gbs'
          : 'taylor';
    const switches = this.method === 'auto' || this.method === 'float64';
    if (c.mode !== initialMode && !(switches && c.mode === 'implicit'))
      bad(`mode ${JSON.stringify(c.mode)} is not one of method ${this.method}`);
    const n = this.events.length;
    if (!Number.isInteger(c.eventIndex) || c.eventIndex < 0 || c.eventIndex > n)
      bad(`event index ${String(c.eventIndex)} outside 0…${n}`);
    if (!Number.isInteger(c.sinceStiffnessCheck) || c.sinceStiffnessCheck < 0)
      bad('a negative step count since the stiffness check');
    const t = new D(c.t);
    const passed = c.eventIndex === 0 ? new D(0) : new D((this.events[c.eventIndex - 1] as FlowEvent).t);
    const next = this.events[c.eventIndex];
    if (t.lt(passed) || (next !== undefined && t.gte(next.t)))
      bad(`t = ${c.t} is not between the events it claims to lie between`);
    if (!new D(c.h).gt(0)) bad(`step ${c.h} is not positive`);
    if (!Array.isArray(c.records) || c.records.length !== c.eventIndex + 1)
      bad(`${Array.isArray(c.records) ? c.records.length : 'no'} records for ${c.eventIndex} events passed`);
    const stateEvents = this.events.slice(0, c.eventIndex).filter((e) => e.state).length;
    if (!Array.isArray(c.states) || c.states.length !== stateEvents)
      bad(
        `${Array.isArray(c.states) ? c.states.length : 'no'} states for ${stateEvents} requested times passed`,
      );
    for (const s of [...c.states, ...c.records])
      if (s.params.length !== this.y.length) bad('a stored state has the wrong number of parameters');
    if (
      !Array.isArray(c.recordStates) ||
      c.recordStates.length !== c.records.length ||
      !c.recordStates.every((y) => Array.isArray(y) && y.length === this.y.length && y.every(isDecimal))
    )
      bad('the states behind the records do not match the records');
    this.checkRecordCounts(c, bad);
    this.checkRecordValues(c, bad);
  }

  /**
   * The work counts must be those a run could have: non-decreasing from record to record and not beyond the run's
   * totals, the steps by method adding up to the steps. (They cannot be re-derived without re-running; a resumed
   * run reports them as saved.)
   */
  checkRecordCounts(c: FlowCheckpoint, bad: (reason: string) => never): void {
    const keys = ['steps', 'rejectedSteps', 'evaluations'] as const;
    let previous: FlowRecord | undefined;
    for (const r of c.records) {
      for (const k of keys)
        if (r[k] > c.stats[k] || (previous !== undefined && r[k] < previous[k]))
          bad(`the record at t = ${r.t} has ${k} ${r[k]}, outside the run's counts`);
      previous = r;
    }
    const byMethod = Object.values(c.stats.stepsByMethod).reduce((s, n) => s + (n ?? 0), 0);
    if (byMethod !== c.stats.steps) bad(`the steps by method add up to ${byMethod}, not ${c.stats.steps}`);
    if (c.stats.hessianEvaluations > c.stats.evaluations)
      bad('the run counts more Hessians than evaluations');
  }

  /**
   * Re-derives every record from the unrounded state saved with it (one loss and gradient evaluation each, not
   * counted in the run's statistics): its parameters, loss and ‖∇L‖ must be exactly the saved ones.
   */
  checkRecordValues(c: FlowCheckpoint, bad: (reason: string) => never): void {
    const counters = { ...this.S.counters };
    for (const [i, r] of c.records.entries()) {
      const y = (c.recordStates[i] as readonly string[]).map((v) => this.S.fromText(v));
      const v = this.recordValues(y);
      if (
        v.loss !== r.loss ||
        v.gradNorm !== r.gradNorm ||
        v.params.length !== r.params.length ||
        v.params.some((x, k) => x !== r.params[k])
      )
        bad(`the record at t = ${r.t} is not the loss and gradient of its state (re-evaluated)`);
    }
    Object.assign(this.S.counters, counters);
    this.S.transcendentals.reset();
  }

  restore(c: FlowCheckpoint): void {
    if (c.format !== 'flat-channels-flow-checkpoint' || c.version !== FLOW_CHECKPOINT_VERSION)
      throw new InputError(
        `flow: the checkpoint is not a flow checkpoint of version ${FLOW_CHECKPOINT_VERSION} (start afresh)`,
      );
    if (c.key !== this.key)
      throw new InputError(
        'flow: the checkpoint belongs to a different run (problem, start, times, method or digits)',
      );
    this.checkRestorable(c);
    this.t = this.S.fromText(c.t);
    this.y = c.y.map((s) => this.S.fromText(s));
    this.h = this.S.fromText(c.h);
    this.mode = c.mode;
    this.sinceStiffnessCheck = c.sinceStiffnessCheck;
    this.eventIndex = c.eventIndex;
    this.states = [...c.states];
    this.records = [...c.records];
    this.recordStates = c.recordStates.map((y) => [...y]);
    this.stats = { ...c.stats, stepsByMethod: { ...c.stats.stepsByMethod } };
    this.implicitUsed = c.implicitUsed;
    this.steppers.delete('implicit');
    if (c.stepper !== null) {
      const implicit = this.stepper('implicit');
      implicit.restore?.(c.stepper);
    }
  }
}
