import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { fromChannelCoordinates } from '../../src/network/neuron-pair.js';
import {
  evaluateLimit,
  limitCriticalPoints,
  limitH,
  limitModelOf,
} from '../../src/landscape/loss-at-infinity.js';
import { resolveActivation } from '../../src/activations/index.js';
import { lossAndDerivatives } from '../../src/network/loss.js';
import { precision } from '../../src/precision/context.js';
import { gluData, gluNetwork, gluStart } from './_glu-teacher.js';

const P = precision(40);
const model = limitModelOf(gluNetwork, gluData, gluStart, [0, 1]);
const close = (x: Decimal.Value, y: Decimal.Value, tol: Decimal.Value): boolean =>
  new P.D(x).minus(y).abs().lte(tol);

describe('loss at infinity', () => {
  it('glu-teacher: the target is the GLU c = 0.5, w = 1, a = v = 1, a minimum with loss 0 (closed form)', () => {
    const pts = limitCriticalPoints(model, precision(30));
    const at1 = pts.filter((p) => close(p.w, 1, '1e-25'));
    expect(at1).toHaveLength(1);
    const m = at1[0]!;
    expect(m.kind).toBe('minimum');
    expect(close(m.c, '0.5', '1e-25')).toBe(true);
    expect(close(m.a, 1, '1e-25')).toBe(true);
    expect(m.loss.abs().lt('1e-50')).toBe(true);
    expect(m.h.abs().lt('1e-25')).toBe(true);
  });

  it('slope and curvature of ℓ(w) agree with finite differences of ℓ itself', () => {
    for (const w of ['0.7', '1.3', '2.2']) {
      const h = new P.D('1e-12');
      const e = evaluateLimit(model, w, P);
      const lp = evaluateLimit(model, new P.D(w).plus(h), P).loss;
      const lm = evaluateLimit(model, new P.D(w).minus(h), P).loss;
      const fd1 = lp.minus(lm).div(h.times(2));
      const fd2 = lp.minus(e.loss.times(2)).plus(lm).div(h.times(h));
      expect(close(e.slope, fd1, '1e-20'), `slope at ${w}`).toBe(true);
      expect(close(e.curvature, fd2, '1e-12'), `curvature at ${w}`).toBe(true);
    }
  });

  it('h is the ε² coefficient of the real two-neuron loss: (L(ε) − ℓ)/ε² → h', () => {
    const q = precision(60);
    for (const w of ['0.8', '1.6']) {
      const e = evaluateLimit(model, w, q);
      const h = limitH(model, e, q);
      const ratios = ['1e-6', '1e-7'].map((eps) => {
        const pair = fromChannelCoordinates({ c: e.c, a: e.a, w: [e.w], delta: [1], eps }, q);
        const flat = [...pair.wi, ...pair.wj, pair.ai, pair.aj];
        const L = lossAndDerivatives(gluNetwork, gluData(q), flat, q, { gradient: false, guard: 30 }).loss;
        return L.minus(e.loss).div(new q.D(eps).pow(2));
      });
      // Remainder O(ε²): 1e-12 and 1e-14 relative to the O(1) coefficients.
      expect(close(ratios[0]!, h, '1e-9'), `h at ${w}`).toBe(true);
      expect(close(ratios[1]!, h, '1e-11'), `h at ${w}`).toBe(true);
    }
  });

  it('a float64 sign change of the slope that is rounding noise is not reported as a critical point (FC_SEED=632466407)', () => {
    // gelu, 5 samples: near w ≈ 4.54 the slope is ≈ 2.6e−13 > 0 at 20 and 40 digits, but the float64 scan saw a sign
    // change there; the refinement used to bisect down to a point whose slope is not 0 and report it. The two genuine
    // critical points (w ≈ 0.4806 and 3.0649, both checked by the central-difference law in
    // property-tests/loss-at-infinity.test.ts) remain.
    const xs = [0, 3, 0.75, 1.75, -1.5];
    const ys = [0, 0, -0.23, -0.01, 0];
    const gelu = {
      activation: resolveActivation('gelu'),
      layout: { width: 2, inputDimension: 1, hiddenBias: false, outputBias: false },
      data: (q: typeof P) => ({ inputs: xs.map((x) => [new q.D(x)]), targets: ys.map((y) => new q.D(y)) }),
    };
    for (const digits of [20, 40]) {
      const pts = limitCriticalPoints(gelu, precision(digits));
      expect(pts.map((pt) => pt.w.toFixed(4))).toEqual(['0.4806', '3.0649']);
      for (const pt of pts)
        expect(pt.slope.abs().lt(new P.D(10).pow(-digits + 8)), `slope at ${pt.w}`).toBe(true);
    }
  });
});
