import { describe, expect, it } from 'vitest';
import { trainOptions } from '../../src/sweep/train-options.js';
import { train64 } from '../../src/sweep/train64.js';
import { problemAt } from './helpers.js';

/** two-param (width 1): a·tanh(w x) fitting 1.5·tanh(0.8 x): the unique minimum with w > 0 is (w, a) = (0.8, 1.5). */
const two = problemAt('two-param', 1);
const objective = { network: two.network, data: two.data64 };
const start = Float64Array.from([0.2, 0.3]);

describe('train64', () => {
  for (const optimizer of ['gd', 'adam', 'gf'] as const) {
    it(`${optimizer} converges to (w, a) = (0.8, 1.5) on two-param`, () => {
      // An explicit integrator is stability-limited (h ≲ 3.3/λ_max) while the approach runs at rate λ_min: 10⁻⁷.
      const r = train64(
        objective,
        start,
        trainOptions({ optimizer, steps: 50_000, gradientTolerance: 1e-7 }),
        1,
      );
      expect(r.stop === 'converged' || optimizer === 'adam').toBe(true);
      expect(r.theta[0]).toBeCloseTo(0.8, 4);
      expect(r.theta[1]).toBeCloseTo(1.5, 4);
    });
  }

  it('sgd gets close and is deterministic per seed (and differs between seeds)', () => {
    const opts = trainOptions({ optimizer: 'sgd', steps: 20_000, batchSize: 2, learningRate: 0.02 });
    const a = train64(objective, start, opts, 7);
    const b = train64(objective, start, opts, 7);
    const c = train64(objective, start, trainOptions({ ...opts, steps: 101 }), 8);
    const d = train64(objective, start, trainOptions({ ...opts, steps: 101 }), 9);
    expect(Array.from(a.theta)).toEqual(Array.from(b.theta));
    expect(Array.from(c.theta)).not.toEqual(Array.from(d.theta));
    expect(a.theta[0]).toBeCloseTo(0.8, 2);
    expect(a.theta[1]).toBeCloseTo(1.5, 2);
  });

  it('gd equals the textbook update θ − η∇L step by step', () => {
    const opts = trainOptions({ optimizer: 'gd', steps: 3, learningRate: 0.1 });
    let theta = start.slice();
    for (let k = 0; k < 3; k++) {
      const g = two.evaluate64(theta, { gradient: true }).gradient as Float64Array;
      theta = theta.map((v, i) => v - 0.1 * (g[i] as number));
    }
    const r = train64(objective, start, opts, 1);
    expect(r.stop).toBe('budget');
    expect(Array.from(r.theta)).toEqual(Array.from(theta));
    expect(r.late.last(10)).toHaveLength(3);
  });

  it('stops at the norm barrier and on divergence', () => {
    const far = train64(objective, Float64Array.from([0.2, 2000]), trainOptions({ steps: 10 }), 1);
    expect(far.stop).toBe('barrier');
    const wild = train64(objective, start, trainOptions({ steps: 10_000, learningRate: 1e6 }), 1);
    expect(['diverged', 'barrier']).toContain(wild.stop);
  });
});
