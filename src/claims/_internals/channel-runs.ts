import type { Decimal } from 'decimal.js';
import type { Activation } from '../../activations/index.js';
import { closestOppositePair } from '../../flow/channel-evidence.js';
import { integrate, type FlowRecord, type FlowResult } from '../../flow/integrate.js';
import {
  limitCriticalPoints,
  limitModelOf,
  type LimitCriticalPoint,
} from '../../landscape/loss-at-infinity.js';
import { loadProblem, problemFromSpec, type Problem } from '../../network/problem.js';
import { builtinProblem } from '../../network/problems.js';
import { neuronPair, readoutIndex, toChannelCoordinates64 } from '../../network/neuron-pair.js';
import { rowLength } from '../../network/params.js';
import { precision, type Precision } from '../../precision/context.js';
import type { Dataset } from '../../network/dataset.js';
import type { Network } from '../../network/loss.js';
import type { Evidence, Verdict } from '../claim.js';
import type { Figure } from '../../report/plot/figure.js';

/**
 * A float64 gradient flow (Radau IIA in doubles, exact Hessian) that ran into a channel, with the pair and the
 * critical point of the loss at infinity it approaches. Shared by the flow-law, parallelism and naive-convergence
 * claims (and cached: `npm start` runs each flow once).
 */
export interface ChannelRun {
  readonly problem: Problem;
  readonly result: FlowResult;
  /** Records of the run with t > 0, in time order. */
  readonly records: readonly FlowRecord[];
  readonly seconds: number;
}

/** Options of {@link channelRun}. */
export interface ChannelRunOptions {
  /** Last time of the flow. Default 1e11. */
  readonly until?: string;
  /** Records per decade of t. Default 4. */
  readonly recordsPerDecade?: number;
  /** Step budget. Default 4000. */
  readonly maxSteps?: number;
}

const cache = new Map<string, ChannelRun>();

