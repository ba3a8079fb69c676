import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether dist/ was built from the current sources: every src/**.ts has its dist/**.js, and the oldest of those is
 * newer than the newest source and build configuration. `npm ci` has just built dist/ (the `prepare` script), so on
 * a fresh clone the second full build (≈ 19 s of CPU) is skipped; any edit to src/ makes a source newer and rebuilds.
 */
function distIsFresh(root: string): boolean {
  let newestSource = 0;
  for (const config of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) {
    newestSource = Math.max(newestSource, statSync(join(root, config)).mtimeMs);
  }
  let oldestOutput = Infinity;
  const src = join(root, 'src');
  for (const entry of readdirSync(src, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
    const source = join(entry.parentPath, entry.name);
    const output = join(root, 'dist', source.slice(src.length + 1).replace(/\.ts$/, '.js'));
    if (!existsSync(output)) return false;
    newestSource = Math.max(newestSource, statSync(source).mtimeMs);
    oldestOutput = Math.min(oldestOutput, statSync(output).mtimeMs);
  }
  return newestSource < oldestOutput;
}

/**
 * CLI tests run `node bin/flat-channels.js`, which loads dist/: build it once so they test the current source
 * (unless it already is built from it, see distIsFresh). A type error does not stop the run (tsc still emits, and
 * `npm run typecheck` in .ci/run reports it), so one broken file fails its own tests rather than every test.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (distIsFresh(root)) return;
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.stderr.write('global-setup: tsc reported errors; dist/ was emitted anyway\n');
}
