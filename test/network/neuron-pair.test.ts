import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import {
  PERMUTATIONS_ONLY,
  canonicalForPair,
  canonicalPoint,
  flipNeuron,
  fromChannelCoordinates,
  networkSymmetries,
  neuronPair,
  outwardDirection,
  pairIndices,
  readoutIndex,
  toChannelCoordinates,
  toChannelCoordinates64,
  weightIndex,
  withNeuronPair,
} from '../../src/network/neuron-pair.js';
import { networkOutput } from '../../src/network/network-output.js';
import { flatten, unflatten, type Layout } from '../../src/network/params.js';
import { fromDouble, precision } from '../../src/precision/context.js';

const p = precision(40);
const D = (x: number | string): Decimal => new p.D(x);

// Width 3, two inputs, hidden and output biases: rows of 3 entries, then 3 readouts, then b.
const LAYOUT: Layout = { width: 3, inputDimension: 2, hiddenBias: true, outputBias: true };
const PARAMS = {
  w: [
    [D('0.5'), D('-1.25'), D('0.3')],
    [D('2'), D('0.75'), D('-0.1')],
    [D('-0.6'), D('1.5'), D('0.9')],
  ],
  a: [D('3'), D('-1'), D('0.25')],
  b: D('0.125'),
};
const FLAT = flatten(PARAMS);

describe('neuron-pair indices', () => {
  it('address the entries that params.ts flattens (reference: flatten of named rows)', () => {
    const ix = pairIndices(LAYOUT, 2, 0);
    expect(ix.wi.map((k) => FLAT[k]?.toString())).toEqual(['-0.6', '1.5', '0.9']);
    expect(ix.wj.map((k) => FLAT[k]?.toString())).toEqual(['0.5', '-1.25', '0.3']);
    expect(FLAT[ix.ai]?.toString()).toBe('0.25');
    expect(FLAT[ix.aj]?.toString()).toBe('3');
    expect(FLAT[weightIndex(LAYOUT, 1, 2)]?.toString()).toBe('-0.1');
    expect(FLAT[readoutIndex(LAYOUT, 1)]?.toString()).toBe('-1');
    expect(() => pairIndices(LAYOUT, 1, 1)).toThrow(RangeError);
    expect(() => pairIndices(LAYOUT, 0, 3)).toThrow(RangeError);
  });

  it('neuronPair and withNeuronPair are inverse, and leave the other entries alone', () => {
    const pair = neuronPair(LAYOUT, FLAT, 0, 2);
    const swapped = withNeuronPair(LAYOUT, FLAT, 2, 0, pair);
    const back = unflatten(LAYOUT, swapped);
    expect(back.w[2]?.map(String)).toEqual(['0.5', '-1.25', '0.3']);
    expect(back.w[0]?.map(String)).toEqual(['-0.6', '1.5', '0.9']);
    expect(back.w[1]?.map(String)).toEqual(['2', '0.75', '-0.1']);
    expect(back.a.map(String)).toEqual(['0.25', '-1', '3']);
    expect(back.b?.toString()).toBe('0.125');
    expect(withNeuronPair(LAYOUT, swapped, 2, 0, neuronPair(LAYOUT, swapped, 0, 2)).map(String)).toEqual(
      FLAT.map(String),
    );
  });
});

describe('channel coordinates in float64', () => {
  it('agree with the Decimal coordinates to a few ulps (2-D and signed 1-D)', () => {
    const cases = [
      { wi: [1.5, -0.25, 0.7], wj: [1.4999, -0.2502, 0.7001], ai: 2000.5, aj: -1999.25, signed: true },
      { wi: [0.7], wj: [0.71], ai: -3, aj: 5, signed: true },
      { wi: [0.7], wj: [0.71], ai: -3, aj: 5, signed: false },
    ];
    for (const c of cases) {
      const exact = toChannelCoordinates(
        {
          wi: c.wi.map((x) => fromDouble(p, x)),
          wj: c.wj.map((x) => fromDouble(p, x)),
          ai: fromDouble(p, c.ai),
          aj: fromDouble(p, c.aj),
        },
        p,
        { signed: c.signed },
      );
      const fast = toChannelCoordinates64(c, { signed: c.signed });
      if (exact.kind !== 'pair' || fast.kind !== 'pair') throw new Error('expected a pair');
      // ε and Δ come from a difference of nearby weights: a few ulps of the weights, relative to ε.
      const close = (x: number, y: Decimal, scale: number): void =>
        expect(Math.abs(x - y.toNumber()), `${x} vs ${y.toString()}`).toBeLessThanOrEqual(1e-11 * scale);
      close(fast.c, exact.c, Math.abs(c.ai) + Math.abs(c.aj));
      close(fast.A, exact.A, Math.abs(c.ai) + Math.abs(c.aj));
      close(fast.eps, exact.eps, Math.abs(exact.eps.toNumber()));
      close(fast.a, exact.a, Math.abs(exact.a.toNumber()));
      fast.w.forEach((x, k) => close(x, exact.w[k] as Decimal, 1));
      fast.delta.forEach((x, k) => close(x, exact.delta[k] as Decimal, 1));
    }
    expect(toChannelCoordinates64({ wi: [1, 2], wj: [1, 2], ai: 1, aj: -1 }).kind).toBe('coincident');
  });
});

