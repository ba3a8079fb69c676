import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { multiOutputChannel } from '../../src/claims/multi-output-channel.js';

describe('claim multi-output-channel', () => {
  it('is verified: detected, followed to 1e10, the vector GLU limit = teacher at 30 digits, h and h₄ by nerdamer', () => {
    const v = multiOutputChannel.check({ digits: 30, activation: resolveActivation('tanh'), seed: 1 });
    expect(v.summary).toMatch(/followed to \|A\| = 1e10/);
    expect(v.kind).toBe('verified');
    expect(v.evidence['limitDigits']).toBe(30);
    expect(v.evidence['detectVerdict']).toBe('channel');
    expect(v.evidence['limit']).toBe('c = (0.5, -0.3), a = (1, -0.5), w = (1, 0.5), Δ = (0.6, 0.8)');
  });
});
