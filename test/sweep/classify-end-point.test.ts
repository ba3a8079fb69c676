import { describe, expect, it } from 'vitest';
import { classifyEndPoint } from '../../src/sweep/classify-end-point.js';
import type { SweepProblem } from '../../src/sweep/sweep-problem.js';
import {
  GLU_XS,
  atanOneNeuronMinimum,
  atanProblem,
  endPoint,
  problemAt,
  tanhDerivatives,
} from './helpers.js';

/**
 * Independent references: the GLU expansion of mathematics.md §2 (the loss on a channel of the realisable
 * glu-teacher target is ε⁴·mean(f₂²) to relative O(ε²)) and Fukumizu–Amari's Theorem (the curvature across a
 * saddle line is γ(1−γ)·B), each computed here in closed form from tanh's derivatives.
 */

/** θ on the glu-teacher channel: w = 1 ± ε, a = 1/4 ± 1/(2ε) (c = 1/2, a = 1, the target itself in the limit). */
function gluChannel(eps: number): number[] {
  return [1 + eps, 1 - eps, 0.25 + 1 / (2 * eps), 0.25 - 1 / (2 * eps)];
}

/** ε⁴·mean(f₂²) with f₂ = (c/2)x²σ″(x) + (a/6)x³σ‴(x), c = 1/2, a = 1. */
function gluLossReference(eps: number): number {
  const f2 = GLU_XS.map((x) => {
    const [, , s2, s3] = tanhDerivatives(x);
    return 0.25 * x * x * s2 + (x ** 3 * s3) / 6;
  });
  return eps ** 4 * (f2.reduce((s, v) => s + v * v, 0) / f2.length);
}

/** Outward direction u (see classifyEndPoint): w_i −(w_i−w_j)/2, w_j +(w_i−w_j)/2, a_i +A, a_j −A. */
function outward(theta: readonly number[]): number[] {
  const [w1, w2, a1, a2] = theta as [number, number, number, number];
  const A = (a1 - a2) / 2;
  return [-(w1 - w2) / 2, (w1 - w2) / 2, A, -A];
}

describe('classifyEndPoint: channels', () => {
  const glu = problemAt('glu-teacher', 2);

  it('far out (‖θ‖ > 10³): the paper criteria hold, and the loss recomputed in Decimal matches ε⁴·mean(f₂²)', () => {
    const eps = 2 ** -17; // exact in binary: w, a, c are exact doubles
    const theta = gluChannel(eps);
    const late = Array.from({ length: 20 }, () => outward(theta).map((v) => v * 1e-9));
    const c = classifyEndPoint(glu, endPoint(theta, late));
    expect(c.class).toBe('channel');
    // The paper's norm cut: weightnorm Σθ²/(2P) > 10³, i.e. ‖θ‖₂ > √(2000·4) = 89.44.
    expect(c.reason).toMatch(/> 89\.44,/);
    expect(c.pair?.readouts).toBe('opposite');
    const esc = c.escalation;
    expect(esc?.confirmed).toBe(true);
    const ref = gluLossReference(eps);
    expect(Math.abs(Number(esc?.loss) / ref - 1)).toBeLessThan(1e-6);
    // dL/ds = −ε dL/dε = −4L for L ∝ ε⁴.
    expect(Math.abs(Number(esc?.outwardSlope) / (-4 * ref) - 1)).toBeLessThan(1e-6);
    // float64 cancels two terms of size 2¹⁶ in every output: its loss is visibly wrong, which is why we escalate.
    expect(Number(esc?.float64RelativeError)).toBeGreaterThan(1e-4);
    expect(esc?.digits).toBeGreaterThanOrEqual(30);
  });

  it('between the paper’s cut √(2000·P) and 10³: a channel by the paper’s criteria, without escalation', () => {
    const eps = 2 ** -9; // ‖θ‖ ≈ 362: above √8000 ≈ 89.4 (weightnorm ≈ 1.6·10⁴), below the old ‖θ‖ > 10³
    const theta = gluChannel(eps);
    const normSq = theta.reduce((s, v) => s + v * v, 0);
    expect(normSq / (2 * theta.length)).toBeGreaterThan(1e3);
    expect(Math.sqrt(normSq)).toBeLessThan(1e3);
    const late = Array.from({ length: 20 }, () => outward(theta).map((v) => v * 1e-6));
    const c = classifyEndPoint(glu, endPoint(theta, late), { escalate: false });
    expect(c.class).toBe('channel');
    expect(c.reason).toMatch(/> 89\.44,/);
    expect(c.paper.class).toBe('channel');
    expect(Number(c.paper.weightnorm)).toBeCloseTo(normSq / 8, 6);
  });

  it('below the norm threshold: a channel only when the Decimal slope certifies descent outward', () => {
    const eps = 2 ** -6; // a = 32.25, −31.75: ‖θ‖ ≈ 45.3 < √8000, and |a_1| + |a_2| = 64 below the readout bar
    const theta = gluChannel(eps);
    expect(Math.hypot(...theta)).toBeLessThan(Math.sqrt(8000));
    const late = Array.from({ length: 20 }, () => outward(theta).map((v) => v * 1e-6));
    const c = classifyEndPoint(glu, endPoint(theta, late));
    expect(c.class).toBe('channel');
    expect(c.escalation?.confirmed).toBe(true);
    expect(Math.abs(Number(c.escalation?.outwardSlope) / (-4 * gluLossReference(eps)) - 1)).toBeLessThan(
      1e-3,
    );
    // Without escalation the same point is not called a channel (only the paper's norm criterion remains).
    expect(classifyEndPoint(glu, endPoint(theta, late), { escalate: false }).class).not.toBe('channel');
  });

  it('late updates outside the pair’s subspace: not a channel', () => {
    const glu3 = problemAt('glu-teacher', 3);
    const eps = 2 ** -17;
    const [w1, w2, a1, a2] = gluChannel(eps) as [number, number, number, number];
    const theta = [w1, w2, 0.3, a1, a2, 0]; // a zero-output third neuron
    const late = Array.from({ length: 20 }, () => [0, 0, 1e-3, 0, 0, 0]);
    expect(classifyEndPoint(glu3, endPoint(theta, late)).class).not.toBe('channel');
  });
});

