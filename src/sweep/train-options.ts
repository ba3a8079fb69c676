import { integerOption, knownOptions, numberOption, OptionError } from '../errors.js';

/** The optimisers a sweep can train with (all in float64). */
export const OPTIMIZERS = ['gf', 'gd', 'adam', 'sgd', 'paper'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];

/**
 * How one run is trained. Every field takes part in the run's content address, so two sweeps share results only
 * when they train identically.
 */
export interface TrainOptions {
  /**
   * `gf`: gradient flow dθ/dt = −∇L (the flow module's float64 integrator `integrate64`: GBS extrapolation, Radau
   * IIA where stiff; time limit `maxTime`); `gd`: gradient descent
   * with step `learningRate`; `adam`: Adam (β₁ = 0.9, β₂ = 0.999, ε̂ = 10⁻⁸); `sgd`: minibatch SGD (`batchSize`
   * samples drawn without replacement per epoch, shuffled from the run's seed); `paper`: the paper's protocol
   * (MLPGradientFlow.jl's ODE phase with the cubic barrier, then Newton; see trainPaperProtocol and `paper`).
   * Default `gd`.
   */
  readonly optimizer: Optimizer;
  /**
   * The settings of the `paper` protocol (present exactly when `optimizer` is `paper`, so that the content
   * addresses of the other optimisers' runs are those they always had). The other fields are then unused.
   */
  readonly paper?: PaperProtocolOptions;
  /** Most optimiser steps (accepted steps for `gf`). Default 20 000. */
  readonly steps: number;
  /** Step size of gd, adam and sgd. Default: 0.05 (gd, sgd), 0.01 (adam). */
  readonly learningRate: number;
  /** Minibatch size of sgd. Default 16. */
  readonly batchSize: number;
  /**
   * Time limit of gf. Default 10¹⁰: far enough along a channel (|a| grows like t^(1/4) on the generic law) for the
   * input weights of the pair to merge to the classification's criterion, which the toolkit then confirms in
   * Decimal (rosenbrock-2d width 3, seed 9: relative distance 0.1 at t = 10⁸, 0.03 at 10¹⁰, in 141 accepted
   * steps). Following a channel on to the norm barrier in float64 is limited by rounding: the implicit steps'
   * Newton iterations stall at the rounding floor beyond t ≈ 10¹¹ on rosenbrock-2d.
   */
  readonly maxTime: number;
  /**
   * Local error tolerance of gf per accepted step, relative to max(1, ‖θ‖∞). Default 10⁻⁸ (on rosenbrock-2d, seed
   * 3, width 2, the state at t = 10⁸ agrees with a 10⁻¹⁰ run to 8 digits, in a third of the steps).
   */
  readonly tolerance: number;
  /**
   * The norm barrier: a run stops when ‖θ‖₂ exceeds it (a channel drives the norm to infinity). Default 10³. This
   * is not the paper's barrier: MLPGradientFlow.jl adds (weightnorm − 10³)³/3 per sample to the loss once
   * weightnorm Σθ²/(2P) exceeds 10³, i.e. from ‖θ‖₂ = √(2000·P) on (see paper-criteria.ts), and does not stop.
   */
  readonly normBarrier: number;
  /** A run stops as converged when ‖∇L‖₂ falls below this. Default 10⁻¹⁰. */
  readonly gradientTolerance: number;
}

/**
 * The paper's training protocol (its Table 1 and MLPGradientFlow.jl's `train`; trainPaperProtocol says what is
 * reproduced and what is approximated).
 */
