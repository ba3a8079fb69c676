import { describe, expect, it, vi } from 'vitest';
import type { LawFit } from '../../src/landscape/_internals/detect-law.js';
import { detectChannels } from '../../src/landscape/detect-channels.js';
import type { ImportedNetwork } from '../../src/landscape/detect-import.js';
import { detectionProblem } from '../../src/landscape/detect-problem.js';

// The flow runs for real; only the law's decision is replaced, to check what each outcome makes of the pair
// (test/landscape/detect-law.test.ts checks the decisions themselves).
const forced: { fit?: LawFit } = {};
vi.mock('../../src/landscape/_internals/detect-law.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/landscape/_internals/detect-law.js')>();
  return {
    ...real,
    fitDivergenceLaw: (points: Parameters<typeof real.fitDivergenceLaw>[0]): LawFit =>
      forced.fit ?? real.fitDivergenceLaw(points),
  };
});

/*
 * Two tanh neurons in one dimension on the valley floor of the realisable GLU target 0.5 tanh(x) + x sech²(x)
 * (9 samples x = −3 … 3): w = 1 ± 0.02, a = 0.25 ± 25, so c = 0.5 and v = 2Aε = 1, the target's own GLU.
 */
const xs = Array.from({ length: 9 }, (_, n) => -3 + 0.75 * n);
const data = { x: xs, y: xs.map((x) => 0.5 * Math.tanh(x) + x / Math.cosh(x) ** 2) };
const net: ImportedNetwork = {
  format: 'params-json',
  layout: { width: 2, inputDimension: 1, hiddenBias: false, outputBias: false },
  params: { w: [['1.02'], ['0.98']], a: ['25.25', '-24.75'] },
  sourcePrecision: 'decimal',
};
const flat = ['1.02', '0.98', '25.25', '-24.75'];

describe('detect --confirm: what an undecided law makes of a pair', () => {
  it('the real decision on the GLU floor is k = 6; undecided keeps a candidate with its GLU; neither does not', () => {
    const problem = detectionProblem(net, 'tanh', { kind: 'json', json: data, what: 'glu' });
    const run = (): ReturnType<typeof detectChannels> =>
      detectChannels(net.layout, flat, problem, { confirm: true, growth: 1.05 });

    delete forced.fit;
    const real = run();
    expect(real.pairs[0]?.confirmation?.law).toBe('realisableGlu');
    expect(real.pairs[0]?.verdict).toBe('channelConfirmed');
    expect(real.verdict).toBe('channel');

    forced.fit = { points: 3, slopeExponent: 5, exponent: 5, interval: [3.5, 6.5], law: 'undecided' };
    const undecided = run();
    const u = undecided.pairs[0]!;
    expect(u.confirmation?.law).toBe('undecided');
    expect(u.confirmation?.exponentInterval).toEqual(['3.500000', '6.500000']);
    expect(u.verdict).toBe('channelCandidate');
    expect(u.glu?.c).toBe('0.5');
    expect(undecided.verdict).toBe('channelCandidate');

    forced.fit = { points: 3, slopeExponent: 5, exponent: 5, interval: [4.9, 5.1], law: 'neither' };
    const neither = run();
    const q = neither.pairs[0]!;
    expect(q.verdict).toBe('notConfirmed');
    expect(q.glu).toBeUndefined();
    expect(q.noGlu).toBe('flowNotChannel');
    expect(q.confirmation?.glu).toBeUndefined();
    expect(neither.verdict).not.toBe('channel');
  });
});
