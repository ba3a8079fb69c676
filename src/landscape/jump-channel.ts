import type { Decimal } from 'decimal.js';
import { integrate } from '../flow/integrate.js';
import { integrate64 } from '../flow/integrate64.js';
import type { Objective, ObjectiveValue64 } from '../flow/objective.js';
import type { Dataset, Dataset64 } from '../network/dataset.js';
import type { Network } from '../network/loss.js';
import { lossAndDerivatives64 } from '../network/loss64.js';
import { neuronPair, pairDivergence, pairIndices } from '../network/neuron-pair.js';
import { parameterCount, rowLength } from '../network/params.js';
import { integerOption, knownOptions, numberOption, OptionError } from '../errors.js';
import { MAX_INTERNAL_DIGITS, precision, roundTo, type Precision } from '../precision/context.js';
import {
  luSolveF64,
  norm2F64,
  symmetricEigenvalues,
  symmetricEigenvaluesF64,
} from '../precision/linalg/index.js';
import {
  defaultChannelPair,
  digitsForA,
  fitPowers,
  type FollowOutcome,
  type FollowPoint,
} from './follow-channel.js';
import { confirmFloorPoint } from './_internals/confirm-floor-point.js';
import { restricted, type Restricted } from './_internals/valley-floor.js';

/** Options of {@link jumpChannel}. */
export interface JumpOptions {
  /** The pair (0-based). Default as in followChannel. */
  readonly pair?: readonly [number, number];
  /** Significant digits of the reported values, each confirmed by a solve at +`confirmStep` digits. Default 20. */
  readonly reportDigits?: number;
  /** Digits added for the confirming Newton solve of every point. Default 20. */
  readonly confirmStep?: number;
  /** Relaxation rounds (each of duration 20/λ_min) per point before giving up. Default 12. */
  readonly maxRounds?: number;
}

/**
 * The paper's jump procedure, a second route along a channel independent of the Newton continuation: from the start,
 * relax the other coordinates u = (w, v = aΔ, c, the other neurons) at fixed A with the gradient flow (src/flow's
 * `integrate` with its implicit Radau IIA method, on the loss restricted to u); then repeatedly halve ε keeping c, a, w and Δ — so A = a/(2ε) doubles
 * and u is unchanged — and relax again, until |A| ≥ |toA|. A relaxation runs in rounds of duration 20/λ_min (λ_min
 * the smallest eigenvalue of the restricted Hessian at the jump, so each round shrinks the distance to the floor
 * by e^−20) until the loss of two consecutive rounds agrees to reportDigits + 2 digits. Works at
 * digitsForA(A) digits. Every point is then confirmed as in followChannel: Newton at +`confirmStep` digits from the
 * relaxed point must reproduce every reported value to reportDigits; otherwise the point is relaxed again with 20
 * more digits (twice) before the route stops (`failed`, the unconfirmed point not reported). Points as in
 * followChannel (no `t`).
 */
