import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { multiOutputGluTeacher } from '../../src/network/multi-output-glu-teacher.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

const SPEC = 'test/fixtures/multi-output/glu-teacher-c2.json';

describe('detect and follow on multi-output problems', () => {
  it('the fixture is the spec multiOutputGluTeacher() builds', () => {
    expect(JSON.parse(readFileSync(SPEC, 'utf8'))).toEqual(multiOutputGluTeacher());
  });

  it('follow to |A| = 1e4, then detect at the last point: a channel with the teacher’s vector GLU', async () => {
    const f = await cli(['follow', '--problem', SPEC, '--to', '1e4', '--points', '3', '--json']);
    expect(f.code).toBe(0);
    const out = JSON.parse(f.stdout) as {
      status: string;
      reportDigits: number;
      points: { A: string; confirmedDigits: number; params: unknown }[];
    };
    expect(out.status).toBe('reached');
    expect(out.reportDigits).toBe(30);
    expect(out.points.map((p) => p.A)).toEqual(['5.567988864931394598343480460504077141866', '236', '10000']);
    expect(out.points.every((p) => p.confirmedDigits === 30)).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'multi-output-channel-')), 'point.json');
    writeFileSync(file, JSON.stringify(out.points[2]?.params));
    const d = await cli(['detect', '--problem', SPEC, '--network', file, '--json']);
    expect(d.code).toBe(0);
    const det = JSON.parse(d.stdout) as {
      verdict: string;
      pairs: { verdict: string; glu?: { c: string[]; a: string[]; w: string[]; delta: string[] } }[];
    };
    expect(det.verdict).toBe('channel');
    // At |A| = 1e4 the floor is the teacher's GLU to ~1e-9 (ε² ≈ 3e-9): 6 digits shown.
    expect(det.pairs[0]?.glu).toMatchObject({
      c: ['0.5', '-0.3'],
      a: ['1', '-0.5'],
      w: ['1', '0.5'],
      delta: ['0.6', '0.8'],
    });
    // At the problem's initial point the weights are apart (cosine distance 1.2e-3 > 1e-3).
    const d0 = await cli(['detect', '--problem', SPEC]);
    expect(d0.stdout).toMatch(/verdict: noChannel/);
  });

  it('options of the scalar route are refused with exit 2 and one line', async () => {
    for (const args of [
      ['follow', '--problem', 'mixture-c3', '--to', '1e3', '--digits', '50'],
      ['follow', '--problem', 'mixture-c3', '--to', '1e3', '--time'],
      ['detect', '--problem', 'mixture-c3', '--confirm'],
      ['follow', '--problem', SPEC, '--to', '1e300'],
      ['follow', '--problem', SPEC, '--to', '1'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n').length, args.join(' ')).toBe(1);
    }
  });
});
