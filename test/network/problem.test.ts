import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadProblem, problemFromSpec } from '../../src/network/problem.js';
import { BUILTIN_PROBLEMS, builtinProblem } from '../../src/network/problems.js';
import type { ProblemSpec } from '../../src/network/spec.js';
import { precision } from '../../src/precision/context.js';

const p30 = precision(30);
const D = precision(60).D;

/** Reference values from decimal.js's own functions at 60 digits (not the project's special functions). */
const tanh = (x: Decimal.Value): Decimal => new D(x).tanh();
const near = (a: Decimal, b: Decimal, tol: Decimal.Value): boolean => new D(a).minus(b).abs().lte(tol);

function spec(overrides: Partial<ProblemSpec>): ProblemSpec {
  return { ...builtinProblem('two-param'), ...overrides } as ProblemSpec;
}

describe('built-in problems', () => {
  it('two-param: five points, targets 1.5·tanh(0.8x), initial (w, a) = (0.2, 0.3)', () => {
    const pr = loadProblem('two-param');
    const data = pr.dataset(p30);
    expect(data.inputs.map((x) => x.map(String))).toEqual([['-2'], ['-1'], ['0.5'], ['1'], ['3']]);
    data.targets.forEach((y, n) =>
      expect(near(y, tanh(new D(data.inputs[n]![0]!).times('0.8')).times('1.5'), '1e-38')).toBe(true),
    );
    expect(pr.parameterNames).toEqual(['w[1][1]', 'a[1]']);
    expect(pr.initial(p30).map(String)).toEqual(['0.2', '0.3']);
    expect(pr.population).toBe(false);
  });

  it('glu-teacher: 9 points of [−3, 3], targets 0.5·tanh(x) + x·sech²(x), initial (w, a) = (1.1, 0.9, 5, −4.5)', () => {
    const pr = loadProblem('glu-teacher');
    const data = pr.dataset(p30);
    expect(data.inputs.map((x) => x[0]!.toNumber())).toEqual([-3, -2.25, -1.5, -0.75, 0, 0.75, 1.5, 2.25, 3]);
    data.targets.forEach((y, n) => {
      const x = new D(data.inputs[n]![0]!);
      const want = tanh(x)
        .times('0.5')
        .plus(x.div(x.cosh().pow(2)));
      expect(near(y, want, '1e-38')).toBe(true);
    });
    expect(pr.initial(p30).map(String)).toEqual(['1.1', '0.9', '5', '-4.5']);
    expect(pr.parameterNames).toEqual(['w[1][1]', 'w[2][1]', 'a[1]', 'a[2]']);
  });

  it('rosenbrock-2d: a 101×101 grid of [−√3, √3]², z-scored targets, seeded Glorot-normal init of any width', () => {
    const pr = loadProblem('rosenbrock-2d', { width: 5 });
    expect(pr.parameterNames).toHaveLength(15);
    const p = precision(10);
    const data = pr.dataset(p);
    expect(data.targets).toHaveLength(101 * 101);
    const s3 = new D(3).sqrt();
    expect(near(data.inputs[0]![0]!, s3.neg(), '1e-19') && near(data.inputs[0]![1]!, s3.neg(), '1e-19')).toBe(
      true,
    );
    expect(near(data.inputs[1]![1]!, s3.neg().plus(s3.times(2).div(100)), '1e-19')).toBe(true);
    expect(near(data.inputs[101 * 101 - 1]![0]!, s3, '1e-19')).toBe(true);
    // z-score: mean 0 and population variance 1; the raw target at one point, transformed with them.
    const n = data.targets.length;
    const mean = data.targets.reduce((s, y) => s.plus(y), new D(0)).div(n);
    const variance = data.targets.reduce((s, y) => s.plus(new D(y).minus(mean).pow(2)), new D(0)).div(n);
    expect(mean.abs().lt('1e-17')).toBe(true);
    expect(variance.minus(1).abs().lt('1e-17')).toBe(true);
    const R = precision(25).D;
    const raw = (x1: Decimal, x2: Decimal): Decimal =>
      new R(3)
        .times(x2.plus(1).minus(x1.pow(2)).pow(2))
        .plus(new D(1).minus(x1).pow(2))
        .plus('0.1')
        .log(10);
    const raws = data.inputs.map((x) => raw(new D(x[0]!), new D(x[1]!)));
    const rawMean = raws.reduce((s, y) => s.plus(y), new D(0)).div(n);
    const rawSd = raws
      .reduce((s, y) => s.plus(y.minus(rawMean).pow(2)), new D(0))
      .div(n)
      .sqrt();
    for (const i of [0, 5000, 10200]) {
      expect(near(data.targets[i]!, raws[i]!.minus(rawMean).div(rawSd), '1e-17')).toBe(true);
    }
    // Deterministic initialisation; the width changes the draw, the seed reproduces it.
    expect(loadProblem('rosenbrock-2d', { width: 5 }).initial(p30).map(String)).toEqual(
      pr.initial(p30).map(String),
    );
    expect(loadProblem('rosenbrock-2d').parameterNames).toHaveLength(6);
  });

  it('Glorot-normal draws have the Glorot variances 2/(d + r) and 2/(r + 1)', () => {
    const r = 400;
    const base = builtinProblem('rosenbrock-2d', { width: r });
    const pr = problemFromSpec({ ...base, data: { kind: 'samples', inputs: [['0', '0']], targets: ['1'] } });
    const theta = pr.initial(p30).map((v) => v.toNumber());
    const w = theta.slice(0, 2 * r);
    const a = theta.slice(2 * r, 3 * r);
    const variance = (xs: number[]): number => xs.reduce((s, x) => s + x * x, 0) / xs.length;
    expect(variance(w) / (2 / (2 + r))).toBeGreaterThan(0.85);
    expect(variance(w) / (2 / (2 + r))).toBeLessThan(1.15);
    expect(variance(a) / (2 / (r + 1))).toBeGreaterThan(0.8);
    expect(variance(a) / (2 / (r + 1))).toBeLessThan(1.2);
    const other = problemFromSpec({
      ...base,
      data: { kind: 'samples', inputs: [['0', '0']], targets: ['1'] },
      student: { width: r, init: { kind: 'glorot-normal', seed: 2 } },
    });
    expect(other.initial(p30)[0]!.eq(pr.initial(p30)[0]!)).toBe(false);
  });

  it('every built-in spec round-trips through JSON and loads from a file with the same loss', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-problem-'));
    for (const name of BUILTIN_PROBLEMS.filter((n) => n !== 'rosenbrock-2d' && n !== 'paper-toy')) {
      const builtin = loadProblem(name);
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(builtin.spec));
      const loaded = loadProblem(file);
      expect(loaded.name).toBe(file);
      expect(loaded.spec).toEqual(builtin.spec);
      const a = builtin.evaluate(builtin.initial(p30), p30);
      const b = loaded.evaluate(loaded.initial(p30), p30);
      expect(a.loss.eq(b.loss)).toBe(true);
    }
  });

  it('float64 evaluation agrees with Decimal on the finite built-ins', () => {
    for (const name of ['two-param', 'glu-teacher']) {
      const pr = loadProblem(name);
      const exact = pr.evaluate(pr.initial(p30), p30, { hessian: true });
      const f64 = pr.evaluate64(Float64Array.from(pr.initial(p30), Number), { hessian: true });
      expect(Math.abs(f64.loss - exact.loss.toNumber())).toBeLessThan(1e-15);
      exact.gradient!.forEach((g, i) =>
        expect(Math.abs(f64.gradient![i]! - g.toNumber())).toBeLessThan(1e-13),
      );
    }
  });
});

