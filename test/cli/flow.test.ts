import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runInProcess } from '../docs/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flow-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface FlowJson {
  problem: string;
  method: string;
  digits: number;
  states: { t: string; params: { w: string[][]; a: string[] }; loss: string; gradNorm: string }[];
  stats: { steps: number };
  outcome: { kind: string };
}

describe('flat-channels flow', () => {
  it('prints the JSON shape of the issue, with decimal strings', async () => {
    const r = await runInProcess([
      'flow',
      '--problem',
      'two-param',
      '--t',
      '0.5,1',
      '--digits',
      '20',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as FlowJson;
    expect(j.problem).toBe('two-param');
    expect(j.method).toBe('auto');
    expect(j.digits).toBe(20);
    expect(j.states.map((s) => s.t)).toEqual(['0.5', '1']);
    expect(typeof j.states[1]!.params.w[0]![0]).toBe('string');
    expect(j.states[1]!.params.w[0]![0]!.startsWith('0.7671718436006834')).toBe(true);
    expect(j.outcome.kind).toBe('maxTime');
  });

  it('rejects bad input with one line and exit 2', async () => {
    for (const [args, msg] of [
      [['--t', '-1'], '--t'],
      [['--t', '1', '--method', 'rk4'], '--method'],
      [['--t', '1', '--resume'], '--resume'],
      [['--t', '1', '--init', '{"w": [[1]]}'], '--init'],
    ] as const) {
      const r = await runInProcess(['flow', '--problem', 'two-param', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(msg);
    }
  });

  it('SIGKILL, then SIGINT, then --resume: the same digits as an uninterrupted run', async () => {
    const args = [
      'flow',
      '--problem',
      'two-param',
      '--t',
      '1,5,20,40',
      '--digits',
      '40',
      '--method',
      'taylor',
      '--json',
    ];
    const whole = await runInProcess(args);
    expect(whole.code).toBe(0);
    const ckpt = join(dir, 'run.ckpt');
    const resumeArgs = [...args, '--checkpoint', ckpt, '--resume'];
    const spawnUntilCheckpoint = async (
      signal: NodeJS.Signals,
    ): Promise<{ code: number | null; stdout: string }> => {
      const before = existsSync(ckpt) ? readFileSync(ckpt, 'utf8') : '';
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'flat-channels.js'), ...resumeArgs], {
        cwd: ROOT,
      });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Wait for a new checkpoint, then signal.
      for (let i = 0; i < 600; i++) {
        await new Promise((r) => setTimeout(r, 50));
        if (existsSync(ckpt) && readFileSync(ckpt, 'utf8') !== before) break;
      }
      child.kill(signal);
      return { code: await done, stdout };
    };
    await spawnUntilCheckpoint('SIGKILL');
    const killedAt = JSON.parse(readFileSync(ckpt, 'utf8')) as { t: string };
    const interrupted = await spawnUntilCheckpoint('SIGINT');
    const afterInt = JSON.parse(readFileSync(ckpt, 'utf8')) as { t: string };
    // On SIGINT the process writes a final checkpoint and exits with 130 (unless it had already finished).
    if (interrupted.code !== 0) expect(interrupted.code).toBe(130);
    expect(Number(afterInt.t)).toBeGreaterThanOrEqual(Number(killedAt.t));
    const resumed = await runInProcess(resumeArgs);
    expect(resumed.code).toBe(0);
    const a = JSON.parse(whole.stdout) as FlowJson;
    const b = JSON.parse(resumed.stdout) as FlowJson;
    expect(b.states).toEqual(a.states);
    expect(b.stats.steps).toBe(a.stats.steps);
  });
});
