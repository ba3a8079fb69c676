import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { channelScalings } from '../../src/claims/channel-scalings.js';
import { paperToyInfinity } from '../../src/claims/paper-toy-infinity.js';
import { precisionOnChannel } from '../../src/claims/precision-on-channel.js';
import { CLAIMS } from '../../src/claims/registry.js';

const ctx = { digits: 40, seed: 1, activation: resolveActivation('tanh') };

describe('channel claims', () => {
  it('are registered', () => {
    const ids = CLAIMS.map((c) => c.id);
    for (const id of ['paper-toy-infinity', 'channel-scalings', 'precision-on-channel'])
      expect(ids).toContain(id);
  });

  it('paper-toy-infinity: minimum, saddle, minimum with h > 0 and the saddle at the one-neuron loss', () => {
    const v = paperToyInfinity.check(ctx);
    expect(v.kind, v.summary).toBe('verified');
    expect(v.evidence['kinds']).toEqual(['minimum', 'saddle', 'minimum']);
  });

  it('channel-scalings: powers 4, 5 and −2 on glu-teacher, each within its stated tolerance', () => {
    const v = channelScalings.check(ctx);
    expect(v.kind, v.summary).toBe('verified');
    const powers = [v.evidence['gapPower'], v.evidence['slopePower'], v.evidence['lambdaPower']].map((x) =>
      String(x).split(' ± ').map(Number),
    );
    [4, 5, -2].forEach((want, k) => {
      const [value, tol] = powers[k] as number[];
      expect(Math.abs((value as number) - want)).toBeLessThanOrEqual(tol as number);
    });
  });

  it('precision-on-channel: the follower’s rule keeps ≥ 20 digits with no guard; 60 digits and float64 wrong', () => {
    const v = precisionOnChannel.check(ctx);
    expect(v.kind, v.summary).toBe('verified');
    expect(v.evidence['lossAtRule']).toEqual(v.evidence['lossReference']);
    expect(Number(v.evidence['correctDigitsWith60At1e30'])).toBeLessThan(0);
  });
});
