import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../docs/run-cli.js';

/**
 * The import recipes of docs/detect.md, run as the page gives them on the files its Python snippets write
 * (test/fixtures/sklearn/recipes/, written by `python3 scripts/sklearn-fixtures/generate.py --recipes` from the
 * scikit-learn fixtures with the same float64 values): scikit-learn JSON, a PyTorch state dict, JAX/NumPy .npy.
 * Every recipe must read the same network and give the same verdicts; ambiguous imports are refused.
 */
const SK = join(import.meta.dirname, '..', 'fixtures', 'sklearn');
const R = join(SK, 'recipes');

interface Out {
  format: string;
  layout: { width: number; inputDimension: number; hiddenBias: boolean; outputBias: boolean };
  weightLayout: { layout: string; from: string };
  activation: string;
  verdict: string;
  loss: string;
  pairs: {
    i: number;
    j: number;
    mirrored?: boolean;
    cosineDistance: string;
    divergence: string;
    verdict: string;
  }[];
}

async function detect(args: string[]): Promise<Out> {
  const r = await runInProcess(['detect', ...args, '--json']);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Out;
}

const RECIPES = (name: 'channel' | 'minimum', sklearn: string, data: string): string[][] => [
  ['--network', join(SK, `${sklearn}.sklearn.json`), '--data', join(SK, data)],
  ['--network', join(R, `${name}.state-dict.json`), '--data', join(SK, data)],
  [
    '--network',
    `${join(R, `${name}.w.npy`)},${join(R, `${name}.a.npy`)},${join(R, `${name}.b.npy`)}`,
    '--layout',
    'sklearn',
    '--hidden-bias',
    '--data',
    join(SK, data),
  ],
];

describe('docs/detect.md import recipes', () => {
  it('scikit-learn JSON, PyTorch state dict and JAX/NumPy .npy read the same network, same verdicts', async () => {
    for (const [name, sklearn, data, verdict] of [
      ['channel', 'glu2d-tanh-w2-icpt-lbfgs-s1', 'glu2d-tanh.data.json', 'channelCandidate'],
      ['minimum', 'teacher2d-tanh-w2-icpt-lbfgs-s0', 'teacher2d-tanh.data.json', 'finiteMinimum'],
    ] as const) {
      const outs = [];
      for (const args of RECIPES(name, sklearn, data)) outs.push(await detect(args));
      const [sk, sd, npy] = outs as [Out, Out, Out];
      expect(sk.format).toBe('sklearn-json');
      expect(sk.weightLayout).toEqual({ layout: 'sklearn', from: 'format' });
      expect(sd.weightLayout).toEqual({ layout: 'torch', from: 'format' });
      expect(npy.weightLayout).toEqual({ layout: 'sklearn', from: 'option' });
      // scikit-learn JSON and .npy hold the float64 values exactly; the state-dict JSON is read through the
      // shortest decimals of the same doubles (docs/detect.md), which moves a loss of 1e-9 in its 12th digit.
      expect(npy.loss).toBe(sk.loss);
      expect(Number(sd.loss)).toBeCloseTo(Number(sk.loss), 19);
      for (const o of outs) {
        expect(o.layout).toEqual({ width: 2, inputDimension: 2, hiddenBias: true, outputBias: true });
        expect(o.activation).toBe('tanh');
        expect(o.verdict, name).toBe(verdict);
        expect(o.pairs).toEqual(sk.pairs);
      }
    }
    // The channel is the mirrored form of the labelled pair (manifest.json: mirrored true).
    const ch = await detect(
      RECIPES('channel', 'glu2d-tanh-w2-icpt-lbfgs-s1', 'glu2d-tanh.data.json')[0] ?? [],
    );
    expect(ch.pairs[0]).toMatchObject({ i: 1, j: 2, mirrored: true, verdict: 'channelCandidate' });
  });

  it('ambiguous or contradictory imports are refused with what to pass (one line, exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'detect-recipes-'));
    const relu = join(dir, 'relu.sklearn.json');
    writeFileSync(
      relu,
      JSON.stringify({ coefs_: [[[1, 2]], [[1], [2]]], intercepts_: null, activation: 'relu' }),
    );
    const npy = `${join(R, 'channel.w.npy')},${join(R, 'channel.a.npy')},${join(R, 'channel.b.npy')}`;
    const data = join(SK, 'glu2d-tanh.data.json');
    const tiny = join(import.meta.dirname, '..', 'fixtures', 'detect');
    for (const [args, message] of [
      // (d + 1) × k without --layout: the columns are the neurons.
      [['--network', npy, '--hidden-bias'], /columns, not its rows, are the neurons.*--layout sklearn/],
      // A square .npy: rows could be neurons or inputs.
      [
        ['--network', `${tiny}/tiny.w.f4.npy,${tiny}/tiny.a.f8.npy`],
        /square \(2 × 2\).*--layout torch or --layout sklearn/,
      ],
      [['--network', npy, '--layout', 'rows'], /--layout: expected torch/],
      // The bias row read as an input: (d + 1) × k without --hidden-bias, against 2-D data.
      [['--network', npy, '--layout', 'sklearn', '--data', data], /rows of w 3: .*pass --hidden-bias/],
      // State dicts and scikit-learn JSON carry their own layout and biases.
      [['--network', join(R, 'channel.state-dict.json'), '--hidden-bias'], /remove --hidden-bias/],
      [
        ['--network', join(R, 'channel.state-dict.json'), '--layout', 'sklearn'],
        /k × d \(PyTorch\).*remove --layout/,
      ],
      [
        ['--network', join(SK, 'glu2d-tanh-w2-icpt-lbfgs-s1.sklearn.json'), '--activation', 'erf'],
        /says its activation is tanh/,
      ],
      [['--network', relu], /smooth activation/],
    ] as const) {
      const r = await runInProcess(['detect', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('a bias column inside --data is refused with --hidden-bias and flagged without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'detect-recipes-'));
    const withOnes = join(dir, 'ones.json');
    // The 1-D GLU data with a constant-1 column appended, and a 1-D net with a hidden bias written as 2 inputs.
    writeFileSync(
      withOnes,
      JSON.stringify({
        x: [
          [-1, 1],
          [0, 1],
          [1, 1],
        ],
        y: [0.1, 0.2, 0.3],
      }),
    );
    const net = join(dir, 'net.params.json');
    writeFileSync(
      net,
      JSON.stringify({
        w: [
          [1, 0.1],
          [1.1, -0.1],
        ],
        a: [1, -1],
      }),
    );
    const refused = await runInProcess([
      'detect',
      '--network',
      net,
      '--hidden-bias',
      '--layout',
      'torch',
      '--data',
      withOnes,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/last input column is constant 1, a bias column.*drop that column/);
    const flagged = await detect(['--network', net, '--layout', 'torch', '--data', withOnes]);
    expect((flagged as unknown as { warnings: string[] }).warnings).toEqual([
      expect.stringMatching(/^input 2 of --data is constant 1 at every sample: if it is a bias column/),
    ]);
    const text = await runInProcess(['detect', '--network', net, '--data', withOnes]);
    // Without --layout the square parameters-JSON matrix is flagged too (read by its convention, rows).
    expect(text.stdout).toMatch(/\nwarning: w is square \(2 × 2\): read by the parameters-JSON convention/);
    expect(text.stdout).toMatch(/\nwarning: input 2 of --data is constant 1/);
  });
});
