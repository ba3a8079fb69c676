import { neuronPair } from '../../network/neuron-pair.js';
import { rowLength } from '../../network/params.js';
import type { Evidence } from '../claim.js';
import {
  earned,
  fitLine,
  leastSquares,
  limitPointNear,
  pairCoordinates,
  runPair,
  type ChannelRun,
} from './channel-runs.js';
import { channelGrowth } from './time-laws.js';

/** Parallelism measures between consecutive records of a channel run (mathematics.md §2, paper eq. 5). */
export interface ParallelismStep {
  /** Geometric mean of the two records' times, and |ε| at the later one. */
  readonly t: number;
  readonly eps: number;
  /** |cos| between the update Δθ and the saddle-line direction (0,…,0; +1, −1 on a_i, a_j). */
  readonly cos: number;
  /** 1 − |cos|, computed from the orthogonal part of Δθ (no cancellation). */
  readonly oneMinusCos: number;
  /** (1 − |cos|) a²/(2 ε_prev² ε_next²): 1 + O(ε²) by the GLU-limit prediction. */
  readonly ratioToPrediction: number;
  /** ‖P Δθ‖²/‖Δθ‖², P the projection on the channel subspace (a_i, a_j and, per row, span{w_i, w_j}). */
  readonly fraction: number;
  /** Euclidean distance of the later point to the parent saddle line. */
  readonly distance: number;
}

export type ParallelismOutcome =
  | { readonly kind: 'no-channel'; readonly reason: string; readonly evidence: Evidence }
  | { readonly kind: 'undecided'; readonly reason: string; readonly evidence: Evidence }
  | {
      readonly kind: 'checked';
      readonly passed: boolean;
      readonly summary: string;
      readonly steps: readonly ParallelismStep[];
      readonly evidence: Evidence;
    };

/** Options of {@link checkParallelism}. */
export interface ParallelismOptions {
  /**
   * The paper's channel criterion: the last update's fraction in the channel subspace exceeds this (a definition,
   * Martinelli et al. §4 use 0.9). Default 0.9.
   */
  readonly fraction?: number;
  /** Each extrapolated value must lie within safety × its error estimate of the prediction. Default 3. */
  readonly safety?: number;
  /** Decades of t (ending at the last record) whose updates are fitted. Default 3. */
  readonly decades?: number;
  /** Multiplies the predicted limit distance to the parent saddle line (tests break it on purpose). Default 1. */
  readonly distanceFactor?: number;
}

/** A value extrapolated to ε → 0 from y_k = y∞ + κ ε_k² (+ λ ε_k⁴), with its error budget. */
export interface Extrapolated {
  readonly value: number;
  /** |y∞(2 terms) − y∞(3 terms)| + 2·SE(3 terms) + the float64 floor. */
  readonly error: number;
}

/**
 * Richardson extrapolation in s = ε² by least squares: the fits with (1, s) and (1, s, s²) give two limits, whose
 * difference estimates the truncation error; `floor` is the relative float64/integrator noise of the data.
 */
export function extrapolateInEps2(
  eps: readonly number[],
  y: readonly number[],
  floor: number,
): Extrapolated | undefined {
  const s = eps.map((e) => e * e);
  const ones = s.map(() => 1);
  const f2 = leastSquares([ones, s], y);
  const f3 = leastSquares([ones, s, s.map((v) => v * v)], y);
  if (f2 === undefined || f3 === undefined) return undefined;
  const value = f3.coef[0] as number;
  const error = Math.abs((f2.coef[0] as number) - value) + 2 * (f3.se[0] as number) + floor * Math.abs(value);
  return { value, error };
}

const str = (x: number): string => x.toPrecision(6);

/**
 * Along the last two decades of a channel run: the updates turn towards the saddle-line direction, with
 * 1 − |cos| ∝ ε⁴ (the a-part of an update is ∝ a Δε/ε², the rest ∝ Δε), they lie in the channel subspace, and the
 * distance to the parent saddle line (the one-neuron critical point of the pair's limit, duplicated) stays bounded.
 */
