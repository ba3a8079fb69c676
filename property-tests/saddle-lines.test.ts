// Saddle lines of neuron duplication (mathematics.md §3, Fukumizu & Amari): for random critical points θ* of a
// width-1 network (exact: the targets are built from a residual orthogonal to the Jacobian, see
// _support/critical-loss-case.ts; no Newton refinement), split into width 2 at random γ.
// Budget: 30 digits, 7 samples, d ≤ 2, ≤ 9 parameters after the split; numRuns 15–25 per law; the file runs in
// a few seconds (measured ≈ 3 s on a quiet machine). Each law has an explicit timeout.
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../src/activations/index.js';
import { saddleLine, saddleMatrixB } from '../src/landscape/saddle-line.js';
import { lossAndDerivatives } from '../src/network/loss.js';
import { rowLength } from '../src/network/params.js';
import { precision, type Precision } from '../src/precision/context.js';
import { symmetricEigenvalues } from '../src/precision/linalg/index.js';
import { gridDecimal } from '../src/testing/_internals/grid-decimal.js';
import { splitDirection, splitNeuron } from '../src/testing/saddle-line.js';
import { criticalCaseArbitrary, type CriticalCase } from './_support/critical-loss-case.js';
import { checkLaw } from './_support/law.js';
import './_support/matchers.js';

const p = precision(30);
const TIMEOUT = 60_000;
const smooth = fc.constantFrom(
  ...['tanh', 'sigmoid', 'softplus', 'erf', 'gelu', 'silu'].map(resolveActivation),
);
const cases = criticalCaseArbitrary(p, { activation: smooth });
/** γ on a 10⁻³ grid in [−2, 3], at least 0.05 away from 0 and 1 (where d or d + 1 more eigenvalues cross 0). */
const gammas = gridDecimal(p, -2, 3).filter((g) => g.abs().gte('0.05') && g.minus(1).abs().gte('0.05'));

const dot = (x: readonly Decimal[], y: readonly Decimal[]): Decimal =>
  x.reduce((s, v, i) => s.plus(v.times(y[i] as Decimal)), new p.D(0));
const maxAbs = (x: readonly Decimal[]): Decimal =>
  x.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new p.D(0));

function eigenvalues(H: readonly (readonly Decimal[])[]): Decimal[] {
  const ev = symmetricEigenvalues(
    H.map((row) => [...row]),
    p,
  );
  if (ev.kind !== 'converged') throw new Error('Jacobi did not converge');
  return [...ev.values];
}

/** (negative, zero, positive) counts with |λ| ≤ tol as zero. */
function inertiaOf(values: readonly Decimal[], tol: Decimal.Value): [number, number, number] {
  const neg = values.filter((v) => v.lt(new p.D(tol).neg())).length;
  const pos = values.filter((v) => v.gt(tol)).length;
  return [neg, values.length - neg - pos, pos];
}

/** B = (1/N) Σ ρ_n a* σ″(w*·x̃_n) x̃_n x̃_nᵀ · 2 r_n, from its definition (mathematics.md §3). */
function naiveB(cc: CriticalCase, q: Precision): Decimal[][] {
  const { layout, activation } = cc.network;
  const m = rowLength(layout);
  const a = cc.params[m] as Decimal;
  const N = cc.data.targets.length;
  const B = Array.from({ length: m }, () => new Array<Decimal>(m).fill(new q.D(0)));
  cc.data.inputs.forEach((x, n) => {
    const xt = layout.hiddenBias ? [...x, new q.D(1)] : [...x];
    const z = dot(cc.params.slice(0, m), xt);
    const s2 = activation.derivatives(z, 2, q)[2] as Decimal;
    const rho = cc.data.weights?.[n] ?? new q.D(1);
    const coef = rho
      .times(a)
      .times(s2)
      .times(cc.residual[n] as Decimal)
      .times(2)
      .div(N);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++)
        (B[i] as Decimal[])[j] = (B[i]?.[j] as Decimal).plus(
          coef.times(xt[i] as Decimal).times(xt[j] as Decimal),
        );
  });
  return B;
}

function atGamma(cc: CriticalCase, gamma: Decimal) {
  const split = splitNeuron(cc.network.layout, cc.params, 0, gamma, p);
  const net = { ...cc.network, layout: split.layout };
  const res = lossAndDerivatives(net, cc.data, split.params, p, { hessian: true });
  return { split, res, H: res.hessian ?? [] };
}

