import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAPER_TOY_REFERENCE } from '../../src/claims/_internals/paper-toy-reference.js';

describe('the paper-toy reference inside the claim', () => {
  it('is the committed mpmath fixture (scripts/golden/infinity.py), value for value', () => {
    const fixture = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', 'fixtures', 'infinity-paper-toy.json'), 'utf8'),
    ) as {
      generator: string;
      criticalPoints: { kind: string; w: string; loss: string; c: string; a: string; h: string }[];
      oneNeuron: { w: string; loss: string; c: string };
    };
    expect(PAPER_TOY_REFERENCE.generator).toBe(fixture.generator);
    expect(PAPER_TOY_REFERENCE.criticalPoints).toEqual(
      fixture.criticalPoints.map(({ kind, w, loss, c, a, h }) => ({ kind, w, loss, c, a, h })),
    );
    const { w, loss, c } = fixture.oneNeuron;
    expect(PAPER_TOY_REFERENCE.oneNeuron).toEqual({ w, loss, c });
  });
});
