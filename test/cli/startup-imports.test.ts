import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../docs/run-cli.js';

/**
 * Which heavy dependencies a start loads (they cost 0.15–2.4 s of CPU each: mathjs, nerdamer, zod, bullmq,
 * ioredis), traced by a module-resolution hook. Load times are not asserted here (bench/startup.bench.ts measures
 * them); what is asserted is that the lazy loading stays in place. Needs dist/ (npm run build).
 */
const HOOK = `export async function resolve(s, c, n) {
  const r = await n(s, c);
  const m = /node_modules\\/(mathjs|nerdamer|zod|bullmq|ioredis)\\//.exec(r.url);
  if (m) process.stderr.write('LOADED ' + m[1] + '\\n');
  return r;
}`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));`;

function loadedBy(args: readonly string[]): Set<string> {
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return new Set([...r.stderr.matchAll(/^LOADED (\w+)$/gm)].map((m) => m[1] ?? ''));
}

const BIN = join(ROOT, 'bin', 'flat-channels.js');

describe('start-up loads only what the command needs', () => {
  it('--help, a command --help, activation and loss load no CAS, no queue', () => {
    expect(loadedBy([BIN, '--help'])).toEqual(new Set());
    expect(loadedBy([BIN, 'verify', '--help'])).toEqual(new Set());
    expect(loadedBy([BIN, 'activation', '--name', 'log(cosh(x))', '--at', '0.5'])).toEqual(new Set());
    expect(loadedBy([BIN, 'loss', '--problem', 'two-param'])).toEqual(new Set(['zod']));
  });

  it('the library root loads no queue backend (bullmq, ioredis)', () => {
    const loaded = loadedBy([
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(join(ROOT, 'dist', 'index.js'))})`,
    ]);
    expect(loaded.has('bullmq')).toBe(false);
    expect(loaded.has('ioredis')).toBe(false);
  });
});
