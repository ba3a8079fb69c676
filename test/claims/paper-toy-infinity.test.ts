import { describe, expect, vi } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { itLong } from '../_support/tier.js';

/**
 * The claim must refute when a value it prints is wrong. The toolkit's numbers are right, so the reference they are
 * compared with is made wrong instead: the second minimum's w 3 % off, and the first minimum's h 3 units off in its
 * 10th digit. Both must be named; the rest must still agree.
 */
vi.mock('../../src/claims/_internals/paper-toy-reference.js', async (importOriginal) => {
  const { PAPER_TOY_REFERENCE: ref } =
    await importOriginal<typeof import('../../src/claims/_internals/paper-toy-reference.js')>();
  const [p1, p2, p3] = ref.criticalPoints as [
    (typeof ref.criticalPoints)[0],
    (typeof ref.criticalPoints)[0],
    (typeof ref.criticalPoints)[0],
  ];
  return {
    PAPER_TOY_REFERENCE: {
      ...ref,
      criticalPoints: [
        { ...p1, h: String(Number(p1.h) + 3e-12) },
        p2,
        { ...p3, w: String(Number(p3.w) * 1.03) },
      ],
    },
  };
});

describe('paper-toy-infinity against a wrong reference', () => {
  // One more run of the claim (≈ 15 s of CPU): the long tier.
  itLong('is refuted, naming w3 (3 % off) and h1 (3 units in the 10th digit)', async () => {
    const { paperToyInfinity } = await import('../../src/claims/paper-toy-infinity.js');
    const v = paperToyInfinity.check({ digits: 40, seed: 1, activation: resolveActivation('erf') });
    expect(v.kind, v.summary).toBe('refuted');
    const deviations = v.evidence['deviations'] as readonly string[];
    expect(deviations.map((d) => d.split(' ')[0])).toEqual(['h1', 'w3']);
  });
});
