// Channel coordinates (mathematics.md §2): the map between a neuron pair (w_i, w_j, a_i, a_j) and (c, a, w, Δ, ε)
// and its inverse. Exact decimals on grids; 40 digits; numRuns 100 per law (microseconds each; the file runs in
// well under a second of test time).
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { fromChannelCoordinates, toChannelCoordinates, type NeuronPair } from '../src/network/neuron-pair.js';
import { precision } from '../src/precision/context.js';
import { gridDecimal } from '../src/testing/_internals/grid-decimal.js';
import { checkLaw } from './_support/law.js';
import './_support/matchers.js';

const p = precision(40);
const TIMEOUT = 30_000;
const value = gridDecimal(p, -5, 5);
const pairArb = fc.integer({ min: 1, max: 3 }).chain((m) =>
  fc
    .record({
      wi: fc.array(value, { minLength: m, maxLength: m }),
      wj: fc.array(value, { minLength: m, maxLength: m }),
      ai: gridDecimal(p, -100, 100),
      aj: gridDecimal(p, -100, 100),
    })
    .filter((pr) => pr.wi.some((v, k) => !v.eq(pr.wj[k] as Decimal))),
);

const agree = (x: readonly Decimal[], y: readonly Decimal[], digits: number): void =>
  x.forEach((v, k) => {
    const scale = v.abs().plus(1);
    expect(
      v
        .minus(y[k] as Decimal)
        .abs()
        .lte(scale.times(new p.D(10).pow(-digits))),
    ).toBe(true);
  });

describe('channel coordinates', () => {
  it(
    'round trip: fromChannelCoordinates(toChannelCoordinates(pair)) returns the pair (to 36 digits)',
    () => {
      checkLaw(
        fc.property(pairArb, fc.boolean(), (pair: NeuronPair, signed) => {
          const ch = toChannelCoordinates(pair, p, { signed });
          expect(ch.kind).toBe('pair');
          if (ch.kind !== 'pair') return;
          const back = fromChannelCoordinates(ch, p);
          agree(back.wi, pair.wi, 36);
          agree(back.wj, pair.wj, 36);
          agree([back.ai, back.aj], [pair.ai, pair.aj], 36);
        }),
        { numRuns: 100 },
      );
    },
    TIMEOUT,
  );

  it(
    'round trip the other way: toChannelCoordinates(fromChannelCoordinates(c, a, w, Δ, ε)) returns the point (ε > 0, ‖Δ‖ = 1)',
    () => {
      const point = fc.integer({ min: 1, max: 3 }).chain((m) =>
        fc.record({
          c: gridDecimal(p, -5, 5),
          a: gridDecimal(p, -5, 5).filter((v) => !v.isZero()),
          w: fc.array(value, { minLength: m, maxLength: m }),
          raw: fc
            .array(gridDecimal(p, -1, 1), { minLength: m, maxLength: m })
            .filter((d) => d.some((v) => !v.isZero())),
          eps: gridDecimal(p, 0.001, 1, 3),
        }),
      );
      checkLaw(
        fc.property(point, ({ c, a, w, raw, eps }) => {
          const n = raw.reduce((s, v) => s.plus(v.times(v)), new p.D(0)).sqrt();
          const delta = raw.map((v) => v.div(n));
          const pair = fromChannelCoordinates({ c, a, w, delta, eps }, p);
          const ch = toChannelCoordinates(pair, p, { signed: false });
          if (ch.kind !== 'pair') throw new Error('coincident');
          agree([ch.c, ch.a, ch.eps], [c, a, eps], 34);
          agree(ch.w, w, 36);
          agree(ch.delta, delta, 34);
        }),
        { numRuns: 100 },
      );
    },
    TIMEOUT,
  );

  it(
    'the derived quantities obey their definitions: A = a/(2ε), v = aΔ, ‖w_i − w_j‖ = 2ε, a_i − a_j = a/ε',
    () => {
      checkLaw(
        fc.property(pairArb, (pair) => {
          const ch = toChannelCoordinates(pair, p, { signed: false });
          if (ch.kind !== 'pair') throw new Error('coincident');
          expect(ch.A).toAgreeToDigits(ch.a.div(ch.eps.times(2)), 35);
          agree(
            ch.v,
            ch.delta.map((d) => d.times(ch.a)),
            35,
          );
          const gap = pair.wi
            .reduce((s, v, k) => s.plus(v.minus(pair.wj[k] as Decimal).pow(2)), new p.D(0))
            .sqrt();
          expect(gap).toAgreeToDigits(ch.eps.times(2), 36);
          expect(pair.ai.minus(pair.aj)).toAgreeToDigits(ch.a.div(ch.eps), 35);
          expect(ch.c.eq(pair.ai.plus(pair.aj))).toBe(true);
        }),
        { numRuns: 100 },
      );
    },
    TIMEOUT,
  );

  it(
    'swapping the two neurons maps (c, a, w, Δ, ε) to (c, −a, w, −Δ, ε) when ε ≥ 0, so v = aΔ (the GLU readout) is unchanged',
    () => {
      checkLaw(
        fc.property(pairArb, (pair) => {
          const one = toChannelCoordinates(pair, p, { signed: false });
          const two = toChannelCoordinates({ wi: pair.wj, wj: pair.wi, ai: pair.aj, aj: pair.ai }, p, {
            signed: false,
          });
          if (one.kind !== 'pair' || two.kind !== 'pair') throw new Error('coincident');
          expect(two.c.eq(one.c) && two.a.eq(one.a.neg()) && two.eps.eq(one.eps)).toBe(true);
          two.v.forEach((v, k) => expect(v.eq(one.v[k] as Decimal)).toBe(true));
          two.delta.forEach((d, k) => expect(d.eq((one.delta[k] as Decimal).neg())).toBe(true));
        }),
        { numRuns: 100 },
      );
    },
    TIMEOUT,
  );
});
