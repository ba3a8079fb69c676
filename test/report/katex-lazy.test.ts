import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { itLong } from '../_support/tier.js';
import { ROOT } from '../docs/run-cli.js';

/**
 * KaTeX (0.6 MB of JavaScript) is loaded only when a report is written: traced in a child process both where an
 * ES module import resolves it (a resolve hook) and where CommonJS loads it (the report loads it with a
 * synchronous require). Needs dist/ (npm run build), like test/cli/startup-imports.test.ts.
 */
const HOOK = `export async function resolve(s, c, n) {
  const r = await n(s, c);
  if (/node_modules\\/katex\\//.test(r.url)) process.stderr.write('LOADED katex (import)\\n');
  return r;
}`;
const REGISTER =
  `import { register, default as Module } from 'node:module';` +
  `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));` +
  `const load = Module._load;` +
  `Module._load = function (request, ...rest) {` +
  `  const m = load.call(this, request, ...rest);` +
  `  if (request === 'katex' || /node_modules\\/katex\\//.test(request)) process.stderr.write('LOADED katex (require)\\n');` +
  `  return m;` +
  `};`;

function loadsKatex(args: readonly string[]): { loaded: boolean; status: number | null; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { loaded: /^LOADED katex/m.test(r.stderr), status: r.status, stderr: r.stderr };
}

const BIN = join(ROOT, 'bin', 'flat-channels.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A report with one definition and no result: enough for verifyHtml to typeset a formula. */
const MINIMAL = JSON.stringify({
  tool: 'flat-channels',
  version: 't',
  digits: 40,
  seed: 1,
  passed: true,
  counts: { certified: 0, proved: 0, verified: 0, refuted: 0, 'not-applicable': 0, inconclusive: 0 },
  definitions: [{ id: 'c', title: 't', statement: 's', latex: 'x^2', hypotheses: [], source: 's' }],
  claims: [],
});

describe('KaTeX is loaded only when a report is written', () => {
  it('commands that write no report start without it (help, activation, loss), nor do the library root and the verify module', () => {
    for (const args of [
      ['--help'],
      ['verify', '--help'],
      ['activation', '--name', 'tanh', '--at', '0.5'],
      ['loss', '--problem', 'two-param'],
    ]) {
      const r = loadsKatex([BIN, ...args]);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.loaded, args.join(' ')).toBe(false);
    }
    const lib = loadsKatex([
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(join(ROOT, 'dist', 'index.js'))})`,
    ]);
    expect(lib.status, lib.stderr).toBe(0);
    expect(lib.loaded).toBe(false);
    // The verify command's module (which writes reports) imports the report code, but not KaTeX.
    const verify = loadsKatex([
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'commands', 'verify.js'))})`,
    ]);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.loaded).toBe(false);
  });

  it('writing report.html loads it (the tracer sees the synchronous require)', () => {
    const html = loadsKatex([
      '--input-type=module',
      '-e',
      `const { verifyHtml } = await import(${JSON.stringify(join(ROOT, 'dist', 'report', 'verify-html.js'))});` +
        `if (!verifyHtml(${MINIMAL}).includes('class="katex-display"')) process.exit(1);`,
    ]);
    expect(html.status, html.stderr).toBe(0);
    expect(html.loaded).toBe(true);
  });

  // Each verify start costs seconds of CPU: the long tier.
  itLong('verify loads it with --out only', () => {
    const json = loadsKatex([
      BIN,
      'verify',
      '--claims',
      'finite-difference-identity',
      '--activation',
      'tanh',
      '--json',
    ]);
    expect(json.status, json.stderr).toBe(0);
    expect(json.loaded).toBe(false);
    const out = mkdtempSync(join(tmpdir(), 'fc-katex-lazy-'));
    dirs.push(out);
    const r = loadsKatex([
      BIN,
      'verify',
      '--claims',
      'finite-difference-identity',
      '--activation',
      'tanh',
      '--out',
      join(out, 'r'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.loaded).toBe(true);
  });
});
