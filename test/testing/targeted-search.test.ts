import { describe, expect, it } from 'vitest';
import {
  addToCorpus,
  corpusGenomes,
  emptyCorpus,
  parseCorpus,
  serializeCorpus,
} from '../../src/search/corpus.js';
import { targetedSearch, type Evaluation, type SearchSpace } from '../../src/search/targeted-search.js';

/** A needle in a haystack of 10¹² genomes with a smooth score around it: violated only within 2 of (654321, −98765). */
const space: SearchSpace<readonly number[]> = {
  genes: [
    { name: 'x', min: -1_000_000, max: 1_000_000 },
    { name: 'y', min: -1_000_000, max: 1_000_000 },
  ],
  decode: (g) => g,
};
const needle = (g: readonly number[]): Evaluation => {
  const d = Math.hypot((g[0] ?? 0) - 654_321, (g[1] ?? 0) + 98_765);
  return { kind: 'scored', score: -Math.log10(1 + d), violated: d <= 2 };
};

describe('targetedSearch', () => {
  it('finds a narrow violation by climbing where plain random generation does not', () => {
    const targeted = targetedSearch(space, needle, { budget: 2000, seed: 7, shrink: false });
    const random = targetedSearch(space, needle, { budget: 2000, seed: 7, strategy: 'random' });
    expect(targeted.kind).toBe('found');
    expect(random.kind).toBe('none');
    if (targeted.kind === 'found') {
      expect(targeted.phase).toBe('climb');
      expect(targeted.runs).toBeLessThan(2000);
    }
  });

  it('is reproducible from its seed', () => {
    const a = targetedSearch(space, needle, { budget: 500, seed: 3 });
    const b = targetedSearch(space, needle, { budget: 500, seed: 3 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('never spends more than its budget', () => {
    let calls = 0;
    const out = targetedSearch(space, (_g) => (calls++, { kind: 'scored', score: 0, violated: false }), {
      budget: 123,
      shrink: false,
    });
    expect(out.kind).toBe('none');
    expect(out.runs).toBe(123);
    expect(calls).toBe(123);
  });

  it('shrinks a violation towards the simplest genes while it stays a violation', () => {
    // Violated whenever x ≥ 1000 and |y| ≥ 7: the simplest such genome is (1000, ±7).
    const half: SearchSpace<readonly number[]> = { ...space, decode: (g) => g };
    const out = targetedSearch(
      half,
      (g) => ({ kind: 'scored', score: 0, violated: (g[0] ?? 0) >= 1000 && Math.abs(g[1] ?? 0) >= 7 }),
      { budget: 1000, seed: 1 },
    );
    expect(out.kind).toBe('found');
    if (out.kind === 'found') {
      expect(out.shrunk.genome[0]).toBe(1000);
      expect(Math.abs(out.shrunk.genome[1] ?? 0)).toBe(7);
      expect(out.shrinkSteps).toBeGreaterThan(0);
    }
  });

  it('replays the corpus first and skips genomes outside the genes', () => {
    const out = targetedSearch(space, needle, {
      corpus: [
        [5_000_000, 0],
        [654_321, -98_765],
      ],
      budget: 10,
      shrink: false,
    });
    expect(out.kind).toBe('found');
    if (out.kind === 'found') {
      expect(out.phase).toBe('corpus');
      expect(out.runs).toBe(1);
    }
  });

  it('skips invalid inputs and reports how many there were', () => {
    const out = targetedSearch(space, () => ({ kind: 'invalid', reason: 'outside the hypotheses' }), {
      budget: 50,
    });
    expect(out).toMatchObject({ kind: 'none', runs: 50, invalid: 50, best: undefined });
  });
});

describe('corpus files', () => {
  it('round-trip, deduplicate by genome and settings, and filter by settings', () => {
    const entry = { genome: [1, 2], settings: { activation: 'relu' }, input: { x: '1' }, explanation: 'why' };
    let c = addToCorpus(emptyCorpus('glu-limit'), entry).corpus;
    expect(addToCorpus(c, entry).added).toBe(false);
    c = addToCorpus(c, { ...entry, settings: { activation: 'abs(x)' } }).corpus;
    const back = parseCorpus(serializeCorpus(c), 'glu-limit');
    expect(back.entries).toHaveLength(2);
    expect(corpusGenomes(back, { activation: 'relu' })).toEqual([[1, 2]]);
    expect(() => parseCorpus(serializeCorpus(c), 'other-claim')).toThrow(
      /not a version-1 corpus of claim "other-claim"/,
    );
  });
});
