import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { selectClaims } from '../../src/claims/registry.js';
import { loadProblem } from '../../src/network/problem.js';

describe('claim expansion-connects-minima', () => {
  it('is proved on the width-2 tanh teacher at 50 digits, with its two figures', () => {
    const [claim] = selectClaims(['expansion-connects-minima']);
    const v = claim!.check({ digits: 50, seed: 1, activation: resolveActivation('tanh') });
    expect(v.kind, v.summary).toBe('proved');
    expect(v.evidence['certificate']).toMatch(/^strict local minimum: exactly one critical point/);
    expect(v.evidence['widerNotIsolated']).toMatch(/^width 3: Hessian not invertible/);
    // The swap of two neurons through the idle unit: 7 segments (by hand in docs/subspaces.md).
    expect(v.evidence['walk']).toBe('(1,2,0) → (1,2,1) → (0,2,1) → (2,2,1) → (2,0,1) → (2,1,1) → (2,1,0)');
    // T(2, 3) = 2!·S(4, 3) = 12 subspaces; the intersection graph is a 12-cycle (12 edges), connected.
    expect(v.evidence['graph']).toBe(
      '12 = T(2, 3) subspaces, 12 intersecting pairs, 1 component(s); at width 2: 2 isolated points',
    );
    expect(v.evidence['sampledLoss']).toMatch(/^147 points, max .* ≤ 1e-90: true$/);
    expect(Number(v.evidence['ballBound'])).toBeLessThan(1e-90);
    expect(v.figures?.map((f) => f.id)).toEqual(['subspace-graph', 'path-loss']);
  });

  it('verify --problem: a realisable file is proved (refined to zero loss); other problems are not applicable', () => {
    const [claim] = selectClaims(['expansion-connects-minima']);
    expect(claim!.acceptsProblem).toBe(true);
    const run = (ref: string) =>
      claim!.check({ digits: 30, seed: 1, activation: resolveActivation('tanh'), problem: loadProblem(ref) });
    const file = run(join(import.meta.dirname, 'softplus-teacher-2d.json'));
    expect(file.kind, file.summary).toBe('proved');
    expect(file.evidence['parent']).toBe('refined by Newton to zero loss');
    expect(file.evidence['images']).toMatch(/^2 permutations \(r\*!\); each/);
    for (const [ref, why] of [
      ['paper-toy', /population problem/],
      ['two-param', /width r\* in 2…4/],
      ['glu-teacher', /no zero-loss minimum/],
    ] as const) {
      const v = run(ref);
      expect(v.kind, ref).toBe('not-applicable');
      expect(v.summary, ref).toMatch(why);
    }
  });
});
