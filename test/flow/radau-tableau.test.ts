import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { radauTableau } from '../../src/flow/radau-tableau.js';
import { precision } from '../../src/precision/context.js';

const p = precision(50);
const D = precision(70).D;
const close = (a: Decimal.Value, b: Decimal.Value, digits = 48): void => {
  const e = new D(a).minus(b).abs();
  expect(e.lte(new D(10).pow(-digits)), `${a.toString()} vs ${b.toString()}`).toBe(true);
};

describe('radauTableau (Radau IIA derived at run time)', () => {
  it('s = 3 is the closed form in √6 of Hairer & Wanner (Table IV.5.6) and RADAU5’s error constants', () => {
    const T = radauTableau(3, p);
    const r6 = new D(6).sqrt();
    const q = (a: number, b: number, d: number): Decimal => new D(a).plus(r6.times(b)).div(d);
    const A = [
      [q(88, -7, 360), q(296, -169, 1800), q(-2, 3, 225)],
      [q(296, 169, 1800), q(88, 7, 360), q(-2, -3, 225)],
      [q(16, -1, 36), q(16, 1, 36), new D(1).div(9)],
    ];
    A.forEach((row, i) => row.forEach((v, j) => close(T.A[i]![j]!, v)));
    close(T.c[0]!, q(4, -1, 10));
    close(T.c[1]!, q(4, 1, 10));
    expect(T.c[2]!.eq(1)).toBe(true);
    // RADAU5: u₁ = 1/γ̂₀ = 30/(6 + ∛81 − ∛9), and dd = u₁·e = (−(13 + 7√6)/3, (−13 + 7√6)/3, −1/3).
    const u1 = new D(30).div(new D(6).plus(new D(81).cbrt()).minus(new D(9).cbrt()));
    close(T.realEigenvalue, u1, 47);
    const dd = [q(-13, -7, 3), q(-13, 7, 3), new D(-1).div(3)];
    dd.forEach((v, i) => close(new D(T.e[i]!).times(u1), v, 46));
  });

  it('s = 5 and 7: nodes are the zeros of P*_s − P*_{s−1}, sum(b) = 1, and the orders are 9 and 13', () => {
    for (const s of [5, 7]) {
      const T = radauTableau(s, p);
      expect(T.order).toBe(2 * s - 1);
      expect(T.c).toHaveLength(s);
      // Σ b_i c_i^{2s−2} = 1/(2s − 1) (the highest quadrature condition) and Σ b_i c_i^{2s−1} ≠ 1/(2s).
      const moment = (k: number): Decimal =>
        T.b.reduce((acc, b, i) => acc.plus(new D(b).times(new D(T.c[i]!).pow(k))), new D(0));
      close(moment(0), 1);
      close(moment(2 * s - 2), new D(1).div(2 * s - 1), 46);
      expect(
        moment(2 * s - 1)
          .minus(new D(1).div(2 * s))
          .abs()
          .gt(1e-10),
      ).toBe(true);
    }
  });

  it('refuses even or out-of-range stage counts', () => {
    expect(() => radauTableau(4, p)).toThrow(RangeError);
    expect(() => radauTableau(0, p)).toThrow(RangeError);
  });
});
