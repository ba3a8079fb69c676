import type { Decimal } from 'decimal.js';
import type { LimitCriticalPoint } from '../../landscape/loss-at-infinity.js';
import { precision, type Precision } from '../../precision/context.js';
import { choleskySolve } from '../../precision/linalg/index.js';
import { figureSeries, type Figure } from '../../report/plot/figure.js';
import type { Evidence } from '../claim.js';
import {
  earned,
  fitLine,
  leastSquares,
  limitPointNear,
  pairCoordinates,
  runPair,
  type ChannelRun,
  type PairCoordinates,
} from './channel-runs.js';

/** The outcome of checking the time laws of mathematics.md §2 on one flow run. */
export type TimeLawOutcome =
  | { readonly kind: 'no-channel'; readonly reason: string; readonly evidence: Evidence }
  | {
      readonly kind: 'checked';
      readonly passed: boolean;
      readonly law: 'generic' | 'realisable';
      /** Fitted slope over predicted slope of ε⁻⁴ (generic) or A⁶ (realisable) against t. */
      readonly ratio: number;
      readonly summary: string;
      readonly evidence: Evidence;
      readonly figure: Figure;
    }
  | { readonly kind: 'undecided'; readonly reason: string; readonly evidence: Evidence };

/** Options of {@link checkTimeLaws}. */
export interface TimeLawTolerances {
  /** The ratio must lie within safety × (estimated error) of 1. Default 3. */
  readonly safety?: number;
  /** Decades of t (ending at the last record) that the extrapolation fits. Default 3. */
  readonly decades?: number;
  /** Multiplies the predicted constant (h or K): 1 except in tests that break the prediction on purpose. */
  readonly predictionFactor?: number;
}

/**
 * The asymptotic rate β∞ = lim d u/dt of u = ε⁻⁴ (generic) or A⁶ (realisable), extrapolated from the records by
 * fitting the known form of the corrections (see {@link extrapolateRate}), with its error budget.
 */
export type RateExtrapolation =
  | {
      readonly kind: 'extrapolated';
      /** β∞ from the fit with the next-order term. */
      readonly rate: number;
      /** β of the fit without it: their difference estimates the truncation error. */
      readonly rateLowerOrder: number;
      /** Relative statistical error of β∞ (standard error of the fit with the next-order term). */
      readonly statistical: number;
      /** Relative truncation error estimate |β − β∞|/β∞. */
      readonly truncation: number;
      /** Relative effect of the float64 integrator's error on β∞ (states correct to `estimatedDigits`). */
      readonly integrator: number;
      /** Relative correction κ s to the rate at the first and last fitted record (s = ε²). */
      readonly correctionAtStart: number;
      readonly correctionAtEnd: number;
      readonly records: number;
    }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * Extrapolates the rate of u(t) = u₀ + β∞ t + … from records (t_k, u_k). Along a channel the rate has relative
 * corrections in powers of s = ε²: du/dt = β∞(1 + κ s + κ₂ s² + …), with s ∝ u^−q (q = 1/2 for u = ε⁻⁴,
 * q = 1/3 for u = A⁶ since ε ∝ 1/A). Integrating dt = du/(β∞(1 + κ u^−q + …)) gives, exactly to that order,
 *   t = α + u/β∞ − κ u^(1−q)/((1−q)β∞) + C u^(1−2q)   (ln u instead of u^0 when q = 1/2),
 * a linear least-squares problem (Richardson extrapolation in s, using every record). The fit with the first
 * three terms and the one with all four give two values of β∞; their difference estimates the truncation error.
 * `stateDigits`: digits the flow's states are correct to (relative error of u ≤ power·10^−stateDigits).
 */
