import type { Decimal } from 'decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certifiedInertia } from '../../src/certified/certified-inertia.js';
import {
  NOT_ISOLATED,
  canonicalRepresentative,
  certifyCriticalPoint,
  type CertifiedCriticalPoint,
} from '../../src/certified/certify-critical-point.js';
import { refineCriticalPoint } from '../../src/flow/refine-critical-point.js';
import { loadProblem, problemFromSpec } from '../../src/network/problem.js';
import { type Ball, ball, ballContains, exactBall } from '../../src/precision/ball/index.js';
import { precision } from '../../src/precision/context.js';
import type { ProblemSpec } from '../../src/network/spec.js';

/**
 * Krawczyk certification of isolated critical points and certified inertia (issue 17, items 3–4). The reference is
 * independent: scripts/certify-reference/generate.py (mpmath, hand-written gradient and Hessian, 130 digits)
 * wrote misfit-two-param.json; the test reads the JSON, never Python.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const MISFIT = join(ROOT, 'test', 'fixtures', 'saddle-line', 'two-param-misfit.json');
const REFERENCE = JSON.parse(
  readFileSync(join(ROOT, 'scripts', 'certify-reference', 'misfit-two-param.json'), 'utf8'),
) as { w: string; a: string; loss: string; hessianEigenvalues: [string, string] };

function certified(c: CertifiedCriticalPoint): Extract<CertifiedCriticalPoint, { kind: 'certified' }> {
  if (c.kind !== 'certified') throw new Error(`not certified: ${c.reason}`);
  return c;
}

describe('certifyCriticalPoint (Krawczyk) and certifiedInertia', () => {
  it('the bar: the one-neuron minimum of the 5-sample misfit two-param, box radius ≤ 1e-40 at 60 digits, strict minimum; the mpmath solution lies in the enclosure', () => {
    const problem = loadProblem(MISFIT);
    const p = precision(60);
    const refined = refineCriticalPoint(problem, ['0.5', '2.5'], p, {
      stepTolerance: new p.D(10).pow(-65),
      guardDigits: 15,
    });
    expect(refined.kind).toBe('converged');
    const c = certified(certifyCriticalPoint(problem, refined.point, p));
    expect(c.radius.lte('1e-40')).toBe(true);
    expect(c.type).toEqual({ kind: 'strict local minimum' });
    expect(c.inertia.kind === 'decided' && [c.inertia.negative, c.inertia.positive]).toEqual([0, 2]);
    // The independent solution lies in K(X) (hence in X), and the box is tight around it.
    const [kw, ka] = c.enclosure as [Ball, Ball];
    expect(ballContains(kw, REFERENCE.w)).toBe(true);
    expect(ballContains(ka, REFERENCE.a)).toBe(true);
    expect(c.enclosureRadius.lte('1e-55')).toBe(true);
    expect(ballContains(c.loss, REFERENCE.loss)).toBe(true);
    // Pivots of VᵀHV ≈ the eigenvalues (V from Jacobi), within the box's width.
    if (c.inertia.kind !== 'decided') throw new Error('inertia undecided');
    c.inertia.pivots.forEach((d, i) =>
      expect(
        d.mid
          .minus(REFERENCE.hessianEigenvalues[i] as string)
          .abs()
          .lte('1e-45'),
      ).toBe(true),
    );
  });

  it('a start in the other sign orbit (−w, −a) certifies the same canonical representative', () => {
    const problem = loadProblem(MISFIT);
    const p = precision(40);
    const c = certified(certifyCriticalPoint(problem, [`-${REFERENCE.w}`, `-${REFERENCE.a}`], p));
    expect(c.center[0]?.gt(0)).toBe(true);
    expect(c.symmetry.signFlip).toBe(true);
    expect(ballContains(c.enclosure[0] as Ball, REFERENCE.w)).toBe(true);
    expect(ballContains(c.enclosure[1] as Ball, REFERENCE.a)).toBe(true);
  });

  it('an approximate point off by 1e-30 is not certified in a 1e-35 box (K(X) ⊄ int X), and is in a 1e-25 box', () => {
    const problem = loadProblem(MISFIT);
    const p = precision(50);
    const off = [
      new p.D(REFERENCE.w).plus('1e-30').toSignificantDigits(50),
      new p.D(REFERENCE.a).toSignificantDigits(50),
    ];
    const c = certifyCriticalPoint(problem, off, p, { radius: '1e-35', attempts: 1 });
    expect(c.kind).toBe('not-certified');
    if (c.kind === 'not-certified') expect(c.reason).toMatch(/K\(X\) ⊄ int X/);
    const d = certified(certifyCriticalPoint(problem, off, p, { radius: '1e-25', attempts: 1 }));
    expect(ballContains(d.enclosure[0] as Ball, REFERENCE.w)).toBe(true);
  });

  it('a box too wide for the contraction (r = 0.3 around the minimum) is not certified', () => {
    const c = certifyCriticalPoint(loadProblem(MISFIT), [REFERENCE.w, REFERENCE.a], precision(30), {
      radius: '0.3',
      attempts: 1,
    });
    expect(c.kind).toBe('not-certified');
  });

  it('a point of the width-2 saddle line (split of the minimum) is not certified: the Hessian is singular', () => {
    const base = loadProblem(MISFIT);
    const p = precision(40);
    const w = new p.D(REFERENCE.w).toSignificantDigits(45).toString();
    const a = new p.D(REFERENCE.a);
    const spec = {
      ...base.spec,
      student: { width: 2, init: { kind: 'explicit' as const, params: { w: [[w], [w]], a: ['0', '0'] } } },
    };
    const problem = problemFromSpec(spec, 'misfit-width-2');
    const point = [w, w, a.times('0.3').toString(), a.times('0.7').toString()];
    const c = certifyCriticalPoint(problem, point, p);
    expect(c).toEqual({ kind: 'not-certified', reason: NOT_ISOLATED });
  });

  it('a point far from any critical point, and a relu kink, are refused with their reasons (no exception)', () => {
    const spec = {
      format: 'flat-channels-problem',
      version: 1,
      name: 'relu',
      activation: 'relu',
      hiddenBias: false,
      outputBias: false,
      inputDimension: 1,
      data: { kind: 'samples', inputs: ['1', '2', '-1'], targets: ['1', '1.5', '0.2'] },
      student: { width: 1, init: { kind: 'explicit', params: { w: [['0.5']], a: ['1'] } } },
    } as unknown as ProblemSpec;
    const problem = problemFromSpec(spec, 'relu');
    const p = precision(30);
    const far = certifyCriticalPoint(problem, ['0.7', '1.8'], p);
    expect(far.kind === 'not-certified' && far.reason).toMatch(/not an approximate critical point/);
    const kink = certifyCriticalPoint(problem, ['0', '1'], p);
    expect(kink.kind === 'not-certified' && kink.reason).toMatch(/no enclosure: relu/);
  });

  it('a population problem is not certified', () => {
    const c = certifyCriticalPoint(loadProblem('paper-toy'), ['1', '1', '0.5', '0.5'], precision(30));
    expect(c.kind).toBe('not-certified');
    if (c.kind === 'not-certified') expect(c.reason).toMatch(/population/);
  });

  it('canonicalRepresentative: every point of a permutation/sign-flip orbit maps to one point (odd σ); without the flip only permutations', () => {
    const p = precision(20);
    const layout = { width: 2, inputDimension: 1, hiddenBias: true, outputBias: true };
    const D = (xs: string[]) => xs.map((v) => new p.D(v));
    // Neurons (w, bias; a): (0.5, −1; 2) and (−0.3, 0.2; −1.5), output bias 0.1.
    const base = D(['0.5', '-1', '-0.3', '0.2', '2', '-1.5', '0.1']);
    const swapped = D(['-0.3', '0.2', '0.5', '-1', '-1.5', '2', '0.1']);
    const flipped = D(['-0.5', '1', '-0.3', '0.2', '-2', '-1.5', '0.1']);
    const canon = (x: Decimal[], flip: boolean) => canonicalRepresentative(layout, x, flip).map(String);
    const expected = ['0.3', '-0.2', '0.5', '-1', '1.5', '2', '0.1'];
    for (const x of [base, swapped, flipped]) expect(canon(x, true)).toEqual(expected);
    expect(canon(base, false)).toEqual(['-0.3', '0.2', '0.5', '-1', '-1.5', '2', '0.1']);
    expect(canon(flipped, false)).not.toEqual(canon(base, false));
  });

  it('certifiedInertia: a rotated diag(3, −2, 0.5) is decided (1 negative), a ball straddling a zero eigenvalue is not', () => {
    const p = precision(30);
    // Q diag(3, −2, 1/2) Qᵀ for the rational orthogonal Q = (1/3)[[1, 2, 2], [2, 1, −2], [2, −2, 1]], entries exact.
    const Q = [
      [1, 2, 2],
      [2, 1, -2],
      [2, -2, 1],
    ];
    const lam = [3, -2, 0.5];
    const entry = (i: number, j: number): string =>
      new p.D(
        [0, 1, 2].reduce((s, k) => s + (Q[i]?.[k] as number) * (lam[k] as number) * (Q[j]?.[k] as number), 0),
      )
        .div(9)
        .toString();
    const H = [0, 1, 2].map((i) => [0, 1, 2].map((j) => ball(p, entry(i, j), '1e-20')));
    const d = certifiedInertia(H, p);
    expect(d.kind === 'decided' && [d.negative, d.positive]).toEqual([1, 2]);
    // diag(1, 1e-10) with radius 1e-9 on every entry contains singular matrices: undecided.
    const S = [
      [ball(p, 1, '1e-9'), ball(p, 0, '1e-9')],
      [ball(p, 0, '1e-9'), ball(p, '1e-10', '1e-9')],
    ];
    const u = certifiedInertia(S, p);
    expect(u.kind).toBe('undecided');
    // The same matrix as exact balls is decided positive definite.
    const E = [
      [exactBall(p, 1), exactBall(p, 0)],
      [exactBall(p, 0), exactBall(p, '1e-10')],
    ];
    const e = certifiedInertia(E, p);
    expect(e.kind === 'decided' && [e.negative, e.positive]).toEqual([0, 2]);
  });
});
