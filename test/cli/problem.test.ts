import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BUILTIN_PROBLEMS } from '../../src/network/problems.js';
import { runCli } from '../docs/run-cli.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

describe('flat-channels problem', () => {
  it('lists the built-in problems', async () => {
    const r = await cli(['problem']);
    expect(r.code).toBe(0);
    for (const name of BUILTIN_PROBLEMS) expect(r.stdout).toContain(name);
    const j = await cli(['problem', '--json']);
    expect((JSON.parse(j.stdout) as { problems: { name: string }[] }).problems.map((p) => p.name)).toEqual([
      ...BUILTIN_PROBLEMS,
    ]);
  });

  it('--json prints a full spec that loads back, edited, with the loss command', async () => {
    const r = await cli(['problem', '--name', 'two-param', '--json']);
    expect(r.code).toBe(0);
    const spec = JSON.parse(r.stdout) as {
      format: string;
      version: number;
      student: { init: { params: { w: string[][]; a: string[] } } };
    };
    expect(spec.format).toBe('flat-channels-problem');
    expect(spec.version).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'fc-problem-cli-'));
    const same = join(dir, 'same.json');
    writeFileSync(same, r.stdout);
    const a = await cli(['loss', '--problem', 'two-param', '--digits', '20', '--json']);
    const b = await cli(['loss', '--problem', same, '--digits', '20', '--json']);
    expect((JSON.parse(b.stdout) as { loss: string }).loss).toBe(
      (JSON.parse(a.stdout) as { loss: string }).loss,
    );
    // Edit the initial point: the loss changes to the one at the new point.
    spec.student.init.params = { w: [['0.8']], a: ['1.5'] };
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(spec));
    const c = await cli(['loss', '--problem', edited, '--json']);
    expect((JSON.parse(c.stdout) as { loss: string }).loss).toBe('0');
  });

  it('rosenbrock-2d takes --width (Glorot-normal, seeded) and prints the initial point', async () => {
    const r = await cli(['problem', '--name', 'rosenbrock-2d', '--width', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('width 3, input dimension 2');
    expect(r.stdout).toContain('glorot-normal, seed 1');
    expect(r.stdout).toContain('w[3][2]');
    const j = await cli(['problem', '--name', 'rosenbrock-2d', '--width', '3', '--json']);
    expect((JSON.parse(j.stdout) as { student: { width: number } }).student.width).toBe(3);
  });

  it('bad input exits 2 with one line', async () => {
    for (const [args, mention] of [
      [['problem', '--name', 'nosuch'], 'nosuch'],
      [['problem', '--name', 'two-param', '--width', '2'], 'width'],
      [['problem', '--name', 'rosenbrock-2d', '--width', '0'], '--width'],
    ] as [string[], string][]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(mention);
    }
  });

  it('the real binary prints the paper-toy spec', () => {
    const r = runCli(['problem', '--name', 'paper-toy', '--json']);
    expect(r.status).toBe(0);
    const spec = JSON.parse(r.stdout) as { data: { kind: string; quadrature: { rule: string } } };
    expect(spec.data.kind).toBe('population');
    expect(spec.data.quadrature.rule).toBe('trapezoid');
  });
});
