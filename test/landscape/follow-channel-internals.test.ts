import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { largestEigenvalueCertified } from '../../src/landscape/_internals/largest-eigenvalue.js';
import { log10Ceil, restricted } from '../../src/landscape/_internals/valley-floor.js';
import { lossAndDerivatives } from '../../src/network/loss.js';
import { precision } from '../../src/precision/context.js';
import { symmetricEigenvalues } from '../../src/precision/linalg/index.js';
import { gluData, gluNetwork } from './_glu-teacher.js';

const Q = precision(220);

/**
 * H = R·diag(d)·R with R = I − 2vvᵀ/(vᵀv) the Householder reflection of an integer vector v: symmetric, with
 * eigenvalues exactly d (R is orthogonal and R = Rᵀ). Entries from exact BigInt numerators over (vᵀv)², times
 * 10^scale, divided once at 220 digits.
 */
function reflected(v: readonly number[], d: readonly bigint[], scale = 0): Decimal[][] {
  const n = v.length;
  const s = BigInt(v.reduce((acc, x) => acc + x * x, 0));
  const R = (i: number, k: number): bigint =>
    (i === k ? s : 0n) - 2n * BigInt((v[i] as number) * (v[k] as number));
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let num = 0n;
      for (let k = 0; k < n; k++) num += R(i, k) * (d[k] as bigint) * R(j, k);
      return new Q.D(num.toString()).times(new Q.D(10).pow(scale)).div((s * s).toString());
    }),
  );
}

function relativeError(x: Decimal, exact: Decimal.Value): Decimal {
  return x.minus(exact).abs().div(new Q.D(exact).abs());
}

describe('largestEigenvalueCertified (λ_max of a floor Hessian from the float64 eigenvector)', () => {
  it('gives λ_max to all 40 digits asked for, at any exponent range (entries up to 10⁴⁰⁰, beyond float64)', () => {
    const v = [3, -1, 4, 2];
    // Eigenvalues with a dominant one and a small and a negative one, as on a valley floor (λ_max ~ A²).
    const d = [123456789012345678901234567n, 7n, -3n, 1n];
    for (const scale of [0, -300, 370]) {
      const H = reflected(v, d, scale);
      const got = largestEigenvalueCertified(H, precision(40));
      expect(got, `scale ${scale}`).toBeDefined();
      const exact = new Q.D(d[0]!.toString()).times(new Q.D(10).pow(scale));
      expect(relativeError(got as Decimal, exact).lte('1e-39'), `scale ${scale}`).toBe(true);
    }
  });

  it('copes with a shift that is an exact eigenvalue (a diagonal H: H − λ̃I exactly singular)', () => {
    const q = precision(40);
    const H = [
      ['5', '0', '0'],
      ['0', '3', '0'],
      ['0', '0', '-1'],
    ].map((row) => row.map((x) => new q.D(x)));
    expect(largestEigenvalueCertified(H, q)?.eq(5)).toBe(true);
  });

  it('agrees with the exact value when λ_max is not the largest entry of H and the gap is moderate', () => {
    const H = reflected([1, 1, 1, 1, 2], [10n, 9n, -8n, 0n, 5n]);
    const got = largestEigenvalueCertified(H, precision(60));
    expect(got).toBeDefined();
    expect(relativeError(got as Decimal, 10).lte('1e-59')).toBe(true);
  });

  it('at 150 digits, where one inverse-iteration step is not enough, declines rather than return fewer digits', () => {
    // Hilbert matrix plus diag(10, 9.9999, 0, −1): irrational eigenvectors, λ_max ≈ 11.29 and the next ≈ 10.07.
    // One step from the float64 vector certifies ~60 digits. Truth: cyclic Jacobi at 200 digits.
    const c = ['10', '9.9999', '0', '-1'];
    const H = c.map((ci, i) => c.map((_, j) => new Q.D(1).div(i + j + 1).plus(i === j ? ci : 0)));
    const ref = symmetricEigenvalues(H, precision(200));
    if (ref.kind !== 'converged') throw new Error('reference Jacobi did not converge');
    const top = ref.values[ref.values.length - 1] as Decimal;
    const got = largestEigenvalueCertified(H, precision(150));
    if (got !== undefined) expect(relativeError(got, top).lte('1e-148')).toBe(true);
    const at40 = largestEigenvalueCertified(H, precision(40));
    expect(at40).toBeDefined();
    expect(relativeError(at40 as Decimal, top).lte('1e-39')).toBe(true);
  });

  it('declines (undefined) where its bound cannot certify: a near-double λ_max, a dominant negative eigenvalue', () => {
    const close = reflected([2, 1, -1], [1000000000000n, 1000000000001n, 5n]);
    expect(largestEigenvalueCertified(close, precision(40))).toBeUndefined();
    const negative = reflected([2, 1, -1], [-50n, 3n, 1n]);
    expect(largestEigenvalueCertified(negative, precision(40))).toBeUndefined();
    const allNegative = reflected([2, 1, -1], [-50n, -3n, -1n]);
    expect(largestEigenvalueCertified(allNegative, precision(40))).toBeUndefined();
  });
});

