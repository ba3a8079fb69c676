import type { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { refineCriticalPoint } from '../../src/flow/refine-critical-point.js';
import { confirmFloorPoint } from '../../src/landscape/_internals/confirm-floor-point.js';
import { restricted } from '../../src/landscape/_internals/valley-floor.js';
import { digitsForA, followChannel } from '../../src/landscape/follow-channel.js';
import { precision } from '../../src/precision/context.js';
import { gluData, gluNetwork, gluStart } from './_glu-teacher.js';

// The +20-digit confirmation shared by the continuation and jump routes, on glu-teacher at A = 100.
describe('confirmFloorPoint', () => {
  const W = digitsForA(100);
  const q = precision(W);
  const A = new q.D(100);
  const r = restricted(gluNetwork, gluData, 0, 1, A);
  // A floor point at A = 100 to start from: the continuation's (its params are rounded to W digits).
  let sol!: Extract<ReturnType<typeof refineCriticalPoint>, { kind: 'converged' }>;
  let guess!: ReturnType<typeof r.fromFlat>;
  beforeAll(() => {
    const cont = followChannel(gluNetwork, gluData, gluStart(precision(40)), '100', { values: ['100'] });
    guess = r.fromFlat(cont.points[1]?.params ?? [], q);
    const refined = refineCriticalPoint(r.objective, guess, q, { maxIterations: 60 });
    if (refined.kind !== 'converged') throw new Error('no floor point');
    sol = refined;
  });
  const confirm = (u: readonly Decimal[]) => confirmFloorPoint(gluNetwork, gluData, 0, 1, A, r, u, W);

  it('confirms a floor point solved at W digits, with values rounded to 20 digits', () => {
    const c = confirm(sol.point);
    expect(c.kind).toBe('confirmed');
    if (c.kind !== 'confirmed') return;
    expect(c.confirmedDigits).toBe(20);
    expect(c.values.loss.sd()).toBeLessThanOrEqual(20);
    // Independent check of the loss: K = loss·A⁴ near glu-teacher's 2.3139e-5 (mpmath fixture: 2.31390433782e-5
    // at A = 1e30; the A⁻² correction at A = 100 is ~1e-5 relative).
    const K = c.values.loss.times(A.pow(4));
    expect(K.minus('2.3139e-5').abs().lt('1e-8')).toBe(true);
  });

  it('refuses a candidate 1e-15 (relative) off the floor, and one far off it (1e-3)', () => {
    for (const off of ['1e-15', '1e-3']) {
      const u = sol.point.map((x, k) => (k === 0 ? x.plus(x.abs().times(off)) : x));
      const c = confirm(u);
      expect(c.kind, off).toBe('unconfirmed');
      if (c.kind === 'unconfirmed') expect(c.reason).toMatch(/disagree in their first 20 digits at A = 100/);
    }
  });

  it('refuses a candidate computed with too few digits (a 25-digit solve at A = 100 is below digitsForA = 36)', () => {
    const lo = precision(25);
    const rough = refineCriticalPoint(r.objective, guess, lo, { maxIterations: 60 });
    if (rough.kind !== 'converged') return; // a refusal by the solver is fine too
    expect(confirmFloorPoint(gluNetwork, gluData, 0, 1, A, r, rough.point, 25).kind).toBe('unconfirmed');
  });
});
