// The local-geometry measurements (src/geometry, issue 19 item 3), each against an independent reference: GD on a
// quadratic against its closed form, the outlier detector on planted spectra, the top-eigenspace fraction on a
// matrix built from known eigenpairs, the accuracy against a naive forward pass with Math.tanh, the subspace
// gradient and restricted Hessian against central differences of the network loss, and a traced λ_max against
// Sylvester inertia (LDLᵀ, not Jacobi). About 2 s of CPU.
import { describe, expect, it } from 'vitest';
import {
  classificationAccuracy64,
  gradientDescent64,
  hessianOutliers,
  localGeometryTrace,
  randomOrthonormalBasis,
  restrictedHessian64,
  subspaceObjective64,
  subspacePoint,
  topEigenspaceFraction,
} from '../../src/geometry/index.js';
import { loadMultiOutputProblem, toMultiOutputDataset64 } from '../../src/network/multi-output-problem.js';
import { precision } from '../../src/precision/context.js';
import { inertiaF64, symmetricEigenF64 } from '../../src/precision/linalg/index.js';

const problem = loadMultiOutputProblem('mixture-c3');
const theta0 = Float64Array.from(problem.initial(precision(20)), Number);
const f = (t: Float64Array): { loss: number; gradient: Float64Array } => {
  const r = problem.evaluate64(t);
  return { loss: r.loss, gradient: r.gradient as Float64Array };
};

describe('gradientDescent64', () => {
  it('follows θ_t = (1 − 2ηλ)^t θ₀ on L = Σ λ_i θ_i²', () => {
    const lambda = [0.5, 2, 3];
    const q = (t: Float64Array) => ({
      loss: t.reduce((s, v, i) => s + (lambda[i] as number) * v * v, 0),
      gradient: t.map((v, i) => 2 * (lambda[i] as number) * v),
    });
    const out = gradientDescent64(q, Float64Array.from([1, -1, 0.5]), { learningRate: 0.1, steps: 20 });
    expect(out.kind).toBe('completed');
    [1, -1, 0.5].forEach((x0, i) => {
      const exact = x0 * (1 - 0.2 * (lambda[i] as number)) ** 20;
      // 20 steps of one multiply-add each: a few ulps of relative error.
      expect(Math.abs((out.theta[i] as number) - exact)).toBeLessThanOrEqual(1e-14 * Math.abs(x0));
    });
    expect(out.losses.length).toBe(21);
  });

  it('reports divergence at the first non-finite loss', () => {
    const out = gradientDescent64(
      (t) => ({ loss: Math.exp(t[0] as number), gradient: Float64Array.from([-1000]) }),
      Float64Array.from([0]),
      {
        learningRate: 1,
        steps: 10,
      },
    );
    expect(out.kind).toBe('diverged');
    if (out.kind === 'diverged') expect(out.step).toBe(1);
  });
});

describe('hessianOutliers', () => {
  it('counts the eigenvalues above a planted gap and ignores the order given', () => {
    const bulk = Array.from({ length: 30 }, (_, i) => 1 - i * 0.02);
    const o = hessianOutliers([...bulk, 9, 10, 8, -3]);
    expect(o.count).toBe(3);
    expect(o.gapAt).toBe(3);
    expect(o.ratio).toBeCloseTo(8, 12);
  });
  it('finds none when no gap reaches the minimum ratio', () => {
    expect(hessianOutliers([1, 0.8, 0.6, 0.5, 0.45]).count).toBe(0);
  });
});

describe('topEigenspaceFraction', () => {
  it('equals Σ_top c_j² / Σ c_j² for g = Σ c_j v_j, H = Σ λ_j v_j v_jᵀ', () => {
    const D = 7;
    const V = randomOrthonormalBasis(D, D, 11);
    const lambda = [5, 4, 3, 1, 0.5, -1, -2];
    const c = [0.3, -1, 2, 0.7, 1, -0.2, 0.4];
    const H = Array.from({ length: D }, (_, i) =>
      Array.from({ length: D }, (_, j) =>
        lambda.reduce((s, l, m) => s + l * (V[m]![i] as number) * (V[m]![j] as number), 0),
      ),
    );
    const g = Float64Array.from({ length: D }, (_, i) =>
      c.reduce((s, cm, m) => s + cm * (V[m]![i] as number), 0),
    );
    const e = symmetricEigenF64(H);
    if (e.kind !== 'converged') throw new Error('Jacobi');
    const total = c.reduce((s, x) => s + x * x, 0);
    for (const k of [0, 1, 3, 7]) {
      const expected = c.slice(0, k).reduce((s, x) => s + x * x, 0) / total;
      expect(Math.abs(topEigenspaceFraction(e.values, e.vectors, g, k) - expected)).toBeLessThan(1e-13);
    }
  });
});

