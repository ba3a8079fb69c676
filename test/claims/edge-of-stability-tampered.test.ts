import { describe, expect, it, vi } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';

/**
 * The claim re-runs the largest η from scratch and must notice a cache that its code no longer reproduces: here
 * the cached ε_min of η = 0.35 is moved by 10⁻⁶ relative (far below anything a plot shows, far above the 10⁻⁹ the
 * claim allows).
 */
vi.mock('../../src/claims/_internals/edge-of-stability-results.js', async (importOriginal) => {
  const original =
    await importOriginal<typeof import('../../src/claims/_internals/edge-of-stability-results.js')>();
  return {
    ...original,
    EDGE_OF_STABILITY_RESULTS: original.EDGE_OF_STABILITY_RESULTS.map((r) =>
      r.eta === '0.35' ? { ...r, epsMin: String(Number(r.epsMin) * (1 + 1e-6)) } : r,
    ),
  };
});

describe('edge-of-stability against a tampered cache', () => {
  it('is inconclusive and says the cache does not reproduce', async () => {
    const { edgeOfStability } = await import('../../src/claims/edge-of-stability.js');
    const verdict = edgeOfStability.check({ digits: 20, activation: resolveActivation('erf'), seed: 1 });
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.summary).toMatch(/does not reproduce/);
  });
});
