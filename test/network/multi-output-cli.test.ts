import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadMultiOutputProblem } from '../../src/network/multi-output-problem.js';
import { MULTI_OUTPUT_PROBLEMS } from '../../src/network/multi-output-problems.js';
import { precision } from '../../src/precision/context.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'multi-output-cli-'));
const spec = {
  format: 'flat-channels-problem',
  version: 2,
  name: 'tiny-ce',
  activation: 'tanh',
  hiddenBias: false,
  outputBias: true,
  inputDimension: 2,
  outputs: 3,
  loss: 'cross-entropy',
  data: {
    kind: 'samples',
    inputs: [
      ['1', '0'],
      ['0', '1'],
      ['-1', '-1'],
    ],
    labels: [0, 1, 2],
  },
  student: {
    width: 2,
    init: {
      kind: 'explicit',
      params: {
        w: [
          ['0.5', '-0.25'],
          ['1', '0.75'],
        ],
        a: [
          ['1', '0'],
          ['0', '1'],
          ['-1', '-1'],
        ],
        b: ['0', '0', '0'],
      },
    },
  },
};
const file = join(dir, 'tiny-ce.json');
writeFileSync(file, JSON.stringify(spec));

describe('the CLI with multi-output problems', () => {
  it('problem lists the built-in multi-output problems and prints one; its --json loads back', async () => {
    const list = await cli(['problem', '--json']);
    const names = (JSON.parse(list.stdout) as { multiOutputProblems: { name: string }[] })
      .multiOutputProblems;
    expect(names.map((p) => p.name)).toEqual([...MULTI_OUTPUT_PROBLEMS]);
    const one = await cli(['problem', '--name', 'mixture-c5']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('5 outputs');
    expect(one.stdout).toContain('softmax cross-entropy');
    const json = await cli(['problem', '--name', 'mixture-c3', '--json']);
    const path = join(dir, 'c3.json');
    writeFileSync(path, json.stdout);
    const p = precision(20);
    const a = loadMultiOutputProblem(path);
    const b = loadMultiOutputProblem('mixture-c3');
    expect(a.evaluate(a.initial(p), p).loss.toString()).toBe(b.evaluate(b.initial(p), p).loss.toString());
  });

  it('loss on a version-2 spec prints the ladder-checked loss and gradient (values from the library at 40 digits)', async () => {
    const r = await cli(['loss', '--problem', file, '--digits', '25', '--json', '--hessian']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      loss: string;
      gradient: string[];
      hessian: string[][];
      parameters: string[];
    };
    expect(out.parameters).toEqual(loadMultiOutputProblem(file).parameterNames);
    const problem = loadMultiOutputProblem(file);
    const q = precision(40);
    const want = problem.evaluate(problem.initial(q), q, { hessian: true });
    expect(out.loss).toBe(want.loss.toSignificantDigits(25).toString());
    out.gradient.forEach((g, i) => expect(g).toBe(want.gradient![i]!.toSignificantDigits(25).toString()));
    expect(out.hessian.length).toBe(out.parameters.length);
  });

  it('every scalar command refuses a multi-output problem with exit 2 and one line; loss refuses --width', async () => {
    // detect and follow take multi-output problems (test/cli/multi-output-channel-cli.test.ts).
    const runs = [
      ['flow', '--problem', file],
      ['saddle-line', '--problem', 'mixture-c3', '--width', '2'],
      ['sweep', '--problem', 'mixture-c3', '--seeds', '1..2', '--out', join(dir, 'sweep')],
      ['certify', '--problem', file],
      ['subspaces', '--problem', 'mixture-c3', '--width', '2'],
      ['infinity', '--problem', 'mixture-c3'],
      ['verify', '--problem', 'mixture-c3'],
    ];
    for (const args of runs) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/multi-output problem \(format version 2\)/);
      expect(r.stderr.trim().split('\n').length, args.join(' ')).toBe(1);
    }
    const w = await cli(['loss', '--problem', 'mixture-c3', '--width', '3']);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/--width: mixture-c3 is a multi-output problem/);
  });
});
