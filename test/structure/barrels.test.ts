import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The public API's shape (style.md): each layer has a small explicit barrel (`src/<layer>/index.ts`, named
 * exports, no `export *`), and `src/index.ts` re-exports those barrels in layer order and nothing from an
 * `_internals` folder. Text checks: they fail on the shape, whatever the names.
 */
const SRC = join(import.meta.dirname, '..', '..', 'src');
const ORDER = [
  'precision',
  'activations',
  'symbolic',
  'network',
  'flow',
  'landscape',
  'certified',
  'symmetry',
  'geometry',
  'claims',
  'report',
  'sweep',
];

const exportSources = (text: string): string[] =>
  [...text.matchAll(/\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})\s+from\s+'([^']+)'/g)].map(
    (m) => m[1] as string,
  );

function barrels(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? barrels(join(dir, e.name)) : e.name === 'index.ts' ? [join(dir, e.name)] : [],
  );
}

describe('barrels and the root API', () => {
  it('src/index.ts re-exports the layer barrels in layer order (errors first), and nothing else', () => {
    const root = readFileSync(join(SRC, 'index.ts'), 'utf8');
    expect(exportSources(root)).toEqual(['./errors.js', ...ORDER.map((l) => `./${l}/index.js`)]);
  });

  it('every layer has a barrel; no barrel uses export *; what the root reaches re-exports no _internals module', () => {
    for (const layer of ORDER) expect(barrels(join(SRC, layer))).toContain(join(SRC, layer, 'index.ts'));
    for (const file of barrels(SRC)) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\bexport\s+\*/);
    }
    // The layer barrels and the sub-barrels they re-export (e.g. precision/special/index.ts).
    const reached = ORDER.map((l) => join(SRC, l, 'index.ts'));
    for (const barrel of [...reached]) {
      for (const s of exportSources(readFileSync(barrel, 'utf8'))) {
        if (s.endsWith('/index.js')) reached.push(join(barrel, '..', s.replace(/\.js$/, '.ts')));
      }
    }
    for (const file of reached) {
      const text = readFileSync(file, 'utf8');
      expect(
        exportSources(text).filter((s) => s.includes('_internals')),
        file,
      ).toEqual([]);
    }
  });

  it('the root exports only names its barrels export (a name missing from a barrel is a type error too)', () => {
    const names = (text: string): Set<string> =>
      new Set([
        ...[...text.matchAll(/\bexport\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((m) =>
          (m[1] as string)
            .split(',')
            .map((n) => n.trim().replace(/^type\s+/, ''))
            .filter((n) => n !== ''),
        ),
        ...[...text.matchAll(/\bexport\s+(?:class|function|const|interface|type)\s+(\w+)/g)].map(
          (m) => m[1] as string,
        ),
      ]);
    const root = names(readFileSync(join(SRC, 'index.ts'), 'utf8'));
    const layers = new Set(
      ['errors.ts', ...ORDER.map((l) => join(l, 'index.ts'))].flatMap((f) => [
        ...names(readFileSync(join(SRC, f), 'utf8')),
      ]),
    );
    expect([...root].filter((n) => !layers.has(n))).toEqual([]);
  });
});
