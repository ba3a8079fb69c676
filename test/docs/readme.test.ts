import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ROOT, runInProcess, shellWords } from './run-cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

function blocksOf(text: string, lang: string): string[] {
  const re = new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g');
  return [...text.matchAll(re)].map((m) => m[1] ?? '');
}
const blocks = (lang: string): string[] => blocksOf(readme, lang);

/** The README and every page under docs/: their console examples and library snippets are executed. */
const docsDir = join(ROOT, 'docs');
const pages: { name: string; text: string }[] = [
  { name: 'README.md', text: readme },
  ...(existsSync(docsDir) ? readdirSync(docsDir) : [])
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ name: `docs/${f}`, text: readFileSync(join(docsDir, f), 'utf8') })),
];

describe('README', () => {
  it('opens with exactly the two quick-start commands', () => {
    const first = blocks('sh')[0] ?? '';
    const commands = first
      .split('\n')
      .map((l) => l.replace(/#.*$/, '').trim())
      .filter((l) => l !== '');
    expect(commands).toEqual(['npm ci && npm start', 'npm ci && npm test']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['start']).toContain('verify');
  });
});

describe.each(pages)('$name', ({ name, text }) => {
  // Every `$ flat-channels …` line in a console block is run; the lines after it are its exact stdout. In-process
  // (the CLI's `main`, output not a TTY, as when piped): a page shows what a command prints, not how the process
  // starts, which test/cli/startup-imports.test.ts and test/cli/cli.test.ts check on the installed launcher.
  const sessions = blocksOf(text, 'console').flatMap((b) => {
    const out: { command: string; expected: string }[] = [];
    for (const chunk of b.split(/^\$ /m).slice(1)) {
      const [command = '', ...rest] = chunk.split('\n');
      out.push({ command, expected: rest.join('\n') });
    }
    return out;
  });

  if (name === 'README.md') it('has console examples', () => expect(sessions.length).toBeGreaterThan(0));

  for (const { command, expected } of sessions) {
    it(`prints what it shows for: ${command}`, async () => {
      const [bin, ...args] = shellWords(command);
      expect(bin).toBe('flat-channels');
      const r = await runInProcess(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.trimEnd()).toBe(expected.trimEnd());
    });
  }

  it('library snippets run as written', async () => {
    for (const code of blocksOf(text, 'ts')) {
      const dir = mkdtempSync(join(ROOT, 'test', 'docs', 'tmp-'));
      const file = join(dir, 'snippet.ts');
      writeFileSync(file, code.replace(/from 'flat-channels'/g, "from '../../../src/index.js'"));
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await import(file);
        expect(log).toHaveBeenCalled();
      } finally {
        log.mockRestore();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
