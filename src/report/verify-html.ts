import type { VerdictKind } from '../claims/claim.js';
import type { Figure } from './plot/figure.js';
import { escapeXml } from './_internals/escape-xml.js';
import { renderFigureSvg } from './plot/render-figure-svg.js';
import { activationLabel, statusLine, type ClaimResult, type VerifyReport } from './verify-report.js';

/**
 * The HTML report (report.html): one self-contained page — inline CSS and SVG, no script, no external resource —
 * with the summary table, then per claim its statement, hypotheses and source, and per activation the verdict,
 * the evidence and the figures the check attached. Deterministic for a given report.
 *
 * Every figure is a `<figure class="plot">` with `data-claim`, `data-activation`, `data-figure` and
 * `data-series` (the series labels, JSON), which the browser test reads to check that each one was drawn.
 */
export function verifyHtml(report: VerifyReport): string {
  const figures = report.claims.flatMap((r) => r.figures.map((f) => ({ result: r, figure: f })));
  const totalSeconds = report.claims.reduce((s, c) => s + c.seconds, 0);
  const status = statusLine(report);
  const counts = (Object.entries(report.counts) as [VerdictKind, number][])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `<span class="verdict v-${k}">${n} ${k}</span>`)
    .join(' ');

  const out: string[] = [];
  out.push(
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // An empty icon: without it the browser asks the server (or file system) for /favicon.ico.
    '<link rel="icon" href="data:,">',
    '<title>flat-channels verify report</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>flat-channels verify report</h1>',
    `<p class="status ${report.passed ? 'pass' : 'fail'}">${escapeXml(status)} ${counts}</p>`,
    `<p class="meta">flat-channels ${escapeXml(report.version)} · ${report.digits} digits · seed ${report.seed}${report.problem === undefined ? '' : ` · problem ${escapeXml(report.problem)}`} · ${report.claims.length} checks in ${totalSeconds.toFixed(1)} s · ${figures.length} figures</p>`,
    '</header>',
    '<main>',
    '<section id="summary">',
    '<h2>Summary</h2>',
    '<table class="summary"><thead><tr><th>claim</th><th>activation</th><th>verdict</th><th>time</th><th>key result</th></tr></thead><tbody>',
    ...report.claims.map(
      (c) =>
        `<tr><td><a href="#${anchor(c)}">${escapeXml(c.id)}</a></td><td>${escapeXml(activationLabel(c))}</td><td><span class="verdict v-${c.verdict}">${c.verdict}</span></td><td class="num">${c.seconds.toFixed(2)} s</td><td>${escapeXml(c.summary)}</td></tr>`,
    ),
    '</tbody></table>',
    '</section>',
  );
  if (figures.length > 0) {
    out.push('<section id="figures"><h2>Figures</h2><ol class="figure-index">');
    for (const { result, figure } of figures) {
      out.push(
        `<li><a href="#${figureAnchor(result, figure)}">${escapeXml(figure.title)}</a> <span class="muted">(${escapeXml(result.id)}, ${escapeXml(activationLabel(result))})</span></li>`,
      );
    }
    out.push('</ol></section>');
  }

  const ids = [...new Set([...report.definitions.map((d) => d.id), ...report.claims.map((c) => c.id)])];
  for (const id of ids) {
    const def = report.definitions.find((d) => d.id === id);
    const results = report.claims.filter((c) => c.id === id);
    out.push(`<section class="claim" id="claim-${slug(id)}">`);
    out.push(`<h2><code>${escapeXml(id)}</code> ${escapeXml(def?.title ?? results[0]?.title ?? '')}</h2>`);
    if (def !== undefined) {
      out.push(`<p class="statement">${escapeXml(def.statement)}</p>`);
      out.push(`<pre class="latex" title="LaTeX">${escapeXml(def.latex)}</pre>`);
      if (def.hypotheses.length > 0) {
        out.push(
          `<p class="label">Hypotheses</p><ul class="hypotheses">${def.hypotheses.map((h) => `<li>${escapeXml(h)}</li>`).join('')}</ul>`,
        );
      }
      out.push(`<p class="source"><span class="label">Source</span> ${escapeXml(def.source)}</p>`);
    }
    out.push(
      '<table class="results"><thead><tr><th>activation</th><th>verdict</th><th>time</th><th>key result and evidence</th></tr></thead><tbody>',
      ...results.map(resultRow),
      '</tbody></table>',
    );
    const plots = results.flatMap((r) => r.figures.map((f) => figureHtml(r, f)));
    if (plots.length > 0) out.push(`<div class="figures">\n${plots.join('\n')}\n</div>`);
    out.push('</section>');
  }
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}

