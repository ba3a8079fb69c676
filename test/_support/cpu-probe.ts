import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll, expect } from 'vitest';

/**
 * Measuring aid, enabled only when TEST_CPU_OUT names a file (see vitest.config.ts): appends one JSON line per test
 * file with the CPU seconds its worker process used (user + system) and those of the child processes it waited for
 * (spawned CLI runs), both counted from the process's start: `atSetup` when the file's setup began, `self` and
 * `children` when it ended. In the `shared` project one process runs several files one after the other, so a
 * file's own cost is `self + children − atSetup − childrenAtSetup`, and a process's total is its last line's
 * `self + children`. Used to keep `npm test` within its CPU budget on a loaded machine, where wall times say little.
 */
function cpu(): { self: number; children: number } {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  // Fields 14–17 of proc(5) (utime, stime, cutime, cstime) are 11–14 after the command name, in clock ticks.
  const tick = 100;
  return { self: ((f[11] ?? 0) + (f[12] ?? 0)) / tick, children: ((f[13] ?? 0) + (f[14] ?? 0)) / tick };
}

const out = process.env['TEST_CPU_OUT'];
if (out !== undefined && out !== '') {
  const atSetup = cpu();
  afterAll(() => {
    const end = cpu();
    const file = expect.getState().testPath ?? '?';
    appendFileSync(
      out,
      `${JSON.stringify({
        file,
        pid: process.pid,
        atSetup: atSetup.self,
        childrenAtSetup: atSetup.children,
        self: end.self,
        children: end.children,
      })}\n`,
    );
  });
}
