/**
 * The report: drawing a figure against serialising its data (JSON.stringify, the least any report must do), the
 * whole HTML page against its JSON, typesetting every claim's formula with KaTeX against the page's (cached)
 * KaTeX stylesheet, and what the glu-limit figure adds to the glu-limit check.
 */
import { resolveActivation } from '../src/activations/index.js';
import { figureSeries, type Figure } from '../src/report/plot/figure.js';
import { gluLimit } from '../src/claims/glu-limit.js';
import { CLAIMS } from '../src/claims/registry.js';
import { pairExpansion, pairOutput } from '../src/landscape/pair-expansion.js';
import { precision } from '../src/precision/context.js';
import { renderFigureSvg } from '../src/report/plot/render-figure-svg.js';
import { katexStylesheet } from '../src/report/typeset/katex-stylesheet.js';
import { typesetMath } from '../src/report/typeset/typeset-math.js';
import { verifyHtml } from '../src/report/verify-html.js';
import type { VerifyReport } from '../src/report/verify-report.js';
import { galleryReport } from '../test/report/gallery.js';
import { compare } from './harness.js';

export default function run(): void {
  const t = Array.from({ length: 1000 }, (_, i) => 10 ** (i / 100));
  const figure: Figure = {
    id: 'big',
    title: '2 × 1000 points, log–log',
    x: { label: 't', scale: 'log' },
    y: { label: 'L', scale: 'log' },
    series: [
      figureSeries(
        'a',
        t,
        t.map((s) => 1 / s),
      ),
      figureSeries(
        'b',
        t,
        t.map((s) => Math.sqrt(s)),
      ),
    ],
    references: [{ label: 'slope −1', slope: -1, through: ['1', '0.5'] }],
  };
  compare(
    'figure, 2 × 1000 points',
    [
      { name: 'JSON.stringify', run: () => JSON.stringify(figure) },
      { name: 'renderFigureSvg', run: () => renderFigureSvg(figure) },
    ],
    'JSON.stringify',
  );

  const report: VerifyReport = galleryReport();
  compare(
    'gallery report (4 figures in 5 results)',
    [
      { name: 'JSON.stringify', run: () => JSON.stringify(report, null, 2) },
      { name: 'verifyHtml', run: () => verifyHtml(report) },
    ],
    'JSON.stringify',
  );

  // KaTeX: the claims' display formulas, against serialising their TeX. (The page's stylesheet, 0.37 MB with its
  // fonts, is read once per process and then cached; its first read is in this process's warm-up.)
  katexStylesheet();
  compare(
    `KaTeX (${CLAIMS.length} display formulas)`,
    [
      { name: 'JSON.stringify', run: () => JSON.stringify(CLAIMS.map((c) => c.latex)) },
      {
        name: 'typeset every formula',
        run: () => CLAIMS.map((c) => typesetMath(c.latex, { display: true })),
      },
    ],
    'JSON.stringify',
  );

  // The figure's own work: f₀, f₂ and 16 pair outputs at 40 digits, as glu-limit computes them.
  const tanh = resolveActivation('tanh');
  const work = precision(40);
  const pt = { c: '0.7', a: '-1.3', z: '0.4', delta: '0.9' };
  compare(
    'glu-limit (tanh, 40 digits)',
    [
      { name: 'check incl. figure', run: () => gluLimit.check({ digits: 40, activation: tanh, seed: 1 }) },
      {
        name: 'figure data alone',
        run: () => {
          const f = pairExpansion(tanh, pt, 2, work);
          for (let k = 1; k <= 16; k++) pairOutput(tanh, pt, new work.D(2).pow(-k), work);
          return f;
        },
      },
    ],
    'check incl. figure',
    { batches: 5, batchMs: 200 },
  );
}
