import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  Accumulators,
  bfFromDecimal,
  bfMul,
  bfToDecimal,
  workingBits,
} from '../../src/network/_internals/binary-float.js';
import { precision } from '../../src/precision/context.js';

// The binary floats behind the Decimal loss's sums, against plain decimal.js at 300 digits (an independent
// reference: every quantity below is exact there).
const R = precision(300);
const W = workingBits(40);
/** 2^(1−W): the relative error of one truncation. */
const EPS = new R.D(2).pow(1 - W);

const decimal = fc
  .tuple(fc.bigInt({ min: -(10n ** 45n), max: 10n ** 45n }), fc.integer({ min: -80, max: 80 }))
  .map(([c, q]) => new R.D(`${c.toString()}e${q}`));

describe('binary floats (W bits for 40 digits)', () => {
  test.prop([decimal])('read a Decimal to within two truncations and print exactly', (x) => {
    const back = bfToDecimal(bfFromDecimal(x, W), R);
    expect(back.minus(x).abs().lte(x.abs().times(EPS).times(2))).toBe(true);
  });

  test.prop([fc.bigInt({ min: -(2n ** 100n), max: 2n ** 100n }), fc.integer({ min: -60, max: 60 })])(
    'read a short binary number exactly',
    (m, e) => {
      const x = new R.D(m.toString()).times(new R.D(2).pow(e));
      expect(bfToDecimal(bfFromDecimal(x, 400), R).eq(x)).toBe(true);
    },
  );

  test.prop([decimal, decimal])('multiply to within five truncations', (x, y) => {
    const got = bfToDecimal(bfMul(bfFromDecimal(x, W), bfFromDecimal(y, W), W), R);
    const want = x.times(y);
    expect(got.minus(want).abs().lte(want.abs().times(EPS).times(5))).toBe(true);
  });

  test.prop([fc.array(decimal, { minLength: 1, maxLength: 60 })])(
    'sum to within n truncations at the scale of the largest partial sum or term',
    (xs) => {
      const acc = new Accumulators(1, W);
      let exact = new R.D(0);
      let scale = new R.D(0);
      for (const x of xs) {
        acc.add(0, bfFromDecimal(x, W));
        exact = exact.plus(x);
        for (const v of [x.abs(), exact.abs()]) if (v.gt(scale)) scale = v;
      }
      const got = bfToDecimal(acc.get(0), R);
      expect(
        got
          .minus(exact)
          .abs()
          .lte(scale.times(EPS).times(2 * xs.length + 2)),
      ).toBe(true);
    },
  );

  test.prop([fc.integer({ min: 1, max: 400 })])('keep a tiny first term and a huge later one both', (k) => {
    const acc = new Accumulators(1, W);
    const tiny = new R.D(`1.234567e-${k}`);
    const huge = new R.D(`9.87654321e${k}`);
    acc.add(0, bfFromDecimal(tiny, W));
    acc.add(0, bfFromDecimal(huge, W));
    acc.add(0, bfFromDecimal(huge.neg(), W));
    const got = bfToDecimal(acc.get(0), R);
    // After the huge terms cancel, what is left is at most a few units of the huge term's resolution.
    expect(got.minus(tiny).abs().lte(huge.times(EPS).times(4))).toBe(true);
  });

  test.prop([fc.integer({ min: 1, max: 4 }), fc.boolean()])(
    'a first term far below the scale of the next (an underflowing σ′, 2^−(10⁹)) costs no memory and no accuracy',
    (k, negative) => {
      // Found by the CLI fuzz: loss with tanh, w = 0.2 and an input of 5e9 asked BigInt for a 10⁹-bit shift ("Maximum
      // BigInt size exceeded", exit 3).
      const acc = new Accumulators(1, W);
      const m = 1n << BigInt(W - 1);
      acc.add(0, { m: negative ? -m : m, e: -(k * 1_000_000_000) });
      const one = new R.D(1);
      acc.add(0, bfFromDecimal(one, W));
      expect(bfToDecimal(acc.get(0), R).minus(one).abs().lte(EPS.times(2))).toBe(true);
    },
  );
});
