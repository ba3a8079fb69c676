import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { itLong } from '../_support/tier.js';
import { precision, type Precision } from '../../src/precision/context.js';
import {
  deExpectation,
  deProductExpectation,
  gaussHermite,
  gaussHermiteExpectation,
  gaussHermiteExpectationF64,
  gaussHermiteF64,
  gaussHermiteProductExpectation,
  type QuadratureOutcome,
} from '../../src/precision/quadrature/index.js';

// Reference values computed once with mpmath 1.3.0 (quad at 80 and 100 digits with split intervals; both agreed to
// every digit shown). Python is not needed to run these tests.
const STEEP_MPMATH = '2.181760692891919099301419003507484072483842020252498074133521356219468';
const TANH2_MPMATH = '0.3942944903978411744164597724441195605737907494223050976211232527688116';

/**
 * erf for these tests, independent of src/precision/special: the all-positive series
 * erf(z) = (2/√π)·e^{−z²}·Σ_n 2ⁿ z^{2n+1} / (2n+1)!!, which has no cancellation (unlike the Maclaurin series), at
 * the digits of x's context + 10; ±1 once erfc(|z|) < 10^−(digits+10).
 */
function erfTest(z: Decimal, q: Precision): Decimal {
  const az = Math.abs(z.toNumber());
  if (az * az > (q.digits + 12) * Math.LN10) return new q.D(z.isNeg() ? -1 : 1);
  const w = precision(q.digits + 10);
  const x = new w.D(z);
  const two_x2 = x.times(x).times(2);
  let term = x;
  let sum = x;
  const eps = new w.D(10).pow(-w.digits);
  for (let n = 1; ; n++) {
    term = term.times(two_x2).div(2 * n + 1);
    sum = sum.plus(term);
    if (n > two_x2.toNumber() && term.abs().lt(sum.abs().times(eps))) break;
  }
  return new q.D(sum.times(x.times(x).neg().exp()).times(2).div(w.D.acos(-1).sqrt()));
}

/** (erf((5x + 2.5)/√2) + erf((5x − 2.5)/√2))²: the steep integrand of the paper's toy problem. */
function steep(x: Decimal, q: Precision): Decimal {
  const s2 = new q.D(2).sqrt();
  const a = erfTest(x.times(5).plus(2.5).div(s2), q);
  const b = erfTest(x.times(5).minus(2.5).div(s2), q);
  return a.plus(b).pow(2);
}

function converged(out: QuadratureOutcome): Extract<QuadratureOutcome, { kind: 'converged' }> {
  if (out.kind !== 'converged') throw new Error(`not converged: ${JSON.stringify(out)}`);
  return out;
}

const doubleFactorial = (m: number): bigint => {
  let r = 1n;
  for (let k = m; k > 1; k -= 2) r *= BigInt(k);
  return r;
};

