import type { LocalGeometryTrace } from '../geometry/index.js';
import { figureSeries, type Figure } from '../report/plot/figure.js';
import type { Claim, Verdict } from './claim.js';
import { fortGanguliTraces, g3, runLabel, type CompletedTrace } from './_internals/fort-ganguli-traces.js';

/** "Most of the gradient": the median fraction over the snapshots after the start must reach this. */
const MOST = 0.5;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
};

function confinementFigure(traces: readonly CompletedTrace[]): Figure {
  return {
    id: 'gradient-confinement',
    title: 'Fraction of ‖∇L‖² in the top-C Hessian eigenspace along GD',
    caption:
      "Each run's fraction ‖Π_C ∇L‖²/‖∇L‖² at the snapshot steps (step 0 drawn at step 1 on the log axis); the " +
      "dotted levels are a random direction's expectation C/P. Confinement would keep the lines near 1.",
    x: { label: 'GD step', scale: 'log' },
    y: { label: 'fraction of ‖∇L‖² in the top-C eigenspace', scale: 'log' },
    series: [
      ...traces.map((t) =>
        figureSeries(
          runLabel(t),
          t.snapshots.map((s) => Math.max(1, s.step)),
          t.snapshots.map((s) => s.fraction),
        ),
      ),
      ...traces
        .filter((t) => t.learningRate === traces[0]?.learningRate)
        .map((t) =>
          figureSeries(
            `random: C/P for ${t.problem}`,
            [1, 1000],
            [t.k / t.parameters, t.k / t.parameters],
            'line',
          ),
        ),
    ],
  };
}

/** The verdict on traced runs (the claim's check passes {@link fortGanguliTraces}; tests pass planted traces). */
export function confinementVerdict(all: readonly LocalGeometryTrace[]): Verdict {
  if (all.some((t) => t.kind === 'diverged'))
    return { kind: 'inconclusive', summary: 'a GD run diverged', evidence: {} };
  const traces = all as CompletedTrace[];
  const rows = traces.map((t) => {
    const later = t.snapshots.filter((s) => s.step > 0).map((s) => s.fraction);
    const m = median(later);
    const max = Math.max(...later);
    const at = t.snapshots.find((s) => s.fraction === max)?.step ?? -1;
    return { t, m, max, at, baseline: t.k / t.parameters };
  });
  const evidence = {
    measure:
      'f = ‖Π_C ∇L‖²/‖∇L‖², Π_C the projector on the eigenvectors of the C largest Hessian eigenvalues (Jacobi, ' +
      'float64), at GD steps 5 … 1000; claim: median f ≥ 0.5 in every run',
    runs: rows.map(
      (r) =>
        `${runLabel(r.t)}: median ${g3(r.m)}, largest ${g3(r.max)} (step ${r.at}), step 0 ${g3(r.t.snapshots[0]?.fraction ?? NaN)}, end ${g3(r.t.snapshots[r.t.snapshots.length - 1]?.fraction ?? NaN)}, random C/P = ${g3(r.baseline)}`,
    ),
    along: rows.map(
      (r) => `${runLabel(r.t)}: ${r.t.snapshots.map((s) => `${s.step}:${g3(s.fraction)}`).join(' ')}`,
    ),
  };
  const figures = [confinementFigure(traces)];
  const low = rows.filter((r) => r.m < MOST);
  if (low.length === 0)
    return {
      kind: 'verified',
      summary: `median fraction in the top-C eigenspace ≥ ${MOST} in every run: ${rows.map((r) => g3(r.m)).join(', ')}`,
      evidence,
      figures,
    };
  const below = low.filter((r) => r.m < r.baseline).length;
  return {
    kind: 'refuted',
    summary:
      `the gradient is not confined to the top-C eigenspace under full-batch GD: median fraction < ${MOST} in ` +
      `${low.length} of ${rows.length} runs (${below} below a random direction's C/P): ` +
      low.map((r) => `${runLabel(r.t)} ${g3(r.m)}`).join(', ') +
      `; largest single value ${g3(Math.max(...rows.map((r) => r.max)))}`,
    evidence,
    figures,
  };
}

export const fortGanguliConfinement: Claim = {
  id: 'fort-ganguli-confinement',
  title: 'Gradient confinement to the top-C Hessian eigenspace (Fort & Ganguli property 2)',
  statement:
    'Along 1000 steps of full-batch GD (η = 0.5 and 1.5) on mixture-c3, -c5 and -c10, most of ‖∇L‖² lies in the ' +
    'span of the Hessian eigenvectors of the C largest eigenvalues: the median fraction over steps 5 … 1000 is at ' +
    `least ${MOST} in every run.`,
  latex:
    '\\operatorname{median}_t \\frac{\\lVert \\Pi_C \\nabla L(\\theta_t)\\rVert^2}{\\lVert \\nabla L(\\theta_t)\\rVert^2} \\ge \\tfrac12',
  hypotheses: [
    'full-batch GD (Fort & Ganguli and Gur-Ari et al. trained with SGD)',
    'width-8 tanh networks on the seeded Gaussian mixtures of docs/multi-output.md',
  ],
  source:
    'Fort & Ganguli (2019), §4; Gur-Ari, Roberts & Dyer, "Gradient descent happens in a tiny subspace" (2018); issue 19',
  ownActivation: 'tanh',
  optIn:
    'it shares the six traced GD runs of fort-ganguli-outliers (about 70 s of CPU); run it with ' +
    'verify --claims fort-ganguli-confinement',
  check: () => confinementVerdict(fortGanguliTraces()),
};