describe('log10Ceil (the valley floor’s guard digits)', () => {
  it('is the k with 10^(k−1) < |x| ≤ 10^k for |x| > 1, and 0 otherwise', () => {
    const p = precision(60);
    const xs = ['1.5', '9.999', '10', '10.0000001', '4.75', '1e30', '-1e30', '100', '99.99999999'];
    xs.push('1000000000000000000000000000001', '9'.repeat(45), '1e-5', '0.5', '1', '-0.3');
    for (const s of xs) {
      const x = new p.D(s);
      const k = log10Ceil(x);
      if (x.abs().lte(1)) expect(k, s).toBe(0);
      else {
        expect(x.abs().gt(new p.D(10).pow(k - 1)), s).toBe(true);
        expect(x.abs().lte(new p.D(10).pow(k)), s).toBe(true);
      }
    }
  });
});

describe('restricted(…).evaluated: the last full evaluations of the valley-floor objective', () => {
  it('finds the evaluation of a point by its rounding, never at more digits than it was computed with', () => {
    const q = precision(40);
    const A = new q.D('1e10');
    const r = restricted(gluNetwork, gluData, 0, 1, A);
    const w = precision(70);
    const u = [
      '1.00000000000000000012345678901234567890123456789012345678901234567891',
      '1.0000123',
      '0.49999999',
    ].map((x) => new w.D(x));
    r.objective.evaluate(u, w, { hessian: true });
    const W = precision(60);
    const rounded = u.map((x) => x.toSignificantDigits(60));
    const hit = r.evaluated(rounded, W);
    expect(hit).toBeDefined();
    // It is the full-space L, ∇L, ∇²L at the evaluated point, as a direct evaluation there gives them.
    const direct = lossAndDerivatives(gluNetwork, gluData(w), r.toFlat(u, precision(100)), w, {
      hessian: true,
      guard: 30,
    });
    expect(hit?.result.loss.eq(direct.loss)).toBe(true);
    expect(hit?.result.hessian?.[0]?.[2]?.eq(direct.hessian?.[0]?.[2] as Decimal)).toBe(true);
    // A point that differs in its 60th digit, or a request for more digits than were computed, is not found.
    const moved = rounded.map((x, k) => (k === 0 ? x.plus('1e-59') : x));
    expect(r.evaluated(moved, W)).toBeUndefined();
    expect(r.evaluated(u, precision(80))).toBeUndefined();
    // Evaluations without a Hessian are not remembered (describing a point needs it).
    const r2 = restricted(gluNetwork, gluData, 0, 1, A);
    r2.objective.evaluate(u, w, { hessian: false });
    expect(r2.evaluated(rounded, W)).toBeUndefined();
  });
});
