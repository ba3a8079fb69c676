import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it, beforeAll } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { networkObjective } from '../../src/flow/objective.js';
import { refineCriticalPoint } from '../../src/flow/refine-critical-point.js';
import { distanceToSaddleLine, perturbSaddleLine } from '../../src/landscape/perturb-saddle-line.js';
import { saddleLine, saddleMatrixB, splitNeuron } from '../../src/landscape/saddle-line.js';
import type { Dataset } from '../../src/network/dataset.js';
import { precision, type Precision } from '../../src/precision/context.js';
import { gaussHermite } from '../../src/precision/quadrature/index.js';

// The paper's toy with one erf neuron on a 40-point Gauss–Hermite rule (a quick stand-in for the population loss).
const P = precision(20);
const erf = resolveActivation('erf');
const network = {
  activation: erf,
  layout: { width: 1, inputDimension: 1, hiddenBias: false, outputBias: false },
};
const cache = new Map<number, Dataset>();
const data = (q: Precision): Dataset => {
  let d = cache.get(q.digits);
  if (d === undefined) {
    const rule = gaussHermite(40, q);
    d = {
      inputs: rule.nodes.map((x) => [x]),
      weights: rule.weights.map((w) => w.times(40)),
      targets: rule.nodes.map((x) =>
        erf.value(x.times(5).plus('2.5'), q).plus(erf.value(x.times(5).minus('2.5'), q)),
      ),
    };
    cache.set(q.digits, d);
  }
  return d;
};
// The one-neuron minimum, found on first use (not at import: collecting the tests must not compute).
let refinedOnce: ReturnType<typeof refineCriticalPoint> | undefined;
const refined = (): ReturnType<typeof refineCriticalPoint> =>
  (refinedOnce ??= refineCriticalPoint(networkObjective(network, data), ['1.4', '2.15'], P));
const critical = (): ReturnType<typeof refineCriticalPoint>['point'] => refined().point;

describe('distance to the saddle line', () => {
  it('is the minimum over γ′ of ‖θ − θ_γ′‖ (naive reference: a scan in γ′), attained at the reported γ′', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (xs) => {
          const q = precision(20);
          const flat = splitNeuron(network.layout, critical(), 0, '0.3', q).flat.map((v, i) =>
            v.plus(new q.D(xs[i] as number)),
          );
          const d = distanceToSaddleLine(network, critical(), 0, flat, q);
          const dist = (g: Decimal.Value): Decimal => {
            const line = splitNeuron(network.layout, critical(), 0, g, q).flat;
            return line.reduce((s, v, i) => s.plus(v.minus(flat[i] as Decimal).pow(2)), new q.D(0)).sqrt();
          };
          expect(d.gamma).toBeDefined();
          expect(
            dist(d.gamma as Decimal)
              .minus(d.distance)
              .abs()
              .lt('1e-15'),
          ).toBe(true);
          for (let k = -40; k <= 40; k++)
            expect(dist(new q.D(k).div(10)).gte(d.distance.minus('1e-15'))).toBe(true);
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('perturbing the saddle line of the paper toy’s one-neuron minimum (figure 2c–d)', () => {
  let line!: ReturnType<typeof saddleLine>;
  beforeAll(() => {
    line = saddleLine(network, data, critical(), 0, ['-0.5', '0.5', '1.5'], P);
  });

  it('the base point is a strict minimum and B predicts a plateau segment in (0, 1)', () => {
    const r = refined();
    expect(r.kind === 'converged' && r.type).toBe('minimum');
    expect(line.prediction).toBe('inside');
  });

  it('e_min (Hessian): returns inside (0, 1), escapes outside — the B-classification and the inertia agree', () => {
    for (const [k, gamma] of ['-0.5', '0.5', '1.5'].entries()) {
      const r = perturbSaddleLine(network, data, critical(), 0, gamma, '0.01', P);
      const inside = gamma === '0.5';
      expect(r.verdict, gamma).toBe(inside ? 'returns' : 'escapes');
      // Minimum across the line ⇔ no negative Hessian eigenvalue at θ_γ ⇔ the smallest across it is positive.
      expect(r.curvature.gt(0)).toBe(line.line[k]?.inertia.neg === 0);
      expect(r.distanceStart.eq('0.01')).toBe(true);
      if (inside) {
        // Back on the line near the same γ, a little above its loss (the perturbation's excess is gone).
        expect(r.distanceEnd.lt('1e-3')).toBe(true);
        expect(r.gammaEnd?.minus('0.5').abs().lt('1e-2')).toBe(true);
        expect(r.lossDrop.lte(0)).toBe(true);
        expect(r.lossDrop.abs().lt('1e-8')).toBe(true);
      } else {
        expect(r.distanceEnd.gt('0.1')).toBe(true);
        expect(r.lossDrop.gt('1e-3')).toBe(true);
      }
    }
  });

  it('split direction v = ((1−γ)u, −γu): curvature γ(1−γ)uᵀBu/‖v‖² (independent: B), same verdicts', () => {
    const B = saddleMatrixB(network, data(P), critical(), 0, P)[0]?.[0] as Decimal;
    for (const gamma of ['0.5', '1.5']) {
      const r = perturbSaddleLine(network, data, critical(), 0, gamma, '-0.01', P, { direction: 'split' });
      const g = new P.D(gamma);
      const one = new P.D(1);
      const expected = g
        .times(one.minus(g))
        .times(B)
        .div(one.minus(g).pow(2).plus(g.pow(2)));
      expect(r.curvature.minus(expected).abs().lte(expected.abs().times('1e-2')), gamma).toBe(true);
      expect(r.verdict).toBe(gamma === '0.5' ? 'returns' : 'escapes');
    }
  });

  it('precision ladder: the Decimal flow at 30 digits gives the same verdict and distances to 3 digits', () => {
    const a = perturbSaddleLine(network, data, critical(), 0, '0.5', '0.01', P, { time: 10 });
    const b = perturbSaddleLine(network, data, critical(), 0, '0.5', '0.01', precision(30), {
      time: 10,
      method: 'auto',
    });
    expect(b.verdict).toBe(a.verdict);
    expect(b.distanceEnd.eq(a.distanceEnd)).toBe(true);
    expect(b.curvature.eq(a.curvature)).toBe(true);
  });
});