describe('classifyEndPoint: saddle lines (Fukumizu–Amari) and minima', () => {
  // atan(x) at the nine points: one tanh neuron has a strict finite minimum with a non-zero residual.
  const x = GLU_XS;
  const y = x.map(Math.atan);
  // The width-1 critical point (a(w) = Σσy/Σσ² optimal for each w, the profile minimised over w).
  const { w: wStar, a: aStar } = atanOneNeuronMinimum();
  // B = (1/N) Σ a* σ″(w* x) x² · 2 (f − y)   (d = 1, no bias).
  const B =
    x.reduce((acc, v, i) => {
      const [t, , s2] = tanhDerivatives(wStar * v);
      return acc + aStar * s2 * v * v * 2 * (aStar * t - (y[i] as number));
    }, 0) / x.length;
  const atan1 = atanProblem(1);
  const atan2 = atanProblem(2);

  it('the width-1 critical point is a finite minimum', () => {
    const c = classifyEndPoint(atan1, endPoint([wStar, aStar], [], 'converged'));
    expect(wStar).toBeGreaterThan(0.4);
    expect(wStar).toBeLessThan(1.1);
    expect(Number(c.gradientNorm)).toBeLessThan(1e-6);
    expect(c.class).toBe('finite-minimum');
  });

  it('the split point θ_γ: plateau saddle where γ(1−γ)B > 0, saddle where it is < 0', () => {
    expect(Math.abs(B)).toBeGreaterThan(1e-3);
    for (const gamma of [0.3, 0.7, -0.5, 1.6]) {
      const theta = [wStar, wStar, gamma * aStar, (1 - gamma) * aStar];
      const c = classifyEndPoint(atan2, endPoint(theta, [], 'converged'));
      const expected = gamma * (1 - gamma) * B > 0 ? 'plateau-saddle' : 'saddle';
      expect({ gamma, class: c.class }).toEqual({ gamma, class: expected });
      if (expected === 'plateau-saddle') expect(Number(c.pair?.gamma)).toBeCloseTo(gamma, 12);
    }
  });

  it('a small gradient along a flat direction is not a critical point (Newton puts it far away)', () => {
    // L(w, a) = λ(w − c)²/2 + (a − 1)² with λ = 10⁻⁹, c = 5: at w = c − 100 the gradient is 10⁻⁷ (below the
    // 10⁻⁶ of "critical") and the Hessian is positive definite, yet the minimum is 100 away — the naive test of
    // a minimum passes, as it does for a flow still entering a channel. At w = c it is a minimum.
    const [lambda, c] = [1e-9, 5];
    const flat: SweepProblem = {
      ...atan1,
      evaluate64: (theta) => {
        const [w, a] = [theta[0] as number, theta[1] as number];
        return {
          loss: (lambda * (w - c) ** 2) / 2 + (a - 1) ** 2,
          gradient: Float64Array.from([lambda * (w - c), 2 * (a - 1)]),
          hessian: Float64Array.from([lambda, 0, 0, 2]),
        };
      },
    };
    const far = classifyEndPoint(flat, endPoint([c - 100, 1], []));
    expect(Number(far.gradientNorm)).toBeLessThan(1e-6);
    expect(far.class).toBe('unfinished');
    expect(far.reason).toMatch(/nearest critical point is 100 away/);
    expect(classifyEndPoint(flat, endPoint([c - 100, 1], []), { newtonStep: Number.MAX_VALUE }).class).toBe(
      'finite-minimum',
    );
    expect(classifyEndPoint(flat, endPoint([c, 1], [])).class).toBe('finite-minimum');
    // 10⁻³·max(1, ‖θ‖) is the bound: 0.004 away from (5, 1) passes, 0.01 does not.
    expect(classifyEndPoint(flat, endPoint([c - 0.004, 1], [])).class).toBe('finite-minimum');
    expect(classifyEndPoint(flat, endPoint([c - 0.01, 1], [])).class).toBe('unfinished');
  });

  it('diverged and still-moving runs are unfinished', () => {
    expect(classifyEndPoint(atan1, endPoint([wStar, aStar], [], 'diverged')).class).toBe('unfinished');
    const moving = classifyEndPoint(atan1, endPoint([wStar + 0.1, aStar], []));
    expect(moving.class).toBe('unfinished');
    expect(moving.reason).toMatch(/‖∇L‖/);
  });
});
