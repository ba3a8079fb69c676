import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { progressLine } from '../../src/cli/progress.js';
import { LOSS_PROGRESS_EVERY, lossAndDerivatives } from '../../src/network/loss.js';
import { loadProblem } from '../../src/network/problem.js';
import { precision } from '../../src/precision/context.js';
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

  // Three progress points and one sample more: the sums report at 4096, 8192 and 12288, never at 0 or N.
  const N = 3 * LOSS_PROGRESS_EVERY + 1;
  /** two-param's network on an N-point grid with the cheap target x/2 (realising it costs little). */
  function gridSpec(dir: string): string {
    const spec = {
      ...loadProblem('two-param').spec,
      name: 'grid',
      data: {
        kind: 'formula',
        inputs: { grid: { lower: ['-2'], upper: ['2'], points: [N] } },
        target: 'x/2',
      },
    };
    const file = join(dir, 'grid.json');
    writeFileSync(file, JSON.stringify(spec));
    return file;
  }

  it('lossAndDerivatives reports every LOSS_PROGRESS_EVERY samples and computes the same digits with a callback', () => {
    const dir = mkdtempSync(join(tmpdir(), 'progress-'));
    try {
      const problem = loadProblem(gridSpec(dir));
      const p = precision(20);
      const data = problem.dataset(p);
      expect(data.targets.length).toBe(N);
      const calls: [number, number][] = [];
      const flat = problem.initial(p);
      const withProgress = lossAndDerivatives(problem.network, data, flat, p, {
        onProgress: (done, total) => calls.push([done, total]),
      });
      expect(calls).toEqual([
        [4096, N],
        [8192, N],
        [12288, N],
      ]);
      const without = lossAndDerivatives(problem.network, data, flat, p);
      expect(String(withProgress.loss)).toBe(String(without.loss));
      expect(withProgress.gradient?.map(String)).toEqual(without.gradient?.map(String));
      // The problem passes the callback on to the sums of its (fine) rule.
      const viaProblem: number[] = [];
      problem.evaluate(flat, p, { gradient: false, onProgress: (done) => viaProblem.push(done) });
      expect(viaProblem).toEqual([4096, 8192, 12288]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loss on a TTY shows the samples done within a rung; piped it prints the same results and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'progress-'));
    try {
      const args = ['loss', '--problem', gridSpec(dir), '--digits', '12'];
      const tty = await runWith(args, true);
      const piped = await runWith(args, false);
      expect(tty.code, tty.stderr).toBe(0);
      // Six reports (three per rung) come at least one rung's data realisation after the rung's first line, so
      // the 100 ms throttle lets at least one through on any machine this suite runs on.
      expect(tty.stderr).toMatch(
        new RegExp(`rung \\d; the ladder needs two that agree\\): (4096|8192|12288) of ${N} samples…`),
      );
      expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true);
      expect(tty.stderr).not.toContain('\n');
      expect(tty.stdout).toBe(piped.stdout);
      expect(piped.stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
