import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { selectClaims } from '../../src/claims/registry.js';

describe('claims subspace-counts and symmetry-induced-critical', () => {
  it('subspace-counts is verified, with the numeric count of critical unit maps in its evidence', () => {
    const [claim] = selectClaims(['subspace-counts']);
    const v = claim!.check({ digits: 50, seed: 1, activation: resolveActivation('tanh') });
    expect(v.kind, v.summary).toBe('verified');
    // 2!·S(3, 3) = 2, 2!·S(4, 3) = 12, 2!·S(5, 3) = 50 of 9, 27, 81 maps.
    expect(v.evidence['numeric']).toEqual([
      'm=2: 2 of 9 maps critical at zero loss, closed form 2',
      'm=3: 12 of 27 maps critical at zero loss, closed form 12',
      'm=4: 50 of 81 maps critical at zero loss, closed form 50',
    ]);
  });

  it('symmetry-induced-critical is verified on paper-toy at 50 digits', () => {
    const [claim] = selectClaims(['symmetry-induced-critical']);
    const v = claim!.check({ digits: 50, seed: 1, activation: resolveActivation('erf') });
    expect(v.kind, v.summary).toBe('verified');
    expect(v.evidence['subspaces']).toEqual(['m=2: 1 of 1', 'm=3: 1 of 1']);
    expect(v.evidence['points']).toBe(6);
    expect(Number(v.evidence['maxGradNorm'])).toBeLessThan(1e-45);
  });
});
