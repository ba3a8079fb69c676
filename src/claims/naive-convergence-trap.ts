import type { Decimal } from 'decimal.js';
import { followChannel } from '../landscape/follow-channel.js';
import { precision } from '../precision/context.js';
import { symmetricEigenvaluesF64 } from '../precision/linalg/index.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';
import { figureSeries } from '../report/plot/figure.js';
import {
  channelRun,
  pairCoordinates,
  realisableProblem,
  runPair,
  type ChannelRun,
} from './_internals/channel-runs.js';
import { notSmoothVerdict } from './_internals/not-smooth.js';
import { channelGrowth } from './_internals/time-laws.js';

/** The naive test of {@link checkNaiveTrap}. */
export interface NaiveTestOptions {
  /** "Converged" when ‖∇L‖∞ ≤ this in float64. Default 1e−8. */
  readonly gradientTolerance?: number;
  /** "PSD" when λ_min ≥ −this·λ_max in float64. Default 1e−8. */
  readonly eigenvalueTolerance?: number;
  /** Working digits of the high-precision follow-up. Default 40. */
  readonly digits?: number;
}

const str = (x: number): string => x.toPrecision(6);

/**
 * The float64 end point of a channel run passes the naive test (small float64 gradient, float64 Hessian positive
 * semi-definite), while at high precision the valley continues: following it to 10× and 100× the end point's |A|
 * lowers the loss and shrinks ε (each point confirmed at +20 digits by the follower).
 */
export function checkNaiveTrap(
  run: ChannelRun,
  options: NaiveTestOptions = {},
  noChannel: 'not-applicable' | 'inconclusive' = 'not-applicable',
): Verdict {
  const { gradientTolerance = 1e-8, eigenvalueTolerance = 1e-8, digits = 40 } = options;
  const base = {
    problem: run.problem.name,
    flow: 'float64 Radau IIA',
    flowSeconds: Number(run.seconds.toFixed(2)),
  };
  const pair = runPair(run);
  const coords = pair === undefined ? [] : pairCoordinates(run, pair);
  const why = pair === undefined ? 'no pair with opposite readouts' : channelGrowth(coords);
  const last = run.records[run.records.length - 1];
  if (why !== undefined || pair === undefined || last === undefined) {
    return {
      kind: noChannel,
      summary: `the float64 end point is not in a channel (${why ?? 'no records'})`,
      evidence: { ...base, outcome: run.result.outcome.kind },
    };
  }
  const theta64 = Float64Array.from(last.params.map(Number));
  const at64 = run.problem.evaluate64(theta64, { gradient: true, hessian: true });
  const grad64 = Math.max(...Array.from(at64.gradient ?? [], Math.abs));
  const P = theta64.length;
  const H = Array.from({ length: P }, (_, i) =>
    Array.from((at64.hessian ?? new Float64Array(P * P)).slice(i * P, (i + 1) * P)),
  );
  const eig = symmetricEigenvaluesF64(H);
  const values = eig.kind === 'converged' ? [...eig.values] : [];
  const lMin = values[0] ?? Number.NaN;
  const lMax = values[values.length - 1] ?? Number.NaN;
  const naivePasses = grad64 <= gradientTolerance && lMin >= -eigenvalueTolerance * Math.abs(lMax);
  const p = precision(digits);
  const theta = last.params.map((s) => new p.D(s));
  const exact = run.problem.evaluate(theta, p, { gradient: true });
  const gradExact = (exact.gradient ?? []).reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new p.D(0));
  // Error of that gradient: the output cancels two terms of size |A| (mathematics.md §2, Precision), so about
  // 3·log₁₀|A| + 10 of the working digits are lost (a loss-scale bound, with the loss's residual ≤ 1).
  const endAbs = Math.abs(coords[coords.length - 1]?.A ?? 0);
  const lostDigits = 3 * Math.max(0, Math.log10(Math.max(1, endAbs))) + 10;
  const gradError = new p.D(10).pow(-(digits - lostDigits));
  const gradientResolved = gradExact.gt(gradError.times(10));
  const endA = coords[coords.length - 1]?.A ?? 0;
  const follow = followChannel(
    run.problem.network,
    (q) => run.problem.dataset(q),
    theta,
    new p.D(endA).abs().times(100),
    {
      pair,
      values: [
        new p.D(endA).abs().times(10).toSignificantDigits(3),
        new p.D(endA).abs().times(100).toSignificantDigits(3),
      ],
      reportDigits: 12,
    },
  );
  const pts = follow.points;
  const evidence = {
    ...base,
    endTime: last.t,
    endA: str(endA),
    endEps: str(coords[coords.length - 1]?.eps ?? Number.NaN),
    float64Loss: String(at64.loss),
    // The float64 state is good to ~8 digits and the gradient there is a cancellation: 3 digits, not 6.
    float64GradientNormInf: grad64.toPrecision(3),
    float64HessianEigenvalues: values.map((v) => v.toPrecision(3)),
    naiveTest: `‖∇L‖∞ ≤ ${gradientTolerance} and λ_min ≥ −${eigenvalueTolerance}·λ_max (float64)`,
    naiveTestPasses: naivePasses,
    digits,
    exactGradientNormInf: gradExact.toSignificantDigits(6).toString(),
    exactGradientErrorBound: gradError.toSignificantDigits(2).toString(),
    comparisons:
      'followed losses and |ε| must fall by more than one unit of their last confirmed digit; the exact gradient must exceed 10× its error bound 10^−(digits − 3·log₁₀|A| − 10)',
    followedA: pts.map((q) => q.A.toSignificantDigits(6).toString()),
    followedLoss: pts.map((q) => q.loss.toSignificantDigits(12).toString()),
    followedEps: pts.map((q) => q.eps.toSignificantDigits(8).toString()),
    followedDigits: pts.map((q) => String(q.digits)),
  };
  const figures = [
    {
      id: 'naive-trap-loss',
      title: `${run.problem.name}: a "converged" float64 point and the valley beyond`,
      caption:
        'The float64 flow stops where its gradient is tiny and its Hessian looks positive semi-definite; the valley floor ' +
        'followed at high precision keeps descending as |A| grows (ε shrinks).',
      x: { label: '|A|', scale: 'log' as const },
      y: { label: 'L', scale: 'log' as const },
      series: [
        figureSeries(
          'valley floor (high precision)',
          pts.map((q) => q.A.abs()),
          pts.map((q) => q.loss),
          'line+points',
        ),
        figureSeries('float64 end point', [Math.abs(endA)], [at64.loss], 'points'),
      ],
    },
  ];
  if (follow.kind !== 'reached' || pts.length < 3) {
    return {
      kind: 'inconclusive',
      summary: `the channel could not be followed beyond the end point${follow.kind === 'failed' ? `: ${follow.reason}` : ''}`,
      evidence,
      figures,
    };
  }
  const losses = pts.map((q) => q.loss);
  const epss = pts.map((q) => q.eps.abs());
  // Each followed value is confirmed to its confirmedDigits (a +20-digit solve agreed): a decrease counts only
  // when it exceeds one unit of the last confirmed digit of the larger value.
  const unit = (x: Decimal, digits: number): Decimal => x.abs().times(new p.D(10).pow(1 - digits));
  const below = (xs: readonly Decimal[]): boolean =>
    xs.every(
      (x, k) =>
        k === 0 ||
        (xs[k - 1] as Decimal).minus(x).gt(unit(xs[k - 1] as Decimal, pts[k - 1]?.confirmedDigits ?? 1)),
    );
  const descending = below(losses);
  const shrinking = below(epss);
  const lastLoss = losses[losses.length - 1] as Decimal;
  const summary = `float64 end point at t = ${last.t}: ‖∇L‖∞ = ${grad64.toPrecision(3)}, λ_min/λ_max = ${(lMin / lMax).toPrecision(3)} (naive test ${naivePasses ? 'passes' : 'fails'}); at ${digits}+ digits the valley descends to L = ${lastLoss.toSignificantDigits(4).toString()} at |A| = ${pts[pts.length - 1]?.A.abs().toSignificantDigits(3).toString() ?? ''} (ε ${descending && shrinking ? 'shrinking' : 'not shrinking'})`;
  if (naivePasses && descending && shrinking && gradientResolved)
    return { kind: 'verified', summary, evidence, figures };
  return { kind: 'refuted', summary: `not a trap here: ${summary}`, evidence, figures };
}

