import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { verifyHtml } from '../../src/report/verify-html.js';
import type { VerifyReport } from '../../src/report/verify-report.js';
import { ROOT } from '../docs/run-cli.js';
import { galleryReport } from './gallery.js';

/**
 * End-to-end: report.html as written by `flat-channels verify --out`, opened in headless Chromium (Debian's
 * `chromium`, driven by playwright-core). Every figure must be drawn with the series report.json lists, the page
 * must log no error and load nothing but itself, and a screenshot is kept in .out/ (gitignored) for a person.
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
async function open(browser: Browser, file: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
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
            const [u, v] = [Number(x), Number(s.y[i])];
            const ok = (w: number, scale: 'linear' | 'log' | undefined): boolean =>
              Number.isFinite(w) && (scale !== 'log' || w > 0);
            return ok(u, f.x.scale) && ok(v, f.y.scale);
          }),
        ),
        heatCells: (f.heatmap?.z.length ?? 0) > 0,
      });
    }
  }
  return out;
}

async function checkReport(
  browser: Browser,
  html: string,
  report: VerifyReport,
  shot: string,
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
    // The summary lists every result.
    expect(await page.locator('table.summary tbody tr').count()).toBe(report.claims.length);
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
    await checkReport(browser!, join(dir, 'report.html'), report, join(OUT, 'verify-report.png'));
  });

  // `REPORT_DIR=report npx vitest run test/report/browser.test.ts` checks the report `npm start` wrote.
  const given = process.env['REPORT_DIR'];
  it.skipIf(given === undefined)('renders every figure of the report in $REPORT_DIR', async () => {
    const dir = resolve(ROOT, given ?? '');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as VerifyReport;
    await checkReport(browser!, join(dir, 'report.html'), report, join(OUT, 'given-report.png'));
  });

  it('renders the gallery of figure kinds (log–log, linear, bands, references, gaps, empty series, heat map)', async () => {
    const report = galleryReport();
    const file = join(OUT, 'gallery.html');
    writeFileSync(file, verifyHtml(report));
    await checkReport(browser!, file, report, join(OUT, 'gallery.png'));
  });
});
