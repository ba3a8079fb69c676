import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, beforeAll } from 'vitest';
import { main } from '../../src/cli/main.js';
import { verifyHtml } from '../../src/report/verify-html.js';
import { verifyMarkdown, type VerifyReport } from '../../src/report/verify-report.js';
import { galleryReport } from './gallery.js';

describe('verifyHtml', () => {
  let report!: ReturnType<typeof galleryReport>;
  let html!: string;
  beforeAll(() => {
    report = galleryReport();
    html = verifyHtml(report);
  });

  it('is one self-contained page: no script, no external resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    // The only url(…) besides fragment references: KaTeX's fonts, inlined as data URLs.
    expect(html).not.toMatch(/<script|<img|<iframe|<object|@import|url\((?!#|data:font\/woff2;base64,)/i);
    expect(html.match(/url\(data:font\/woff2;base64,/g)?.length).toBe(20);
    // Every src/href is a fragment or the inline empty icon.
    for (const m of html.matchAll(/\b(?:src|href)="([^"]*)"/g)) expect(m[1]).toMatch(/^(#|data:,$)/);
    expect(html).toMatch(/<\/html>\n$/);
  });

  it('escapes every text from claims (summaries, statements, LaTeX, evidence, activation names)', () => {
    expect(html).toContain('verified &lt;summary &amp; such&gt;');
    expect(html).toContain('with &lt;angle brackets&gt; &amp; ampersands');
    expect(html).toContain('\\frac{a}{b} &lt; c');
    expect(html).not.toContain('<summary &');
  });

  it('draws one figure element per attached figure, with ids unique on the page', () => {
    const figures = report.claims.flatMap((c) => c.figures.map((f) => `${c.id}/${c.activation}/${f.id}`));
    const tags = [
      ...html.matchAll(
        /<figure class="plot" id="([^"]+)" data-claim="([^"]+)" data-activation="([^"]+)" data-figure="([^"]+)"/g,
      ),
    ];
    expect(tags.map((m) => `${m[2]}/${m[3]}/${m[4]}`)).toEqual(figures);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // Clip paths are referenced by the id they were given.
    for (const m of html.matchAll(/clip-path="url\(#([^)]+)\)"/g)) expect(ids).toContain(m[1]);
    // An activation given as a formula makes a valid anchor.
    expect(html).toContain('id="r-gallery-laws--log_28cosh_28x_29_29"');
  });

  it('opens with the summary: one row per claim, before any claim section, with a chip per check', () => {
    const rows = [...html.matchAll(/<tr class="claim-row" data-claim="([^"]+)">(.*?)<\/tr>/g)];
    expect(rows.map((m) => m[1])).toEqual(['gallery-laws', 'gallery-landscape']);
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('<section class="claim"'));
    const landscape = rows[1]?.[2] ?? '';
    // Badges worst first with counts, one chip per activation coloured by its verdict.
    expect(landscape).toMatch(
      /<span class="verdict v-refuted">1 refuted<\/span> <span class="verdict v-inconclusive">1 inconclusive<\/span> <span class="verdict v-not-applicable">1 not-applicable<\/span>/,
    );
    expect([...landscape.matchAll(/class="chip c-([a-z-]+)"/g)].map((m) => m[1])).toEqual([
      'refuted',
      'not-applicable',
      'inconclusive',
    ]);
  });

  it('typesets formulas with KaTeX and flags one that does not parse instead of hiding it', () => {
    expect(html).toContain('class="katex-display"');
    expect(html).not.toContain('class="katex-error"');
    expect(html).not.toContain('class="math-error"');
    const broken = galleryReport();
    const bad = verifyHtml({
      ...broken,
      definitions: broken.definitions.map((d) => ({
        ...d,
        latex: '\\frac{a',
        statement: 'with $\\nosuchmacro$',
      })),
    });
    expect(bad.match(/<code class="math-error"/g)).toHaveLength(4);
    expect(bad).not.toContain('katex-error');
  });

  it('shows every verdict, the counts, and links each summary row to its result', () => {
    for (const kind of ['certified', 'proved', 'verified', 'refuted', 'not-applicable', 'inconclusive']) {
      expect(html).toContain(`<span class="verdict v-${kind}">1 ${kind}</span>`);
    }
    // Each verdict has its badge and chip colours (a kind without CSS would render as unstyled text).
    for (const kind of ['certified', 'proved', 'verified', 'refuted', 'not-applicable', 'inconclusive']) {
      expect(html).toMatch(new RegExp(`\\.v-${kind}[ ,{]`));
      expect(html).toMatch(new RegExp(`\\.c-${kind}[ ,{]`));
    }
    // Best last among a claim's badges: refuted before … before certified.
    const laws = /<tr class="claim-row" data-claim="gallery-laws">(.*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect([...laws.matchAll(/class="verdict v-([a-z-]+)"/g)].map((m) => m[1])).toEqual([
      'verified',
      'proved',
      'certified',
    ]);
    expect(html).toContain('class="status fail"');
    for (const m of html.matchAll(/<a href="#([^"]+)">/g)) expect(html).toContain(`id="${m[1]}"`);
  });

  it('is deterministic', () => {
    expect(verifyHtml(galleryReport())).toBe(html);
  });

  it('report.md names the figures', () => {
    expect(verifyMarkdown(report)).toContain('- figure (in report.html): Loss and A against t');
  });
});

describe('verify --out and progress', () => {
  const dirs: string[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'fc-verify-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function run(args: string[], isTTY: boolean): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(['verify', '--claims', 'glu-limit', '--activation', 'tanh', ...args], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      isTTY,
    });
    return { code, out, err };
  }

  it('writes report.json, report.md and report.html (and no temporary file); the html draws the glu-limit figure', async () => {
    const dir = tmp();
    const r = await run(['--out', dir], false);
    expect(r.code).toBe(0);
    // Where the report went is said on stderr even when it is not a terminal (stdout keeps the table).
    expect(r.err.split('\n')[0]).toBe(
      `report written to ${join(dir, 'report.html')} (also report.json, report.md)`,
    );
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'report.json', 'report.md']);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as VerifyReport;
    expect(report.definitions.map((d) => d.id)).toEqual(['glu-limit']);
    expect(report.claims[0]?.figures.map((f) => f.id)).toEqual(['error-vs-epsilon']);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toBe(verifyHtml(report));
    expect(html).toContain('data-figure="error-vs-epsilon"');
    expect(html).toContain('data-reference="slope 2"');
  });

  it('shows progress on a TTY only, and never with --json', async () => {
    const tty = await run([], true);
    expect(tty.code).toBe(0);
    expect(tty.err).toContain('[1/1]');
    expect(tty.err).toContain('glu-limit (tanh)');
    // The status line is erased at the end, so the table starts on a clean line.
    expect(tty.err.endsWith('\r\u001b[K')).toBe(true);
    const piped = await run([], false);
    expect(piped.err).toBe('');
    const json = await run(['--json'], true);
    expect(json.err).toBe('');
    expect(JSON.parse(json.out)).toHaveProperty('claims');
  });

  it('on a TTY names where the report went', async () => {
    const dir = tmp();
    const r = await run(['--out', dir], true);
    expect(r.err).toContain(join(dir, 'report.html'));
  });
});