export function jumpChannel(
  network: Network,
  data: (q: Precision) => Dataset,
  start: readonly Decimal[],
  toA: Decimal.Value,
  options: JumpOptions = {},
): FollowOutcome {
  const fn = 'jumpChannel';
  knownOptions(fn, options, ['pair', 'reportDigits', 'confirmStep', 'maxRounds']);
  const { reportDigits = 20, confirmStep = 20, maxRounds = 12 } = options;
  integerOption(fn, 'reportDigits', reportDigits, 1, MAX_INTERNAL_DIGITS);
  integerOption(fn, 'confirmStep', confirmStep, 1, MAX_INTERNAL_DIGITS);
  integerOption(fn, 'maxRounds', maxRounds, 1, 1e6);
  if (options.pair !== undefined) {
    const width = network.layout.width;
    options.pair.forEach((k, n) => integerOption(fn, `pair[${n}]`, k, 0, width - 1));
    if (options.pair.length !== 2 || options.pair[0] === options.pair[1])
      throw new OptionError(fn, 'pair', 'pair must be two different neuron indices (0-based)');
  }
  const pair = options.pair ?? defaultChannelPair(network, start);
  if (pair === undefined)
    throw new RangeError('jumpChannel: no pair of neurons with readouts of opposite signs');
  const [i, j] = pair;
  const q0 = precision(40);
  const startPair = neuronPair(network.layout, start, i, j);
  let A = pairDivergence({ ai: new q0.D(startPair.ai), aj: new q0.D(startPair.aj) });
  if (A.isZero()) throw new RangeError('jumpChannel: A = 0 at the start (a_i = a_j)');
  const target = new q0.D(toA).abs();
  if (!target.gt(A.abs())) throw new RangeError('jumpChannel: the target |A| must exceed the start’s |A|');
  const r = (x: Decimal): Restricted => restricted(network, data, i, j, x);
  let u = r(A).fromFlat(start, precision(digitsForA(target) + 10));
  const out: FollowPoint[] = [];
  for (;;) {
    const needed = digitsForA(A);
    let accepted: FollowPoint | undefined;
    let reason = '';
    // As in followChannel: a point that the +confirmStep solve does not confirm is tried again with 20 more
    // working digits (twice) before the route stops; an unconfirmed point is never reported.
    for (let W = needed; W <= needed + 40 && accepted === undefined; W += 20) {
      const relaxed = relax(r(A), u, precision(W), A, reportDigits, maxRounds);
      if (relaxed.kind === 'failed') return { kind: 'failed', pair, points: out, reason: relaxed.reason };
      u = relaxed.u;
      const confirmation = confirmFloorPoint(network, data, i, j, A, r(A), u, W, {
        reportDigits,
        confirmStep,
      });
      if (confirmation.kind !== 'confirmed') {
        reason = confirmation.reason;
        continue;
      }
      const q = precision(W);
      accepted = {
        ...confirmation.values,
        digits: W,
        confirmedDigits: confirmation.confirmedDigits,
        params: r(A)
          .toFlat(u, q)
          .map((x) => roundTo(q, x)),
      };
    }
    if (accepted === undefined) return { kind: 'failed', pair, points: out, reason };
    out.push(accepted);
    if (!A.abs().lt(target)) break;
    A = A.times(2); // ε halved at fixed c, a, w, Δ: u is unchanged
  }
  const fits = fitPowers(out);
  return fits === undefined
    ? { kind: 'reached', pair, points: out }
    : { kind: 'reached', pair, points: out, fits };
}

type Relaxation =
  { readonly kind: 'settled'; readonly u: Decimal[] } | { readonly kind: 'failed'; readonly reason: string };

/**
 * Relaxes u at fixed A by the gradient flow on the restricted loss, in rounds of duration 20/λ_min, until the loss
 * of two consecutive rounds agrees to reportDigits + 2 digits (at most maxRounds rounds).
 */
function relax(
  r: Restricted,
  start: readonly Decimal[],
  q: Precision,
  A: Decimal,
  reportDigits: number,
  maxRounds: number,
): Relaxation {
  let u = start.map((x) => new q.D(x));
  const H = r.objective.evaluate(u, q, { hessian: true }).hessian as readonly (readonly Decimal[])[];
  const eig = symmetricEigenvalues(H, q);
  if (eig.kind !== 'converged') throw new Error('jumpChannel: Jacobi did not converge');
  const lamMin = eig.values[0] as Decimal;
  if (!lamMin.gt(0)) {
    const reason = `the restricted Hessian is not positive definite at A = ${A.toString()}: no floor to relax to`;
    return { kind: 'failed', reason };
  }
  const round = new q.D(20).div(lamMin).toSignificantDigits(3);
  let prevLoss: Decimal | undefined;
  for (let k = 0; k < maxRounds; k++) {
    // Solved to 10^−(reportDigits+5), not to the working precision's 10^−(W+3): the rounds only have to settle the
    // loss to reportDigits + 2 digits, and every relaxed point is confirmed by Newton 20 digits higher after.
    const flow = integrate(r.objective, u, q, {
      times: [round],
      recordsPerDecade: 0,
      method: 'implicit',
      implicitLog10Tolerance: -(reportDigits + 5),
    });
    const state = flow.states[0];
    if (state === undefined) return { kind: 'failed', reason: `relaxation stopped (${flow.outcome.kind})` };
    u = state.params.map((x) => new q.D(x));
    const loss = new q.D(state.loss);
    if (
      prevLoss !== undefined &&
      loss.toSignificantDigits(reportDigits + 2).eq(prevLoss.toSignificantDigits(reportDigits + 2))
    )
      return { kind: 'settled', u };
    prevLoss = loss;
  }
  return {
    kind: 'failed',
    reason: `the relaxation at A = ${A.toString()} did not settle in ${maxRounds} rounds`,
  };
}

