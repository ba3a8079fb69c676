import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { lossAndDerivatives } from '../../src/network/loss.js';
import { loadProblem, problemFromSpec, type Problem } from '../../src/network/problem.js';
import { precision } from '../../src/precision/context.js';
import {
  checkCriticalSubspaces,
  reducibility,
  refineParent,
  type RefinedParent,
} from '../../src/symmetry/critical-subspaces.js';
import { enumerateSubspaces, parameteriseSubspace } from '../../src/symmetry/symmetry-subspaces.js';
import { itLong } from '../_support/tier.js';

const DIGITS = 50;
const TOL = precision(DIGITS + 10).D;

/** paper-toy at width 1 (its spec sliced to the first explicit neuron, started near the one-neuron minimum). */
function paperToyWidth1(): Problem {
  const base = loadProblem('paper-toy');
  const init = { kind: 'explicit' as const, params: { w: [['1.4']], a: ['2.15'] } };
  return problemFromSpec({ ...base.spec, student: { ...base.spec.student, width: 1, init } }, 'paper-toy');
}

/** A realisable problem: a width-2 tanh teacher on 7 points of [−2, 2] with a hidden bias, student = teacher. */
function teacherProblem(): Problem {
  const params = {
    w: [
      ['1.3', '0.4'],
      ['-0.7', '-0.2'],
    ],
    a: ['1.1', '0.6'],
  };
  return problemFromSpec(
    {
      format: 'flat-channels-problem',
      version: 1,
      name: 'tanh-teacher-2',
      description: 'width-2 tanh teacher',
      activation: 'tanh',
      hiddenBias: true,
      outputBias: false,
      inputDimension: 1,
      data: {
        kind: 'teacher',
        inputs: ['-2', '-1.3', '-0.6', '0', '0.5', '1.2', '2'],
        teacher: { hiddenBias: true, outputBias: false, params },
      },
      student: { width: 2, init: { kind: 'explicit', params } },
    } as unknown as Parameters<typeof problemFromSpec>[0],
    'tanh-teacher-2',
  );
}

/** f(x) = Σ_k a_k σ(w_k·x̃) by direct summation (independent of network/loss.ts). */
function output(problem: Problem, width: number, flat: readonly Decimal[], x: Decimal[]): Decimal {
  const D = TOL;
  const { layout, activation } = problem.network;
  const row = layout.inputDimension + (layout.hiddenBias ? 1 : 0);
  const xt = layout.hiddenBias ? [...x, new D(1)] : x;
  let f = new D(0);
  for (let k = 0; k < width; k++) {
    let z = new D(0);
    for (let j = 0; j < row; j++) z = z.plus((flat[k * row + j] as Decimal).times(xt[j] as Decimal));
    f = f.plus((flat[width * row + k] as Decimal).times(activation.value(z, precision(DIGITS + 10))));
  }
  return f;
}

