import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../docs/run-cli.js';

/**
 * `import 'flat-channels'` loads no heavy or optional dependency: the queue backend (bullmq, ioredis), the worker
 * pool (piscina), the CAS (mathjs, nerdamer) and katex are loaded where they are used, on first use. A
 * module-resolution hook in a child process records every package the import resolves (the list is checked to be
 * non-empty — decimal.js is always loaded — so that a hook that saw nothing cannot pass). dist/ is built by
 * test/global-setup.ts; it is what `import 'flat-channels'` loads (package.json "exports").
 */
const HEAVY = ['bullmq', 'ioredis', 'piscina', 'mathjs', 'nerdamer', 'katex'] as const;

const HOOK = `export async function resolve(s, c, n) {
  const r = await n(s, c);
  const m = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(r.url);
  if (m) process.stderr.write('RESOLVED ' + m[1] + '\\n');
  return r;
}`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));`;

function packagesLoadedBy(entry: string): Set<string> {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(REGISTER)}`,
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(entry)})`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return new Set([...r.stderr.matchAll(/^RESOLVED (\S+)$/gm)].map((m) => m[1] ?? ''));
}

describe('the root import', () => {
  it('loads none of bullmq, ioredis, piscina, mathjs, nerdamer, katex', () => {
    const loaded = packagesLoadedBy(join(ROOT, 'dist', 'index.js'));
    expect(loaded.has('decimal.js'), [...loaded].join(', ')).toBe(true);
    expect(HEAVY.filter((name) => loaded.has(name))).toEqual([]);
  });
});