/** Options of {@link jumpChannel64}. */
export interface Jump64Options {
  /** The pair (0-based), a_i > 0 > a_j or the reverse. Default: the opposite-sign pair of largest |a_i − a_j|. */
  readonly pair?: readonly [number, number];
  /**
   * The A of the first point: the start is moved there at fixed u (the GLU-limit predictor) before the first
   * relaxation. Default: the start's own A.
   */
  readonly fromA?: number;
  /** A relaxation is done when the restricted gradient's 2-norm ‖∇_u L‖₂ is at most this. Default 10⁻¹⁰. */
  readonly gradientTolerance?: number;
  /** Most accepted flow steps per relaxation. Default 20 000. */
  readonly maxSteps?: number;
  /** Stop after this many points even if |A| < |toA|. Default: no limit. */
  readonly maxPoints?: number;
}

/** One relaxed point of {@link jumpChannel64} (float64 values). */
export interface Jump64Point {
  /** A = (a_i − a_j)/2, fixed during the relaxation. */
  readonly A: number;
  /** 1/ε = 2/‖w_i − w_j‖. */
  readonly invEps: number;
  /** The float64 loss (wrong in its last ~log₁₀|A| digits: recompute it in Decimal where that matters). */
  readonly loss: number;
  /** c = a_i + a_j and a = ε(a_i − a_j). */
  readonly c: number;
  readonly a: number;
  /** cos(Δ, w) over the full rows (hidden bias included). */
  readonly cosDeltaW: number;
  /** The largest eigenvalue of the full Hessian ∇²L in the network's own parameters. */
  readonly lambdaMax: number;
  /**
   * The smallest eigenvalue of the restricted Hessian (in u): positive on a strict valley floor, zero within
   * rounding (≥ −10⁻⁸ times the largest) where the floor has flat directions.
   */
  readonly restrictedLambdaMin: number;
  /** ‖∇_u L‖₂ at the point. */
  readonly gradientNorm: number;
  /** Gradient-flow time of the relaxation and its accepted steps (Newton polishing steps not counted). */
  readonly flowTime: number;
  readonly flowSteps: number;
  /** The point in the network's flat order. */
  readonly params: Float64Array;
}

export type Jump64Outcome =
  | {
      readonly kind: 'reached';
      readonly pair: readonly [number, number];
      readonly points: readonly Jump64Point[];
    }
  | {
      readonly kind: 'failed';
      readonly pair: readonly [number, number];
      readonly points: readonly Jump64Point[];
      readonly reason: string;
    };

/**
 * The paper's jump procedure in float64, for networks too large for the Decimal route {@link jumpChannel} (every
 * relaxation there is a Decimal Radau integration with Hessians: an 8-input, 8-neuron network on 10³ samples would
 * take hours). The same procedure: relax u = (other neurons, w, v = A(w_i − w_j), c) at fixed A by the gradient
 * flow (`integrate64`: GBS, Radau IIA where stiff) until ‖∇_u L‖₂ ≤ gradientTolerance, polish with Newton steps on
 * the restricted Hessian while they lower ‖∇_u L‖₂ (at most 8), then halve ε at fixed c, a, w, Δ (A doubles, u is
 * unchanged) and relax again, until |A| ≥ |toA|. A point whose restricted Hessian has an eigenvalue below
 * −10⁻⁸ times its largest is no valley floor: the route stops (`failed`).
 *
 * Accuracy: the pair's output cancels two terms of size |A|, so the loss and ∇_u L carry absolute errors of about
 * |A|·2⁻⁵³ times the data's scale; for |A| ≲ 10⁵ the floor is still located to ≈ |A|·10⁻¹⁶/λ_min. Check a point in
 * Decimal (its loss and restricted gradient) before trusting more digits than that.
 */