function check(ctx: ClaimContext): Verdict {
  const notSmooth = notSmoothVerdict(ctx);
  if (notSmooth !== undefined) return notSmooth;
  const run =
    ctx.problem === undefined
      ? channelRun(realisableProblem(), { until: '1e11' })
      : channelRun(ctx.problem, { until: '1e10' });
  // The built-in problem was built to end in a channel: if it does not, the construction failed (inconclusive).
  return checkNaiveTrap(
    run,
    { digits: Math.max(ctx.digits, 30) },
    ctx.problem === undefined ? 'inconclusive' : 'not-applicable',
  );
}

/** docs/mathematics.md §4: the false "local minimum" the toolkit must unmask. */
export const naiveConvergenceTrap: Claim = {
  id: 'naive-convergence-trap',
  ownActivation: 'tanh',
  title: 'A channel passes a naive convergence test',
  statement:
    'A gradient flow run in float64 into a channel ends at a point whose float64 gradient is below 1e−8 and whose ' +
    'float64 Hessian is positive semi-definite — a "local minimum" by the naive test — while at high precision the ' +
    'valley floor beyond it keeps descending: the loss decreases and ε shrinks as |A| grows 10× and 100×.',
  latex:
    '\\|\\nabla L\\|_\\infty^{\\mathrm{f64}}\\le10^{-8},\\ \\lambda_{\\min}^{\\mathrm{f64}}\\ge-10^{-8}\\lambda_{\\max}\\quad\\text{yet}\\quad L(A_{10})<L(A_{\\text{end}}),\\ \\varepsilon(A_{10})<\\varepsilon_{\\text{end}}',
  hypotheses: ['the float64 flow ends in a channel', 'σ smooth'],
  source: 'Martinelli et al. 2025, §4 (channels look like minima to standard tests); docs/mathematics.md §4',
  acceptsProblem: true,
  check,
};
