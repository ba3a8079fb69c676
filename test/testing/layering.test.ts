// The import direction of the search engine and the testing entry point: src/claims uses the engine in
// src/search, never the user-facing src/testing; src/search depends on nothing above src/precision; and
// flat-channels/testing still re-exports the engine (the public API did not change when it moved).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as testing from '../../src/testing/index.js';
import { ROOT } from '../docs/run-cli.js';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');

describe('layering of the search engine', () => {
  it('no file under src/claims imports src/testing', () => {
    const offenders = tsFiles(join(ROOT, 'src', 'claims')).filter((f) =>
      importsOf(f).some((i) => /(^|\/)testing\//.test(i)),
    );
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('src/search imports only node built-ins, itself and src/precision', () => {
    for (const f of tsFiles(join(ROOT, 'src', 'search'))) {
      for (const i of importsOf(f)) {
        expect(
          i.startsWith('node:') ||
            i.startsWith('./') ||
            /^(\.\.\/)+precision\//.test(i) ||
            i === '../targeted-search.js',
          `${relative(ROOT, f)}: ${i}`,
        ).toBe(true);
      }
    }
  });

  it('flat-channels/testing still exports the engine and the corpus', () => {
    for (const name of [
      'targetedSearch',
      'randomGenome',
      'readCorpus',
      'parseCorpus',
      'addToCorpus',
      'serializeCorpus',
      'corpusGenomes',
      'corpusPath',
      'emptyCorpus',
      'genomeArbitrary',
    ]) {
      expect(typeof (testing as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
