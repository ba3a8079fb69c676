import type { VerdictKind } from '../claims/claim.js';
import { escapeXml } from './_internals/escape-xml.js';
import type { Figure } from './plot/figure.js';
import { renderFigureSvg } from './plot/render-figure-svg.js';
import { katexVersion } from './typeset/_internals/load-katex.js';
import { katexStylesheet } from './typeset/katex-stylesheet.js';
import { MathError, typesetMath } from './typeset/typeset-math.js';
import { typesetText } from './typeset/typeset-text.js';
import {
  activationLabel,
  statusLine,
  type ClaimDefinition,
  type ClaimResult,
  type VerifyReport,
} from './verify-report.js';

/**
 * The HTML report (report.html): one self-contained page — inline CSS (KaTeX's with its fonts as data URLs) and
 * SVG, no script, no external resource. First the summary, one row per claim (its verdicts, the activations it ran
 * on, its key result), then a list of figures, then per claim its statement and formula (typeset by KaTeX on the
 * server), hypotheses and source, and per activation the verdict, the evidence and the figures the check attached.
 * Deterministic for a given report.
 *
 * A formula that KaTeX cannot parse is not hidden as red text: it is shown as its TeX source in a
 * `<code class="math-error">` with KaTeX's message, and tests (test/report/typeset.test.ts, the browser test) fail
 * on it.
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
  const groups = claimGroups(report);

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
    `<style>${katexStylesheet()}</style>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>flat-channels verify report</h1>',
    `<p class="status ${report.passed ? 'pass' : 'fail'}">${escapeXml(status)} ${counts}</p>`,
    `<p class="meta">flat-channels ${escapeXml(report.version)} · ${report.digits} digits · seed ${report.seed}${report.problem === undefined ? '' : ` · problem ${escapeXml(report.problem)}`} · ${groups.length} claims, ${report.claims.length} checks in ${totalSeconds.toFixed(1)} s · ${figures.length} figures · formulas typeset by KaTeX ${escapeXml(katexVersion())}</p>`,
    '</header>',
    '<main>',
    '<section id="summary">',
    '<table class="summary"><thead><tr><th>claim</th><th>verdict</th><th>activations</th><th>key result</th><th>time</th></tr></thead><tbody>',
    ...groups.map(summaryRow),
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

  for (const { id, def, results } of groups) {
    out.push(`<section class="claim" id="claim-${slug(id)}">`);
    out.push(`<h2><code>${escapeXml(id)}</code> ${prose(def?.title ?? results[0]?.title ?? '')}</h2>`);
    if (def !== undefined) {
      out.push(`<p class="statement">${prose(def.statement)}</p>`);
      out.push(`<div class="formula">${displayFormula(def.latex)}</div>`);
      if (def.hypotheses.length > 0) {
        out.push(
          `<p class="label">Hypotheses</p><ul class="hypotheses">${def.hypotheses.map((h) => `<li>${prose(h)}</li>`).join('')}</ul>`,
        );
      }
      out.push(`<p class="source"><span class="label">Source</span> ${prose(def.source)}</p>`);
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

interface ClaimGroup {
  readonly id: string;
  readonly def: ClaimDefinition | undefined;
  readonly results: readonly ClaimResult[];
}

/** The claims in report order (definitions first), each with its results. */
function claimGroups(report: VerifyReport): ClaimGroup[] {
  const ids = [...new Set([...report.definitions.map((d) => d.id), ...report.claims.map((c) => c.id)])];
  return ids.map((id) => ({
    id,
    def: report.definitions.find((d) => d.id === id),
    results: report.claims.filter((c) => c.id === id),
  }));
}

/** Worst first: the verdict a reader must see before the others. */
const SEVERITY: readonly VerdictKind[] = [
  'refuted',
  'inconclusive',
  'not-applicable',
  'verified',
  'proved',
  'certified',
];

/**
 * One summary row per claim: the verdict badges with counts, one chip per activation (coloured by its verdict, the
 * verdict in its tooltip), and the key result — the summary shared by every activation, or else the one of the
 * worst verdict (the first activation among equals), named by its activation.
 */
