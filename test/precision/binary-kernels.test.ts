import { fc, test } from '@fast-check/vitest';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  erfHalfBinary,
  expBinary,
  log1pBinary,
  millsContinuedFraction,
  type Ball,
} from '../../src/precision/binary/index.js';
import { precision } from '../../src/precision/context.js';
import { tierRuns } from '../_support/tier.js';

// The binary kernels of the Decimal loss against independent references in plain decimal.js at 400 digits
// (Decimal.exp, Decimal.ln, a Maclaurin series for erf, a long backward evaluation of the continued fraction): every
// returned ball must contain the reference, and its radius must be a few units of 2^−P (p vs p + 20: the radius
// shrinks with the precision asked for, so the midpoint carries that many correct bits).
const R = precision(400);
const D = R.D;

function value(b: Ball): Decimal {
  return new D(b.m.toString()).times(new D(2).pow(b.e));
}
function radius(b: Ball): Decimal {
  return new D(b.r.toString()).times(new D(2).pow(b.e));
}
function contains(b: Ball, ref: Decimal): boolean {
  return value(b).minus(ref).abs().lte(radius(b));
}
/** A short binary point m·2^−30 (the loss feeds exact binary points). */
function point(x: number): Ball {
  return { m: BigInt(Math.round(x * 2 ** 30)), r: 0n, e: -30, t: 0 };
}

/** erf(y) by its Maclaurin series in decimal.js at 400 digits (terms up to y ~ 30 lose < 400 digits). */
function naiveErf(y: Decimal): Decimal {
  const y2 = y.times(y);
  let term = y;
  let sum = y;
  const eps = new D(10).pow(-380);
  for (let n = 1; n < 20000; n++) {
    term = term.times(y2).neg().div(n);
    const t = term.div(2 * n + 1);
    sum = sum.plus(t);
    if (t.abs().lt(eps) && n > y2.toNumber()) break;
  }
  return sum.times(2).div(D.acos(-1).sqrt());
}

const relRadius = (b: Ball): Decimal => radius(b).div(value(b).abs());

describe('binary kernels: balls contain the truth', () => {
  test.prop([fc.double({ min: -40, max: 40, noNaN: true }), fc.integer({ min: 40, max: 700 })], {
    numRuns: tierRuns(80),
  })('expBinary', (x, P) => {
    const b = expBinary(point(x), P);
    expect(contains(b, D.exp(value(point(x))))).toBe(true);
    expect(relRadius(b).lte(new D(2).pow(8 - P))).toBe(true);
  });

  test.prop([fc.double({ min: 1e-30, max: 1, noNaN: true }), fc.integer({ min: 40, max: 700 })], {
    numRuns: tierRuns(60),
  })('log1pBinary', (x, P) => {
    const e: Ball = { m: BigInt(Math.round(x * 2 ** 100)), r: 0n, e: -100, t: 0 };
    if (e.m === 0n) return;
    const b = log1pBinary(e, P);
    expect(contains(b, D.ln(value(e).plus(1)))).toBe(true);
    expect(relRadius(b).lte(new D(2).pow(8 - P))).toBe(true);
  });

  test.prop([fc.double({ min: -14, max: 14, noNaN: true }), fc.integer({ min: 40, max: 500 })], {
    numRuns: tierRuns(40),
  })('erfHalfBinary: erf(z/√2) and √(2/π)·e^(−z²/2)', (z, P) => {
    const zb = point(z);
    const zd = value(zb);
    const { value: v, derivative } = erfHalfBinary(zb, P);
    expect(contains(v, naiveErf(zd.div(new D(2).sqrt())))).toBe(true);
    const dRef = D.exp(zd.times(zd).div(-2)).times(new D(2).div(D.acos(-1)).sqrt());
    expect(contains(derivative, dRef)).toBe(true);
    if (!zd.isZero()) expect(relRadius(v).lte(new D(2).pow(8 - P))).toBe(true);
    expect(relRadius(derivative).lte(new D(2).pow(8 - P))).toBe(true);
  });

  it('erfHalfBinary covers each of its three regimes (series, fraction, 1 − tiny) at 200 bits', () => {
    for (const z of [0.3, 5, 9.5, 12, 17, 25, -25]) {
      const zb = point(z);
      const { value: v } = erfHalfBinary(zb, 200);
      expect(contains(v, naiveErf(value(zb).div(new D(2).sqrt())))).toBe(true);
      expect(relRadius(v).lte(new D(2).pow(-192))).toBe(true);
    }
  });

  it('millsContinuedFraction: G(z) = z + 1/(z + 2/(z + …)) and the half-coefficient fraction', () => {
    for (const z of [1, 2.5, 6, 20]) {
      for (const half of [false, true]) {
        const zb = point(z);
        // Backward evaluation at 90 digits with many more terms than needed: converged beyond 250 bits.
        const S = precision(90).D;
        const zs = new S(value(zb));
        let t = zs;
        for (let k = 8000; k >= 1; k--) t = zs.plus(new S(half ? k / 2 : k).div(t));
        const b = millsContinuedFraction(zb, 200, half);
        expect(
          value(b)
            .minus(t)
            .abs()
            .lte(radius(b).plus(t.times(new D(10).pow(-85)))),
        ).toBe(true);
        expect(relRadius(b).lte(new D(2).pow(-196))).toBe(true);
      }
    }
  });
});
