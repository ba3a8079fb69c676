import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { fromChannelCoordinates } from '../../src/network/neuron-pair.js';
import {
  evaluateLimit,
  limitCriticalPoints,
  limitH,
  limitModelOf,
} from '../../src/landscape/loss-at-infinity.js';
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
});
