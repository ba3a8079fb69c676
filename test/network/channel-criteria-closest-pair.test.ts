import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { closestOppositePair } from '../../src/flow/channel-evidence.js';
import { networkSymmetries } from '../../src/network/channel-criteria.js';
import { pairMeasures, pairMeasures64, weightsMerged } from '../../src/network/pair-criteria.js';
import { precision } from '../../src/precision/context.js';

const p = precision(40);
const layout = { width: 3, inputDimension: 1, hiddenBias: false, outputBias: false } as const;

describe('closestOppositePair modulo the sign flip (issue 15: it ignored the symmetry)', () => {
  // Neurons 1 and 2 are a channel in the mirrored form (w₂ ≈ −w₁, equal-sign readouts); neuron 3 has the
  // opposite readout but input weights far away.
  const flat = ['1', '-1.0005', '4', '2000', '2000', '-0.5'].map((v) => new p.D(v));

  it('with the flip of tanh the mirrored pair is found, with A of its canonical form', () => {
    const pair = closestOppositePair(layout, flat, networkSymmetries(resolveActivation('tanh')));
    expect(pair).toMatchObject({ i: 0, j: 1, divergence: '2000', weightDistance: '0.0005' });
  });

  it('without the flip (softplus, or no symmetries given) the mirrored pair is not opposite', () => {
    for (const pair of [
      closestOppositePair(layout, flat),
      closestOppositePair(layout, flat, networkSymmetries(resolveActivation('softplus'))),
    ]) {
      expect(pair?.i === 0 && pair.j === 1).toBe(false);
    }
  });
});

describe('weightsMerged: the one merging rule, float64 and Decimal', () => {
  it('the relative distance counts only for rows of one entry; both number types agree', () => {
    // 1-D: same-sign weights 0.7 and 5 have cosine distance 0, relative distance 1.51: apart.
    const rows1 = { w: [[0.7], [5]], a: [1, -1] };
    const d1 = pairMeasures({
      w: rows1.w.map((r) => r.map((x) => new p.D(x))),
      a: rows1.a.map((x) => new p.D(x)),
    });
    const f1 = pairMeasures64(rows1);
    expect(weightsMerged(f1[0] as (typeof f1)[0], 1)).toBe(false);
    expect(weightsMerged(d1[0] as (typeof d1)[0], 1)).toBe(false);
    // 2-D rows of different norms at cosine distance 7e-4 (relative distance ≈ 0.4): merged by the paper's criterion.
    const phi = Math.acos(1 - 7e-4);
    const rows2 = {
      w: [
        [1, 0],
        [1.4 * Math.cos(phi), 1.4 * Math.sin(phi)],
      ],
      a: [1, -1],
    };
    const f2 = pairMeasures64(rows2);
    const d2 = pairMeasures({
      w: rows2.w.map((r) => r.map((x) => new p.D(x))),
      a: rows2.a.map((x) => new p.D(x)),
    });
    expect(weightsMerged(f2[0] as (typeof f2)[0], 2)).toBe(true);
    expect(weightsMerged(d2[0] as (typeof d2)[0], 2)).toBe(true);
    // The same measures read as one-entry rows would need the relative distance too.
    expect(weightsMerged(f2[0] as (typeof f2)[0], 1)).toBe(false);
  });
});
