import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { pairOutput } from '../../src/landscape/pair-expansion.js';
import {
  cosDeltaW,
  fromChannelCoordinates,
  neuronPair,
  toChannelCoordinates,
  toChannelCoordinates64,
  withNeuronPair,
  type NeuronPair,
} from '../../src/network/neuron-pair.js';
import { precision } from '../../src/precision/context.js';
import { decimalArbitrary } from '../../src/testing/decimal-arbitrary.js';

// fast-check prints the seed and path of a failing run; replay with fc.assert(…, { seed, path }).
const P = precision(40);
const HI = precision(120);
const num = decimalArbitrary(HI, { maxMantissaDigits: 15, minExponent: -12, maxExponent: 2 });
const nonzero = num.filter((x) => !x.isZero());

/** |x − y| ≤ 10^−(digits−2) · scale. */
function close(x: Decimal, y: Decimal, scale: Decimal.Value, digits = P.digits): boolean {
  return new HI.D(x)
    .minus(y)
    .abs()
    .lte(new HI.D(scale).abs().times(new HI.D(10).pow(2 - digits)));
}

const rows = (d: number): fc.Arbitrary<NeuronPair> =>
  fc
    .tuple(
      fc.array(num, { minLength: d, maxLength: d }),
      fc.array(num, { minLength: d, maxLength: d }),
      num,
      num,
    )
    .map(([wi, wj, ai, aj]) => ({ wi, wj, ai, aj }));

