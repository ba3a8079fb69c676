import { describe, expect, it } from 'vitest';
import {
  FIG4_SCALES,
  fig4Verdict,
  gpChannelFrequency,
  type StoredFig4Block,
} from '../../src/claims/gp-channel-frequency.js';
import { CLAIMS, DEFAULT_CLAIMS } from '../../src/claims/registry.js';
import { valueRange } from '../../src/sweep/fig4-table.js';

// The verdict of gp-channel-frequency as a pure function of stored blocks, on synthetic counts whose Wilson
// intervals are known: 6/12 → [0.254, 0.746]; 1/12 → [0.015, 0.354]; 0/40 → [0, 0.088].
type Run = StoredFig4Block['runs'][number];
const run = (seed: number, how: 'class' | 'pair' | 'none'): Run => ({
  seed,
  class: how === 'class' ? 'channel' : 'unfinished',
  paper: 'unclassified',
  lambdaMin: '1e-10',
  lambdaMax: '1e5',
  channelPairs: how === 'pair' ? [{ i: 1, j: 2, confirmed: true }] : [],
  final: [],
});
const block = (scale: number, n: number, k: number, how: 'class' | 'pair' = 'pair'): StoredFig4Block => ({
  scale,
  width: 4,
  total: n,
  runs: Array.from({ length: n }, (_, i) => run(i + 1, i < k ? how : 'none')),
});
const ok = (): boolean => true;

describe('gp-channel-frequency verdict', () => {
  it('verified when every scale has ≥ 10 runs and lower Wilson ends ≥ 0.1 (channels as confirmed pairs)', () => {
    const v = fig4Verdict(
      FIG4_SCALES.map((s) => block(s, 12, 6)),
      ok,
    );
    expect(v.kind).toBe('verified');
    expect(v.summary).toContain('6/12 [0.25, 0.75]');
  });

  it('counts toolkit channels as well as confirmed pairs', () => {
    expect(
      fig4Verdict(
        FIG4_SCALES.map((s) => block(s, 12, 6, 'class')),
        ok,
      ).kind,
    ).toBe('verified');
  });

  it('refuted when a scale with ≥ 10 runs has its upper end below 0.1', () => {
    const blocks = FIG4_SCALES.map((s) => (s === 10 ? block(s, 40, 0) : block(s, 12, 6)));
    expect(fig4Verdict(blocks, ok).kind).toBe('refuted');
  });

  it('inconclusive with too few runs, with an interval straddling 0.1, or a failed re-judgement', () => {
    expect(
      fig4Verdict(
        FIG4_SCALES.map((s) => block(s, s === 2 ? 9 : 12, 6)),
        ok,
      ).kind,
    ).toBe('inconclusive');
    expect(
      fig4Verdict(
        FIG4_SCALES.map((s) => block(s, 12, s === 2 ? 1 : 6)),
        ok,
      ).kind,
    ).toBe('inconclusive');
    expect(
      fig4Verdict(
        FIG4_SCALES.map((s) => block(s, 12, 6)),
        () => false,
      ).kind,
    ).toBe('inconclusive');
  });

  it('is registered as an opt-in claim', () => {
    expect(CLAIMS).toContain(gpChannelFrequency);
    expect(DEFAULT_CLAIMS).not.toContain(gpChannelFrequency);
  });
});

describe('valueRange', () => {
  it('gives min, median (middle pair averaged) and max to 4 digits', () => {
    expect(valueRange([3, 1, 2])).toEqual({ n: 3, min: '1', median: '2', max: '3' });
    expect(valueRange([4, 1, 2, 3])).toEqual({ n: 4, min: '1', median: '2.5', max: '4' });
    expect(valueRange([])).toBeNull();
  });
});