function resultRow(r: ClaimResult): string {
  const evidence = Object.entries(r.evidence)
    .map(
      ([k, v]) =>
        `<tr><th>${escapeXml(k)}</th><td>${escapeXml(Array.isArray(v) ? v.join(', ') : String(v))}</td></tr>`,
    )
    .join('');
  const details =
    evidence === ''
      ? ''
      : `<details><summary>evidence</summary><table class="evidence">${evidence}</table></details>`;
  return (
    `<tr class="result" id="${anchor(r)}"><td>${escapeXml(activationLabel(r))}</td><td><span class="verdict v-${r.verdict}">${r.verdict}</span></td>` +
    `<td class="num">${r.seconds.toFixed(2)} s</td><td>${escapeXml(r.summary)}${details}</td></tr>`
  );
}

function figureHtml(r: ClaimResult, f: Figure): string {
  const id = figureAnchor(r, f);
  const svg = renderFigureSvg(f, { idPrefix: id });
  const caption = f.caption === undefined ? '' : `<figcaption>${escapeXml(f.caption)}</figcaption>`;
  return (
    `<figure class="plot" id="${id}" data-claim="${escapeXml(r.id)}" data-activation="${escapeXml(r.activation)}" ` +
    `data-figure="${escapeXml(f.id)}" data-series="${escapeXml(JSON.stringify(f.series.map((s) => s.label)))}">${svg}${caption}</figure>`
  );
}

/** Ids for anchors: activation names may be formulas ("log(cosh(x))"), so anything but [A-Za-z0-9_-] is hex-coded. */
function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)?.toString(16) ?? ''}`);
}

function anchor(r: ClaimResult): string {
  return `r-${slug(r.id)}--${slug(r.activation)}`;
}

function figureAnchor(r: ClaimResult, f: Figure): string {
  return `f-${slug(r.id)}--${slug(r.activation)}--${slug(f.id)}`;
}

const STYLE = `
:root { color-scheme: light; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --muted: #656d76; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
header, main { max-width: 1400px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 16px; }
h1 { font-size: 26px; margin: 8px 0; }
h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 14px 0 4px; }
.status { font-size: 17px; font-weight: 600; }
.status.pass { color: var(--ok); } .status.fail { color: var(--bad); }
.meta, .muted { color: var(--muted); font-weight: normal; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
.evidence th { font-weight: 500; white-space: nowrap; }
.evidence td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
.verdict { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 13px; font-weight: 600; color: #fff; }
.v-proved, .v-verified { background: var(--ok); }
.v-refuted { background: var(--bad); }
.v-not-applicable, .v-inconclusive { background: var(--warn); }
table.results { margin: 8px 0; }
details { margin-top: 2px; }
summary { cursor: pointer; color: var(--muted); font-size: 13px; }
section.claim { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 16px 12px; margin: 20px 0; }
pre.latex { background: #f6f8fa; padding: 6px 10px; overflow-x: auto; font-size: 13px; }
.label { font-weight: 600; margin: 4px 0; }
.figures { display: flex; flex-wrap: wrap; gap: 16px; }
figure.plot { margin: 8px 0; background: #fff; border: 1px solid #d0d7de; border-radius: 4px; padding: 4px; max-width: 100%; }
figure.plot svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: var(--muted); max-width: 640px; padding: 0 8px 4px; }
.figure-index { columns: 2; }
`;
