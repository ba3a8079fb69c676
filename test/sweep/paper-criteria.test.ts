import { describe, expect, it } from 'vitest';
import { paperNormThreshold, paperVerdict, weightnorm } from '../../src/sweep/paper-criteria.js';
import { problemAt } from './helpers.js';

describe('the paper’s criteria as MLPGradientFlow.jl measures them', () => {
  it('weightnorm is Σθ²/(2P) over all P parameters, and its cut 10³ is ‖θ‖₂ > √(2000·P)', () => {
    // weightnorm(x) = sum(abs2, x)/(2*length(x)) (src/MLPGradientFlow.jl:1218 at df4d5c5): 1+4+…+36 = 91 over 12.
    expect(weightnorm([1, 2, 3, 4, 5, 6])).toBe(91 / 12);
    expect(paperNormThreshold(6)).toBe(Math.sqrt(12000));
    expect(paperNormThreshold(9)).toBe(Math.sqrt(18000));
    // Either side of the cut, along one direction: the two forms agree.
    const dir = [3, -1, 2, 0.5, -4, 1];
    const unit = Math.hypot(...dir);
    for (const f of [0.999, 1.001]) {
      const theta = dir.map((v) => (v / unit) * f * Math.sqrt(12000));
      expect(weightnorm(theta) > 1e3).toBe(f > 1);
    }
  });

  it('verdicts: duplicates below the cut, channel pairs above it, minimum and unclassified otherwise', () => {
    const layout = problemAt('glu-teacher', 3).network.layout;
    const activation = problemAt('glu-teacher', 3).network.activation;
    const v = (theta: number[], late: number[][] = []): string =>
      paperVerdict(layout, activation, Float64Array.from(theta), late).class;
    // Two input weights 5·10⁻⁷ apart (< 10⁻⁶), small norm: the duplicate criterion, whatever the readouts.
    expect(v([0.5, 0.5 + 5e-7, 2, 1, -1, 1])).toBe('plateau-saddle');
    expect(v([0.5, 0.5 + 2e-6, 2, 1, -1, 1])).toBe('minimum');
    // Large norm (weightnorm > 10³ means ‖θ‖ > √18000 ≈ 134): a merged pair with the late updates in its
    // subspace is a channel; with them elsewhere, nothing the paper names.
    const far = [1.0, 1.0001, 2, 100, -100, 1];
    expect(weightnorm(far)).toBeGreaterThan(1e3);
    expect(v(far, [[1e-3, -1e-3, 0, 1, -1, 0]])).toBe('channel');
    expect(v(far, [[0, 0, 1, 0, 0, 1]])).toBe('unclassified');
  });
});