describe('the outward direction', () => {
  it('is the derivative of ε → ε e^(−s) at fixed c, a, w, Δ (central difference of the inverse map)', () => {
    const pair = neuronPair(LAYOUT, FLAT, 1, 2);
    const ch = toChannelCoordinates(pair, p);
    if (ch.kind !== 'pair') throw new Error('expected a pair');
    const h = D('1e-12');
    const at = (s: Decimal): Decimal[] =>
      withNeuronPair(
        LAYOUT,
        FLAT,
        1,
        2,
        fromChannelCoordinates({ ...ch, eps: ch.eps.times(s.neg().exp()) }, p),
      );
    const plus = at(h);
    const minus = at(h.neg());
    const u = outwardDirection(LAYOUT, FLAT, 1, 2);
    u.forEach((x, k) => {
      const fd = (plus[k] as Decimal).minus(minus[k] as Decimal).div(h.times(2));
      // The central difference is exact to O(h²) ≈ 1e-24 (times the entries' size, ≤ 10).
      expect(fd.minus(x).abs().lt('1e-20'), `entry ${k}: ${fd.toString()} vs ${x.toString()}`).toBe(true);
    });
  });
});

describe('symmetries and the canonical representative', () => {
  const tanh = resolveActivation('tanh');
  const softplus = resolveActivation('softplus');
  const net = { layout: LAYOUT, activation: tanh };

  it('the sign flip is a symmetry for odd σ only', () => {
    expect(networkSymmetries(tanh).signFlip).toBe(true);
    expect(networkSymmetries(resolveActivation('erf')).signFlip).toBe(true);
    expect(networkSymmetries(softplus).signFlip).toBe(false);
    expect(networkSymmetries(resolveActivation('x/(1+x^2)')).signFlip).toBe(true);
    expect(networkSymmetries(resolveActivation('x + x^2')).signFlip).toBe(false);
    // Checked on the function itself: flipping a tanh neuron leaves f unchanged, a softplus neuron does not.
    const x = ['0.3', '-1.1'];
    const f = (act: typeof tanh, flat: readonly Decimal[]): Decimal =>
      networkOutput({ layout: LAYOUT, activation: act }, unflatten(LAYOUT, flat), x, p);
    expect(
      f(tanh, flipNeuron(LAYOUT, FLAT, 1))
        .minus(f(tanh, FLAT))
        .abs()
        .lt('1e-38'),
    ).toBe(true);
    expect(
      f(softplus, flipNeuron(LAYOUT, FLAT, 1))
        .minus(f(softplus, FLAT))
        .abs()
        .gt('0.1'),
    ).toBe(true);
  });

  it('points related by permutations and (odd σ) sign flips share one representative with the same f', () => {
    const moved = withNeuronPair(
      LAYOUT,
      flipNeuron(LAYOUT, flipNeuron(LAYOUT, FLAT, 0), 2),
      0,
      2,
      neuronPair(LAYOUT, flipNeuron(LAYOUT, flipNeuron(LAYOUT, FLAT, 0), 2), 2, 0),
    );
    const sym = networkSymmetries(tanh);
    const one = canonicalPoint(LAYOUT, FLAT, sym);
    const two = canonicalPoint(LAYOUT, moved, sym);
    expect(two.point.map(String)).toEqual(one.point.map(String));
    const x = ['0.3', '-1.1'];
    expect(
      networkOutput(net, unflatten(LAYOUT, one.point), x, p)
        .minus(networkOutput(net, unflatten(LAYOUT, FLAT), x, p))
        .abs()
        .lt('1e-38'),
    ).toBe(true);
    // Readouts positive, rows ascending.
    const rows = unflatten(LAYOUT, one.point);
    expect(rows.a.every((a) => a.isPos())).toBe(true);
    expect(rows.w.map((w) => w[0]?.toNumber())).toEqual([-2, -0.6, 0.5]);
    // Permutations only: the flipped point is a different point.
    expect(canonicalPoint(LAYOUT, moved, PERMUTATIONS_ONLY).point.map(String)).not.toEqual(
      canonicalPoint(LAYOUT, FLAT, PERMUTATIONS_ONLY).point.map(String),
    );
    // float64 values take the same path.
    const fast = canonicalPoint(
      LAYOUT,
      moved.map((v) => v.toNumber()),
      sym,
    );
    expect(fast.point).toEqual(one.point.map((v) => v.toNumber()));
    // In `moved` every readout is negative (neurons 0 and 2 flipped by hand, neuron 1 had a = −1).
    expect(fast.flipped).toEqual([true, true, true]);
    expect(one.flipped).toEqual([false, true, false]);
    expect(one.permutation).toEqual([1, 2, 0]);
  });

  it('canonicalForPair flips neuron j of a mirrored pair only', () => {
    expect(canonicalForPair(LAYOUT, FLAT, { j: 1, mirrored: false }).map(String)).toEqual(FLAT.map(String));
    expect(canonicalForPair(LAYOUT, FLAT, { j: 1, mirrored: true }).map(String)).toEqual(
      flipNeuron(LAYOUT, FLAT, 1).map(String),
    );
    expect(unflatten(LAYOUT, flipNeuron(LAYOUT, FLAT, 1)).a.map(String)).toEqual(['3', '1', '0.25']);
  });
});