describe('channel coordinates', () => {
  it('a worked example (one input, signed ε)', () => {
    const ch = toChannelCoordinates(
      { wi: [new P.D('1.5')], wj: [new P.D('0.5')], ai: new P.D(3), aj: new P.D(-1) },
      P,
    );
    expect(ch.kind).toBe('pair');
    if (ch.kind !== 'pair') return;
    expect([ch.c, ch.a, ch.w[0], ch.eps, ch.delta[0], ch.A, ch.v[0]].map(String)).toEqual([
      '2',
      '2',
      '1',
      '0.5',
      '1',
      '2',
      '2',
    ]);
    // Unsigned convention with w_i < w_j: Δ = −1, ε > 0.
    const u = toChannelCoordinates(
      { wi: [new P.D('0.5')], wj: [new P.D('1.5')], ai: new P.D(3), aj: new P.D(-1) },
      P,
      { signed: false },
    );
    expect(u.kind === 'pair' && [u.eps, u.delta[0], u.a].map(String)).toEqual(['0.5', '-1', '2']);
  });

  it('3-4-5 example in two inputs, and coincident rows', () => {
    const ch = toChannelCoordinates(
      { wi: [new P.D(4), new P.D(5)], wj: [new P.D(-2), new P.D(-3)], ai: new P.D(1), aj: new P.D(-3) },
      P,
    );
    expect(ch.kind === 'pair' && [ch.eps, ...ch.delta, ch.a, ...ch.v].map(String)).toEqual([
      '5',
      '0.6',
      '0.8',
      '20',
      '12',
      '16',
    ]);
    const co = toChannelCoordinates(
      { wi: [new P.D(1), new P.D(2)], wj: [new P.D(1), new P.D(2)], ai: new P.D(1), aj: new P.D(-3) },
      P,
    );
    expect(co.kind).toBe('coincident');
  });

  for (const d of [1, 3]) {
    it(`pair → channel → pair round trip (d = ${d}), each coordinate correctly rounded`, () => {
      fc.assert(
        fc.property(rows(d), (pair) => {
          const ch = toChannelCoordinates(pair, P);
          if (ch.kind !== 'pair') return true;
          // Naive reference at 120 digits, then rounded to 40.
          const diff = pair.wi.map((x, k) => new HI.D(x).minus(pair.wj[k] as Decimal));
          const norm =
            d === 1 ? (diff[0] as Decimal) : diff.reduce((s, x) => s.plus(x.times(x)), new HI.D(0)).sqrt();
          const eps = norm.div(2);
          const a = eps.times(new HI.D(pair.ai).minus(pair.aj));
          expect(close(ch.eps, eps, eps)).toBe(true);
          expect(close(ch.a, a, a)).toBe(true);
          diff.forEach((x, k) => expect(close(ch.delta[k] as Decimal, x.div(norm), 1)).toBe(true));
          const back = fromChannelCoordinates(ch, P);
          const wScale = pair.wi.concat(pair.wj).reduce((s, x) => s.plus(x.abs()), new HI.D(0));
          const aScale = new HI.D(pair.ai).abs().plus(new HI.D(pair.aj).abs());
          back.wi.forEach((x, k) => expect(close(x, pair.wi[k] as Decimal, wScale)).toBe(true));
          back.wj.forEach((x, k) => expect(close(x, pair.wj[k] as Decimal, wScale)).toBe(true));
          expect(close(back.ai, pair.ai, aScale)).toBe(true);
          expect(close(back.aj, pair.aj, aScale)).toBe(true);
          return true;
        }),
        { numRuns: 150 },
      );
    });
  }

  it('coincident input weights are coincident in the signed one-input convention too (ε = 0 has no direction)', () => {
    // fast-check seed 1866934631 found w_i = w_j = −0.11: the signed branch returned a "pair" with ε = 0, which
    // fromChannelCoordinates then refuses.
    const same = { wi: [new P.D('-0.11')], wj: [new P.D('-0.11')], ai: new P.D(0), aj: new P.D(0) };
    for (const signed of [true, false]) {
      expect(toChannelCoordinates(same, P, { signed }).kind).toBe('coincident');
      expect(toChannelCoordinates64({ wi: [-0.11], wj: [-0.11], ai: 0, aj: 0 }, { signed }).kind).toBe(
        'coincident',
      );
    }
  });

  it('channel → pair → channel round trip, and A = a/(2ε), v = aΔ', () => {
    fc.assert(
      fc.property(num, num, num, nonzero, fc.boolean(), (c, a, w, eps, flip) => {
        const delta = [new HI.D(flip ? -1 : 1)];
        const pair = fromChannelCoordinates({ c, a, w: [w], delta, eps }, P);
        const ch = toChannelCoordinates(pair, P, { signed: true });
        if (ch.kind !== 'pair') throw new Error('unexpected coincident');
        // With signed ε the sign of Δ is absorbed into ε: εΔ is what the pair determines.
        const epsDelta = new HI.D(eps).times(delta[0] as Decimal);
        // ε is recovered from rounded w_i − w_j, so its error is relative to |w| + |ε|.
        const wScale = new HI.D(w).abs().plus(new HI.D(eps).abs());
        expect(close(ch.eps, epsDelta, wScale)).toBe(true);
        expect(close(ch.w[0] as Decimal, w, wScale, P.digits - 1)).toBe(true);
        const bigA = new HI.D(a).div(new HI.D(eps).times(2));
        const aScale = new HI.D(c).abs().plus(bigA.abs());
        expect(close(ch.c, c, aScale)).toBe(true);
        // A depends only on the readouts; a = 2εA changes sign with the signed ε.
        expect(close(ch.A, bigA, aScale)).toBe(true);
        expect(close(ch.a.times(flip ? -1 : 1), a, new HI.D(a).abs().plus(wScale.times(aScale)))).toBe(true);
        // a = 2εA in both conventions.
        expect(close(ch.a, ch.eps.times(ch.A).times(2), ch.a.abs().plus(1e-300))).toBe(true);
        expect(ch.v[0]?.eq(ch.a)).toBe(true);
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('the pair rebuilt from channel coordinates has the network output of pairOutput (independent formula)', () => {
    const act = resolveActivation('tanh');
    const q = precision(60);
    fc.assert(
      fc.property(
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -20, max: 20 }),
        (ci, ai, wi, e, xi) => {
          const c = new q.D(ci).div(10);
          const a = new q.D(ai).div(10);
          const w = new q.D(wi).div(10);
          const eps = new q.D(10).pow(-e);
          const x = new q.D(xi).div(7);
          const pair = fromChannelCoordinates({ c, a, w: [w], delta: [1], eps }, precision(120));
          const direct = pair.ai
            .times(act.value(pair.wi[0]!.times(x), precision(120)))
            .plus(pair.aj.times(act.value(pair.wj[0]!.times(x), precision(120))));
          const ref = pairOutput(act, { c, a, z: w.times(x), delta: x }, eps, q);
          expect(close(direct, ref, new q.D(1), 50)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('neuronPair / withNeuronPair on a flat vector, and cos(Δ, w)', () => {
    const layout = { width: 3, inputDimension: 1, hiddenBias: true, outputBias: true } as const;
    const flat = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].map((s) => new P.D(s));
    const pair = neuronPair(layout, flat, 2, 0);
    expect([...pair.wi, ...pair.wj, pair.ai, pair.aj].map(String)).toEqual(['5', '6', '1', '2', '9', '7']);
    const swapped = withNeuronPair(layout, flat, 0, 2, pair);
    expect(swapped.map(String)).toEqual(['5', '6', '3', '4', '1', '2', '9', '8', '7', '10']);
    expect(() => neuronPair(layout, flat, 1, 1)).toThrow(RangeError);
    expect(() => neuronPair(layout, flat, 0, 3)).toThrow(RangeError);
    expect(
      cosDeltaW({ delta: [new P.D('0.6'), new P.D('0.8')], w: [new P.D(4), new P.D(3)] }, P).toString(),
    ).toBe('0.96');
    expect(cosDeltaW({ delta: [new P.D(1)], w: [new P.D(-2)] }, P).toString()).toBe('-1');
  });
});