export function extrapolateRate(
  t: readonly number[],
  u: readonly number[],
  q: number,
  power: number,
  stateDigits: number,
): RateExtrapolation {
  const n = t.length;
  if (n < 7)
    return { kind: 'failed', reason: `${n} records in the fit window (need ≥ 7 for 4 coefficients)` };
  const uMax = Math.max(...u.map(Math.abs));
  const tMax = Math.max(...t);
  const x = u.map((v) => v / uMax);
  const y = t.map((v) => v / tMax);
  const ones = x.map(() => 1);
  const lower = [ones, x, x.map((v) => v ** (1 - q))];
  const next = Math.abs(1 - 2 * q) < 1e-12 ? x.map(Math.log) : x.map((v) => v ** (1 - 2 * q));
  const f3 = leastSquares(lower, y);
  const f4 = leastSquares([...lower, next], y);
  if (f3 === undefined || f4 === undefined)
    return { kind: 'failed', reason: 'the least-squares fit of t(u) is singular' };
  const inv3 = f3.coef[1] as number;
  const inv4 = f4.coef[1] as number;
  if (!(inv3 > 0) || !(inv4 > 0)) return { kind: 'failed', reason: 'the fitted rate is not positive' };
  const rate = uMax / tMax / inv4;
  const rateLowerOrder = uMax / tMax / inv3;
  // Relative rate correction of the three-term fit: 1/(dt/du) = β(1 − (1−q)(c₂/c₁) x^−q + …).
  const corr = (xv: number): number => -((1 - q) * (f3.coef[2] as number) * xv ** -q) / inv3;
  const x0 = Math.min(...x);
  const x1 = Math.max(...x);
  return {
    kind: 'extrapolated',
    rate,
    rateLowerOrder,
    statistical: (f4.se[1] as number) / inv4,
    truncation: Math.abs(rate - rateLowerOrder) / rate,
    // Both ends of u off by power·10^−digits relative: the slope over the window moves by at most that twice,
    // amplified by u_max/(u_max − u_min).
    integrator: (2 * power * 10 ** -stateDigits) / (1 - x0 / x1),
    correctionAtStart: corr(x0),
    correctionAtEnd: corr(x1),
    records: n,
  };
}

/** The decision on a fitted rate against a predicted one: |ratio − 1| ≤ safety × (the estimated error). */
export interface RateDecision {
  readonly passed: boolean;
  readonly ratio: number;
  /** Relative error estimate of the comparison: truncation + 2·statistical + integrator + prediction. */
  readonly error: number;
  readonly tolerance: number;
}

/**
 * Compares an extrapolated rate with a predicted one. `predictionError`: relative error of the prediction itself
 * (0 when it is computed at 30 digits from the exact limit point).
 */
export function decideRate(
  fit: Extract<RateExtrapolation, { kind: 'extrapolated' }>,
  predicted: number,
  safety = 3,
  predictionError = 0,
): RateDecision {
  const ratio = fit.rate / predicted;
  const error = fit.truncation + 2 * fit.statistical + fit.integrator + predictionError;
  const tolerance = safety * error;
  return { passed: Number.isFinite(ratio) && Math.abs(ratio - 1) <= tolerance, ratio, error, tolerance };
}

const str = (x: number): string => x.toPrecision(6);

/** Largest relative rate correction |κ s| in the fit window for which the expansion is trusted. */
const MAX_CORRECTION = 0.1;

/**
 * Checks the time laws of mathematics.md §2 on the flow's records of the last `decades` decades of t: generic
 * (L∞ > 0, h > 0) ε⁻⁴ ≈ ε₀⁻⁴ + 16 h t / a², realisable (L∞ = 0) A⁶ ≈ A₀⁶ + 12 K t with K = a⁴ E[((I − P) f₂)²]/16
 * (L ≈ K/A⁴). The flow's rate is extrapolated to ε → 0 ({@link extrapolateRate}); the predicted constants come
 * from the critical point of the loss at infinity at 30 digits (landscape/loss-at-infinity: the loss-expansion
 * formula for h; the projected ε² coefficient f₂ for K), not from the flow. The tolerance is safety × the error
 * budget of the extrapolation (statistical, truncation, integrator, and for networks wider than the pair the
 * O(ε²) error of holding the other neurons at their last values), stated in the evidence.
 */
