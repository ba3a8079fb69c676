import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { softmaxCrossEntropy } from '../../src/network/cross-entropy.js';
import {
  gaussianMixture,
  isMultiOutputProblem,
  loadMultiOutputProblem,
} from '../../src/network/multi-output-problem.js';
import { MULTI_OUTPUT_PROBLEMS, multiOutputBuiltinProblem } from '../../src/network/multi-output-problems.js';
import { loadProblem } from '../../src/network/problem.js';
import type { MultiOutputProblemSpec } from '../../src/network/spec.js';
import { precision } from '../../src/precision/context.js';

const dir = mkdtempSync(join(tmpdir(), 'multi-output-'));
function specFile(name: string, spec: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

const small: MultiOutputProblemSpec = {
  format: 'flat-channels-problem',
  version: 2,
  name: 'small',
  description: '',
  activation: 'tanh',
  hiddenBias: true,
  outputBias: true,
  inputDimension: 2,
  outputs: 3,
  loss: 'mse',
  data: {
    kind: 'samples',
    inputs: [
      ['0.5', '-1'],
      ['1.25', '0.75'],
    ],
    targets: [
      ['1', '0', '-0.5'],
      ['0.25', '1.5', '0'],
    ],
  },
  student: {
    width: 2,
    init: {
      kind: 'explicit',
      params: {
        w: [
          ['0.3', '-0.7', '0.1'],
          ['1.1', '0.4', '-0.2'],
        ],
        a: [
          ['1', '2'],
          ['3', '4'],
          ['5', '6'],
        ],
        b: ['0', '0', '0'],
      },
    },
  },
};

describe('version-1 specs read unchanged by the multi-output loader (C = 1, squared error)', () => {
  for (const name of ['two-param', 'glu-teacher']) {
    it(`${name}: the same initial point, names, loss, gradient and Hessian strings as loadProblem`, () => {
      const p = precision(30);
      const scalar = loadProblem(name);
      const multi = loadMultiOutputProblem(name);
      expect(multi.network.layout.outputs).toBe(1);
      expect(multi.initial(p).map(String)).toEqual(scalar.initial(p).map(String));
      const a = scalar.evaluate(scalar.initial(p), p, { hessian: true });
      const b = multi.evaluate(multi.initial(p), p, { hessian: true });
      expect(b.loss.toString()).toBe(a.loss.toString());
      expect(b.gradient!.map(String)).toEqual(a.gradient!.map(String));
      expect(b.hessian!.map((r) => r.map(String))).toEqual(a.hessian!.map((r) => r.map(String)));
      const flat64 = Float64Array.from(scalar.initial(p), Number);
      expect(multi.evaluate64(flat64, { hessian: true }).hessian).toEqual(
        scalar.evaluate64(flat64, { hessian: true }).hessian,
      );
    });
  }

  it('a population problem is refused by name (its quadrature error estimate lives in the scalar loader)', () => {
    expect(() => loadMultiOutputProblem('paper-toy')).toThrow(/population problem .* scalar only/);
  });
});

describe('version-2 specs', () => {
  it('every scalar command refuses a multi-output problem with one InputError naming it', () => {
    for (const ref of [...MULTI_OUTPUT_PROBLEMS, specFile('small', small)]) {
      expect(() => loadProblem(ref)).toThrow(InputError);
      expect(() => loadProblem(ref)).toThrow(/multi-output problem \(format version 2\)/);
      expect(isMultiOutputProblem(ref)).toBe(true);
    }
    expect(isMultiOutputProblem('two-param')).toBe(false);
  });

  it('a small squared-error spec loads; names and the flat order are W, A row by row, b', () => {
    const problem = loadMultiOutputProblem(specFile('small2', small));
    expect(problem.parameterNames).toEqual([
      'w[1][1]',
      'w[1][2]',
      'w[1][3]',
      'w[2][1]',
      'w[2][2]',
      'w[2][3]',
      'a[1][1]',
      'a[1][2]',
      'a[2][1]',
      'a[2][2]',
      'a[3][1]',
      'a[3][2]',
      'b[1]',
      'b[2]',
      'b[3]',
    ]);
    const p = precision(20);
    expect(problem.initial(p).map(String)).toEqual([
      '0.3',
      '-0.7',
      '0.1',
      '1.1',
      '0.4',
      '-0.2',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '0',
      '0',
      '0',
    ]);
    const parsed = problem.parseParams(
      {
        w: [
          [1, 2, 3],
          [4, 5, 6],
        ],
        a: [
          [7, 8],
          [9, 10],
          [11, 12],
        ],
        b: [13, 14, 15],
      },
      p,
    );
    expect(parsed.map(Number)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  const bad: [string, (s: MultiOutputProblemSpec) => unknown, RegExp][] = [
    [
      'a targets row of the wrong length',
      (s) => ({
        ...s,
        data: {
          ...s.data,
          targets: [
            ['1', '0'],
            ['0', '1', '2'],
          ],
        },
      }),
      /data\.targets\[0\]: has 2 entries, expected 3/,
    ],
    [
      'labels for the squared error',
      (s) => ({ ...s, data: { ...s.data, labels: [0, 1] } }),
      /data\.labels: the squared error takes "targets"/,
    ],
    [
      'a label out of range',
      (s) => ({
        ...s,
        loss: 'cross-entropy',
        data: {
          kind: 'samples',
          inputs: [
            ['0', '1'],
            ['1', '0'],
          ],
          labels: [0, 3],
        },
      }),
      /data\.labels\[1\]: class 3 is not in 0…2/,
    ],
    [
      'cross-entropy with one output',
      (s) => ({
        ...s,
        outputs: 1,
        loss: 'cross-entropy',
        data: { kind: 'samples', inputs: [['0', '1']], labels: [0] },
      }),
      /outputs: cross-entropy needs at least 2 outputs/,
    ],
    [
      'a mixture with the squared error',
      (s) => ({ ...s, data: { kind: 'gaussian-mixture', samplesPerClass: 2, seed: 1 } }),
      /gaussian-mixture has labels; it needs "loss": "cross-entropy"/,
    ],
    [
      'a readout row short',
      (s) => ({
        ...s,
        student: {
          width: 2,
          init: {
            kind: 'explicit',
            params: {
              w: [
                ['0', '0', '0'],
                ['0', '0', '0'],
              ],
              a: [['1'], ['1', '2'], ['1', '2']],
              b: ['0', '0', '0'],
            },
          },
        },
      }),
      /student\.init\.params: a\[0\] has 1 entries, expected the width 2/,
    ],
    ['an unknown loss', (s) => ({ ...s, loss: 'hinge' }), /loss: /],
  ];
  for (const [what, edit, message] of bad) {
    it(`refuses ${what} with one InputError naming the field`, () => {
      const path = specFile(what.replace(/\W+/g, '-'), edit(small));
      expect(() => loadMultiOutputProblem(path)).toThrow(InputError);
      expect(() => loadMultiOutputProblem(path)).toThrow(message);
    });
  }
});

describe('the built-in classification problems', () => {
  it('seeded Gaussian mixtures: C classes, balanced labels, d dimensions, the same data every time', () => {
    const sizes: Record<string, [number, number]> = {
      'mixture-c3': [3, 10],
      'mixture-c5': [5, 20],
      'mixture-c10': [10, 30],
    };
    for (const name of MULTI_OUTPUT_PROBLEMS) {
      const spec = multiOutputBuiltinProblem(name);
      const [C, d] = sizes[name]!;
      expect([spec.outputs, spec.inputDimension, spec.loss]).toEqual([C, d, 'cross-entropy']);
      const data = loadMultiOutputProblem(name).dataset(precision(20));
      if (data.loss !== 'cross-entropy') throw new Error('expected labels');
      for (let c = 0; c < C; c++)
        expect(data.labels.filter((y) => y === c).length).toBe(data.labels.length / C);
      expect(data.inputs.every((x) => x.length === d)).toBe(true);
    }
    const a = gaussianMixture(3, 4, 2, 3, 7);
    expect(gaussianMixture(3, 4, 2, 3, 7)).toEqual(a);
    expect(gaussianMixture(3, 4, 2, 3, 8)).not.toEqual(a);
    // Pinned: a change of the generator changes every built-in problem.
    expect(gaussianMixture(3, 10, 30, 3, 3).inputs[0]!.slice(0, 2)).toMatchInlineSnapshot(`
      [
        "0.425754",
        "-0.910227",
      ]
    `);
  });

  it('mixture-c3 at the initial point: ladder 30 against 50 digits, the float64 twin, a symmetric Hessian', () => {
    const problem = loadMultiOutputProblem('mixture-c3');
    const lo = precision(30);
    const hi = precision(50);
    const a = problem.evaluate(problem.initial(lo), lo, { hessian: true });
    const b = problem.evaluate(problem.initial(hi), hi, { hessian: true });
    const same = (x: import('decimal.js').Decimal, y: import('decimal.js').Decimal): boolean =>
      new hi.D(x)
        .minus(y)
        .abs()
        .lte(y.isZero() ? new hi.D('1e-40') : new hi.D(10).pow(y.abs().e - 29));
    expect(same(a.loss, b.loss)).toBe(true);
    a.gradient!.forEach((v, i) => expect(same(v, b.gradient![i]!), `gradient[${i}]`).toBe(true));
    a.hessian!.forEach((row, i) =>
      row.forEach((v, j) => {
        expect(same(v, b.hessian![i]![j]!), `H[${i}][${j}]`).toBe(true);
        expect(v.eq(a.hessian![j]![i]!)).toBe(true);
      }),
    );
    const f64 = problem.evaluate64(Float64Array.from(problem.initial(lo), Number), { hessian: true });
    expect(Math.abs(f64.loss - b.loss.toNumber())).toBeLessThan(1e-13);
    const P = a.gradient!.length;
    let worst = 0;
    b.hessian!.forEach((row, i) =>
      row.forEach((v, j) => (worst = Math.max(worst, Math.abs(f64.hessian![i * P + j]! - v.toNumber())))),
    );
    expect(worst).toBeLessThan(1e-12);
  });
});

describe('softmaxCrossEntropy', () => {
  it('is stable and accurate far from the decision boundary: logits (0, −50, −60), label 0 give log(1 + e^−50 + e^−60) to 40 digits', () => {
    const p = precision(40);
    const r = softmaxCrossEntropy([new p.D(0), new p.D(-50), new p.D(-60)], 0, p);
    // log(1 + t) = t − t²/2 + t³/3 − … with t ≈ 2e−22: three terms reach 1e−66 relative.
    const q = precision(80);
    const t = new q.D(-50).exp().plus(new q.D(-60).exp());
    const want = t.minus(t.pow(2).div(2)).plus(t.pow(3).div(3));
    expect(new q.D(r.loss).minus(want).abs().lte(want.times('1e-39'))).toBe(true);
    expect(
      r.gradient
        .reduce((s, v) => s.plus(v), new p.D(0))
        .abs()
        .lte('1e-60'),
    ).toBe(true);
    // A loss far below 10^−digits keeps its relative accuracy: (0, −5000) gives log(1 + e^−5000) = e^−5000(1 − …).
    const tiny = softmaxCrossEntropy([new p.D(0), new p.D(-5000)], 0, p);
    const e = new q.D(-5000).exp();
    expect(new q.D(tiny.loss).minus(e).abs().lte(e.times('1e-39'))).toBe(true);
    // Huge logits do not overflow: (1000, 0), label 1 gives 1000 + log(1 + e^−1000).
    const big = softmaxCrossEntropy([new p.D(1000), new p.D(0)], 1, p);
    expect(big.loss.minus(1000).abs().lte('1e-30')).toBe(true);
    expect(big.probabilities[0]!.minus(1).abs().lte('1e-39')).toBe(true);
  });
});
