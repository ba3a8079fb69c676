import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledModule } from '../../src/sweep/_internals/compiled-module.js';

const root = mkdtempSync(join(tmpdir(), 'fc-compiled-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A package with src/sweep/a.ts, src/flow/b.ts and dist/sweep/_internals/w.js, with the given mtimes (seconds). */
function tree(name: string, times: { a: number; b: number; dist: number }): string {
  const dir = join(root, name);
  for (const sub of ['src/sweep/_internals', 'src/flow', 'dist/sweep/_internals'])
    mkdirSync(join(dir, sub), { recursive: true });
  const files: [string, number][] = [
    ['src/sweep/a.ts', times.a],
    ['src/flow/b.ts', times.b],
    ['dist/sweep/_internals/w.js', times.dist],
  ];
  for (const [file, t] of files) {
    writeFileSync(join(dir, file), '');
    utimesSync(join(dir, file), t, t);
  }
  return pathToFileURL(join(dir, 'src/sweep/a.ts')).href;
}

describe('compiledModule', () => {
  it('takes the worker from dist/ when dist/ is newer than every source file', () => {
    const base = tree('fresh', { a: 1000, b: 1000, dist: 2000 });
    expect(compiledModule('./_internals/w.js', base).href).toMatch(/\/dist\/sweep\/_internals\/w\.js$/);
  });

  it('refuses a dist/ older than any source file, naming it (workers would run old code)', () => {
    const base = tree('stale', { a: 1000, b: 3000, dist: 2000 });
    expect(() => compiledModule('./_internals/w.js', base)).toThrow(
      /dist\/ is older than .*src\/flow\/b\.ts.*npm run build/,
    );
  });

  it('says to build when there is no dist/ at all', () => {
    const base = tree('none', { a: 1000, b: 1000, dist: 2000 });
    rmSync(join(root, 'none', 'dist'), { recursive: true });
    expect(() => compiledModule('./_internals/w.js', base)).toThrow(/not found \(run npm run build\)/);
  });
});
