import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadProblem } from '../../src/network/problem.js';
import { precision } from '../../src/precision/context.js';
import { runCli } from '../docs/run-cli.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

interface LossJson {
  problem: string;
  digits: number;
  loss: string;
  gradient: string[];
  hessian?: string[][];
  parameters: string[];
  quadratureError?: string;
  zeroWithin?: Record<string, string>;
}

describe('flat-channels loss', () => {
  it('--json: loss, gradient, Hessian and parameter names as decimal strings, equal to the library at p + 20', async () => {
    const r = await cli(['loss', '--problem', 'glu-teacher', '--hessian', '--digits', '30', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as LossJson;
    expect(out.parameters).toEqual(['w[1][1]', 'w[2][1]', 'a[1]', 'a[2]']);
    expect(out.gradient).toHaveLength(4);
    expect(out.hessian).toHaveLength(4);
    expect(out.quadratureError).toBeUndefined();
    const pr = loadProblem('glu-teacher');
    const q = precision(50);
    const ref = pr.evaluate(pr.initial(q), q, { hessian: true });
    const p = precision(30);
    expect(out.loss).toBe(new p.D(ref.loss).toSignificantDigits(30).toString());
    out.gradient.forEach((g, i) => expect(g).toBe(ref.gradient![i]!.toSignificantDigits(30).toString()));
    out.hessian!.forEach((row, i) =>
      row.forEach((h, j) => expect(h).toBe(ref.hessian![i]![j]!.toSignificantDigits(30).toString())),
    );
  });

  it('--params inline and from a file; a true zero is reported as zero with a bound', async () => {
    const inline = await cli([
      'loss',
      '--problem',
      'two-param',
      '--params',
      '{"w": [["0.8"]], "a": ["1.5"]}',
      '--json',
    ]);
    expect(inline.code).toBe(0);
    const out = JSON.parse(inline.stdout) as LossJson;
    expect(out.loss).toBe('0');
    expect(out.zeroWithin?.['loss']).toBeDefined();
    const file = join(mkdtempSync(join(tmpdir(), 'fc-loss-')), 'params.json');
    writeFileSync(file, JSON.stringify({ w: [[0.5]], a: ['1'] }));
    const fromFile = await cli([
      'loss',
      '--problem',
      'two-param',
      '--params',
      file,
      '--digits',
      '20',
      '--json',
    ]);
    expect(fromFile.code).toBe(0);
    const pr = loadProblem('two-param');
    const q = precision(40);
    const want = pr
      .evaluate([new q.D('0.5'), new q.D(1)], q)
      .loss.toSignificantDigits(20)
      .toString();
    expect((JSON.parse(fromFile.stdout) as LossJson).loss).toBe(want);
  });

  it('human output names every parameter', async () => {
    const r = await cli(['loss', '--problem', 'two-param', '--digits', '15']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('loss = 1.07675033967675');
    expect(r.stdout).toContain('w[1][1]');
    expect(r.stdout).toContain('a[1]');
  });

  it('bad input exits 2 with one line naming the problem', async () => {
    const cases: [string[], string][] = [
      [['loss'], '--problem'],
      [['loss', '--problem', 'nosuch'], 'nosuch'],
      [['loss', '--problem', 'two-param', '--params', '{"w": [[1, 2]], "a": [1]}'], 'w[0]'],
      [['loss', '--problem', 'two-param', '--params', '{"w": [[1]], "a": ["Infinity"]}'], 'a[0]'],
      [['loss', '--problem', 'two-param', '--params', '{"w": '], '--params'],
      [['loss', '--problem', 'two-param', '--params', '/no/such/file.json'], '--params'],
      [['loss', '--problem', 'two-param', '--width', '3'], 'width'],
      [['loss', '--problem', 'two-param', '--digits', '5'], '--digits'],
    ];
    for (const [args, mention] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(mention);
    }
  });

  it('the real binary prints the same JSON', () => {
    const r = runCli(['loss', '--problem', 'two-param', '--digits', '25', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as LossJson;
    // mpmath's values (test/fixtures/network-golden.json) rounded to 25 digits.
    expect(out.loss).toBe('1.076750339676749309306373');
    expect(out.gradient).toEqual(['-0.845363496990856425317614', '-0.6446043718464830222389561']);
  });
});
