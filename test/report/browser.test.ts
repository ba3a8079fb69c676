import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Figure } from '../../src/report/plot/figure.js';
import { verifyHtml } from '../../src/report/verify-html.js';
import type { VerifyReport } from '../../src/report/verify-report.js';
import { ROOT } from '../docs/run-cli.js';
import { galleryReport } from './gallery.js';

/**
 * End-to-end: report.html as written by `flat-channels verify --out`, opened in headless Chromium (Debian's
 * `chromium`, driven by playwright-core). Every figure must be drawn with the series report.json lists, every
 * formula typeset by KaTeX with its own fonts (no error, no raw TeX left), the first screen must show one summary
 * row per claim, the page must log no error and load nothing but itself. Screenshots of the page and of every
 * figure are kept in .out/browser/ (gitignored) for a person; for the report in $REPORT_DIR also in
 * $REPORT_DIR/screenshots/ (which the next `verify --out` replaces along with the report).
 *
 * Skipped only when Chromium is missing and CI_REQUIRE_BROWSER is unset; .ci/run installs Chromium and sets it.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = (process.env['CI_REQUIRE_BROWSER'] ?? '') !== '';
const OUT = join(ROOT, '.out', 'browser');

interface PageProblems {
  readonly errors: string[];
  readonly foreignRequests: string[];
}

/** Opens a file and records console errors, uncaught exceptions and any request for something else. */
const VIEWPORT = { width: 1400, height: 900 };