describe('saddle lines', () => {
  it(
    'θ_γ is a critical point of L_{r+1} with the loss of θ* at every γ',
    () => {
      checkLaw(
        fc.property(cases, gridDecimal(p, -3, 4), (cc, gamma) => {
          const base = lossAndDerivatives(cc.network, cc.data, cc.params, p);
          // The construction: θ* itself is critical to the working precision.
          expect(maxAbs(base.gradient ?? []).lte('1e-26')).toBe(true);
          const { res } = atGamma(cc, gamma);
          expect(res.loss).toAgreeToDigits(base.loss, 26);
          const scale = gamma.abs().plus(1);
          expect(maxAbs(res.gradient ?? []).lte(scale.times('1e-25'))).toBe(true);
        }),
        { numRuns: 25 },
      );
    },
    TIMEOUT,
  );

  it(
    'the Hessian at θ_γ has a zero eigenvalue with eigenvector (0,…,0; +1,−1), the saddle-line direction',
    () => {
      checkLaw(
        fc.property(cases, gammas, (cc, gamma) => {
          const { split, H } = atGamma(cc, gamma);
          const d = splitDirection(split.layout, 0, p);
          const Hd = H.map((row) => dot(row, d));
          const hScale = maxAbs(H.flat()).plus(1);
          expect(maxAbs(Hd).lte(hScale.times('1e-25'))).toBe(true);
          // …and so the spectrum contains 0 (to rounding).
          const smallest = eigenvalues(H).reduce((m, v) => (v.abs().lt(m) ? v.abs() : m), hScale);
          expect(smallest.lte(hScale.times('1e-24'))).toBe(true);
        }),
        { numRuns: 25 },
      );
    },
    TIMEOUT,
  );

  it(
    'curvature across the line: vᵀ∇²L(θ_γ)v = γ(1−γ) uᵀBu for v = ((1−γ)u, −γu) on the two copies’ input weights',
    () => {
      const us = fc.array(gridDecimal(p, -1, 1), { minLength: 3, maxLength: 3 });
      checkLaw(
        fc.property(cases, gridDecimal(p, -2, 3), us, (cc, gamma, uRaw) => {
          const { split, H } = atGamma(cc, gamma);
          const m = rowLength(cc.network.layout);
          const u = uRaw.slice(0, m);
          const v = new Array<Decimal>(H.length).fill(new p.D(0));
          const one = new p.D(1);
          // Rows: neuron 0 (weight γa*), then the copy (1 − γ)a* as the last neuron (row 1).
          u.forEach((ui, j) => {
            v[j] = one.minus(gamma).times(ui);
            v[m + j] = gamma.neg().times(ui);
          });
          expect(split.layout.width).toBe(2);
          const lhs = dot(
            v,
            H.map((row) => dot(row, v)),
          );
          const B = naiveB(cc, p);
          const uBu = dot(
            u,
            B.map((row) => dot(row, u)),
          );
          const rhs = gamma.times(one.minus(gamma)).times(uBu);
          const scale = maxAbs(H.flat()).times(dot(v, v)).plus('1e-10');
          expect(lhs.minus(rhs).abs().lte(scale.times('1e-24'))).toBe(true);
        }),
        { numRuns: 25 },
      );
    },
    TIMEOUT,
  );

  it(
    'saddleMatrixB equals B from its definition (the sum over samples written out)',
    () => {
      checkLaw(
        fc.property(cases, (cc) => {
          const B = saddleMatrixB(cc.network, cc.data, cc.params, 0, p);
          const ref = naiveB(cc, p);
          B.forEach((row, i) =>
            row.forEach((v, j) =>
              expect(
                v
                  .minus(ref[i]?.[j] as Decimal)
                  .abs()
                  .lte('1e-27'),
              ).toBe(true),
            ),
          );
        }),
        { numRuns: 15 },
      );
    },
    TIMEOUT,
  );

  it(
    'Theorem 3: at a strict local minimum θ* with B definite, θ_γ is a local minimum exactly where γ(1−γ)B is positive definite (B > 0: γ ∈ (0,1); B < 0: outside)',
    () => {
      // Small residuals keep θ* a strict minimum (the Gauss–Newton part dominates the Hessian).
      const minima = criticalCaseArbitrary(p, { activation: smooth, maxScale: 0.3 });
      checkLaw(
        fc.property(minima, gammas, (cc, gamma) => {
          const base = eigenvalues(
            lossAndDerivatives(cc.network, cc.data, cc.params, p, { hessian: true }).hessian ?? [],
          );
          fc.pre(base.every((v) => v.gt('1e-6')));
          const bEig = eigenvalues(naiveB(cc, p));
          const positive = bEig.every((v) => v.gt('1e-6'));
          const negative = bEig.every((v) => v.lt('-1e-6'));
          fc.pre(positive || negative);
          const inside = gamma.gt(0) && gamma.lt(1);
          const predictedMinimum = positive === inside;
          const [neg, zero] = inertiaOf(eigenvalues(atGamma(cc, gamma).H), '1e-18');
          expect(zero).toBe(1);
          expect(neg === 0).toBe(predictedMinimum);
        }),
        { numRuns: 20 },
      );
    },
    TIMEOUT,
  );

  it(
    'the inertia of ∇²L(θ_γ) is that of ∇²L_r(θ*) plus that of γ(1−γ)B plus one zero (B indefinite included)',
    () => {
      checkLaw(
        fc.property(cases, gammas, (cc, gamma) => {
          const tol = '1e-18';
          const base = inertiaOf(
            eigenvalues(
              lossAndDerivatives(cc.network, cc.data, cc.params, p, { hessian: true }).hessian ?? [],
            ),
            tol,
          );
          const g = gamma.times(new p.D(1).minus(gamma));
          const bScaled = inertiaOf(
            eigenvalues(naiveB(cc, p)).map((v) => v.times(g)),
            tol,
          );
          // Zeros of the parts would be rounding-sensitive: only clearly nondegenerate cases.
          fc.pre(base[1] === 0 && bScaled[1] === 0);
          const whole = inertiaOf(eigenvalues(atGamma(cc, gamma).H), tol);
          expect(whole).toEqual([base[0] + bScaled[0], 1, base[2] + bScaled[2]]);
        }),
        { numRuns: 20 },
      );
    },
    TIMEOUT,
  );

  it(
    'saddleLine classifies like Theorem 3: its predicted pattern agrees with the Hessian inertia at every γ ∉ {0, 1}',
    () => {
      const minima = criticalCaseArbitrary(p, { activation: smooth, maxScale: 0.3 });
      checkLaw(
        fc.property(minima, fc.array(gammas, { minLength: 1, maxLength: 3 }), (cc, gs) => {
          const result = saddleLine(cc.network, () => cc.data, cc.params, 0, gs, p);
          fc.pre(result.prediction !== 'degenerate');
          for (const point of result.line) expect(point.agrees).not.toBe(false);
        }),
        { numRuns: 15 },
      );
    },
    TIMEOUT,
  );
});
