import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { refineCriticalPoint } from '../../src/flow/refine-critical-point.js';
import { saddleLine, saddleMatrixB, splitNeuron } from '../../src/landscape/saddle-line.js';
import { lossAndDerivatives } from '../../src/network/loss.js';
import { resolveActivation } from '../../src/activations/index.js';
import { networkObjective } from '../../src/flow/objective.js';
import type { Dataset } from '../../src/network/dataset.js';
import { precision, type Precision } from '../../src/precision/context.js';
import { gaussHermite } from '../../src/precision/quadrature/index.js';

// The paper's toy with one erf neuron, on a 60-point Gauss–Hermite rule (a quick stand-in for the population).
const P = precision(40);
const erf = resolveActivation('erf');
const problem = {
  network: { activation: erf, layout: { width: 1, inputDimension: 1, hiddenBias: false, outputBias: false } },
};
const cache = new Map<number, Dataset>();
const data = (q: Precision): Dataset => {
  let d = cache.get(q.digits);
  if (d === undefined) {
    const rule = gaussHermite(60, q);
    d = {
      inputs: rule.nodes.map((x) => [x]),
      weights: rule.weights.map((w) => w.times(60)),
      targets: rule.nodes.map((x) =>
        erf.value(x.times(5).plus('2.5'), q).plus(erf.value(x.times(5).minus('2.5'), q)),
      ),
    };
    cache.set(q.digits, d);
  }
  return d;
};
const refined = refineCriticalPoint(networkObjective(problem.network, data), ['1.4', '2.15'], P);

describe('saddle line of the one-neuron critical point of the paper toy', () => {
  it('the width-1 critical point is a strict minimum', () => {
    expect(refined.kind).toBe('converged');
    expect(refined.kind === 'converged' && refined.type).toBe('minimum');
  });

  it('B agrees with the curvature across the line: vᵀ∇²L v = γ(1−γ) uᵀBu (independent: the wide Hessian)', () => {
    const B = saddleMatrixB(problem.network, data(P), refined.point, 0, P);
    const wide = { ...problem.network, layout: { ...problem.network.layout, width: 2 } };
    for (const gamma of ['-1', '0.3', '2.5']) {
      const split = splitNeuron(problem.network.layout, refined.point, 0, gamma, P);
      const H = lossAndDerivatives(wide, data(P), split.flat, P, { hessian: true }).hessian as Decimal[][];
      // v = ((1−γ)u, −γu) on (w_1, w_2) with u = 1; zero on the readouts.
      const g = new P.D(gamma);
      const v = [new P.D(1).minus(g), g.neg(), new P.D(0), new P.D(0)];
      let q = new P.D(0);
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) q = q.plus(v[i]!.times(H[i]![j]!).times(v[j]!));
      const predicted = g.times(new P.D(1).minus(g)).times(B[0]![0]!);
      expect(q.minus(predicted).abs().lte(predicted.abs().times('1e-30').plus('1e-35')), gamma).toBe(true);
    }
  });

  it('every θ_γ is critical with the same loss; the inertia along γ agrees with the prediction from B', () => {
    const gammas = ['-1', '0', '0.25', '0.5', '1', '2'];
    const res = saddleLine(problem.network, data, refined.point, 0, gammas, P);
    // The paper: this saddle line carries a plateau-saddle segment in γ ∈ (0, 1).
    expect(res.prediction).toBe('inside');
    for (const pt of res.line) {
      expect(pt.gradNorm.lte(new P.D(10).pow(-(P.digits - 10))), `γ = ${pt.gamma.toString()}`).toBe(true);
      expect(pt.loss.eq(refined.loss)).toBe(true);
      if (!pt.gamma.isZero() && !pt.gamma.eq(1)) expect(pt.agrees, `γ = ${pt.gamma.toString()}`).toBe(true);
      // The direction along the line is always flat.
      expect(pt.inertia.zero).toBeGreaterThanOrEqual(1);
    }
  });
});