describe('classificationAccuracy64', () => {
  it('agrees with a naive forward pass (Math.tanh, argmax) on mixture-c3', () => {
    const data = toMultiOutputDataset64(problem.dataset(precision(17)));
    if (data.loss !== 'cross-entropy') throw new Error('labels');
    const theta = theta0.map((v, i) => v + 0.3 * Math.sin(i));
    const { d } = data;
    let right = 0;
    for (let n = 0; n < data.n; n++) {
      const h = Array.from({ length: 8 }, (_, k) =>
        Math.tanh(
          Array.from(
            { length: d },
            (_, j) => (theta[k * d + j] as number) * (data.inputs[n * d + j] as number),
          ).reduce((a, b) => a + b),
        ),
      );
      const out = [0, 1, 2].map(
        (c) =>
          (theta[8 * d + 24 + c] as number) +
          h.reduce((s, hk, k) => s + (theta[8 * d + c * 8 + k] as number) * hk, 0),
      );
      if (out.indexOf(Math.max(...out)) === data.labels[n]) right++;
    }
    expect(classificationAccuracy64(problem.network, data, theta)).toBe(right / data.n);
  });
});

describe('random affine subspaces', () => {
  const D = theta0.length;
  const basis = randomOrthonormalBasis(D, 4, 7);
  const u = Float64Array.from([0.3, -0.2, 0.1, 0.5]);
  const restricted = subspaceObjective64(f, theta0, basis);

  it('the restricted gradient is the central difference of L(θ₀ + P u)', () => {
    const g = restricted(u).gradient;
    const h = 1e-5;
    for (let j = 0; j < 4; j++) {
      const up = u.slice();
      const dn = u.slice();
      up[j] = (up[j] as number) + h;
      dn[j] = (dn[j] as number) - h;
      const fd = (restricted(up).loss - restricted(dn).loss) / (2 * h);
      // truncation h²|L'''|/6 ≈ 1e-11, rounding ≈ 1e-16·L/h ≈ 1e-11
      expect(Math.abs((g[j] as number) - fd)).toBeLessThan(1e-8);
    }
  });

  it('PᵀHP is the central difference of the restricted gradient', () => {
    const R = restrictedHessian64(
      problem.evaluate64(subspacePoint(theta0, basis, u), { hessian: true }).hessian as Float64Array,
      basis,
    );
    const h = 1e-5;
    for (let j = 0; j < 4; j++) {
      const up = u.slice();
      const dn = u.slice();
      up[j] = (up[j] as number) + h;
      dn[j] = (dn[j] as number) - h;
      const gu = restricted(up).gradient;
      const gd = restricted(dn).gradient;
      for (let i = 0; i < 4; i++)
        expect(
          Math.abs((R[i]![j] as number) - ((gu[i] as number) - (gd[i] as number)) / (2 * h)),
        ).toBeLessThan(1e-8);
    }
  });
});

describe('localGeometryTrace', () => {
  it('λ_max at each snapshot is where the inertia of H − λI changes (LDLᵀ), and the loss is evaluate64’s', () => {
    const t = localGeometryTrace(problem, { learningRate: 0.5, snapshots: [0, 3] });
    expect(t.kind).toBe('completed');
    if (t.kind !== 'completed') return;
    expect(t.snapshots.map((s) => s.step)).toEqual([0, 3]);
    let theta = theta0;
    for (let s = 0; s <= 3; s++) {
      if (s === 0 || s === 3) {
        const snap = t.snapshots.find((x) => x.step === s)!;
        const r = problem.evaluate64(theta, { hessian: true });
        expect(snap.loss).toBe(r.loss);
        const H = r.hessian as Float64Array;
        const shifted = (mu: number) =>
          Array.from({ length: D() }, (_, i) =>
            Array.from({ length: D() }, (_, j) => (H[i * D() + j] as number) - (i === j ? mu : 0)),
          );
        // Jacobi's absolute error ≈ D·2⁻⁵²·‖H‖_F ≈ 1e-13 ≪ 1e-9; the pivot tolerance 1e-14 sits below the shift.
        expect(inertiaF64(shifted(snap.lambdaMax + 1e-9), { tolerance: 1e-14 }).positive).toBe(0);
        expect(inertiaF64(shifted(snap.lambdaMax - 1e-9), { tolerance: 1e-14 }).positive).toBe(1);
      }
      const g = f(theta).gradient;
      theta = theta.map((v, i) => v - 0.5 * (g[i] as number));
    }
  });
});

function D(): number {
  return theta0.length;
}