export function jumpChannel64(
  network: Network,
  data: Dataset64,
  start: Float64Array,
  toA: number,
  options: Jump64Options = {},
): Jump64Outcome {
  const fn = 'jumpChannel64';
  knownOptions(fn, options, ['pair', 'fromA', 'gradientTolerance', 'maxSteps', 'maxPoints']);
  const { gradientTolerance = 1e-10, maxSteps = 20_000, maxPoints = Infinity } = options;
  if (options.maxPoints !== undefined) integerOption(fn, 'maxPoints', maxPoints, 1, 1e6);
  numberOption(fn, 'gradientTolerance', gradientTolerance, { above: 0 });
  integerOption(fn, 'maxSteps', maxSteps, 1, 1e9);
  const { layout } = network;
  if (start.length !== parameterCount(layout))
    throw new OptionError(
      fn,
      'start',
      `start has ${start.length} entries, expected ${parameterCount(layout)}`,
    );
  if (options.pair !== undefined) {
    options.pair.forEach((k, n) => integerOption(fn, `pair[${n}]`, k, 0, layout.width - 1));
    if (options.pair.length !== 2 || options.pair[0] === options.pair[1])
      throw new OptionError(fn, 'pair', 'pair must be two different neuron indices (0-based)');
  }
  const pair = options.pair ?? oppositePair64(network, start);
  if (pair === undefined)
    throw new RangeError('jumpChannel64: no pair of neurons with readouts of opposite signs');
  const [i, j] = pair;
  const idx = pairIndices(layout, i, j);
  let A = ((start[idx.ai] as number) - (start[idx.aj] as number)) / 2;
  if (A === 0) throw new RangeError('jumpChannel64: A = 0 at the start (a_i = a_j)');
  if (options.fromA !== undefined) {
    numberOption(fn, 'fromA', options.fromA, {});
    if (options.fromA === 0 || Math.sign(options.fromA) !== Math.sign(A))
      throw new OptionError(fn, 'fromA', 'fromA must be nonzero with the sign of the start’s A');
  }
  if (Number.isNaN(toA))
    throw new OptionError(fn, 'toA', 'toA must be a number (±Infinity: until maxPoints)');
  const A0 = options.fromA ?? A;
  if (!(Math.abs(toA) > Math.abs(A0)))
    throw new RangeError('jumpChannel64: the target |A| must exceed the first point’s |A|');
  let u = restricted64(network, data, i, j, A).fromFlat(start);
  A = A0;
  const out: Jump64Point[] = [];
  for (;;) {
    const r = restricted64(network, data, i, j, A);
    const flow = integrate64(r.objective, u, {
      maxTime: 1e15,
      maxSteps,
      gradientTolerance,
      log10Tolerance: -10,
    });
    if (flow.stop !== 'converged' && flow.stop !== 'maxTime' && flow.stop !== 'budget')
      return {
        kind: 'failed',
        pair,
        points: out,
        reason: `the relaxation at A = ${A} stopped (${flow.stop})`,
      };
    u = newtonPolish(r, flow.theta);
    const at = r.evaluate(u, true);
    const H = at.hessian as Float64Array;
    const n = u.length;
    const eig = symmetricEigenvaluesF64(Array.from({ length: n }, (_, k) => H.subarray(k * n, k * n + n)));
    if (eig.kind !== 'converged') throw new Error('jumpChannel64: Jacobi did not converge');
    const restrictedLambdaMin = eig.values[0] as number;
    const gradientNorm = norm2F64(at.gradient as Float64Array);
    // Zero within rounding (|λ_min| ≤ 10⁻⁸·λ_max in u) is accepted: a flat direction of the other neurons (e.g. a
    // readout that vanished) makes the floor a manifold, and the relaxed point is one of its points.
    const scale = Math.abs(eig.values[n - 1] as number);
    if (!(restrictedLambdaMin > -FLAT_RELATIVE * scale))
      return {
        kind: 'failed',
        pair,
        points: out,
        reason: `the restricted Hessian is not positive definite at A = ${A} (λ_min = ${restrictedLambdaMin}): no floor`,
      };
    if (!(gradientNorm <= gradientTolerance))
      return {
        kind: 'failed',
        pair,
        points: out,
        reason: `the relaxation at A = ${A} did not reach ‖∇_u L‖₂ ≤ ${gradientTolerance} (${gradientNorm} after ${flow.steps} steps)`,
      };
    const params = r.toFlat(u);
    out.push({
      ...describe64(network, data, params, i, j),
      A,
      restrictedLambdaMin,
      gradientNorm,
      flowTime: flow.t,
      flowSteps: flow.steps,
      params,
    });
    if (!(Math.abs(A) < Math.abs(toA)) || out.length >= maxPoints) break;
    A *= 2; // ε halved at fixed c, a, w, Δ: u is unchanged
  }
  return { kind: 'reached', pair, points: out };
}