/** Runs (once per problem object and options) the float64 flow from the problem's initial point. */
export function channelRun(problem: Problem, options: ChannelRunOptions = {}): ChannelRun {
  const { until = '1e11', recordsPerDecade = 4, maxSteps = 4000 } = options;
  const key = `${problem.name}|${JSON.stringify(problem.spec)}|${until}|${recordsPerDecade}|${maxSteps}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const start = performance.now();
  const p = precision(20);
  const result = integrate(problem, problem.initial(p), p, {
    times: [until],
    method: 'float64',
    recordsPerDecade,
    maxSteps,
  });
  const run: ChannelRun = {
    problem,
    result,
    records: result.records.filter((r) => Number(r.t) > 0),
    seconds: (performance.now() - start) / 1000,
  };
  cache.set(key, run);
  return run;
}

/** The realisable case: glu-teacher (its GLU target is fitted exactly at infinity, L∞ = 0). */
export function realisableProblem(): Problem {
  return loadProblem('glu-teacher');
}

/**
 * The generic case (L∞ > 0, h > 0): glu-teacher's inputs and student with the target
 * 0.5·tanh(x) + x·sech²(x) − 0.3·tanh(3x), which no GLU of tanh fits exactly; its best GLU (w ≈ 0.91) has
 * h ≈ 9.1e−5 > 0, so the channel attracts.
 */
export function genericProblem(): Problem {
  const base = builtinProblem('glu-teacher');
  if (base.data.kind !== 'formula')
    throw new Error('genericProblem: glu-teacher is no longer a formula problem');
  return problemFromSpec(
    {
      ...base,
      name: 'glu-teacher-generic',
      description:
        'glu-teacher with −0.3·tanh(3x) added to the target: the GLU limit no longer fits (L∞ > 0).',
      data: { ...base.data, target: '0.5*tanh(x) + x/cosh(x)^2 - 0.3*tanh(3*x)' },
    },
    'glu-teacher-generic',
  );
}

/** A channel problem built with a given activation (network, data at any precision, initial point). */
export interface ChannelProblem {
  readonly name: string;
  readonly network: Network;
  readonly dataset: (q: Precision) => Dataset;
  readonly initial: (q: Precision) => Decimal[];
}

/**
 * glu-teacher with the activation under test: two σ neurons without biases fitting the GLU 0.5·σ(x) + x·σ′(x)
 * (c = 0.5, w = 1, v = 1) on glu-teacher's 9 points of [−3, 3], from glu-teacher's initial point
 * w = (1.1, 0.9), a = (5, −4.5). Realisable only at infinity (L∞ = 0). Targets are computed from σ's jets at the
 * requested precision (memoised per precision).
 */
export function gluTeacherFor(act: Activation): ChannelProblem {
  const memo = new Map<number, Dataset>();
  const dataset = (q: Precision): Dataset => {
    const hit = memo.get(q.digits);
    if (hit !== undefined) return hit;
    const inputs = Array.from({ length: 9 }, (_, k) => new q.D(-3).plus(new q.D(k).times('0.75')));
    const targets = inputs.map((x) => {
      const d = act.derivatives(x, 1, q);
      return new q.D('0.5').times(d[0] as Decimal).plus(x.times(d[1] as Decimal));
    });
    const data: Dataset = { inputs: inputs.map((x) => [x]), targets };
    memo.set(q.digits, data);
    return data;
  };
  return {
    name: `glu-teacher (${act.name})`,
    network: {
      layout: { width: 2, inputDimension: 1, hiddenBias: false, outputBias: false },
      activation: act,
    },
    dataset,
    initial: (q) => ['1.1', '0.9', '5', '-4.5'].map((v) => new q.D(v)),
  };
}

/** Channel coordinates of a pair in one input dimension (Δ = +1, signed ε), as doubles. */
export interface PairCoordinates {
  readonly t: number;
  readonly loss: number;
  readonly eps: number;
  readonly A: number;
  readonly a: number;
  readonly c: number;
  readonly w: number;
}

/** The pair (0-based, a_i > 0) that the flow's last record shows running off, or undefined. */
export function runPair(run: ChannelRun): readonly [number, number] | undefined {
  const last = run.records[run.records.length - 1];
  if (last === undefined) return undefined;
  const p = precision(20);
  const pair = closestOppositePair(
    run.problem.network.layout,
    last.params.map((s) => new p.D(s)),
  );
  if (pair === undefined) return undefined;
  const ai = last.params[readoutIndex(run.problem.network.layout, pair.i)];
  return Number(ai) > 0 ? [pair.i, pair.j] : [pair.j, pair.i];
}

/** (t, L, ε, A, a, c, w) of the pair along the records (rows of one entry only: one input, no hidden bias). */
export function pairCoordinates(
  run: ChannelRun,
  pair: readonly [number, number],
): readonly PairCoordinates[] {
  const { layout } = run.problem.network;
  const [i, j] = pair;
  return run.records.map((r) => {
    // Signed ε = (w_i − w_j)/2 and Δ = +1 (the one-dimensional convention of the channel coordinates).
    const ch = toChannelCoordinates64(neuronPair(layout, r.params.map(Number), i, j));
    if (ch.kind !== 'pair') throw new Error("pairCoordinates: the pair's input weights coincide (ε = 0)");
    return {
      t: Number(r.t),
      loss: Number(r.loss),
      eps: ch.eps,
      A: ch.A,
      a: ch.a,
      c: ch.c,
      w: ch.w[0] as number,
    };
  });
}

/**
 * The critical point of the loss at infinity ℓ(w, 0) of the pair (other neurons fixed at the run's last values)
 * closest to w, at 30 digits; undefined when the layout is not one-dimensional or there is none.
 */
export function limitPointNear(
  run: ChannelRun,
  pair: readonly [number, number],
  w: number,
  glu = true,
): LimitCriticalPoint | undefined {
  const { network } = run.problem;
  if (rowLength(network.layout) !== 1) return undefined;
  const p = precision(30);
  const last = run.records[run.records.length - 1];
  if (last === undefined) return undefined;
  const flat = (q: typeof p): Decimal[] => last.params.map((s) => new q.D(s));
  const model = limitModelOf(network, (q) => run.problem.dataset(q), flat, pair, glu);
  const points = limitCriticalPoints(model, p, {
    wMin: Math.max(0.05, Math.abs(w) / 4),
    wMax: Math.abs(w) * 4 + 1,
  });
  let best: LimitCriticalPoint | undefined;
  for (const c of points) {
    if (
      best === undefined ||
      Math.abs(c.w.toNumber() - Math.abs(w)) < Math.abs(best.w.toNumber() - Math.abs(w))
    )
      best = c;
  }
  return best;
}

/** Least-squares line y ≈ α + β x. */
export function fitLine(x: readonly number[], y: readonly number[]): { alpha: number; beta: number } {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  x.forEach((v, k) => {
    sxy += (v - mx) * ((y[k] as number) - my);
    sxx += (v - mx) ** 2;
  });
  const beta = sxy / sxx;
  return { alpha: my - beta * mx, beta };
}

/** A least-squares fit with the standard error of each coefficient (see {@link leastSquares}). */
export interface LeastSquaresFit {
  readonly coef: readonly number[];
  /** Standard errors √(σ² (XᵀX)⁻¹_kk), σ² = RSS/(n − m): the statistical error of each coefficient. */
  readonly se: readonly number[];
  /** Root-mean-square residual. */
  readonly rms: number;
}

/**
 * Least squares y ≈ Σ_k coef_k · columns_k (n rows, m < n columns) by modified Gram–Schmidt on norm-scaled
 * columns, with standard errors; undefined when the columns are numerically dependent (a pivot below 1e−13 of
 * its column's norm) or there are too few rows.
 */
export function leastSquares(
  columns: readonly (readonly number[])[],
  y: readonly number[],
): LeastSquaresFit | undefined {
  const n = y.length;
  const m = columns.length;
  if (n <= m || columns.some((c) => c.length !== n)) return undefined;
  const scale = columns.map((c) => Math.sqrt(c.reduce((s, v) => s + v * v, 0)));
  if (scale.some((s) => !(s > 0) || !Number.isFinite(s))) return undefined;
  const Q = columns.map((c, k) => c.map((v) => v / (scale[k] as number)));
  const R = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let k = 0; k < m; k++) {
    const qk = Q[k] as number[];
    for (let i = 0; i < k; i++) {
      const qi = Q[i] as number[];
      const r = qi.reduce((s, v, l) => s + v * (qk[l] as number), 0);
      (R[i] as number[])[k] = r;
      for (let l = 0; l < n; l++) qk[l] = (qk[l] as number) - r * (qi[l] as number);
    }
    const norm = Math.sqrt(qk.reduce((s, v) => s + v * v, 0));
    if (!(norm > 1e-13)) return undefined;
    (R[k] as number[])[k] = norm;
    for (let l = 0; l < n; l++) qk[l] = (qk[l] as number) / norm;
  }
  const qty = Q.map((q) => q.reduce((s, v, l) => s + v * (y[l] as number), 0));
  // R⁻¹ (upper triangular): the coefficients are R⁻¹Qᵀy and their covariance σ² R⁻¹R⁻ᵀ (scaled columns).
  const Rinv = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let j = 0; j < m; j++) {
    for (let i = j; i >= 0; i--) {
      let s = i === j ? 1 : 0;
      for (let k = i + 1; k <= j; k++)
        s -= ((R[i] as number[])[k] as number) * ((Rinv[k] as number[])[j] as number);
      (Rinv[i] as number[])[j] = s / ((R[i] as number[])[i] as number);
    }
  }
  const z = Rinv.map((row) => row.reduce((s, v, k) => s + v * (qty[k] as number), 0));
  const coef = z.map((v, k) => v / (scale[k] as number));
  let rss = 0;
  for (let l = 0; l < n; l++) {
    const fitted = columns.reduce((s, c, k) => s + (c[l] as number) * (coef[k] as number), 0);
    rss += ((y[l] as number) - fitted) ** 2;
  }
  const sigma2 = rss / (n - m);
  const se = Rinv.map(
    (row, k) => Math.sqrt(sigma2 * row.reduce((s, v) => s + v * v, 0)) / (scale[k] as number),
  );
  return { coef, se, rms: Math.sqrt(rss / n) };
}

/**
 * x printed with the significant digits a relative error `relError` leaves (one more than the error's first
 * digit allows, at least 2, at most 17): a number in the evidence never shows digits it has not earned.
 */
export function earned(x: number, relError: number): string {
  const digits = Math.min(17, Math.max(2, Math.floor(-Math.log10(Math.max(relError, 1e-17))) + 1));
  return x.toPrecision(digits);
}

/** Slope of log|y| against log x between two points. */
export function logSlope(x0: number, y0: number, x1: number, y1: number): number {
  return Math.log(Math.abs(y1 / y0)) / Math.log(x1 / x0);
}

/**
 * The verdict of a claim checked on one or more channel runs: a failed check refutes; otherwise an undecided run
 * (or an outcome of an unknown kind, or no outcome at all) makes it inconclusive, a run that found no channel makes
 * it `noChannel` (not-applicable for a user's problem, which may have none; inconclusive for a built-in
 * construction, which was built to have one), and only all checks passing verify it.
 */
export function verdictOfRuns(
  outcomes: readonly ({ readonly kind: 'checked'; readonly passed: boolean } | { readonly kind: string })[],
  summary: string,
  evidence: Evidence,
  figures: Figure[],
  noChannel: 'not-applicable' | 'inconclusive' = 'not-applicable',
): Verdict {
  const failed = outcomes.some((o) => o.kind === 'checked' && 'passed' in o && o.passed === false);
  const known = (o: { readonly kind: string }): boolean =>
    o.kind === 'checked' ? 'passed' in o && typeof o.passed === 'boolean' : o.kind === 'no-channel';
  if (failed) return { kind: 'refuted', summary, evidence, figures };
  if (outcomes.length === 0)
    return {
      kind: 'inconclusive',
      summary: `no check ran${summary === '' ? '' : `: ${summary}`}`,
      evidence,
      figures,
    };
  if (outcomes.some((o) => !known(o))) return { kind: 'inconclusive', summary, evidence, figures };
  if (outcomes.some((o) => o.kind === 'no-channel')) return { kind: noChannel, summary, evidence, figures };
  return { kind: 'verified', summary, evidence, figures };
}
