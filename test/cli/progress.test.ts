import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { progressLine } from '../../src/cli/progress.js';
import { ROOT, runCli } from '../docs/run-cli.js';

/** main() with an injected terminal flag, collecting what it writes. */
async function runWith(
  args: readonly string[],
  isTTY: boolean,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY });
  return { code, stdout, stderr };
}

describe('progress: one updating line on a terminal, nothing when piped or with --json', () => {
  it('progressLine: throttled, cleared, silent without a TTY or with --json', () => {
    let err = '';
    let t = 0;
    const io = { stdout: () => undefined, stderr: (s: string) => (err += s), isTTY: true };
    const p = progressLine(io, false, () => t);
    p.update('a');
    t = 50;
    p.update('b'); // within 100 ms: dropped
    t = 150;
    p.update('c');
    p.done();
    expect(err).toBe('\ra\u001b[K\rc\u001b[K\r\u001b[K');
    let quiet = '';
    const q = { stdout: () => undefined, stderr: (s: string) => (quiet += s), isTTY: false };
    progressLine(q, false).update('x');
    progressLine(io, true).update('x');
    expect(quiet).toBe('');
  });

  it('loss on a TTY shows its rungs and clears the line; piped or --json prints exactly the results', async () => {
    const args = ['loss', '--problem', 'two-param', '--digits', '20'];
    const tty = await runWith(args, true);
    const piped = await runWith(args, false);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/^\rloss: two-param: evaluating at \d+ working digits \(rung 1/);
    expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(tty.stderr).not.toContain('\n');
    expect(tty.stdout).toBe(piped.stdout);
    expect(piped.stderr).toBe('');
    const json = await runWith([...args, '--json'], true);
    expect(json.stderr).toBe('');
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
  });

  // util-linux's `script` gives a real pseudo-terminal (it is on Debian, the project's machines).
  const haveScript = spawnSync('script', ['--version']).status === 0;
  it.runIf(haveScript)(
    'a real pseudo-terminal (script -qc) shows the line; the same command piped writes nothing to stderr',
    () => {
      const bin = join(ROOT, 'bin', 'flat-channels.js');
      const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} loss --problem two-param --digits 20 >/dev/null`;
      const r = spawnSync('script', ['-qc', cmd, '/dev/null'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/loss: two-param: evaluating at \d+ working digits/);
      for (const args of [
        ['loss', '--problem', 'two-param', '--digits', '20'],
        ['flow', '--problem', 'two-param', '--t', '1', '--digits', '20'],
      ]) {
        const piped = runCli(args);
        expect(piped.status, piped.stderr).toBe(0);
        expect(piped.stderr).toBe('');
      }
    },
    120_000,
  );
});
