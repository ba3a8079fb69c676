import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { detectChannels } from '../../src/landscape/detect-channels.js';
import { importNetwork, type ImportedNetwork } from '../../src/landscape/detect-import.js';
import { detectionProblem } from '../../src/landscape/detect-problem.js';
import { networkSymmetries } from '../../src/network/channel-criteria.js';
import { precision } from '../../src/precision/context.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'detect');
const f = (name: string): string => join(DIR, name);

function flatOf(net: ImportedNetwork): string[] {
  return [...net.params.w.flat(), ...net.params.a, ...(net.params.b === undefined ? [] : [net.params.b])];
}

/** The same network with neuron k sign-flipped, (w_k, a_k) → (−w_k, −a_k): for odd σ the same function. */
function mirrored(net: ImportedNetwork, k: number): string[] {
  const p = precision(40);
  const m = net.params.w[0]?.length ?? 0;
  const r = net.params.a.length;
  return flatOf(net).map((v, idx) =>
    (idx >= k * m && idx < (k + 1) * m) || idx === r * m + k ? new p.D(v).neg().toString() : v,
  );
}

describe('detect modulo the sign flip of an odd σ (issue 15: 5 of 22 sklearn nets ended mirrored)', () => {
  it('a mirrored channel fixture gets the verdict of the original, flagged mirrored, with the same GLU', () => {
    for (const [file, act] of [
      ['glu-channel.params.json', 'tanh'],
      ['toy-channel.state-dict.json', 'erf'],
    ] as const) {
      const net = importNetwork(f(file));
      const symmetries = networkSymmetries(resolveActivation(act));
      const plain = detectChannels(net.layout, flatOf(net), undefined, { symmetries });
      const flipped = detectChannels(net.layout, mirrored(net, 1), undefined, { symmetries });
      expect(plain.verdict).toBe('channelCandidate');
      expect(flipped.verdict).toBe(plain.verdict);
      expect(flipped.pairs[0]?.mirrored).toBe(true);
      expect(flipped.pairs[0]?.verdict).toBe(plain.pairs[0]?.verdict);
      expect(flipped.pairs[0]?.cosineDistance).toBe(plain.pairs[0]?.cosineDistance);
      expect(flipped.pairs[0]?.glu).toEqual(plain.pairs[0]?.glu);
      // Without the symmetry (permutations only) the mirrored pair is apart.
      expect(detectChannels(net.layout, mirrored(net, 1)).verdict).toBe('noChannel');
    }
  });

  it('with data the symmetries come from the activation: the mirrored toy channel keeps its update fraction', () => {
    const net = importNetwork(f('toy-channel.state-dict.json'));
    const data = JSON.parse(readFileSync(f('toy-data.json'), 'utf8')) as unknown;
    const problem = detectionProblem(net, 'erf', { kind: 'json', json: data, what: 'toy-data.json' });
    const plain = detectChannels(net.layout, flatOf(net), problem);
    const flipped = detectChannels(net.layout, mirrored(net, 0), problem);
    expect(flipped.verdict).toBe(plain.verdict);
    expect(flipped.pairs[0]?.mirrored).toBe(true);
    expect(flipped.pairs[0]?.updateFraction).toBe(plain.pairs[0]?.updateFraction);
  });
});