/** Restricted eigenvalues above −FLAT_RELATIVE·λ_max count as zero (a floor with flat directions). */
const FLAT_RELATIVE = 1e-8;

/** Newton steps on the restricted loss while they lower ‖∇_u L‖₂ (at most 8; none where the Hessian is singular). */
function newtonPolish(r: Restricted64, start: Float64Array): Float64Array {
  let u = start;
  let at = r.evaluate(u, true);
  for (let k = 0; k < 8; k++) {
    const n = u.length;
    const H = at.hessian as Float64Array;
    const g = at.gradient as Float64Array;
    const solved = luSolveF64(
      Array.from({ length: n }, (_, m) => H.subarray(m * n, m * n + n)),
      Array.from(g),
    );
    if (solved.kind !== 'solved') break;
    // Polishing only: a long step (along a nearly flat direction of a singular Hessian) is not taken.
    if (!(norm2F64(solved.x) <= 1e-3 * Math.max(1, norm2F64(u)))) break;
    const next = u.map((x, m) => x - (solved.x[m] as number));
    const there = r.evaluate(next, true);
    if (!(norm2F64(there.gradient as Float64Array) < norm2F64(g))) break;
    u = next;
    at = there;
  }
  return u;
}

/** The float64 twin of the restricted loss (valley-floor.ts): u = (outside, w, v = A(w_i − w_j), c). */
export interface Restricted64 {
  readonly objective: Objective;
  readonly evaluate: (u: Float64Array, hessian: boolean) => ObjectiveValue64;
  readonly toFlat: (u: Float64Array) => Float64Array;
  readonly fromFlat: (flat: Float64Array) => Float64Array;
}

/** The loss at fixed A in the coordinates u (exported for its tests; not in the public API). */
export function restricted64(
  network: Network,
  data: Dataset64,
  i: number,
  j: number,
  A: number,
): Restricted64 {
  const { layout } = network;
  const P = parameterCount(layout);
  const m = rowLength(layout);
  const { wi, wj, ai, aj } = pairIndices(layout, i, j);
  const inPair = new Set([...wi, ...wj, ai, aj]);
  const outside = Array.from({ length: P }, (_, k) => k).filter((k) => !inPair.has(k));
  const o = outside.length;
  const n = o + 2 * m + 1;
  // Column k of the map u → flat: a scale times a ±1 pattern on one or two flat indices.
  const cols: { scale: number; terms: [number, number][] }[] = outside.map((k) => ({
    scale: 1,
    terms: [[k, 1]],
  }));
  for (let k = 0; k < m; k++)
    cols.push({
      scale: 1,
      terms: [
        [wi[k] as number, 1],
        [wj[k] as number, 1],
      ],
    });
  for (let k = 0; k < m; k++)
    cols.push({
      scale: 1 / (2 * A),
      terms: [
        [wi[k] as number, 1],
        [wj[k] as number, -1],
      ],
    });
  cols.push({
    scale: 0.5,
    terms: [
      [ai, 1],
      [aj, 1],
    ],
  });
  const toFlat = (u: Float64Array): Float64Array => {
    const flat = new Float64Array(P);
    outside.forEach((k, r) => (flat[k] = u[r] as number));
    for (let k = 0; k < m; k++) {
      const w = u[o + k] as number;
      const half = (u[o + m + k] as number) / (2 * A);
      flat[wi[k] as number] = w + half;
      flat[wj[k] as number] = w - half;
    }
    const c = u[n - 1] as number;
    flat[ai] = c / 2 + A;
    flat[aj] = c / 2 - A;
    return flat;
  };
  const fromFlat = (flat: Float64Array): Float64Array => {
    const u = new Float64Array(n);
    outside.forEach((k, r) => (u[r] = flat[k] as number));
    for (let k = 0; k < m; k++) {
      const x = flat[wi[k] as number] as number;
      const y = flat[wj[k] as number] as number;
      u[o + k] = (x + y) / 2;
      u[o + m + k] = (x - y) * A;
    }
    u[n - 1] = (flat[ai] as number) + (flat[aj] as number);
    return u;
  };
  const project = (v: ArrayLike<number>, col: { scale: number; terms: [number, number][] }): number =>
    col.scale * col.terms.reduce((s, [k, sign]) => s + sign * (v[k] as number), 0);
  const evaluate = (u: Float64Array, hessian: boolean): ObjectiveValue64 => {
    const r = lossAndDerivatives64(network, data, toFlat(u), { gradient: true, hessian });
    const g = r.gradient as Float64Array;
    const gradient = Float64Array.from(cols, (col) => project(g, col));
    if (!hessian) return { loss: r.loss, gradient };
    const H = r.hessian as Float64Array;
    // (JᵀHJ)_pq: first the columns H J (P × n), then Jᵀ of them.
    const HJ = cols.map((col) =>
      Float64Array.from({ length: P }, (_, row) => project(H.subarray(row * P, row * P + P), col)),
    );
    const out = new Float64Array(n * n);
    for (let p = 0; p < n; p++)
      for (let q = p; q < n; q++) {
        const x = project(HJ[q] as Float64Array, cols[p] as { scale: number; terms: [number, number][] });
        out[p * n + q] = x;
        out[q * n + p] = x;
      }
    return { loss: r.loss, gradient, hessian: out };
  };
  const objective: Objective = {
    evaluate: () => {
      throw new Error('jumpChannel64: the restricted objective is float64 only');
    },
    evaluate64: (u, opts = {}) => evaluate(u, opts.hessian === true),
  };
  return { objective, evaluate, toFlat, fromFlat };
}