describe('data realised from specs', () => {
  it('explicit samples with weights, numbers as JSON numbers, decimal strings and constant expressions', () => {
    const pr = problemFromSpec(
      spec({
        data: {
          kind: 'samples',
          inputs: [1, '-0.5', 'sqrt(2)'],
          targets: ['0.25', -1, 'pi/4'],
          weights: [1, '0.5', '2'],
        },
      }),
    );
    const data = pr.dataset(p30);
    expect(data.inputs[0]![0]!.toString()).toBe('1');
    expect(near(data.inputs[2]![0]!, new D(2).sqrt(), '1e-39')).toBe(true);
    expect(near(data.targets[2]!, D.acos(-1).div(4), '1e-39')).toBe(true);
    expect(data.weights!.map(String)).toEqual(['1', '0.5', '2']);
    // Loss = (1/3) Σ ρ (a tanh(w x) − y)² with (w, a) = (0.2, 0.3), by hand.
    const want = data.inputs
      .map((x, n) =>
        tanh(new D(x[0]!).times('0.2')).times('0.3').minus(data.targets[n]!).pow(2).times(data.weights![n]!),
      )
      .reduce((s, v) => s.plus(v), new D(0))
      .div(3);
    expect(near(pr.evaluate(pr.initial(p30), p30).loss, want, '1e-29')).toBe(true);
  });

  it('a teacher network evaluated on the inputs (with biases)', () => {
    const pr = problemFromSpec(
      spec({
        data: {
          kind: 'teacher',
          inputs: ['-1', '0', '2'],
          teacher: {
            activation: 'tanh',
            hiddenBias: true,
            outputBias: true,
            params: {
              w: [
                ['0.5', '-0.25'],
                ['2', '1'],
              ],
              a: ['1', '-3'],
              b: '0.125',
            },
          },
        },
      }),
    );
    const data = pr.dataset(p30);
    data.inputs.forEach((x, n) => {
      const xv = new D(x[0]!);
      const want = tanh(xv.times('0.5').minus('0.25'))
        .minus(tanh(xv.times(2).plus(1)).times(3))
        .plus('0.125');
      expect(near(data.targets[n]!, want, '1e-38')).toBe(true);
    });
  });

  it('target formulas in x1 … xd on a grid, and x as a synonym of x1 in one dimension', () => {
    const pr = problemFromSpec(
      spec({
        inputDimension: 2,
        student: { width: 1, init: { kind: 'explicit', params: { w: [['0.1', '0.2']], a: ['1'] } } },
        data: {
          kind: 'formula',
          inputs: { grid: { lower: ['-1', '0'], upper: ['1', 'sqrt(2)'], points: [3, 2] } },
          target: 'x1^2 - 3*x2 + exp(x1*x2)',
          transform: 'none',
        },
      }),
    );
    const data = pr.dataset(p30);
    expect(data.inputs).toHaveLength(6);
    data.inputs.forEach((x, n) => {
      const [x1, x2] = [new D(x[0]!), new D(x[1]!)];
      expect(near(data.targets[n]!, x1.pow(2).minus(x2.times(3)).plus(x1.times(x2).exp()), '1e-38')).toBe(
        true,
      );
    });
    const a = problemFromSpec(
      spec({ data: { kind: 'formula', inputs: ['0.5'], target: 'x^2', transform: 'none' } }),
    );
    const b = problemFromSpec(
      spec({ data: { kind: 'formula', inputs: ['0.5'], target: 'x1^2', transform: 'none' } }),
    );
    expect(a.dataset(p30).targets[0]!.toString()).toBe('0.25');
    expect(b.dataset(p30).targets[0]!.toString()).toBe('0.25');
  });
});

