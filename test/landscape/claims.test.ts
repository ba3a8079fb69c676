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
  }, 120_000);

  it('channel-scalings: powers 4, 5 and 2 on glu-teacher', () => {
    const v = channelScalings.check(ctx);
    expect(v.kind, v.summary).toBe('verified');
    expect([v.evidence['gapPower'], v.evidence['slopePower'], v.evidence['lambdaPower']]).toEqual([
      '4',
      '5',
      '2',
    ]);
  }, 120_000);

  it('precision-on-channel: chosen digits = +20 digits; 60 digits and float64 wrong', () => {
    const v = precisionOnChannel.check(ctx);
    expect(v.kind, v.summary).toBe('verified');
    expect(v.evidence['lossChosen']).toBe(v.evidence['lossPlus20']);
    expect(v.evidence['loss60Digits']).not.toBe(v.evidence['lossChosen']);
  }, 120_000);
});