function summaryRow({ id, def, results }: ClaimGroup): string {
  const byKind = SEVERITY.map((k) => [k, results.filter((r) => r.verdict === k).length] as const).filter(
    ([, n]) => n > 0,
  );
  const badges =
    byKind.length === 0
      ? '<span class="muted">not run</span>'
      : byKind
          .map(([k, n]) => `<span class="verdict v-${k}">${results.length > 1 ? `${n} ` : ''}${k}</span>`)
          .join(' ');
  const chips = results
    .map(
      (r) =>
        `<a class="chip c-${r.verdict}" href="#${anchor(r)}" title="${escapeXml(`${activationLabel(r)}: ${r.verdict}`)}">${escapeXml(activationLabel(r))}</a>`,
    )
    .join(' ');
  const worst = [...results].sort((a, b) => SEVERITY.indexOf(a.verdict) - SEVERITY.indexOf(b.verdict))[0];
  const same = results.every((r) => r.summary === results[0]?.summary);
  const key =
    worst === undefined
      ? ''
      : same
        ? escapeXml(worst.summary)
        : `<span class="muted">${escapeXml(activationLabel(worst))}:</span> ${escapeXml(worst.summary)}`;
  const seconds = results.reduce((s, r) => s + r.seconds, 0);
  const title = def?.title ?? results[0]?.title ?? '';
  return (
    `<tr class="claim-row" data-claim="${escapeXml(id)}"><td class="claim-cell"><a href="#claim-${slug(id)}" title="${escapeXml(title)}">${escapeXml(id)}</a></td>` +
    `<td class="badges">${badges}</td><td class="chips">${chips}</td>` +
    `<td class="key"><div class="clamp" title="${escapeXml(worst?.summary ?? '')}">${key}</div></td><td class="num">${seconds.toFixed(1)} s</td></tr>`
  );
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
  const caption = f.caption === undefined ? '' : `<figcaption>${prose(f.caption)}</figcaption>`;
  return (
    `<figure class="plot" id="${id}" data-claim="${escapeXml(r.id)}" data-activation="${escapeXml(r.activation)}" ` +
    `data-figure="${escapeXml(f.id)}" data-series="${escapeXml(JSON.stringify(f.series.map((s) => s.label)))}">${svg}${caption}</figure>`
  );
}

/** Prose that may hold `$…$`; a formula that does not parse shows as flagged source, never as silent red text. */
function prose(text: string): string {
  try {
    return typesetText(text);
  } catch (e) {
    return mathError(text, e);
  }
}

function displayFormula(tex: string): string {
  try {
    return typesetMath(tex, { display: true });
  } catch (e) {
    return mathError(tex, e);
  }
}

function mathError(source: string, e: unknown): string {
  const reason = e instanceof MathError ? e.reason : e instanceof Error ? e.message : String(e);
  return `<code class="math-error" title="${escapeXml(reason)}">${escapeXml(source)}</code>`;
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
:root { color-scheme: light; --ok: #1a7f37; --cert: #0b5a26; --bad: #cf222e; --warn: #9a6700; --muted: #656d76; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
header, main { max-width: 1400px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 10px; }
h1 { font-size: 24px; margin: 4px 0; }
h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
.status { font-size: 16px; font-weight: 600; margin: 4px 0; }
.status.pass { color: var(--ok); } .status.fail { color: var(--bad); }
.meta { margin: 2px 0 10px; font-size: 13px; }
.meta, .muted { color: var(--muted); font-weight: normal; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
table.summary { width: 100%; font-size: 13px; line-height: 1.3; }
table.summary td { padding: 2px 6px; vertical-align: middle; }
table.summary td.claim-cell { white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table.summary td.badges { white-space: nowrap; }
table.summary td.chips { white-space: nowrap; }
table.summary td.key { width: 55%; }
.clamp { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 1; line-clamp: 1; overflow: hidden; }
.chip { display: inline-block; padding: 0 5px; margin: 1px 0; border-radius: 4px; font-size: 11px; line-height: 16px; text-decoration: none; border: 1px solid; }
.c-proved, .c-verified { color: var(--ok); border-color: #8fd19e; background: #eafbee; }
.c-certified { color: #fff; border-color: var(--cert); background: var(--cert); }
.c-refuted { color: #fff; border-color: var(--bad); background: var(--bad); }
.c-not-applicable, .c-inconclusive { color: var(--warn); border-color: #e6c463; background: #fff8e1; }
.evidence th { font-weight: 500; white-space: nowrap; }
.evidence td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
.verdict { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
.v-proved, .v-verified { background: var(--ok); }
.v-certified { background: var(--cert); }
.v-refuted { background: var(--bad); }
.v-not-applicable, .v-inconclusive { background: var(--warn); }
table.results { margin: 8px 0; }
details { margin-top: 2px; }
summary { cursor: pointer; color: var(--muted); font-size: 13px; }
section.claim { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 16px 12px; margin: 20px 0; }
.formula { overflow-x: auto; overflow-y: hidden; padding: 2px 0; }
.katex { font-size: 1.12em; }
.katex-display { margin: 0.6em 0; }
code.math-error { background: #ffebe9; color: var(--bad); padding: 2px 4px; }
.label { font-weight: 600; margin: 4px 0; }
.figures { display: flex; flex-wrap: wrap; gap: 16px; }
figure.plot { margin: 8px 0; background: #fff; border: 1px solid #d0d7de; border-radius: 4px; padding: 4px; max-width: 100%; }
figure.plot svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: var(--muted); max-width: 640px; padding: 0 8px 4px; }
.figure-index { columns: 2; }
`;