describe('symmetry-induced critical subspaces', () => {
  let toy: Problem;
  let toyParent: RefinedParent;
  beforeAll(() => {
    toy = paperToyWidth1();
    toyParent = refineParent(toy, ['1.4', '2.15'], DIGITS);
  });

  it('the parameterisation: copied rows, readouts summing to the parent’s, the same function (direct sum)', () => {
    const teacher = teacherProblem();
    const q = precision(DIGITS + 10);
    const parent = teacher.initial(q);
    const layout = teacher.network.layout;
    const e = enumerateSubspaces(2, 4, 2, { zeroType: true, cap: 1000 });
    expect(e.total).toBe(50n); // 2!·S(5, 3) = 2·25
    for (const s of e.subspaces) {
      const param = parameteriseSubspace(layout, parent, s);
      const t = param.coordinateNames.map((_, i) => new q.D(i + 1).div(7));
      const flat = param.at(t, q);
      // Readouts of each parent's copies sum to its readout; zero-type readouts are 0.
      for (let i = 0; i < 2; i++) {
        const sum = s.parentOf.reduce(
          (acc, p, u) => (p === i ? acc.plus(flat[8 + u] as Decimal) : acc),
          new q.D(0),
        );
        expect(
          sum
            .minus(parent[4 + i] as Decimal)
            .abs()
            .lte('1e-58'),
        ).toBe(true);
      }
      s.parentOf.forEach((p, u) => {
        const rowU = flat.slice(2 * u, 2 * u + 2);
        if (p < 0) expect((flat[8 + u] as Decimal).isZero()).toBe(true);
        else rowU.forEach((v, j) => expect(v.eq(parent[2 * p + j] as Decimal)).toBe(true));
      });
      for (const x of ['-1.7', '0.3', '2.9']) {
        const fw = output(teacher, 4, flat, [new q.D(x)]);
        const fp = output(teacher, 2, parent, [new q.D(x)]);
        expect(fw.minus(fp).abs().lte('1e-55'), `${s.parentOf.join(',')} at x = ${x}`).toBe(true);
      }
    }
  });

  it('paper-toy, width 1 → 2 and 3: every subspace is critical at 50 digits with the parent’s loss', () => {
    // The parent: the one-neuron minimum of scripts/saddle-line-reference/reference.json (mpmath, 80 digits, on
    // the exact population); our loss is on the problem's trapezoid rule, accurate to its digits.
    const ref = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'scripts', 'saddle-line-reference', 'reference.json'), 'utf8'),
    ) as { paperToy: { w: string; a: string; loss: string } };
    expect(toyParent.point[0]!.minus(ref.paperToy.w).abs().lte('1e-40')).toBe(true);
    expect(toyParent.point[1]!.minus(ref.paperToy.a).abs().lte('1e-40')).toBe(true);
    expect(toyParent.zeroLoss).toBe(false);
    for (const m of [2, 3]) {
      const res = checkCriticalSubspaces(toy.network, (q) => toy.dataset(q), toyParent, m, DIGITS, {
        samples: 3,
      });
      expect(res.total).toBe(1n);
      expect(res.complete).toBe(true);
      expect(res.zeroType).toBe(false);
      expect(res.allCritical).toBe(true);
      for (const s of res.subspaces) {
        expect(s.subspace.dimension).toBe(m - 1);
        for (const pt of s.points) {
          expect(pt.gradNormInf.lte(new TOL(10).pow(-(DIGITS - 5)))).toBe(true);
          expect(pt.lossDifference.lte(new TOL(10).pow(-(DIGITS - 5)))).toBe(true);
          // Each free direction of the subspace is a zero eigenvalue of the Hessian.
          expect(pt.inertia!.zero).toBeGreaterThanOrEqual(m - 1);
        }
        // B > 0 at this minimum (saddle-line test): equal shares (all in (0, 1)) are minima of the line.
        expect(s.points[0]!.type).toBe('flat-minimum');
      }
    }
  });

  it('the check can fail: a point moved off the subspace, and a zero-type unit at positive loss, are not critical', () => {
    const q = precision(DIGITS + 10);
    const wide = { ...toy.network, layout: { ...toy.network.layout, width: 2 } };
    const s = enumerateSubspaces(1, 2, 1).subspaces[0]!;
    const flat = parameteriseSubspace(toy.network.layout, toyParent.point, s).at(['0.7'], q);
    flat[1] = flat[1]!.plus('1e-30'); // w of the second copy no longer equals the parent's
    const g = lossAndDerivatives(wide, toy.dataset(q), flat, q).gradient!;
    expect(g.some((x) => x.abs().gt('1e-40'))).toBe(true);
    // A zero-type unit (a = 0, w = 0.5) beside the parent: ∂L/∂a ≠ 0 since the residual is not zero.
    const zeroType = [toyParent.point[0]!, new q.D('0.5'), toyParent.point[1]!, new q.D(0)];
    const gz = lossAndDerivatives(wide, toy.dataset(q), zeroType, q).gradient!;
    expect(gz[3]!.abs().gt('1e-3')).toBe(true);
  });

  it('a zero-loss parent (realisable width-2 teacher): zero-type subspaces are enumerated and critical at 50 digits', () => {
    const teacher = teacherProblem();
    const parent = refineParent(teacher, teacher.initial(precision(DIGITS)), DIGITS);
    expect(parent.zeroLoss).toBe(true);
    const res = checkCriticalSubspaces(teacher.network, (q) => teacher.dataset(q), parent, 3, DIGITS, {
      samples: 2,
    });
    expect(res.zeroType).toBe(true);
    expect(res.total).toBe(12n); // 2!·S(4, 3) = 2·6
    expect(res.subspaces).toHaveLength(12);
    expect(res.subspaces.filter((s) => s.subspace.zeroTypeUnits.length === 1)).toHaveLength(6);
    expect(res.allCritical).toBe(true);
    for (const s of res.subspaces) {
      expect(s.subspace.dimension).toBe(s.subspace.zeroTypeUnits.length === 1 ? 2 : 1);
      // At a zero-loss minimum every point of the manifold is a global minimum: no negative curvature.
      for (const pt of s.points) expect(pt.type).toBe('flat-minimum');
    }
  });

  it('reducible parents are refused: equal rows or a zero readout', () => {
    const p = precision(30);
    const layout = { width: 2, inputDimension: 1, hiddenBias: false, outputBias: false };
    const D = p.D;
    expect(reducibility(layout, [new D(1), new D(1), new D(2), new D(3)], p)).toMatch(/same input weights/);
    expect(reducibility(layout, [new D(1), new D(2), new D(0), new D(3)], p)).toMatch(/a\[1\] is zero/);
    expect(reducibility(layout, [new D(1), new D(2), new D(1), new D(3)], p)).toBeUndefined();
  });

  itLong(
    'rosenbrock-2d, width 1 → 2, 3 and width 2 → 3: every subspace critical at 50 digits, inertia read',
    () => {
      const ref = JSON.parse(
        readFileSync(
          join(__dirname, '..', '..', 'scripts', 'saddle-line-reference', 'rosenbrock.json'),
          'utf8',
        ),
      ) as Record<string, { w: string[][]; a: string[]; loss: string }>;
      for (const [key, width, targets] of [
        ['width1Low', 1, [2, 3]],
        ['width2', 2, [3]],
      ] as const) {
        const problem = loadProblem('rosenbrock-2d', { width });
        const r = ref[key]!;
        const parent = refineParent(problem, [...r.w.flat(), ...r.a], DIGITS);
        // Independent parent: mpmath's loss (50 digits) to 35 digits.
        expect(parent.loss.minus(r.loss).abs().lte('1e-35')).toBe(true);
        for (const m of targets) {
          const res = checkCriticalSubspaces(problem.network, (q) => problem.dataset(q), parent, m, DIGITS);
          expect(res.total).toBe(width === 1 ? 1n : 6n);
          expect(res.allCritical).toBe(true);
          for (const s of res.subspaces) {
            for (const pt of s.points) expect(pt.inertia!.zero).toBeGreaterThanOrEqual(s.subspace.dimension);
            // B is positive definite at both minima (rosenbrock.json): equal shares lie inside (0, 1): minima.
            expect(s.points[0]!.type).toBe('flat-minimum');
          }
        }
      }
    },
  );
});
