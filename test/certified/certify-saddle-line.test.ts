import type { Decimal } from 'decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ballDataset } from '../../src/certified/ball-dataset.js';
import { ballLossAndDerivatives } from '../../src/certified/ball-loss.js';
import { certifySaddleLine, type CertifiedSaddleLine } from '../../src/certified/certify-saddle-line.js';
import { OptionError } from '../../src/errors.js';
import { refineCriticalPoint } from '../../src/flow/refine-critical-point.js';
import { saddleLine } from '../../src/landscape/saddle-line.js';
import { loadProblem, problemFromSpec, type Problem } from '../../src/network/problem.js';
import type { ProblemSpec } from '../../src/network/spec.js';
import { type Ball, ballContains, ballMul, exactBall } from '../../src/precision/ball/index.js';
import { precision, type Precision } from '../../src/precision/context.js';
import { runInProcess as run } from '../docs/run-cli.js';

/**
 * Certified saddle lines (issue 17, item 5) on the misfit two-param variant. The reference is independent:
 * scripts/certify-reference/saddle-line.py (mpmath at 130 digits, the width-2 Hessian and B written out by hand) wrote
 * misfit-saddle-line.json; the existing saddle-line code (src/landscape, Decimal Hessians and LDLᵀ inertia) is a
 * second, confirmed route. The tests read the JSON, never Python.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const MISFIT = join(ROOT, 'test', 'fixtures', 'saddle-line', 'two-param-misfit.json');
interface LinePoint {
  gamma: string;
  hessianEigenvalues: string[];
  transversalEigenvalues: string[];
  transversalDeterminant: string;
  transversalMatrix: string[][];
}
const REFERENCE = JSON.parse(
  readFileSync(join(ROOT, 'scripts', 'certify-reference', 'misfit-saddle-line.json'), 'utf8'),
) as { w: string; a: string; B: string; line: LinePoint[] };

function refined(problem: Problem, p: Precision): readonly Decimal[] {
  const r = refineCriticalPoint(problem, ['0.5', '2.5'], p, {
    stepTolerance: new p.D(10).pow(-(p.digits + 5)),
    guardDigits: 15,
  });
  if (r.kind !== 'converged') throw new Error(`Newton: ${r.kind}`);
  return r.point;
}

function certified(c: CertifiedSaddleLine): Extract<CertifiedSaddleLine, { kind: 'certified' }> {
  if (c.kind !== 'certified') throw new Error(`not certified (${c.stage}): ${c.reason}`);
  return c;
}

describe('certifySaddleLine', () => {
  const problem = loadProblem(MISFIT);
  const p60 = precision(60);
  const point60 = refined(problem, p60);

  it('the bar: at 60 digits B < 0 (stable segment outside [0, 1]) and the inertia (neg 0, zero 1, pos 3) on γ ∈ [1.5, 3], agreeing with mpmath and with the Decimal saddle-line code', () => {
    const c = certified(certifySaddleLine(problem, point60, p60, { gamma: ['1.5', '3'] }));
    // The parent: the bar of item 3, and the mpmath minimum in its enclosure.
    expect(c.parent.radius.lte('1e-40')).toBe(true);
    expect(c.parent.type).toEqual({ kind: 'strict local minimum' });
    expect(ballContains(c.parent.enclosure[0] as Ball, REFERENCE.w)).toBe(true);
    expect(ballContains(c.parent.enclosure[1] as Ball, REFERENCE.a)).toBe(true);
    // (a) the statement is about the unique critical point of the box, for the interval.
    expect(c.criticality.statement).toMatch(/unique critical point θ\* of L_1 in the box X\* = x̃ ± 1e-50/);
    expect(c.criticality.statement).toMatch(/γ ∈ \[1\.5, 3\]/);
    // (b) B ∋ the mpmath value, tight; negative definite; segment outside.
    const B = (c.B.matrix[0] as Ball[])[0] as Ball;
    expect(ballContains(B, REFERENCE.B)).toBe(true);
    expect(B.rad.lte('1e-50')).toBe(true);
    expect([c.B.negative, c.B.positive, c.B.definiteness, c.segment]).toEqual([
      1,
      0,
      'negative definite',
      'outside',
    ]);
    expect(c.segmentStatement).toMatch(/γ ∉ \[0, 1\]/);
    // (c) the transversal inertia, uniformly.
    const t = c.transversal;
    expect([t.negative, t.zero, t.positive, t.type]).toEqual([0, 1, 3, 'local minimum']);
    expect(t.tangent).toEqual([2, 3]);
    // The subintervals tile [1.5, 3] exactly.
    expect(t.subintervals[0]?.lo.eq('1.5')).toBe(true);
    expect(t.subintervals.at(-1)?.hi.eq(3)).toBe(true);
    t.subintervals
      .slice(1)
      .forEach((s, i) => expect(s.lo.eq((t.subintervals[i] as { hi: Decimal }).hi)).toBe(true));
    // mpmath (independent): at 31 points of [1.5, 3] the Hessian has one eigenvalue ≈ 0 (|λ| < 1e-100) and three
    // positive ones, and det(VᵀHV) lies in the product of the pivots of the subinterval containing γ (the pivots
    // are those of QᵀVᵀHVQ with Q orthonormal to p digits, so their product encloses det(VᵀHV) up to 1e-55).
    for (const ref of REFERENCE.line) {
      const ev = ref.hessianEigenvalues.map((v) => new p60.D(v));
      expect(ev.filter((v) => v.abs().lt('1e-100')).length).toBe(1);
      expect(ev.filter((v) => v.gt('1e-100')).length).toBe(3);
      const g = new p60.D(ref.gamma);
      const sub = t.subintervals.find((s) => s.lo.lte(g) && g.lte(s.hi));
      if (sub === undefined) throw new Error(`no subinterval holds ${ref.gamma}`);
      const det = sub.pivots.reduce((x, y) => ballMul(x, y, p60), exactBall(p60, 1));
      expect(ballContains(det, ref.transversalDeterminant), `γ = ${ref.gamma}`).toBe(true);
      // The subinterval's matrix contains QᵀMQ for M = VᵀH(θ*_γ)V of mpmath (Q the returned exact congruence).
      const q = precision(100);
      const M = ref.transversalMatrix.map((row) => row.map((v) => new q.D(v)));
      const Q = sub.congruence.map((row) => row.map((v) => new q.D(v)));
      const n = M.length;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let v = new q.D(0);
          for (let a = 0; a < n; a++) {
            for (let b = 0; b < n; b++) {
              const qai = (Q[a] as Decimal[])[i] as Decimal;
              const qbj = (Q[b] as Decimal[])[j] as Decimal;
              v = v.plus(qai.times((M[a] as Decimal[])[b] as Decimal).times(qbj));
            }
          }
          expect(ballContains((sub.matrix[i] as Ball[])[j] as Ball, v), `γ = ${ref.gamma} (${i}, ${j})`).toBe(
            true,
          );
        }
      }
      // The enclosure is not vacuous: the smallest pivot is within a factor 2 of the smallest eigenvalue of VᵀHV.
      const smallest = sub.pivots.reduce(
        (x, y) => (y.mid.abs().lt(x) ? y.mid.abs() : x),
        new p60.D(Infinity),
      );
      const ratio = smallest.div(ref.transversalEigenvalues[0] as string);
      expect(ratio.gt('0.5') && ratio.lt(2), `γ = ${ref.gamma}: ratio ${ratio.toFixed(3)}`).toBe(true);
    }
    // The Decimal route (landscape/saddle-line.ts, confirmed by the saddle-line command): same inertia at samples.
    const p30 = precision(30);
    const line = saddleLine(
      problem.network,
      (q) => problem.dataset(q),
      point60,
      0,
      ['1.5', '2', '2.5', '3'],
      p30,
    );
    expect(line.prediction).toBe('outside');
    for (const pt of line.line) expect(pt.inertia).toEqual({ neg: 0, zero: 1, pos: 3 });
  });

  it('(a) as a check, not the proof: the ball gradient of L_2 over the split of K(X*) contains 0 at γ = 2 and γ = −0.7', () => {
    const c = certified(certifySaddleLine(problem, point60, p60, { gamma: ['2', '2.25'] }));
    const outcome = ballDataset(problem, p60);
    if (outcome.kind !== 'finite') throw new Error('not finite');
    const [w, a] = c.parent.enclosure as [Ball, Ball];
    const wide = { ...problem.network, layout: { ...problem.network.layout, width: 2 } };
    for (const gamma of ['2', '-0.7']) {
      const g = exactBall(p60, gamma);
      const split = [w, w, ballMul(g, a, p60), ballMul(exactBall(p60, new p60.D(1).minus(gamma)), a, p60)];
      const grad = ballLossAndDerivatives(wide, outcome.data, split, p60).gradient as Ball[];
      for (const b of grad) {
        expect(ballContains(b, 0)).toBe(true);
        expect(b.rad.lt('1e-45')).toBe(true);
      }
    }
  });

  it('precision ladder: at 40 digits the same certificate, B balls overlapping those at 60; inside (0, 1) a saddle with 1 descending direction', () => {
    const p40 = precision(40);
    const c40 = certified(certifySaddleLine(problem, refined(problem, p40), p40, { gamma: ['1.5', '3'] }));
    const B40 = (c40.B.matrix[0] as Ball[])[0] as Ball;
    expect(ballContains(B40, REFERENCE.B)).toBe(true);
    expect(B40.mid.minus(REFERENCE.B).abs().lte('1e-35')).toBe(true);
    expect([c40.transversal.negative, c40.transversal.positive]).toEqual([0, 3]);
    const inside = certified(certifySaddleLine(problem, point60, p60, { gamma: ['0.25', '0.75'] }));
    expect([inside.transversal.negative, inside.transversal.positive, inside.transversal.type]).toEqual([
      1,
      2,
      'saddle',
    ]);
  });

  it('fails honestly: an interval containing γ = 1 (further zero eigenvalues there), a start that is not critical, a zero readout', () => {
    const across = certifySaddleLine(problem, point60, p60, { gamma: ['0.9', '1.1'], maxSubintervals: 30 });
    expect(across.kind).toBe('not-certified');
    if (across.kind === 'not-certified') {
      expect(across.stage).toBe('transversal');
      expect(across.reason).toMatch(/undecided on γ ∈ \[0\.99999\d*, 1\] \(width .*\) after 30 subintervals/);
    }
    const notCritical = certifySaddleLine(problem, ['0.5', '2.5'], p60, { gamma: ['1.5', '3'] });
    expect(notCritical.kind === 'not-certified' && notCritical.stage).toBe('parent');
    expect(notCritical.kind === 'not-certified' && notCritical.reason).toMatch(
      /not an approximate critical point/,
    );
    // two-param's critical point with a = 0 (Newton from its initial point): a certified saddle, but a zero readout.
    const twoParam = loadProblem('two-param');
    const p40 = precision(40);
    const origin = refineCriticalPoint(twoParam, twoParam.initial(p40), p40, {
      stepTolerance: new p40.D(10).pow(-45),
      guardDigits: 15,
    });
    if (origin.kind !== 'converged') throw new Error('Newton');
    const zero = certifySaddleLine(twoParam, origin.point, p40, { gamma: ['1.5', '3'] });
    expect(zero.kind === 'not-certified' && zero.stage).toBe('parent');
    expect(zero.kind === 'not-certified' && zero.reason).toMatch(/a\*_1 is not separated from 0/);
  });

  it('with a hidden bias (B is 2×2): B certified indefinite, no stable segment, a saddle with 1 descending direction on [2, 3]; B and the inertia agree with the Decimal saddle-line route', () => {
    const spec = JSON.parse(readFileSync(MISFIT, 'utf8')) as ProblemSpec;
    const biased = problemFromSpec(
      {
        ...spec,
        name: 'misfit-bias',
        hiddenBias: true,
        student: { width: 1, init: { kind: 'explicit', params: { w: [['0.5', '0']], a: ['2.5'] } } },
      },
      'misfit-bias',
    );
    const p = precision(30);
    const r = refineCriticalPoint(biased, biased.initial(p), p, {
      stepTolerance: new p.D(10).pow(-35),
      guardDigits: 15,
    });
    if (r.kind !== 'converged') throw new Error(`Newton: ${r.kind}`);
    const c = certified(certifySaddleLine(biased, r.point, p, { gamma: ['2', '3'] }));
    expect(c.parent.type).toEqual({ kind: 'strict local minimum' });
    expect(c.B.matrix).toHaveLength(2);
    expect([c.B.negative, c.B.positive, c.B.definiteness, c.segment]).toEqual([1, 1, 'indefinite', 'none']);
    const t = c.transversal;
    expect([t.negative, t.zero, t.positive, t.type]).toEqual([1, 1, 4, 'saddle']);
    expect(t.tangent).toEqual([4, 5]);
    // The Decimal route at 50 digits: B's eigenvalues (the pivots after the Jacobi congruence are they, to the
    // radius) and the Hessian inertia at sampled γ.
    const line = saddleLine(
      biased.network,
      (q) => biased.dataset(q),
      r.point,
      0,
      ['2', '2.5', '3'],
      precision(50),
    );
    expect(line.prediction).toBe('none');
    line.eigenvalues.forEach((e, i) => {
      const d = c.B.pivots[i] as Ball;
      expect(d.mid.minus(e).abs().lte(d.rad.plus('1e-25')), `B eigenvalue ${i}`).toBe(true);
    });
    for (const pt of line.line) expect(pt.inertia).toEqual({ neg: 1, zero: 1, pos: 4 });
  });

  it('refuses bad options with an OptionError: an empty or reversed interval, a neuron out of range, an unknown option', () => {
    const bad: unknown[] = [
      { gamma: ['3', '1.5'] },
      { gamma: ['2', '2'] },
      { gamma: ['abc', '2'] },
      { gamma: ['1.5'] },
      { gamma: ['1.5', '3'], neuron: 1 },
      { gamma: ['1.5', '3'], gama: 2 },
      { gamma: ['1.5', '3'], maxSubintervals: 0 },
    ];
    for (const options of bad) {
      expect(() =>
        certifySaddleLine(problem, point60, p60, options as Parameters<typeof certifySaddleLine>[3]),
      ).toThrow(OptionError);
    }
  });
});

describe('flat-channels certify --saddle-line', () => {
  it('the bar through the command line (--json, 40 digits; the 60-digit text run is the console session of docs/certified.md): B < 0 containing the mpmath value, (neg 0, zero 1, pos 3) on [1.5, 3]; a refusal is exit 1 with the stage', async () => {
    const r = await run([
      'certify',
      '--problem',
      MISFIT,
      '--saddle-line',
      '--gamma',
      '1.5:3',
      '--digits',
      '40',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      kind: string;
      neuron: number;
      B: { matrix: { mid: string; rad: string }[][]; definiteness: string };
      stableSegment: string;
      transversal: { negative: number; zero: number; positive: number; type: string; tangent: string[] };
      theorems: string[];
    };
    expect([out.kind, out.neuron, out.B.definiteness, out.stableSegment]).toEqual([
      'certified',
      1,
      'negative definite',
      'γ ∉ [0, 1]',
    ]);
    const B = out.B.matrix[0]?.[0] ?? { mid: 'NaN', rad: 'NaN' };
    const p = precision(40);
    expect(ballContains({ mid: new p.D(B.mid), rad: new p.D(B.rad) }, REFERENCE.B)).toBe(true);
    expect(out.transversal).toMatchObject({ negative: 0, zero: 1, positive: 3, type: 'local minimum' });
    expect(out.transversal.tangent).toEqual(['a[1]', 'a[2]']);
    expect(out.theorems).toHaveLength(3);
    const across = await run([
      'certify',
      '--problem',
      MISFIT,
      '--saddle-line',
      '--gamma',
      '0.9:1.1',
      '--digits',
      '20',
    ]);
    expect(across.code).toBe(1);
    expect(across.stdout).toMatch(/not certified: transversal: the transversal inertia is undecided/);
  });

  it('bad input: exit 2 with one line (no --gamma, --gamma without --saddle-line, LO ≥ HI, not a number, --neuron out of range)', async () => {
    const cases: [string[], RegExp][] = [
      [['--saddle-line'], /--saddle-line needs --gamma LO:HI/],
      [['--gamma', '1.5:3'], /--gamma and --neuron need --saddle-line/],
      [['--saddle-line', '--gamma', '3:1.5'], /--gamma: expected LO < HI/],
      [['--saddle-line', '--gamma', '1.5'], /--gamma: expected LO:HI/],
      [['--saddle-line', '--gamma', '1.5:x'], /--gamma: expected a finite decimal/],
      [['--saddle-line', '--gamma', '1.5:3', '--neuron', '2'], /--neuron: expected an integer from 1 to 1/],
    ];
    for (const [args, message] of cases) {
      const r = await run(['certify', '--problem', MISFIT, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});
