import { describe, expect, it } from 'vitest';
import { fig2Verdict, wilson95, type StoredBlock } from '../../src/claims/plateau-saddle-frequency.js';
import { wilsonInterval } from '../../src/sweep/wilson-interval.js';

/** A block of n runs, k of them genuine plateau saddles (the rest channels), with its cross-table. */
function block(width: number, protocol: 'paper' | 'accurate', n: number, k: number): StoredBlock {
  const runs = Array.from({ length: n }, (_, s) => ({
    seed: s + 1,
    class: s < k ? 'plateau-saddle' : 'channel',
    paper: s < k ? 'plateau-saddle' : 'channel',
    final: [],
  }));
  return {
    protocol,
    width,
    total: n,
    crossTable: { 'plateau-saddle': { 'plateau-saddle': k }, channel: { channel: n - k } },
    runs,
  };
}
const confirmed = (): { slope: string; digits: number; confirmed: boolean } => ({
  slope: '-1e-6',
  digits: 39,
  confirmed: true,
});
const four = (n: number, k: number): StoredBlock[] =>
  [2, 3].flatMap((w) => [block(w, 'paper', n, k), block(w, 'accurate', n, k)]);

describe('plateau-saddle-frequency: the verdict follows from the stored counts', () => {
  it('its Wilson interval is the sweep layer’s', () => {
    for (const [k, n] of [
      [0, 40],
      [3, 40],
      [12, 35],
      [1, 1],
    ] as const) {
      const a = wilson95(k, n);
      const b = wilsonInterval(k, n);
      expect(Math.abs(a.lower - b.lower)).toBeLessThan(1e-6);
      expect(Math.abs(a.upper - b.upper)).toBeLessThan(1e-6);
    }
  });

  it('0/40 everywhere: refuted (upper ends 0.088 < 0.10)', () => {
    expect(fig2Verdict(four(40, 0), confirmed).kind).toBe('refuted');
  });

  it('fewer than 40 runs somewhere: inconclusive, however clear the counts', () => {
    const blocks = four(40, 0);
    blocks[3] = block(3, 'accurate', 39, 0);
    expect(fig2Verdict(blocks, confirmed).kind).toBe('inconclusive');
  });

  it('8/40 (lower end 0.105): verified; 2/40 (upper end 0.165): inconclusive', () => {
    expect(fig2Verdict(four(40, 8), confirmed).kind).toBe('verified');
    expect(fig2Verdict(four(40, 2), confirmed).kind).toBe('inconclusive');
  });

  it('a stored channel that the re-judgement does not confirm: inconclusive', () => {
    const v = fig2Verdict(four(40, 0), () => ({ slope: '1e-6', digits: 39, confirmed: false }));
    expect(v.kind).toBe('inconclusive');
  });

  it('a cross-table that does not hold every run: inconclusive', () => {
    const blocks = four(40, 0);
    blocks[0] = { ...block(2, 'paper', 40, 0), crossTable: { channel: { channel: 39 } } };
    expect(fig2Verdict(blocks, confirmed).kind).toBe('inconclusive');
  });
});