export function checkParallelism(run: ChannelRun, options: ParallelismOptions = {}): ParallelismOutcome {
  const { fraction: minFraction = 0.9, safety = 3, decades = 3, distanceFactor = 1 } = options;
  const base = { problem: run.problem.name };
  const pair = runPair(run);
  if (pair === undefined)
    return { kind: 'no-channel', reason: 'no pair with opposite readouts', evidence: base };
  const coords = pairCoordinates(run, pair);
  const why = channelGrowth(coords);
  const outcome = run.result.outcome.kind;
  if (why !== undefined || (outcome !== 'channelSuspected' && outcome !== 'maxTime')) {
    return {
      kind: 'no-channel',
      reason: `the flow does not run into a channel (${why ?? `outcome ${outcome}`})`,
      evidence: base,
    };
  }
  const { layout } = run.problem.network;
  const m = rowLength(layout);
  const [i, j] = pair;
  const lastCoords = coords[coords.length - 1];
  const found =
    lastCoords === undefined || m !== 1 ? undefined : limitPointNear(run, pair, lastCoords.w, false);
  // Without a one-neuron critical point at w > 0, the parent is the zero-readout one (w*, c*) = (0, 0), critical
  // whenever σ(0) = 0 (f ≡ 0 there, so ∂_c L ∝ σ(0) and ∂_w L ∝ c vanish).
  const zeroCritical = run.problem.network.activation.value64(0) === 0;
  if (m !== 1 || (found === undefined && !zeroCritical)) {
    return {
      kind: 'undecided',
      reason:
        m !== 1
          ? 'the parent saddle line needs the one-dimensional loss at infinity (one input, no hidden bias)'
          : 'no one-neuron critical point found for the parent saddle line',
      evidence: base,
    };
  }
  const parent = found ?? { w: new Number(0), c: new Number(0) };
  const wStar = Number(parent.w) * Math.sign(lastCoords?.w ?? 1);
  const cStar = Number(parent.c);
  const tLast = lastCoords?.t ?? 0;
  const recs = run.records.filter((r) => Number(r.t) >= tLast / 10 ** decades);
  const steps: ParallelismStep[] = [];
  for (let k = 1; k < recs.length; k++) {
    const prev = (recs[k - 1]?.params ?? []).map(Number);
    const next = (recs[k]?.params ?? []).map(Number);
    const d = next.map((v, n) => v - (prev[n] as number));
    const norm2 = d.reduce((s, v) => s + v * v, 0);
    // The pair in the records and in the update (rows of one entry here: w_i is the row's only entry).
    const pp = neuronPair(layout, prev, i, j);
    const pn = neuronPair(layout, next, i, j);
    const pd = neuronPair(layout, d, i, j);
    const along = (pd.ai - pd.aj) / Math.SQRT2;
    // Projection of each row's update on span{w_i, w_j} (one-dimensional rows: the whole row).
    const rowPart = (dr: readonly number[]): number => projectedNorm2(dr, [pn.wi, pn.wj]);
    const inChannel = pd.ai ** 2 + pd.aj ** 2 + rowPart(pd.wi) + rowPart(pd.wj);
    const distance2 =
      ((pn.wi[0] as number) - wStar) ** 2 +
      ((pn.wj[0] as number) - wStar) ** 2 +
      (pn.ai + pn.aj - cStar) ** 2 / 2;
    // 1 − |cos| from the part of Δθ orthogonal to e = (e_ai − e_aj)/√2 (no cancellation): ‖Δθ⊥‖²/‖Δθ‖² = 1 − cos².
    const perp2 = norm2 - pd.ai ** 2 - pd.aj ** 2 + (pd.ai + pd.aj) ** 2 / 2;
    const omc = perp2 / norm2 / (1 + Math.sqrt(Math.max(0, 1 - perp2 / norm2)));
    // Prediction: with a, c, w fixed, Δε/ΔA = 2ε_prev ε_next / a between the records, so
    // 1 − cos = 1 − (1 + (Δε/ΔA)²)^−1/2 ≈ 2 ε_prev² ε_next² / a² (1 + O(ε²) from the drift of a, c, w).
    const epsPrev = ((pp.wi[0] as number) - (pp.wj[0] as number)) / 2;
    const epsNext = ((pn.wi[0] as number) - (pn.wj[0] as number)) / 2;
    const aNext = epsNext * (pn.ai - pn.aj);
    const t0 = Number(recs[k - 1]?.t);
    const t1 = Number(recs[k]?.t);
    steps.push({
      t: Math.sqrt(t0 * t1),
      eps: Math.abs(((pn.wi[0] as number) - (pn.wj[0] as number)) / 2),
      cos: Math.abs(along) / Math.sqrt(norm2),
      oneMinusCos: omc,
      ratioToPrediction: (omc * aNext * aNext) / (2 * epsPrev * epsPrev * epsNext * epsNext),
      fraction: inChannel / norm2,
      distance: Math.sqrt(distance2),
    });
  }
  const last = steps[steps.length - 1];
  const first = steps[0];
  const glu = lastCoords === undefined ? undefined : limitPointNear(run, pair, lastCoords.w);
  if (last === undefined || first === undefined || steps.length < 6 || glu === undefined) {
    return {
      kind: 'undecided',
      reason:
        glu === undefined
          ? 'no critical point of the loss at infinity near the flow’s w (the predicted limit distance needs it)'
          : `${steps.length} updates in the fit window (need ≥ 6)`,
      evidence: base,
    };
  }
  const eps = steps.map((s) => s.eps);
  // Float64 states good to `estimatedDigits`: a difference of two records over ~a quarter decade keeps about
  // that many digits less one; 1 − cos is a ratio of squares of such differences.
  const floor = 4 * 10 ** (1 - run.result.estimatedDigits);
  const cosFit = extrapolateInEps2(
    eps,
    steps.map((s) => s.ratioToPrediction),
    floor,
  );
  // Limit distance to the parent saddle line: the pair at (w∞ ± 0, c∞) of the GLU limit, the line at (w*, w*; c*).
  const wInf = glu.w.toNumber() * Math.sign(lastCoords?.w ?? 1);
  const cInf = glu.c.toNumber();
  const predictedDistance = Math.sqrt(2 * (wInf - wStar) ** 2 + (cInf - cStar) ** 2 / 2) * distanceFactor;
  const distFit = extrapolateInEps2(
    eps,
    steps.map((s) => s.distance / predictedDistance),
    floor,
  );
  if (cosFit === undefined || distFit === undefined) {
    return { kind: 'undecided', reason: 'the extrapolation in ε² is singular', evidence: base };
  }
  const expFit = fitLine(
    steps.map((s) => Math.log(s.eps)),
    steps.map((s) => Math.log(s.oneMinusCos)),
  );
  const within = (x: Extrapolated): boolean => Math.abs(x.value - 1) <= safety * x.error;
  const show = (x: Extrapolated): string =>
    `${earned(x.value, x.error)} ± ${(safety * x.error).toPrecision(2)}`;
  const passed = within(cosFit) && within(distFit) && last.fraction > minFraction;
  return {
    kind: 'checked',
    passed,
    steps,
    summary: `${run.problem.name}: (1 − cos)·a²/(2ε²ε′²) → ${show(cosFit)} (1 − cos = ${str(last.oneMinusCos)} at ε = ${str(last.eps)}, ∝ ε^${expFit.beta.toFixed(2)}), distance to the parent saddle line → ${show(distFit)} of the predicted ${str(predictedDistance)}, channel fraction ${str(last.fraction)}`,
    evidence: {
      ...base,
      pair: `${i + 1},${j + 1}`,
      parentSaddleLine:
        found === undefined
          ? 'w* = 0, c* = 0 (the zero-readout critical point; the one-neuron loss has no critical point at w > 0)'
          : `w* = ${found.w.toSignificantDigits(10).toString()}, c* = ${found.c.toSignificantDigits(10).toString()} (one-neuron critical point, duplicated)`,
      gluLimit: `w∞ = ${glu.w.toSignificantDigits(10).toString()}, c∞ = ${glu.c.toSignificantDigits(10).toString()}, a∞ = ${glu.a.toSignificantDigits(10).toString()}`,
      t: steps.map((s) => str(s.t)),
      eps: steps.map((s) => str(s.eps)),
      oneMinusCos: steps.map((s) => str(s.oneMinusCos)),
      oneMinusCosOverPrediction: show(cosFit),
      predictedOneMinusCos: '2 ε_prev² ε_next² / a² (1 + O(ε²)) between consecutive records',
      channelFraction: steps.map((s) => str(s.fraction)),
      channelCriterion: `fraction > ${minFraction} (the paper's definition of a channel)`,
      distanceToSaddleLine: steps.map((s) => str(s.distance)),
      predictedLimitDistance: `${str(predictedDistance)} = √(2(w∞ − w*)² + (c∞ − c*)²/2)`,
      distanceOverPrediction: show(distFit),
      exponentOfOneMinusCosInEps: expFit.beta.toFixed(2),
      errorModel: `y_k = y∞ + κ ε_k² (+ λ ε_k⁴) by least squares on ${steps.length} updates; error = |y∞(2 terms) − y∞(3 terms)| + 2·SE + float64 floor ${floor.toPrecision(1)}; tolerance = ${safety} × error`,
    },
  };
}

/** ‖projection of v on span(basis)‖² (Gram–Schmidt; dependent vectors are skipped). */
function projectedNorm2(v: readonly number[], basis: readonly (readonly number[])[]): number {
  const ortho: number[][] = [];
  for (const b of basis) {
    const u = [...b];
    for (const q of ortho) {
      const c = u.reduce((s, x, k) => s + x * (q[k] as number), 0);
      u.forEach((_, k) => (u[k] = (u[k] as number) - c * (q[k] as number)));
    }
    const n = Math.sqrt(u.reduce((s, x) => s + x * x, 0));
    if (n > 1e-12 * Math.max(1, Math.sqrt(b.reduce((s, x) => s + x * x, 0)))) ortho.push(u.map((x) => x / n));
  }
  return ortho.reduce((s, q) => s + v.reduce((t, x, k) => t + x * (q[k] as number), 0) ** 2, 0);
}
