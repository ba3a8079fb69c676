import type { LocalGeometryTrace } from '../geometry/index.js';
import { figureSeries, type Figure } from '../report/plot/figure.js';
import type { Claim, Verdict } from './claim.js';
import { fortGanguliTraces, g3, runLabel, type CompletedTrace } from './_internals/fort-ganguli-traces.js';

/** A rise: the peak of λ_max at least this × its initial value. */
const RISE = 1.1;
/** Settling: λ_max at the end at most this × the peak. */
const SETTLE = 0.9;

function lambdaFigure(traces: readonly CompletedTrace[]): Figure {
  const rates = [...new Set(traces.map((t) => t.learningRate))];
  return {
    id: 'lambda-max-along-training',
    title: 'λ_max of the Hessian along full-batch GD',
    caption:
      'The largest Hessian eigenvalue at the snapshot steps (step 0 drawn at step 1 on the log axis). The ' +
      'horizontal rules are the stability limits 2/η.',
    x: { label: 'GD step', scale: 'log' },
    y: { label: 'λ_max', scale: 'log' },
    series: traces.map((t) =>
      figureSeries(
        runLabel(t),
        t.snapshots.map((s) => Math.max(1, s.step)),
        t.snapshots.map((s) => s.lambdaMax),
      ),
    ),
    rules: rates.map((eta) => ({ axis: 'y' as const, at: g3(2 / eta), label: `2/η, η = ${eta}` })),
  };
}

/** The verdict on traced runs (the claim's check passes {@link fortGanguliTraces}; tests pass planted traces). */
export function curvatureTransientVerdict(all: readonly LocalGeometryTrace[]): Verdict {
  if (all.some((t) => t.kind === 'diverged'))
    return { kind: 'inconclusive', summary: 'a GD run diverged', evidence: {} };
  const traces = all as CompletedTrace[];
  const rows = traces.map((t) => {
    const l = t.snapshots.map((s) => s.lambdaMax);
    const start = l[0] as number;
    const end = l[l.length - 1] as number;
    const peak = Math.max(...l);
    const peakStep = t.snapshots[l.indexOf(peak)]?.step ?? -1;
    const transient = peak >= RISE * start && end <= SETTLE * peak;
    return {
      t,
      transient,
      text:
        `${runLabel(t)}: λ_max ${g3(start)} → peak ${g3(peak)} at step ${peakStep} (×${g3(peak / start)}) → ` +
        `${g3(end)} at step 1000 (×${g3(end / peak)} of the peak); η·λ_max at the peak ${g3(t.learningRate * peak)}`,
    };
  });
  const evidence = {
    criterion: `a transient rise: max_t λ_max ≥ ${RISE}·λ_max(0), and λ_max(1000) ≤ ${SETTLE}·max_t λ_max`,
    runs: rows.map((r) => r.text),
    along: traces.map(
      (t) => `${runLabel(t)}: ${t.snapshots.map((s) => `${s.step}:${g3(s.lambdaMax)}`).join(' ')}`,
    ),
  };
  const figures = [lambdaFigure(traces)];
  const missing = rows.filter((r) => !r.transient);
  if (missing.length === 0)
    return {
      kind: 'verified',
      summary: `λ_max rises then settles in all ${rows.length} runs`,
      evidence,
      figures,
    };
  return {
    kind: 'refuted',
    summary:
      `no transient rise of λ_max in ${missing.length} of ${rows.length} runs (${missing.map((r) => runLabel(r.t)).join('; ')}); ` +
      `it rises then settles in ${rows.length - missing.length}`,
    evidence,
    figures,
  };
}

export const fortGanguliCurvatureTransient: Claim = {
  id: 'fort-ganguli-curvature-transient',
  title: 'GD transiently visits higher curvature, then settles flatter (Fort & Ganguli property 3)',
  statement:
    'Along 1000 steps of full-batch GD (η = 0.5 and 1.5) on mixture-c3, -c5 and -c10, λ_max of the Hessian first ' +
    `rises to at least ${RISE}× its initial value and then falls to at most ${SETTLE}× that peak, in every run.`,
  latex:
    '\\max_t \\lambda_{\\max}(\\theta_t) \\ge 1.1\\,\\lambda_{\\max}(\\theta_0),\\quad \\lambda_{\\max}(\\theta_T) \\le 0.9 \\max_t \\lambda_{\\max}(\\theta_t)',
  hypotheses: [
    'λ_max sampled at 11 snapshot steps (0, 5, 10, 20, 35, 50, 100, 200, 350, 600, 1000): a rise between snapshots is not seen',
    'width-8 tanh networks on the seeded Gaussian mixtures of docs/multi-output.md',
  ],
  source: 'Fort & Ganguli (2019), §5; issue 19',
  ownActivation: 'tanh',
  optIn:
    'it shares the six traced GD runs of fort-ganguli-outliers (about 70 s of CPU); run it with ' +
    'verify --claims fort-ganguli-curvature-transient',
  check: () => curvatureTransientVerdict(fortGanguliTraces()),
};
