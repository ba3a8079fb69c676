import type { Figure } from '../../src/report/plot/figure.js';
import { figureSeries } from '../../src/report/plot/figure.js';
import type { ClaimResult, VerifyReport } from '../../src/report/verify-report.js';

const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

/** One figure of each kind the report must draw, from closed-form data (no claim is run). */
export function galleryFigures(): Figure[] {
  const t = range(40, (i) => 10 ** (i / 8));
  const w = range(161, (i) => -4 + i * 0.05);
  const invEps = range(12, (i) => 2 ** i);
  return [
    {
      id: 'time-laws',
      title: 'Loss and A against t',
      caption: 'log–log, with the predicted slopes',
      x: { label: 't', scale: 'log' },
      y: { label: 'value', scale: 'log' },
      series: [
        figureSeries(
          'L(t) − L∞',
          t,
          t.map((s) => 1 / (1 + s)),
        ),
        figureSeries(
          'A(t)',
          t,
          t.map((s) => Math.sqrt(1 + s)),
        ),
      ],
      references: [
        { label: 'slope −1', slope: -1, through: ['1000', '0.0001'] },
        { label: 'slope 1/2', slope: 0.5, through: ['1000', '100'] },
      ],
    },
    {
      id: 'loss-at-infinity',
      title: 'ℓ(w, 0) with the h > 0 region shaded',
      x: { label: 'w' },
      y: { label: 'ℓ(w, 0)' },
      series: [
        figureSeries(
          'ℓ(w, 0)',
          w,
          w.map((v) => (Math.abs(v - 1) < 0.026 ? NaN : 0.5 + 0.3 * Math.cos(v))),
        ),
      ],
      references: [{ label: 'saddle-line value', slope: 0, through: ['0', '0.6'] }],
      bands: [
        { label: 'h > 0', from: '-Infinity', to: '-2' },
        { label: 'h > 0 (second channel)', from: '2.5', to: 'Infinity' },
      ],
    },
    {
      id: 'semilog-with-gaps',
      title: 'Semi-log axes, zeros left out, an empty series',
      x: { label: 'step' },
      y: { label: 'gradient norm', scale: 'log' },
      series: [
        figureSeries(
          '‖∇L‖',
          range(20, (i) => i),
          range(20, (i) => (i % 7 === 3 ? 0 : 10 ** -i)),
        ),
        { label: 'not measured', x: [], y: [] },
      ],
    },
    {
      id: 'sharpness',
      title: 'λ_max against 1/ε',
      x: { label: '1/ε', scale: 'log' },
      y: { label: 'λ_max', scale: 'log' },
      series: [
        figureSeries(
          'λ_max',
          invEps,
          invEps.map((v) => 0.7 * v * v),
          'points',
        ),
      ],
      references: [{ label: 'slope 2', slope: 2, through: ['1', '0.2'] }],
    },
    landscapeSlice(),
  ];
}

/** A γ–α slice of a made-up landscape around a saddle line, with two trajectories (a NaN cell in a corner). */
function landscapeSlice(): Figure {
  const g = range(41, (i) => -0.5 + i * 0.05);
  const al = range(31, (j) => -1.5 + j * 0.1);
  const loss = (x: number, y: number): number => (y * y - 1) ** 2 * 0.5 + x * x * (1 - x) ** 2 + 0.05;
  const path = (x0: number, y0: number): [number[], number[]] => {
    const xs = [x0];
    const ys = [y0];
    for (let k = 0; k < 60; k++) {
      const x = xs[xs.length - 1]!;
      const y = ys[ys.length - 1]!;
      xs.push(x - 0.05 * (2 * x * (1 - x) ** 2 - 2 * x * x * (1 - x)));
      ys.push(y - 0.05 * (2 * y * (y * y - 1)));
    }
    return [xs, ys];
  };
  const [ax, ay] = path(0.45, 0.1);
  const [bx, by] = path(0.55, -0.2);
  return {
    id: 'slice',
    title: 'A γ–α slice with trajectories',
    x: { label: 'γ' },
    y: { label: 'α' },
    heatmap: {
      label: 'L(γ, α)',
      x: g.map(String),
      y: al.map(String),
      z: al.map((y, j) => g.map((x, i) => (i === 0 && j === 0 ? 'NaN' : String(loss(x, y))))),
      scale: 'log',
    },
    series: [
      figureSeries('from (0.45, 0.1)', ax, ay, 'line'),
      figureSeries('from (0.55, −0.2)', bx, by, 'line'),
    ],
  };
}

function result(
  id: string,
  activation: string,
  verdict: ClaimResult['verdict'],
  figures: Figure[],
): ClaimResult {
  return {
    id,
    title: `The ${id} claim`,
    activation,
    verdict,
    summary: `${verdict} <summary & such>`,
    evidence: { digits: 40, worst: '1.2e-45', points: ['0.5', '-1'], note: null },
    figures,
    seconds: 0.25,
  };
}

/** A report with the gallery's figures spread over results of every verdict (and an activation given as a formula). */
export function galleryReport(): VerifyReport {
  const [a, b, c, d, e] = galleryFigures();
  const claims = [
    result('gallery-laws', 'tanh', 'verified', [a!, d!, e!]),
    result('gallery-laws', 'log(cosh(x))', 'proved', [a!]),
    result('gallery-laws', 'softplus', 'certified', []),
    result('gallery-landscape', 'erf', 'refuted', [b!, c!]),
    result('gallery-landscape', 'relu', 'not-applicable', []),
    result('gallery-landscape', 'g', 'inconclusive', []),
  ];
  return {
    tool: 'flat-channels',
    version: '0.0.0-test',
    digits: 40,
    seed: 1,
    passed: false,
    counts: { certified: 1, proved: 1, verified: 1, refuted: 1, 'not-applicable': 1, inconclusive: 1 },
    definitions: ['gallery-laws', 'gallery-landscape'].map((id) => ({
      id,
      title: `The ${id} claim`,
      statement: `What ${id} says, with <angle brackets> & ampersands.`,
      latex: '\\frac{a}{b} < c',
      hypotheses: ['σ smooth', 'inline TeX: $\\varepsilon \\to 0$, and a literal \\$5'],
      source: 'test gallery',
    })),
    claims,
  };
}
