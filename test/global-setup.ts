import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * CLI tests run `node bin/flat-channels.js`, which loads dist/: build it once so they test the current source.
 * A type error does not stop the run (tsc still emits, and `npm run typecheck` in .ci/run reports it), so one broken
 * file fails its own tests rather than every test.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.stderr.write('global-setup: tsc reported errors; dist/ was emitted anyway\n');
}