export function checkTimeLaws(run: ChannelRun, tolerances: TimeLawTolerances = {}): TimeLawOutcome {
  const { safety = 3, decades = 3, predictionFactor = 1 } = tolerances;
  const outcome = run.result.outcome;
  const base = {
    problem: run.problem.name,
    flowSeconds: Number(run.seconds.toFixed(1)),
    method: 'float64 Radau IIA',
  };
  const noChannel = (why: string): TimeLawOutcome => ({
    kind: 'no-channel',
    reason: `the flow from the initial point does not run into a channel (${why})`,
    evidence: { ...base, outcome: outcome.kind },
  });
  if (outcome.kind !== 'channelSuspected' && outcome.kind !== 'maxTime')
    return noChannel(`outcome ${outcome.kind} at t = ${outcome.t}`);
  const pair = runPair(run);
  if (pair === undefined) return noChannel('no pair of neurons with readouts of opposite signs');
  const all = pairCoordinates(run, pair);
  const grew = channelGrowth(all);
  if (grew !== undefined) return noChannel(grew);
  const last = all[all.length - 1] as PairCoordinates;
  const limit = limitPointNear(run, pair, last.w);
  if (limit === undefined) {
    return {
      kind: 'undecided',
      reason:
        'the predicted constants need the one-dimensional scan of the loss at infinity (one input, no hidden bias)',
      evidence: base,
    };
  }
  const window = all.filter((r) => r.t >= last.t / 10 ** decades);
  const p = precision(30);
  const data = run.problem.dataset(p);
  const N = data.targets.length;
  const scale =
    data.targets.reduce((s, y, n) => s + y.toNumber() ** 2 * (data.weights?.[n]?.toNumber() ?? 1), 0) / N;
  const Linf = limit.loss.toNumber();
  const realisable = Linf <= 1e-12 * Math.max(scale, 1e-300);
  const common = {
    ...base,
    pair: `${pair[0] + 1},${pair[1] + 1}`,
    limitW: limit.w.toSignificantDigits(10).toString(),
    limitC: limit.c.toSignificantDigits(10).toString(),
    limitA: limit.a.toSignificantDigits(10).toString(),
    limitLoss: limit.loss.toSignificantDigits(10).toString(),
    h: limit.h.toSignificantDigits(10).toString(),
    fitWindow: `t ∈ [${str(window[0]?.t ?? 0)}, ${str(last.t)}] (${window.length} records)`,
  };
  const law = realisable ? 'realisable' : 'generic';
  let predictedRate: number;
  let lawText: string;
  const extra: Record<string, string> = {};
  if (!realisable) {
    const h = limit.h.toNumber() * predictionFactor;
    if (!(h > 0)) {
      return {
        kind: 'no-channel',
        reason: `h = ${limit.h.toSignificantDigits(4).toString()} ≤ 0 at the limit point: the generic law needs h > 0`,
        evidence: common,
      };
    }
    const a = limit.a.toNumber();
    const predicted = (16 * h) / (a * a);
    predictedRate = predicted;
    lawText = 'ε⁻⁴ ≈ ε₀⁻⁴ + 16 h t / a²';
  } else {
    // Realisable: K = a⁴ ‖(I − P) f₂‖²/16, f₂ = (c/2) x² σ″(w x) + (a/6) x³ σ‴(w x) (Δ = 1), where P projects (in
    // the ρ-weighted mean) onto the tangent space of the limit network: the relaxed parameters absorb that part.
    const residual = projectedF2(run, pair, limit, p);
    const K = residual.times(limit.a.pow(4)).div(16).toNumber() * predictionFactor;
    predictedRate = 12 * K;
    lawText = 'A⁶ ≈ A₀⁶ + 12 K t, K = a⁴ ‖(I − P) f₂‖²/16 (P: tangent space of the limit network)';
    extra['K'] = str(K);
  }
  const fit = extrapolateRate(
    window.map((r) => r.t),
    window.map((r) => (realisable ? r.A ** 6 : r.eps ** -4)),
    realisable ? 1 / 3 : 1 / 2,
    realisable ? 6 : 4,
    run.result.estimatedDigits,
  );
  const undecided = (reason: string): TimeLawOutcome => ({
    kind: 'undecided',
    reason: `${law} law on ${run.problem.name}: ${reason}`,
    evidence: { ...common, law: lawText, predictedSlope: str(predictedRate), ...extra },
  });
  if (fit.kind === 'failed') return undecided(fit.reason);
  if (!(Math.abs(fit.correctionAtStart) <= MAX_CORRECTION)) {
    return undecided(
      `the O(ε²) correction to the rate is ${str(fit.correctionAtStart)} at the start of the fit window: not yet asymptotic (need ≤ ${MAX_CORRECTION})`,
    );
  }
  // With neurons besides the pair, the prediction holds them at their last values, O(ε²) off their limit: the
  // size of the O(ε²) correction at the last record estimates that error.
  const predictionError = run.problem.network.layout.width > 2 ? Math.abs(fit.correctionAtEnd) : 0;
  const decision = decideRate(fit, predictedRate, safety, predictionError);
  const uncorrected = fitLine(
    window.filter((r) => r.t >= last.t / 100).map((r) => r.t),
    window.filter((r) => r.t >= last.t / 100).map((r) => (realisable ? r.A ** 6 : r.eps ** -4)),
  );
  const symbol = realisable ? 'd(A⁶)/dt' : 'd(ε⁻⁴)/dt';
  const constant = realisable ? '12K' : '16h/a²';
  const ratioText = earned(decision.ratio, decision.error);
  return {
    kind: 'checked',
    passed: decision.passed,
    law,
    ratio: decision.ratio,
    summary: `${law}: ${symbol} extrapolated to ε → 0 ${earned(fit.rate, decision.error)} vs ${constant} = ${str(predictedRate)} (ratio ${ratioText}, tolerance ±${decision.tolerance.toPrecision(2)} = ${safety} × error estimate)`,
    evidence: {
      ...common,
      law: lawText,
      ...extra,
      predictedSlope: str(predictedRate),
      fittedSlope: earned(fit.rate, decision.error),
      ratio: ratioText,
      tolerance: decision.tolerance.toPrecision(2),
      errorModel:
        `t = α + u/β∞ + c₂u^(1−q) + c₃u^(1−2q) (q = ${realisable ? '1/3' : '1/2'}: the rate's O(ε²), O(ε⁴) ` +
        `corrections), fitted on ${fit.records} records; error = |β₃ − β₄| + 2·SE + integrator` +
        (predictionError > 0 ? ' + prediction (other neurons held at their last values)' : '') +
        `; tolerance = ${safety} × error`,
      truncationError: fit.truncation.toPrecision(2),
      statisticalError: fit.statistical.toPrecision(2),
      integratorError: fit.integrator.toPrecision(2),
      predictionError: predictionError.toPrecision(2),
      rateCorrectionAtWindowStart: fit.correctionAtStart.toPrecision(2),
      rateCorrectionAtEnd: fit.correctionAtEnd.toPrecision(2),
      uncorrectedRatio: (uncorrected.beta / predictedRate).toPrecision(4),
    },
    figure: lawFigure(run, all, realisable ? 0 : Linf, law, realisable ? [-2 / 3, 1 / 6] : [-0.5, 0.25]),
  };
}