describe('population losses under N(0, I)', () => {
  /** E[erf(a·x/√2) erf(b·x/√2)] = (2/π) asin(ab / √((1 + a²)(1 + b²))) for x ~ N(0, 1) (closed form). */
  const K = (a: Decimal, b: Decimal): Decimal =>
    a
      .times(b)
      .div(a.pow(2).plus(1).times(b.pow(2).plus(1)).sqrt())
      .asin()
      .times(2)
      .div(D.acos(-1));

  it('teacher target: agrees with the closed form for erf networks, with an honest error estimate', () => {
    const tw = ['0.7', '-1.3'].map((v) => new D(v));
    const ta = ['1', '0.5'].map((v) => new D(v));
    const pr = problemFromSpec(
      spec({
        activation: 'erf',
        data: {
          kind: 'population',
          distribution: 'standard-normal',
          target: {
            teacher: {
              hiddenBias: false,
              outputBias: false,
              params: { w: [['0.7'], ['-1.3']], a: ['1', '0.5'] },
            },
          },
          quadrature: { rule: 'trapezoid' },
        },
        student: { width: 1, init: { kind: 'explicit', params: { w: [['1.1']], a: ['0.8'] } } },
      }),
    );
    // E[(f − y)²] with f = 0.8 σ(1.1x), y = Σ a_i σ(w_i x).
    const sw = new D('1.1');
    const sa = new D('0.8');
    let want = sa.pow(2).times(K(sw, sw));
    for (let i = 0; i < 2; i++) {
      want = want.minus(sa.times(ta[i]!).times(K(sw, tw[i]!)).times(2));
      for (let j = 0; j < 2; j++) want = want.plus(ta[i]!.times(ta[j]!).times(K(tw[i]!, tw[j]!)));
    }
    const r = pr.evaluate(pr.initial(p30), p30, { gradient: false });
    const error = want.minus(r.loss).abs();
    expect(error.lte(want.times('1e-28')), `${r.loss.toString()} vs ${want.toString()}`).toBe(true);
    expect(error.lte(r.quadratureError!.plus('1e-40'))).toBe(true);
    const weights = pr.dataset(p30).weights!;
    expect(near(weights.reduce((s, w) => s.plus(w), new D(0)).div(weights.length), new D(1), '1e-35')).toBe(
      true,
    );
  });

  it('formula target in two dimensions on a product rule with a given step (closed form)', () => {
    const pr = problemFromSpec(
      spec({
        activation: 'erf',
        inputDimension: 2,
        data: {
          kind: 'population',
          distribution: 'standard-normal',
          target: { formula: 'x1*x2' },
          quadrature: { rule: 'trapezoid', step: '0.5' },
        },
        student: { width: 1, init: { kind: 'explicit', params: { w: [['0.6', '-0.8']], a: ['1.5'] } } },
      }),
    );
    const p = precision(12);
    // E[(1.5 σ(w·x) − x1 x2)²] = 2.25 E[σ(w·x)²] + E[x1² x2²] (the cross term is odd), |w| = 1.
    const want = new D('2.25').times(K(new D(1), new D(1))).plus(1);
    const r = pr.evaluate(pr.initial(p), p, { gradient: false });
    const error = want.minus(r.loss).abs();
    expect(error.lte(r.quadratureError!.plus('1e-11')), `${r.loss.toString()} vs ${want.toString()}`).toBe(
      true,
    );
    expect(r.quadratureError!.lt('1e-6')).toBe(true);
  });
});

describe('parameters JSON', () => {
  it('parses {"w", "a"} into the flat order and names a mismatching field', () => {
    const pr = loadProblem('glu-teacher');
    expect(pr.parseParams({ w: [[1], ['2']], a: ['3', 'sqrt(4)'] }, p30).map(String)).toEqual([
      '1',
      '2',
      '3',
      '2',
    ]);
    expect(() => pr.parseParams({ w: [[1]], a: ['3', '4'] }, p30)).toThrow(/parameters: w has 1 rows/);
    expect(() => pr.parseParams({ w: [[1], [2]], a: ['3', 'NaN'] }, p30)).toThrow(/a\[1\]/);
    expect(() => pr.parseParams({ w: [[1], [2]], a: ['3', '4'], b: '1' }, p30)).toThrow(InputError);
    expect(() => pr.parseParams({ w: [[1], [2]] }, p30)).toThrow(/parameters: a:/);
  });
});
