import type { LocalGeometryTrace } from '../geometry/index.js';
import { figureSeries, type Figure } from '../report/plot/figure.js';
import type { Claim, Verdict } from './claim.js';
import { fortGanguliTraces, g3, runLabel, type CompletedTrace } from './_internals/fort-ganguli-traces.js';

/** Ratio λ_m/λ_{m+1} the largest gap must reach for the top m to be outliers (hessianOutliers' default). */
const MINIMUM_RATIO = 2;

function spectrumFigure(traces: readonly CompletedTrace[]): Figure {
  const series = traces.flatMap((t) => {
    const end = t.snapshots[t.snapshots.length - 1];
    if (end === undefined) return [];
    const idx = end.top.map((_, i) => i + 1);
    const s = [figureSeries(`${runLabel(t)}`, idx, end.top, 'line+points')];
    if (end.outliers > 0)
      s.push(
        figureSeries(
          `${runLabel(t)}: outliers (${end.outliers})`,
          idx.slice(0, end.outliers),
          end.top.slice(0, end.outliers),
          'points',
        ),
      );
    return s;
  });
  return {
    id: 'hessian-spectrum-end',
    title: 'The 40 largest Hessian eigenvalues after 1000 GD steps',
    caption:
      "Eigenvalue λ_i against its rank i (decreasing), one line per problem and step size; the detector's " +
      `outliers (the eigenvalues above the largest log-gap, when that gap is a ratio ≥ ${MINIMUM_RATIO}) are marked. ` +
      'Fort & Ganguli predict a gap after rank C (3, 5, 10).',
    x: { label: 'rank i', scale: 'log' },
    y: { label: 'λ_i', scale: 'log' },
    series,
  };
}

/** The verdict on traced runs (the claim's check passes {@link fortGanguliTraces}; tests pass planted traces). */
export function outliersVerdict(all: readonly LocalGeometryTrace[]): Verdict {
  const diverged = all.filter((t) => t.kind === 'diverged');
  if (diverged.length > 0)
    return {
      kind: 'inconclusive',
      summary: `GD diverged: ${diverged.map((t) => `${t.problem} at step ${t.kind === 'diverged' ? t.step : ''}`).join(', ')}`,
      evidence: {},
    };
  const traces = all as CompletedTrace[];
  const rows = traces.map((t) => {
    const end = t.snapshots[t.snapshots.length - 1];
    if (end === undefined) throw new Error('a trace without snapshots');
    const later = t.snapshots.filter((s) => s.step > 0);
    return {
      t,
      end,
      countsAlong: later.map((s) => `${s.step}:${s.outliers}`),
      atC: later.filter((s) => s.outliers === t.classes).length,
      ratioAtC: (end.top[t.classes - 1] as number) / (end.top[t.classes] as number),
      text:
        `${runLabel(t)} (C = ${t.classes}, ${t.parameters} parameters): ${end.outliers} outlier(s) at step ` +
        `${end.step} (largest gap after rank ${end.gapAt}, ratio ${g3(end.gapRatio)}; λ_C/λ_{C+1} = ` +
        `${g3((end.top[t.classes - 1] as number) / (end.top[t.classes] as number))}; loss ${g3(end.loss)}, accuracy ` +
        `${g3(end.accuracy)})`,
    };
  });
  const evidence = {
    detector:
      `eigenvalues decreasing; among the top 40 the position m of the largest ln(λ_m/λ_{m+1}) (both positive); ` +
      `m outliers if λ_m/λ_{m+1} ≥ ${MINIMUM_RATIO}, else none`,
    protocol:
      'full-batch GD in float64 from the seeded Glorot-normal start, 1000 steps, Hessian diagonalised by cyclic ' +
      'Jacobi (symmetricEigenF64) at steps 0, 5, 10, 20, 35, 50, 100, 200, 350, 600, 1000',
    runs: rows.map((r) => r.text),
    countsAlongTraining: rows.map((r) => `${runLabel(r.t)}: ${r.countsAlong.join(' ')}`),
    snapshotsWithCountC: rows.map((r) => `${runLabel(r.t)}: ${r.atC}/${r.countsAlong.length}`),
  };
  const figures = [spectrumFigure(traces)];
  const wrong = rows.filter((r) => r.end.outliers !== r.t.classes);
  if (wrong.length === 0)
    return {
      kind: 'verified',
      summary: `exactly C outliers at the end of every run: ${rows.map((r) => `${r.t.problem} ${r.end.outliers}`).join(', ')}`,
      evidence,
      figures,
    };
  return {
    kind: 'refuted',
    summary:
      `the outlier count is not C in ${wrong.length} of ${rows.length} runs: ` +
      wrong.map((r) => `${runLabel(r.t)}: ${r.end.outliers} (C = ${r.t.classes})`).join('; '),
    evidence,
    figures,
  };
}

export const fortGanguliOutliers: Claim = {
  id: 'fort-ganguli-outliers',
  title: 'Hessian outliers: exactly C of them for C classes (Fort & Ganguli property 1)',
  statement:
    'After 1000 steps of full-batch GD (η = 0.5 and 1.5) on mixture-c3, mixture-c5 and mixture-c10, the Hessian of ' +
    'the cross-entropy has exactly C outlier eigenvalues, counted by the largest log-gap among its 40 largest ' +
    `eigenvalues (a gap ratio of at least ${MINIMUM_RATIO}).`,
  latex: '\\#\\{i : \\lambda_i > \\text{largest gap}\\} = C,\\quad C \\in \\{3, 5, 10\\}',
  hypotheses: [
    'width-8 tanh networks with output biases on the seeded Gaussian mixtures of docs/multi-output.md',
    'float64 Hessian and cyclic Jacobi; the detector does not know C',
  ],
  source:
    'Fort & Ganguli, "Emergent properties of the local geometry of neural loss landscapes" (2019); issue 19',
  ownActivation: 'tanh',
  optIn:
    'it trains six networks and diagonalises 66 Hessians of up to 330 × 330 (about 70 s of CPU, shared with the ' +
    'other trace claims); run it with verify --claims fort-ganguli-outliers',
  check: () => outliersVerdict(fortGanguliTraces()),
};
