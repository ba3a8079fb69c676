import type { Figure } from '../../src/claims/figure.js';
import { figureSeries } from '../../src/claims/figure.js';
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
  ];
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
  const [a, b, c, d] = galleryFigures();
  const claims = [
    result('gallery-laws', 'tanh', 'verified', [a!, d!]),
    result('gallery-laws', 'log(cosh(x))', 'proved', [a!]),
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
    counts: { proved: 1, verified: 1, refuted: 1, 'not-applicable': 1, inconclusive: 1 },
    definitions: ['gallery-laws', 'gallery-landscape'].map((id) => ({
      id,
      title: `The ${id} claim`,
      statement: `What ${id} says, with <angle brackets> & ampersands.`,
      latex: '\\frac{a}{b} < c',
      hypotheses: ['σ smooth'],
      source: 'test gallery',
    })),
    claims,
  };
}
