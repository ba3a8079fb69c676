import type { Decimal } from 'decimal.js';
import type { Activation } from '../../activations/index.js';
import type { Layout } from '../../network/params.js';
import { precision, type Precision } from '../../precision/context.js';
import {
  decimalField,
  float64Field,
  TranscendentalCounter,
  type ScalarField,
} from '../../precision/jet/index.js';
import { luSolve, luSolveF64 } from '../../precision/linalg/index.js';
import type { Objective } from '../objective.js';

/** The network and data in the field T, for the Taylor integrator (which propagates jets through them). */
export interface TaylorNetwork<T> {
  readonly layout: Layout;
  readonly activation: Activation;
  /** Rows x̃_n (with the bias entry 1 appended when hidden biases are on). */
  readonly inputs: readonly (readonly T[])[];
  readonly targets: readonly T[];
  /** 2ρ_n/N. */
  readonly weights: readonly T[];
}

/** Counters shared by all steppers of a run. */
export interface SystemCounters {
  /** Gradient evaluations (a Hessian evaluation counts once too). */
  evaluations: number;
  hessians: number;
  /** Activation-node evaluations of evaluate-based methods: samples × width per evaluation. */
  nodeEvaluations: number;
}

/**
 * The gradient flow dθ/dt = −∇L(θ) over a scalar field T (Decimal at a working precision, or float64): what the
 * steppers need, and nothing about where the loss came from.
 */
export interface FlowSystem<T> {
  readonly F: ScalarField<T>;
  readonly counters: SystemCounters;
  readonly transcendentals: TranscendentalCounter;
  gradient(y: readonly T[]): T[];
  lossGradient(y: readonly T[]): { loss: T; gradient: T[] };
  gradientHessian(y: readonly T[]): { gradient: T[]; hessian: T[][] };
  /** Solves A x = b; undefined when A is singular to working precision. */
  solve(A: readonly (readonly T[])[], b: readonly T[]): T[] | undefined;
  readonly taylor: TaylorNetwork<T> | undefined;
  /** Exact conversion for checkpoints: decimal string ↔ T. */
  toText(x: T): string;
  fromText(s: string): T;
  /** Magnitude on a log scale: log₁₀|x| (−Infinity for 0), for step-size formulas. */
  log10Abs(x: T): number;
}

function newCounters(): SystemCounters {
  return { evaluations: 0, hessians: 0, nodeEvaluations: 0 };
}

function nodesPerEvaluation(objective: Objective, p: Precision): number {
  const width = objective.network?.layout.width ?? 1;
  const n = objective.dataset?.(p).targets.length ?? 1;
  return width * n;
}

function taylorNetwork<T>(
  objective: Objective,
  F: ScalarField<T>,
  p: Precision,
  convert: (d: Decimal) => T,
): TaylorNetwork<T> | undefined {
  const { network } = objective;
  if (network === undefined || objective.dataset === undefined) return undefined;
  const data = objective.dataset(p);
  const N = data.targets.length;
  return {
    layout: network.layout,
    activation: network.activation,
    inputs: data.inputs.map((row) => {
      const r = row.map(convert);
      if (network.layout.hiddenBias) r.push(F.one);
      return r;
    }),
    targets: data.targets.map(convert),
    weights: data.targets.map((_, n) => {
      const rho = data.weights?.[n];
      return F.divInt(F.mulInt(rho === undefined ? F.one : convert(rho), 2), N);
    }),
  };
}

/** The flow of `objective` in Decimal at working precision `w`. */
export function decimalSystem(objective: Objective, w: Precision): FlowSystem<Decimal> {
  const transcendentals = new TranscendentalCounter();
  const F = decimalField(w, transcendentals);
  const counters = newCounters();
  const nodes = nodesPerEvaluation(objective, w);
  const eval_ = (y: readonly Decimal[], hessian: boolean) => {
    counters.evaluations++;
    if (hessian) counters.hessians++;
    counters.nodeEvaluations += nodes;
    return objective.evaluate(y, w, { gradient: true, hessian });
  };
  return {
    F,
    counters,
    transcendentals,
    gradient: (y) => [...(eval_(y, false).gradient ?? [])],
    lossGradient: (y) => {
      const v = eval_(y, false);
      return { loss: v.loss, gradient: [...(v.gradient ?? [])] };
    },
    gradientHessian: (y) => {
      const v = eval_(y, true);
      return { gradient: [...(v.gradient ?? [])], hessian: (v.hessian ?? []).map((r) => [...r]) };
    },
    solve: (A, b) => {
      const out = luSolve(A, b, w, { guardDigits: 5, tolerance: 0 });
      return out.kind === 'solved' ? [...out.x] : undefined;
    },
    taylor: taylorNetwork(objective, F, w, (d) => new w.D(d)),
    toText: (x) => x.toString(),
    fromText: (s) => new w.D(s),
    log10Abs: (x) => {
      if (x.isZero()) return -Infinity;
      const n = Math.abs(x.toNumber());
      if (n > 1e-300 && n < 1e300) return Math.log10(n);
      // x = m·10^e with 1 ≤ m < 10.
      const e = x.abs().e;
      return e + Math.log10(x.abs().div(new w.D(10).pow(e)).toNumber());
    },
  };
}

/** The flow of `objective` in float64 (needs `objective.evaluate64`). */
export function float64System(objective: Objective): FlowSystem<number> {
  const ev = objective.evaluate64;
  if (ev === undefined) throw new RangeError('float64 flow: the objective has no float64 evaluation');
  const transcendentals = new TranscendentalCounter();
  const F = float64Field(transcendentals);
  const counters = newCounters();
  const p20 = precision(20);
  const nodes = nodesPerEvaluation(objective, p20);
  const call = (y: readonly number[], hessian: boolean) => {
    counters.evaluations++;
    if (hessian) counters.hessians++;
    counters.nodeEvaluations += nodes;
    return ev.call(objective, Float64Array.from(y), { gradient: true, hessian });
  };
  return {
    F,
    counters,
    transcendentals,
    gradient: (y) => Array.from(call(y, false).gradient ?? []),
    lossGradient: (y) => {
      const v = call(y, false);
      return { loss: v.loss, gradient: Array.from(v.gradient ?? []) };
    },
    gradientHessian: (y) => {
      const v = call(y, true);
      const P = y.length;
      const H = v.hessian ?? new Float64Array(P * P);
      return {
        gradient: Array.from(v.gradient ?? []),
        hessian: Array.from({ length: P }, (_, i) => Array.from(H.subarray(i * P, i * P + P))),
      };
    },
    solve: (A, b) => {
      const out = luSolveF64(A, b, { tolerance: 0 });
      return out.kind === 'solved' ? [...out.x] : undefined;
    },
    // Data rounded from 20 digits to the nearest doubles, as toDataset64 does.
    taylor: taylorNetwork(objective, F, p20, (d) => d.toNumber()),
    toText: (x) => String(x),
    fromText: (s) => Number(s),
    log10Abs: (x) => (x === 0 ? -Infinity : Math.log10(Math.abs(x))),
  };
}