async function open(browser: Browser, file: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const url = pathToFileURL(file).href;
  const problems: PageProblems = { errors: [], foreignRequests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      problems.errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.errors.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (r.url() !== url && !r.url().startsWith('data:')) problems.foreignRequests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

interface DrawnFigure {
  readonly key: string;
  readonly width: number;
  readonly height: number;
  readonly series: { label: string; ink: number; inside: boolean }[];
  readonly legend: string[];
  readonly heatCells: number;
}

/**
 * What the browser actually laid out, per figure: the SVG's size, and per series group its label, the length of
 * its path plus the number of its markers ("ink"), and whether its bounding box overlaps the plot frame.
 */
async function drawnFigures(page: Page): Promise<DrawnFigure[]> {
  return page.$$eval('figure.plot', (figures) =>
    figures.map((fig) => {
      const svg = fig.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      const frame = svg?.querySelector('rect.frame')?.getBoundingClientRect();
      const series = [...fig.querySelectorAll('g.series')].map((g) => {
        // (The DOM's SVGPathElement type is not in this project's lib; only getTotalLength is needed.)
        const path = g.querySelector('path') as unknown as { getTotalLength(): number } | null;
        const ink = (path?.getTotalLength() ?? 0) + g.querySelectorAll('circle').length;
        const r = g.getBoundingClientRect();
        const inside =
          frame !== undefined &&
          r.right >= frame.left &&
          r.left <= frame.right &&
          r.bottom >= frame.top &&
          r.top <= frame.bottom;
        return { label: g.getAttribute('data-series') ?? '', ink, inside };
      });
      return {
        key: `${fig.getAttribute('data-claim')}/${fig.getAttribute('data-activation')}/${fig.getAttribute('data-figure')}`,
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        series,
        legend: [...fig.querySelectorAll('g.legend-entry')].map((e) => e.getAttribute('data-legend') ?? ''),
        // Heat-map cells laid out with a non-empty area inside the frame.
        heatCells: [...fig.querySelectorAll('g.heatmap rect')].filter((c) => {
          const r = c.getBoundingClientRect();
          return (
            frame !== undefined && r.width > 0 && r.height > 0 && r.left < frame.right && r.right > frame.left
          );
        }).length,
      };
    }),
  );
}

interface Expected {
  readonly series: string[];
  readonly drawable: boolean[];
  readonly heatCells: boolean;
}

/** The figures report.json says there are, keyed like {@link drawnFigures}, with their series labels. */
function expectedFigures(report: VerifyReport): Map<string, Expected> {
  const out = new Map<string, Expected>();
  for (const r of report.claims) {
    for (const f of r.figures) {
      out.set(`${r.id}/${r.activation}/${f.id}`, {
        series: f.series.map((s) => s.label),
        drawable: f.series.map((s) =>
          s.x.some((x, i) => {
            const ok = (w: string, axis: Figure['x']): boolean =>
              axis.scale === 'category'
                ? (axis.categories ?? []).includes(w)
                : Number.isFinite(Number(w)) && (axis.scale !== 'log' || Number(w) > 0);
            return ok(x, f.x) && ok(s.y[i] ?? 'NaN', f.y);
          }),
        ),
        heatCells: (f.heatmap?.z.length ?? 0) > 0,
      });
    }
  }
  return out;
}

/** What the page shows of its formulas: KaTeX elements, their errors, and TeX left outside them. */
interface Formulas {
  katex: number;
  empty: number;
  errors: number;
  flagged: string[];
  rawTex: string[];
  unstyled: number;
  fontsLoaded: boolean;
}

// Page scripts are strings: this project's TypeScript has no DOM library.
const FORMULAS = `(async () => {
  await document.fonts.ready;
  const katex = [...document.querySelectorAll('.katex')];
  // The text of the page with the typeset formulas taken out: no TeX may be left in it.
  const body = document.body.cloneNode(true);
  body.querySelectorAll('.katex, style').forEach((e) => e.remove());
  const text = body.textContent || '';
  const rawTex = [
    ...text.matchAll(/\\$[^$\\s][^$\\n]*\\$|\\\\[([]|\\\\(?:frac|tfrac|varepsilon|sigma|nabla|theta|gamma|sum|mathrm|text|big|Big)\\b/g),
  ].map((m) => m[0]);
  return {
    katex: katex.length,
    // A typeset formula that takes no room was not laid out (missing CSS).
    empty: katex.filter((e) => e.getBoundingClientRect().width === 0).length,
    errors: document.querySelectorAll('.katex-error').length,
    flagged: [...document.querySelectorAll('.math-error')].map((e) => e.textContent || ''),
    rawTex,
    // KaTeX's stylesheet applied: the MathML twin is taken out of the flow (only assistive technology reads it).
    unstyled: [...document.querySelectorAll('.katex-mathml')].filter((e) => getComputedStyle(e).position !== 'absolute').length,
    // KaTeX's own fonts, loaded from the data URLs inside the page (not a system fallback).
    fontsLoaded: ['KaTeX_Main', 'KaTeX_Math'].every((family) =>
      [...document.fonts].some((f) => f.family.replace(/"/g, '') === family && f.status === 'loaded'),
    ),
  };
})()`;

async function formulas(page: Page): Promise<Formulas> {
  return (await page.evaluate(FORMULAS)) as Formulas;
}

interface FirstScreen {
  claims: string[];
  visible: number;
  firstSection: number;
}

/** The summary rows (one per claim) and how many of them lie entirely inside the first viewport. */
async function firstScreen(page: Page): Promise<FirstScreen> {
  return (await page.evaluate(`(() => {
    const rows = [...document.querySelectorAll('table.summary tr.claim-row')];
    const section = document.querySelector('section.claim');
    return {
      claims: rows.map((r) => r.getAttribute('data-claim') || ''),
      visible: rows.filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= 0 && b.bottom <= ${VIEWPORT.height} && b.height > 0;
      }).length,
      firstSection: section === null ? 1e9 : section.getBoundingClientRect().top,
    };
  })()`)) as FirstScreen;
}

async function checkReport(
  browser: Browser,
  html: string,
  report: VerifyReport,
  shot: string,
  shotDirs: readonly string[] = [],
): Promise<void> {
  const { page, problems } = await open(browser, html);
  try {
    const drawn = await drawnFigures(page);
    const expected = expectedFigures(report);
    expect(drawn.map((d) => d.key).sort()).toEqual([...expected.keys()].sort());
    for (const d of drawn) {
      const want = expected.get(d.key);
      expect(want, d.key).toBeDefined();
      expect(d.width, `${d.key} width`).toBeGreaterThan(200);
      expect(d.height, `${d.key} height`).toBeGreaterThan(150);
      expect(
        d.series.map((s) => s.label),
        d.key,
      ).toEqual(want?.series);
      d.series.forEach((s, i) => {
        if (want?.drawable[i] !== true) return;
        expect(s.ink, `${d.key}: series "${s.label}" drew nothing`).toBeGreaterThan(0);
        expect(s.inside, `${d.key}: series "${s.label}" lies outside the plot`).toBe(true);
      });
      for (const label of want?.series ?? []) expect(d.legend, d.key).toContain(label);
      if (want?.heatCells === true) expect(d.heatCells, `${d.key}: heat map`).toBeGreaterThan(0);
    }
    // The first screen: one summary row per claim, in report order, all of them inside the viewport, before
    // the detailed sections.
    const ids = [...new Set([...report.definitions.map((d) => d.id), ...report.claims.map((c) => c.id)])];
    const screen = await firstScreen(page);
    expect(screen.claims).toEqual(ids);
    expect(screen.visible, 'summary rows inside the first viewport').toBe(ids.length);
    expect(screen.firstSection).toBeGreaterThan(0);

    // Formulas: one display formula per claim at least, each laid out, with KaTeX's fonts; no error, no raw TeX.
    const f = await formulas(page);
    expect(f.katex).toBeGreaterThanOrEqual(report.definitions.length);
    expect(f.empty).toBe(0);
    expect(f.errors).toBe(0);
    expect(f.flagged).toEqual([]);
    expect(f.rawTex).toEqual([]);
    expect(f.unstyled).toBe(0);
    expect(f.fontsLoaded).toBe(true);

    // A screenshot of every figure, named by its anchor, and of the first screen.
    const anchors = await page.$$eval('figure.plot', (els) => els.map((e) => e.id));
    for (const dir of shotDirs) mkdirSync(join(dir, 'figures'), { recursive: true });
    for (const id of anchors) {
      const png = await page.locator(`figure.plot#${id}`).screenshot({ timeout: 120_000 });
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      for (const dir of shotDirs) writeFileSync(join(dir, 'figures', `${id}.png`), png);
    }
    // (The figure screenshots scrolled the page.)
    await page.evaluate('window.scrollTo(0, 0)');
    const top = await page.screenshot({ fullPage: false });
    for (const dir of shotDirs) writeFileSync(join(dir, 'first-screen.png'), top);
    // A full default report is a long page: give the screenshot time on a busy machine.
    await page.screenshot({ path: shot, fullPage: true, timeout: 120_000 });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    expect(problems.errors).toEqual([]);
    expect(problems.foreignRequests).toEqual([]);
  } finally {
    await page.close();
  }
}

describe.skipIf(!available && !required)('report.html in headless Chromium', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!available) throw new Error(`CI_REQUIRE_BROWSER is set but ${CHROMIUM} does not exist`);
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders every figure of a real verify report, logs no error and loads nothing else', async () => {
    const dir = join(OUT, 'verify');
    const io = { stdout: (): void => undefined, stderr: (): void => undefined, isTTY: false };
    const code = await main(
      [
        'verify',
        '--claims',
        'glu-limit,finite-difference-identity,saddle-line-zero-eigenvalue',
        '--activation',
        'tanh',
        '--out',
        dir,
      ],
      io,
    );
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as VerifyReport;
    expect(report.claims.some((c) => c.figures.length > 0)).toBe(true);
    const shots = join(OUT, 'verify-screenshots');
    await checkReport(browser!, join(dir, 'report.html'), report, join(OUT, 'verify-report.png'), [shots]);
    const figures = report.claims.reduce((n, c) => n + c.figures.length, 0);
    expect(readdirSync(join(shots, 'figures'))).toHaveLength(figures);
  });

  // `REPORT_DIR=report npx vitest run test/report/browser.test.ts` checks the report `npm start` wrote.
  const given = process.env['REPORT_DIR'];
  it.skipIf(given === undefined)('renders every figure of the report in $REPORT_DIR', async () => {
    const dir = resolve(ROOT, given ?? '');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as VerifyReport;
    // Also next to the report (replaced along with it by the next `verify --out`).
    await checkReport(browser!, join(dir, 'report.html'), report, join(OUT, 'given-report.png'), [
      join(OUT, 'given-screenshots'),
      join(dir, 'screenshots'),
    ]);
  });

  it('renders the gallery of figure kinds (log–log, linear, bands, references, gaps, empty series, heat map)', async () => {
    const report = galleryReport();
    const file = join(OUT, 'gallery.html');
    writeFileSync(file, verifyHtml(report));
    await checkReport(browser!, file, report, join(OUT, 'gallery.png'), [join(OUT, 'gallery-screenshots')]);
  });
});
