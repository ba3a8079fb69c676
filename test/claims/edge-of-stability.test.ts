import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { edgeOfStability } from '../../src/claims/edge-of-stability.js';
import { EDGE_OF_STABILITY_RESULTS } from '../../src/claims/_internals/edge-of-stability-results.js';

describe('edge-of-stability claim (cached sweep, re-run of the largest η, 20/40-digit confirmation)', () => {
  const verdict = edgeOfStability.check({ digits: 20, activation: resolveActivation('erf'), seed: 1 });
  const runs = EDGE_OF_STABILITY_RESULTS;

  it('covers the paper’s range of η with at least 6 steps, each saturated at 2/η within 2 %', () => {
    const etas = runs.map((r) => Number(r.eta));
    expect(runs.length).toBeGreaterThanOrEqual(6);
    expect(Math.min(...etas)).toBeLessThanOrEqual(0.065);
    expect(Math.max(...etas)).toBeGreaterThanOrEqual(0.35);
    for (const r of runs) expect(Math.abs(Number(r.lambdaRatio) - 1)).toBeLessThan(0.02);
  });

  it('reports the exponent that a textbook least-squares slope of the cached values gives', () => {
    // Slope of log ε_min on log η written out (Σ(u − ū)(v − v̄) / Σ(u − ū)²), independent of fitPowerLaw.
    const u = runs.map((r) => Math.log(Number(r.eta)));
    const v = runs.map((r) => Math.log(Number(r.epsMin)));
    const ub = u.reduce((s, x) => s + x, 0) / u.length;
    const vb = v.reduce((s, x) => s + x, 0) / v.length;
    const slope =
      u.reduce((s, x, i) => s + (x - ub) * ((v[i] as number) - vb), 0) /
      u.reduce((s, x) => s + (x - ub) ** 2, 0);
    expect(verdict.evidence['exponent']).toBe(slope.toFixed(4));
    // K = (2/η)·ratio·ε_min², recomputed here.
    expect(verdict.evidence['K']).toEqual(
      runs.map((r) => ((2 / Number(r.eta)) * Number(r.lambdaRatio) * Number(r.epsMin) ** 2).toFixed(4)),
    );
  });

  it('is verified, reproduces the largest η from scratch and confirms its end point to ≥ 12 digits', () => {
    expect(verdict.kind).toBe('verified');
    expect(verdict.evidence['reproduced']).toMatch(/within 1e-9 relative/);
    const hp = String(verdict.evidence['highPrecision']);
    const digits = Number(/\((\d+) digits/.exec(hp)?.[1]);
    expect(digits).toBeGreaterThanOrEqual(12);
    expect(verdict.summary).toMatch(/95 % interval \[/);
  });

  it('attaches the four figures (sharpness, ε along the runs, ε_min–η fit, K against ε²)', () => {
    expect((verdict.figures ?? []).map((f) => f.id)).toEqual([
      'sharpness-vs-step',
      'epsilon-vs-step',
      'epsilon-min-vs-eta',
      'sharpness-times-epsilon-squared',
    ]);
  });
});