describe('Gauss–Hermite rules for N(0, 1)', () => {
  it('small rules are the known ones', () => {
    const p = precision(30);
    const r1 = gaussHermite(1, p);
    expect(r1.nodes.map(String)).toEqual(['0']);
    expect(r1.weights.map(String)).toEqual(['1']);
    const r2 = gaussHermite(2, p);
    expect(r2.nodes.map(String)).toEqual(['-1', '1']);
    expect(r2.weights.map(String)).toEqual(['0.5', '0.5']);
    const r3 = gaussHermite(3, p);
    expect(r3.nodes[2]!.eq(new p.D(3).sqrt())).toBe(true);
    expect(r3.nodes[1]!.isZero()).toBe(true);
    expect(r3.weights[1]!.minus(new p.D(2).div(3)).abs().lte('1e-30')).toBe(true);
    expect(r3.weights[0]!.minus(new p.D(1).div(6)).abs().lte('1e-30')).toBe(true);
    expect(gaussHermite(3, p)).toBe(r3); // cached per (n, digits)
  });

  it('weights sum to 1, nodes are ascending and symmetric', () => {
    const p = precision(40);
    for (const n of [4, 5, 9, 16, 33, 64]) {
      const r = gaussHermite(n, p);
      const sum = r.weights.reduce((s, w) => s.plus(w), new p.D(0));
      expect(sum.minus(1).abs().lte('1e-38')).toBe(true);
      for (let i = 0; i < n; i++) {
        expect(r.weights[i]!.isPos()).toBe(true);
        expect(r.nodes[i]!.plus(r.nodes[n - 1 - i]!).isZero()).toBe(true);
        if (i > 0) expect(r.nodes[i - 1]!.lt(r.nodes[i]!)).toBe(true);
      }
    }
  });

  it('moments E[x^{2k}] = (2k − 1)!! exactly for 2k ≤ 2n − 1, odd moments 0 (50 digits, n = 25)', () => {
    const p = precision(50);
    for (let k = 0; k <= 24; k++) {
      const v = gaussHermiteExpectation((x) => x.pow(2 * k), 25, p);
      const exact = new p.D(doubleFactorial(2 * k - 1).toString());
      expect(v.minus(exact).abs().lte(exact.times('1e-48'))).toBe(true);
      const odd = gaussHermiteExpectation((x) => x.pow(2 * k + 1), 25, p);
      expect(odd.abs().lte(exact.times('1e-48'))).toBe(true);
    }
    // Degree 2n is the first one the n-point rule gets wrong.
    const wrong = gaussHermiteExpectation((x) => x.pow(50), 25, p);
    expect(wrong.minus(doubleFactorial(49).toString()).abs().gt(1)).toBe(true);
  });

  it('precision ladder and float64 twin', () => {
    const lo = gaussHermite(30, precision(40));
    const hi = gaussHermite(30, precision(60));
    for (let i = 0; i < 30; i++) {
      expect(lo.nodes[i]!.minus(hi.nodes[i]!).abs().lte('1e-39')).toBe(true);
      expect(lo.weights[i]!.minus(hi.weights[i]!).abs().lte(hi.weights[i]!.times('1e-38'))).toBe(true);
    }
    const n = 120;
    const f = gaussHermiteF64(n);
    const d = gaussHermite(n, precision(30));
    for (let i = 0; i < n; i++) {
      expect(Math.abs(f.nodes[i]! - d.nodes[i]!.toNumber())).toBeLessThanOrEqual(
        1e-13 * Math.max(1, Math.abs(f.nodes[i]!)),
      );
      expect(Math.abs(f.weights[i]! - d.weights[i]!.toNumber())).toBeLessThanOrEqual(
        1e-12 * d.weights[i]!.toNumber(),
      );
    }
    expect(Math.abs(gaussHermiteExpectationF64(Math.cos, 40) - Math.exp(-0.5))).toBeLessThanOrEqual(2e-16);
  });

  it('rejects impossible n', () => {
    expect(() => gaussHermite(0, precision(20))).toThrow(RangeError);
    expect(() => gaussHermite(2.5, precision(20))).toThrow(RangeError);
  });
});