/**
 * (1/N) Σ ρ_n ((I − P) f₂)_n²: the ε⁴ coefficient of the loss on the valley floor of a realisable channel, with P
 * the ρ-weighted least-squares projection onto the derivatives of the limit network's output with respect to c, a,
 * w, the other neurons' (w_k, a_k) and the output bias.
 */
function projectedF2(
  run: ChannelRun,
  pair: readonly [number, number],
  limit: LimitCriticalPoint,
  p: Precision,
): Decimal {
  const { network } = run.problem;
  const { layout, activation: act } = network;
  const data = run.problem.dataset(p);
  const last = run.records[run.records.length - 1];
  const theta = (last?.params ?? []).map((v) => new p.D(v));
  const others = Array.from({ length: layout.width }, (_, k) => k).filter(
    (k) => k !== pair[0] && k !== pair[1],
  );
  const N = data.targets.length;
  const columns: Decimal[][] = [];
  const f2: Decimal[] = [];
  data.inputs.forEach((xs) => {
    const x = xs[0] as Decimal;
    const d = act.derivatives(limit.w.times(x), 3, p) as [Decimal, Decimal, Decimal, Decimal];
    const row = [
      d[0],
      x.times(d[1]),
      limit.c
        .times(x)
        .times(d[1])
        .plus(limit.a.times(x.pow(2)).times(d[2])),
    ];
    for (const k of others) {
      const wk = theta[k] as Decimal;
      const ak = theta[layout.width + k] as Decimal;
      const dk = act.derivatives(wk.times(x), 1, p) as [Decimal, Decimal];
      row.push(dk[0], ak.times(x).times(dk[1]));
    }
    if (layout.outputBias) row.push(new p.D(1));
    columns.push(row);
    f2.push(
      limit.c
        .div(2)
        .times(x.pow(2))
        .times(d[2])
        .plus(limit.a.div(6).times(x.pow(3)).times(d[3])),
    );
  });
  const m = columns[0]?.length ?? 0;
  const rho = (n: number): Decimal => data.weights?.[n] ?? new p.D(1);
  const G = Array.from({ length: m }, (_, i) =>
    Array.from({ length: m }, (_, j) =>
      columns.reduce(
        (s, row, n) => s.plus((row[i] as Decimal).times(row[j] as Decimal).times(rho(n))),
        new p.D(0),
      ),
    ),
  );
  const g = Array.from({ length: m }, (_, i) =>
    columns.reduce(
      (s, row, n) => s.plus((row[i] as Decimal).times(f2[n] as Decimal).times(rho(n))),
      new p.D(0),
    ),
  );
  const solved = choleskySolve(G, g, p);
  const beta = solved.kind === 'solved' ? solved.x : g.map(() => new p.D(0));
  let sum = new p.D(0);
  columns.forEach((row, n) => {
    const fitted = row.reduce((s, v, i) => s.plus(v.times(beta[i] as Decimal)), new p.D(0));
    sum = sum.plus((f2[n] as Decimal).minus(fitted).pow(2).times(rho(n)));
  });
  return sum.div(N);
}

