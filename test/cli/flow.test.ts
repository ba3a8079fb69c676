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
  confirmedDigits: number;
  toleranceEstimateDigits: number;
  confirmation: { kind: string; confirmingDigits?: number; reason?: string };
  states: { t: string; params: { w: string[][]; a: string[] }; loss: string; gradNorm: string }[];
  stats: { steps: number };
  confirmingStats?: { steps: number };
  outcome: { kind: string };
}

interface CheckpointJson {
  version: number;
  primary: { t: string };
  confirming: { t: string } | null;
}

/** Significant digits of a decimal string (trailing zeros count: they are printed when confirmed). */
const significant = (s: string): number =>
  s.replace(/^-?/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').length;

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
    expect(j.confirmation).toMatchObject({ kind: 'confirmed', confirmingDigits: 40 });
    expect(j.confirmedDigits).toBeGreaterThanOrEqual(17);
    expect(j.confirmedDigits).toBeLessThanOrEqual(20);
    expect(j.confirmingStats!.steps).toBeGreaterThan(0);
    for (const s of j.states)
      for (const v of [...s.params.w.flat(), ...s.params.a, s.loss])
        expect(significant(v)).toBe(j.confirmedDigits);
  });

  it('--no-confirm runs once and labels its digits as unconfirmed estimates', async () => {
    const args = ['flow', '--problem', 'two-param', '--t', '1', '--digits', '20', '--no-confirm'];
    const j = JSON.parse((await runInProcess([...args, '--json'])).stdout) as FlowJson;
    expect(j.confirmation.kind).toBe('skipped');
    expect(j.confirmedDigits).toBe(0);
    expect(j.toleranceEstimateDigits).toBe(17);
    expect(j.confirmingStats).toBeUndefined();
    const human = await runInProcess(args);
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n')[0]).toContain('UNCONFIRMED');
    expect(human.stdout).not.toContain('confirming run');
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
      '1,5,20',
      '--digits',
      '30',
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
    const killedAt = JSON.parse(readFileSync(ckpt, 'utf8')) as CheckpointJson;
    // The checkpoint holds both runs, each resumable.
    expect(killedAt.version).toBe(4);
    expect(killedAt.confirming).not.toBeNull();
    const interrupted = await spawnUntilCheckpoint('SIGINT');
    const afterInt = JSON.parse(readFileSync(ckpt, 'utf8')) as CheckpointJson;
    // On SIGINT the process writes a final checkpoint and exits with 130 (unless it had already finished).
    if (interrupted.code !== 0) expect(interrupted.code).toBe(130);
    expect(Number(afterInt.primary.t)).toBeGreaterThanOrEqual(Number(killedAt.primary.t));
    expect(Number(afterInt.confirming!.t)).toBeGreaterThanOrEqual(Number(killedAt.confirming!.t));
    const resumed = await runInProcess(resumeArgs);
    expect(resumed.code).toBe(0);
    const a = JSON.parse(whole.stdout) as FlowJson;
    const b = JSON.parse(resumed.stdout) as FlowJson;
    expect(b.states).toEqual(a.states);
    expect(b.confirmedDigits).toBe(a.confirmedDigits);
    expect(b.stats.steps).toBe(a.stats.steps);
    expect(b.confirmingStats!.steps).toBe(a.confirmingStats!.steps);
  }, 600_000); // two runs (requested and confirming) in four processes; slow on a loaded machine
});