describe('double-exponential expectations with honest error estimates', () => {
  it('E[cos x] = e^{−1/2} at 40 and 60 digits, agreeing with Gauss–Hermite', () => {
    for (const digits of [40, 60]) {
      const p = precision(digits);
      const exact = new (precision(digits + 20).D)(-0.5).exp();
      const out = converged(deExpectation((x) => x.cos(), p));
      expect(out.value.minus(exact).abs().lte(out.errorEstimate)).toBe(true);
      expect(out.errorEstimate.lte(new p.D(10).pow(2 - digits))).toBe(true);
      const gh = gaussHermiteExpectation((x) => x.cos(), 50, p);
      expect(
        gh
          .minus(exact)
          .abs()
          .lte(new p.D(10).pow(1 - digits)),
      ).toBe(true);
    }
  });

  it('E[tanh(x)²] at 50 digits: DE, its +20-digit rerun and mpmath agree; Gauss–Hermite converges slowly', () => {
    // tanh through one exp (decimal.js's tanh is about twice as slow).
    const f = (x: Decimal): Decimal => {
      const e = x.times(2).exp();
      return e.minus(1).div(e.plus(1)).pow(2);
    };
    const p = precision(50);
    const out = converged(deExpectation(f, p));
    const ref = converged(deExpectation(f, precision(70)));
    expect(ref.value.minus(TANH2_MPMATH).abs().lte('1e-68')).toBe(true);
    const trueError = out.value.minus(ref.value).abs();
    expect(trueError.lte(out.errorEstimate)).toBe(true);
    expect(out.errorEstimate.lte('1e-48')).toBe(true);
    // tanh has poles at ±iπ/2, so Gauss–Hermite gains digits only like exp(−c√n): 200 nodes give ~17 digits.
    const gh = gaussHermiteExpectation(f, 200, precision(30));
    expect(gh.minus(TANH2_MPMATH).abs().lte('1e-15')).toBe(true);
  });

  // The file's costliest check (DE at 40 and 60 digits of a steep integrand, about 40 % of its CPU): long tier.
  itLong(
    'the steep integrand E[(erf((5x+2.5)/√2) + erf((5x−2.5)/√2))²] to 40 digits, error estimate honest',
    () => {
      const p = precision(40);
      const out = converged(deExpectation(steep, p));
      const ref = converged(deExpectation(steep, precision(60)));
      expect(ref.value.minus(STEEP_MPMATH).abs().lte('1e-58')).toBe(true);
      const trueError = out.value.minus(ref.value).abs();
      expect(trueError.lte(out.errorEstimate)).toBe(true);
      expect(out.errorEstimate.lte('1e-38')).toBe(true);
      expect(out.value.toString()).toBe('2.181760692891919099301419003507484072484');
    },
  );

  it('polynomials, zero expectations and tails that need a wider range', () => {
    const p = precision(30);
    expect(converged(deExpectation((x) => x.pow(20), p)).value.toString()).toBe('654729075');
    // Finer levels only add nodes inside the range fixed at level 0 (J = 7 at 40 working digits): level k has
    // 2·7·2^k + 1 nodes, so E[cos] accepted at level 4 costs exactly 225 evaluations.
    expect(converged(deExpectation((x) => x.cos(), p))).toMatchObject({ evaluations: 225, levels: 5 });
    // An odd integrand sums to exactly 0 on the symmetric grid.
    expect(converged(deExpectation((x) => x, p)).value.isZero()).toBe(true);
    // E[exp(0.45x²)] = 1/√(1 − 0.9) = √10: the integrand decays only like e^{−0.05x²}, far beyond φ's cutoff.
    const heavy = converged(deExpectation((x) => x.times(x).times(0.45).exp(), p));
    expect(heavy.value.minus(new p.D(10).sqrt()).abs().lte(heavy.errorEstimate)).toBe(true);
    expect(heavy.errorEstimate.lte('1e-28')).toBe(true);
  });

  it('never returns an unearned value: budgets and divergence give typed outcomes', () => {
    const p = precision(40);
    const few = deExpectation(steep, p, { maxLevels: 3 });
    expect(few).toMatchObject({ kind: 'notConverged', reason: 'maxLevels', levels: 4 });
    expect(few).not.toHaveProperty('value');
    expect(deExpectation(steep, p, { maxEvaluations: 100 })).toMatchObject({
      kind: 'notConverged',
      reason: 'maxEvaluations',
    });
    // E[exp(x²/2)] diverges: the tail never becomes negligible.
    expect(deExpectation((x) => x.times(x).div(2).exp(), p)).toMatchObject({
      kind: 'notConverged',
      reason: 'tail',
    });
    expect(deExpectation((x, q) => (x.gt(3) ? new q.D(NaN) : x), p)).toMatchObject({
      kind: 'notConverged',
      reason: 'notFinite',
    });
    // Fewer requested digits converge earlier; more than the context carries is refused.
    const coarse = converged(deExpectation((x) => x.cos(), p, { digits: 15 }));
    expect(coarse.errorEstimate.lte('1e-14')).toBe(true);
    expect(() => deExpectation((x) => x, p, { digits: 41 })).toThrow(RangeError);
  });
});

describe('product rules in d dimensions', () => {
  it('Gauss–Hermite products integrate polynomials exactly', () => {
    const p = precision(30);
    // x₁ + x₂ ~ N(0, 2): E[(x₁ + x₂)⁴] = 3·2² = 12.
    expect(gaussHermiteProductExpectation((x) => x[0]!.plus(x[1]!).pow(4), 2, 3, p).toString()).toBe('12');
    expect(
      gaussHermiteProductExpectation((x) => x[0]!.times(x[1]!).times(x[2]!).pow(2), 3, 2, p).toString(),
    ).toBe('1');
    expect(() => gaussHermiteProductExpectation((x) => x[0]!, 8, 100, p)).toThrow(RangeError);
  });

  it('DE product rule: E[exp(x₁x₂/2)] = 2/√3 with an honest error estimate, matching Gauss–Hermite', () => {
    const p = precision(16);
    const f = (x: readonly Decimal[]): Decimal => x[0]!.times(x[1]!).div(2).exp();
    const exact = new (precision(40).D)(2).div(new (precision(40).D)(3).sqrt());
    const out = converged(deProductExpectation(f, 2, p));
    expect(out.value.minus(exact).abs().lte(out.errorEstimate)).toBe(true);
    expect(out.errorEstimate.lte('1e-15')).toBe(true);
    const gh = gaussHermiteProductExpectation(f, 2, 40, p);
    expect(gh.minus(exact).abs().lte('1e-15')).toBe(true);
    expect(deProductExpectation(f, 2, p, { maxEvaluations: 1000 })).toMatchObject({
      kind: 'notConverged',
      reason: 'maxEvaluations',
    });
  });
});