export interface PaperProtocolOptions {
  /** Relative tolerance of the ODE solver. Table 1: 10⁻³ (used as the toolkit integrator's local tolerance). */
  readonly reltol: number;
  /** Absolute tolerance of the ODE solver. Table 1: 10⁻⁶ (recorded; the toolkit's test is relative to max(1, ‖θ‖∞)). */
  readonly abstol: number;
  /** Loss evaluations without improvement before the package stops a phase. Table 1: 10⁶. */
  readonly patience: number;
  /** The barrier's threshold on weightnorm Σθ²/(2P). Table 1: 10³. */
  readonly maxnorm: number;
  /**
   * End of the ODE phase in the package's time τ (the loss summed over samples: τ = t/N). Default 10⁶, i.e.
   * t ≈ 10¹⁰ for rosenbrock-2d's 10 201 samples, the accurate protocol's horizon; the package's own limit is wall
   * clock (maxtime_ode = 180 s).
   */
  readonly maxTau: number;
  /** Most accepted ODE steps. Default 10⁶ (the package's maxiterations_ode). */
  readonly odeSteps: number;
  /** Most Newton iterations. Default 1000 (the package: 10⁵ iterations or 120 s of wall clock). */
  readonly newtonIterations: number;
  /** Newton stops when the ∞-norm of the regularised per-sample gradient is at most this. Default 10⁻¹⁵. */
  readonly minGnorm: number;
}

/** The defaults of {@link PaperProtocolOptions} (Table 1 of the paper where it says). */
export function paperProtocolOptions(partial: Partial<PaperProtocolOptions> = {}): PaperProtocolOptions {
  const fn = 'paperProtocolOptions';
  knownOptions(fn, partial, [
    'reltol',
    'abstol',
    'patience',
    'maxnorm',
    'maxTau',
    'odeSteps',
    'newtonIterations',
    'minGnorm',
  ]);
  for (const key of ['reltol', 'abstol', 'maxnorm', 'maxTau', 'minGnorm'] as const) {
    const v = partial[key];
    if (v !== undefined) numberOption(fn, key, v, { above: 0 });
  }
  for (const key of ['patience', 'odeSteps', 'newtonIterations'] as const) {
    const v = partial[key];
    if (v !== undefined) integerOption(fn, key, v, 1, 1e9);
  }
  return {
    reltol: partial.reltol ?? 1e-3,
    abstol: partial.abstol ?? 1e-6,
    patience: partial.patience ?? 1e6,
    maxnorm: partial.maxnorm ?? 1e3,
    maxTau: partial.maxTau ?? 1e6,
    odeSteps: partial.odeSteps ?? 1e6,
    newtonIterations: partial.newtonIterations ?? 1000,
    minGnorm: partial.minGnorm ?? 1e-15,
  };
}

/** Defaults of {@link TrainOptions} (the learning rate depends on the optimiser). */
export function trainOptions(partial: Partial<TrainOptions> = {}): TrainOptions {
  const optimizer = partial.optimizer ?? 'gd';
  const fn = 'trainOptions';
  knownOptions(fn, partial, [
    'optimizer',
    'steps',
    'learningRate',
    'batchSize',
    'maxTime',
    'tolerance',
    'normBarrier',
    'gradientTolerance',
    'paper',
  ]);
  if (!(OPTIMIZERS as readonly string[]).includes(optimizer))
    throw new OptionError(
      fn,
      'optimizer',
      `optimizer must be one of ${OPTIMIZERS.join(', ')}, got ${String(optimizer)}`,
    );
  // Each given field is checked as the CLI checks its flag: a negative step count or a NaN rate ran silently.
  if (partial.steps !== undefined) integerOption(fn, 'steps', partial.steps, 1, 1e9);
  if (partial.batchSize !== undefined) integerOption(fn, 'batchSize', partial.batchSize, 1, 1e9);
  for (const key of ['learningRate', 'maxTime', 'tolerance', 'normBarrier', 'gradientTolerance'] as const) {
    const v = partial[key];
    if (v !== undefined) numberOption(fn, key, v, { above: 0 });
  }
  if (partial.paper !== undefined && optimizer !== 'paper')
    throw new OptionError(fn, 'paper', 'paper: the protocol settings need optimizer `paper`');
  return {
    optimizer,
    ...(optimizer === 'paper' ? { paper: paperProtocolOptions(partial.paper) } : {}),
    steps: partial.steps ?? 20_000,
    learningRate: partial.learningRate ?? (optimizer === 'adam' ? 0.01 : 0.05),
    batchSize: partial.batchSize ?? 16,
    maxTime: partial.maxTime ?? 1e10,
    tolerance: partial.tolerance ?? 1e-8,
    normBarrier: partial.normBarrier ?? 1e3,
    gradientTolerance: partial.gradientTolerance ?? 1e-10,
  };
}