/** 1/ε, loss, c, a, cos(Δ, w) and λ_max of the full Hessian at a flat point (float64). */
function describe64(
  network: Network,
  data: Dataset64,
  flat: Float64Array,
  i: number,
  j: number,
): Omit<Jump64Point, 'A' | 'restrictedLambdaMin' | 'gradientNorm' | 'flowTime' | 'flowSteps' | 'params'> {
  const { layout } = network;
  const P = parameterCount(layout);
  const { wi, wj, ai, aj } = pairIndices(layout, i, j);
  const xi = wi.map((k) => flat[k] as number);
  const xj = wj.map((k) => flat[k] as number);
  const diff = xi.map((x, k) => x - (xj[k] as number));
  const w = xi.map((x, k) => (x + (xj[k] as number)) / 2);
  const eps = norm2F64(diff) / 2;
  const dw = diff.reduce((s, d, k) => s + d * (w[k] as number), 0);
  const cosDeltaW = dw / (norm2F64(diff) * norm2F64(w));
  const r = lossAndDerivatives64(network, data, flat, { gradient: true, hessian: true });
  const H = r.hessian as Float64Array;
  const eig = symmetricEigenvaluesF64(Array.from({ length: P }, (_, k) => H.subarray(k * P, k * P + P)));
  if (eig.kind !== 'converged') throw new Error('jumpChannel64: Jacobi did not converge');
  const Ai = flat[ai] as number;
  const Aj = flat[aj] as number;
  return {
    invEps: 1 / eps,
    loss: r.loss,
    c: Ai + Aj,
    a: eps * (Ai - Aj),
    cosDeltaW,
    lambdaMax: eig.values[eig.values.length - 1] as number,
  };
}

/** The opposite-sign pair of largest |a_i − a_j|, ordered so that a_i > 0 (as defaultChannelPair, in float64). */
function oppositePair64(network: Network, flat: Float64Array): readonly [number, number] | undefined {
  const { width } = network.layout;
  let best: readonly [number, number] | undefined;
  let size = 0;
  for (let i = 0; i < width; i++)
    for (let j = i + 1; j < width; j++) {
      const { ai, aj } = pairIndices(network.layout, i, j);
      const x = flat[ai] as number;
      const y = flat[aj] as number;
      if (!(x * y < 0) || !(Math.abs(x - y) > size)) continue;
      size = Math.abs(x - y);
      best = x > 0 ? [i, j] : [j, i];
    }
  return best;
}