/**
 * Why the records do not look like a channel over their last two decades of t (|A| must grow by 1.5× while |ε|
 * shrinks), or undefined when they do.
 */
export function channelGrowth(all: readonly PairCoordinates[]): string | undefined {
  const last = all[all.length - 1];
  const from = all.find((r) => last !== undefined && r.t >= last.t / 100);
  if (last === undefined || from === undefined) return 'no records';
  if (!(Math.abs(last.A) >= 1.5 * Math.abs(from.A)) || !(Math.abs(last.eps) < Math.abs(from.eps))) {
    return `over t ∈ [${str(from.t)}, ${str(last.t)}] |A| went from ${str(from.A)} to ${str(last.A)} and ε from ${str(from.eps)} to ${str(last.eps)}`;
  }
  return undefined;
}

function lawFigure(
  run: ChannelRun,
  all: readonly PairCoordinates[],
  Linf: number,
  law: 'generic' | 'realisable',
  [lossSlope, aSlope]: readonly [number, number],
): Figure {
  const pts = all.filter((r) => r.t >= 1);
  const last = pts[pts.length - 1] as PairCoordinates;
  const lossLabel = law === 'generic' ? 'L − L∞' : 'L';
  const frac = (x: number): string => (x === 0.25 ? '1/4' : x === -0.5 ? '−1/2' : x > 0 ? '1/6' : '−2/3');
  return {
    id: `time-laws-${law}`,
    title: `${run.problem.name}: ${lossLabel} and |A| against t (gradient flow)`,
    caption:
      law === 'generic'
        ? 'Generic channel (L∞ > 0, h > 0): late in the flow the loss gap falls like t^−1/2 and |A| grows like t^1/4.'
        : 'Realisable GLU target (L∞ = 0): late in the flow the loss falls like t^−2/3 and |A| grows like t^1/6.',
    x: { label: 't', scale: 'log' },
    y: { label: `${lossLabel}, |A|`, scale: 'log' },
    series: [
      figureSeries(
        lossLabel,
        pts.map((r) => r.t),
        pts.map((r) => r.loss - Linf),
      ),
      figureSeries(
        '|A|',
        pts.map((r) => r.t),
        pts.map((r) => Math.abs(r.A)),
      ),
    ],
    references: [
      {
        label: `slope ${frac(lossSlope)}`,
        slope: lossSlope,
        through: [String(last.t), String(last.loss - Linf)],
      },
      { label: `slope ${frac(aSlope)}`, slope: aSlope, through: [String(last.t), String(Math.abs(last.A))] },
    ],
  };
}
