import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { reluPopulationChannel } from '../../src/claims/relu-population-channel.js';

describe('relu-population-channel claim (figure B13)', () => {
  it('is verified with the measured numbers', () => {
    const v = reluPopulationChannel.check({ digits: 20, activation: resolveActivation('erf'), seed: 1 });
    expect(v.kind).toBe('verified');
    expect(v.evidence['lossEnd']).toMatch(/^5\.305\d*e-7$/);
    expect(v.evidence['gapOverEps']).toBe('0.0750');
    expect(Number(v.evidence['epsEnd'])).toBeCloseTo(7.0711e-6, 9);
  });
});
