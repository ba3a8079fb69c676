// Laws of the special functions and of Taylor-mode jets. numRuns: 60 per special-function law (≈ 1–3 ms per
// call at 40 digits), 25–40 per jet law (derivatives to order 4–6 at 60 digits). The whole file runs in ≈ 10 s.
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../src/activations/index.js';
import { precision, roundTo } from '../src/precision/context.js';
import { decimalField, derivativesFromJet, jetArithmetic } from '../src/precision/jet/index.js';
import {
  erf,
  erfc,
  expm1,
  log1p,
  normalCdf,
  sigmoid,
  softplus,
  tanh,
} from '../src/precision/special/index.js';
import { activationArbitrary } from '../src/testing/activation-arbitrary.js';
import { decimalArbitrary } from '../src/testing/decimal-arbitrary.js';
import { checkLaw } from './_support/law.js';
import './_support/matchers.js';

const p = precision(40);
const hi = precision(60);
/** Arguments where the functions are interesting: |x| up to 10⁵, with cancellation-biased values near integers. */
const x = decimalArbitrary(p, { maxMantissaDigits: 25, minExponent: -30, maxExponent: 0 });
const moderate = decimalArbitrary(p, { maxMantissaDigits: 20, minExponent: -20, maxExponent: -18 });

describe('special functions', () => {
  it('tanh(−x) = −tanh(x) to every digit (correct rounding is symmetric)', () => {
    checkLaw(
      fc.property(x, (v) => {
        expect(tanh(v.neg(), p).eq(tanh(v, p).neg())).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('erf(−x) = −erf(x) to every digit', () => {
    checkLaw(
      fc.property(x, (v) => {
        expect(erf(v.neg(), p).eq(erf(v, p).neg())).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('sigmoid(x) + sigmoid(−x) = 1 within two units in the last place', () => {
    checkLaw(
      fc.property(x, (v) => {
        const s = sigmoid(v, p).plus(sigmoid(v.neg(), p));
        expect(s.minus(1).abs().lte('2e-40')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('erf(x) + erfc(x) = 1 within two units in the last place of the larger', () => {
    checkLaw(
      fc.property(x, (v) => {
        const s = erf(v, p).plus(erfc(v, p));
        // erfc(x) ∈ (1, 2) for x < 0, where one unit in the 40th digit is 10⁻³⁹.
        expect(s.minus(1).abs().lte('2e-39')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('Φ(x) = erfc(−x/√2)/2 (normalCdf against erfc at 20 more digits)', () => {
    checkLaw(
      fc.property(moderate, (v) => {
        // erfc, not 1 + erf: for x ≪ 0 the sum would cancel the digits the comparison needs.
        const viaErfc = erfc(new hi.D(v).neg().div(hi.D.sqrt(2)), hi).div(2);
        expect(normalCdf(v, p)).toAgreeToDigits(viaErfc, 38);
      }),
      { numRuns: 60 },
    );
  });

  it('softplus(x) − softplus(−x) = x', () => {
    checkLaw(
      fc.property(x, (v) => {
        const d = softplus(v, hi).minus(softplus(v.neg(), hi));
        expect(
          d
            .minus(v)
            .abs()
            .lte(hi.D.max(softplus(v, hi).abs(), 1).times('1e-58')),
        ).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('tanh(x) = 2·sigmoid(2x) − 1', () => {
    checkLaw(
      fc.property(moderate, (v) => {
        const viaSigmoid = sigmoid(v.times(2), hi).times(2).minus(1);
        expect(tanh(v, p)).toAgreeToDigits(viaSigmoid, 37);
      }),
      { numRuns: 60 },
    );
  });

  it('log1p(expm1(x)) = x for |x| < 10', () => {
    // For x ≪ 0, expm1(x) = −1 + e^x keeps only 60 + x/ln 10 digits of x: |x| < 10 costs at most 5 of 60.
    const small = decimalArbitrary(p, { maxMantissaDigits: 20, minExponent: -40, maxExponent: -19 });
    checkLaw(
      fc.property(small, (v) => {
        expect(log1p(expm1(v, hi), p)).toAgreeToDigits(v, 38);
      }),
      { numRuns: 60 },
    );
  });

  it('the value at p digits is the value at p + 20 digits rounded to p (precision ladder)', () => {
    const fns = [tanh, sigmoid, softplus, erf, erfc] as const;
    checkLaw(
      fc.property(x, fc.integer({ min: 0, max: fns.length - 1 }), (v, k) => {
        const f = fns[k] as (typeof fns)[number];
        expect(f(v, p).eq(roundTo(p, f(v, hi)))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('jets', () => {
  const q = precision(60);
  const order = 5;
  const J = jetArithmetic(decimalField(q), order);
  const point = decimalArbitrary(q, {
    maxMantissaDigits: 6,
    minExponent: -5,
    maxExponent: -5,
    cancellationBias: 0,
  });
  const acts = activationArbitrary({ formulas: false });

  it('the jet of a product is the product of the jets (Leibniz rule against a formula activation)', () => {
    checkLaw(
      fc.property(point, (x0) => {
        const u = J.variable(x0);
        const product = derivativesFromJet(J.field, J.mul(J.tanh(u), J.sigmoid(u)));
        const viaFormula = resolveActivation('tanh(x)*sigmoid(x)').derivatives(x0, order, q);
        product.forEach((d, k) => expect(d).toAgreeToDigits(viaFormula[k] as Decimal, 50));
      }),
      { numRuns: 25 },
    );
  });

  it('chain rule: the k-th derivative of σ(αx + β) is α^k σ^(k)(αx + β)', () => {
    checkLaw(
      fc.property(acts, point, point, (act, x0, alpha) => {
        const a = alpha.isZero() ? new q.D(1) : alpha;
        const inner = J.addConstant(J.scale(J.variable(x0), a), new q.D('0.25'));
        const composed = derivativesFromJet(J.field, act.jet(J, inner));
        const direct = act.derivatives(a.times(x0).plus('0.25'), order, q);
        const scale = direct.reduce((m, d) => (d.abs().gt(m) ? d.abs() : m), new q.D(1));
        composed.forEach((d, k) => {
          const want = (direct[k] as Decimal).times(a.pow(k));
          expect(
            d
              .minus(want)
              .abs()
              .lte(scale.times(a.abs().pow(k).plus(1)).times('1e-50')),
          ).toBe(true);
        });
      }),
      { numRuns: 30 },
    );
  });

  it('σ^(k) agrees with the central difference of σ^(k−1) (h = 10⁻¹², error O(h²))', () => {
    const h = new q.D('1e-12');
    checkLaw(
      fc.property(activationArbitrary({ formulaDepth: 2 }), point, (act, x0) => {
        const ds = act.derivatives(x0, 4, q);
        const up = act.derivatives(x0.plus(h), 3, q);
        const down = act.derivatives(x0.minus(h), 3, q);
        const scale = ds.reduce((m, d) => (d.abs().gt(m) ? d.abs() : m), new q.D(1));
        for (let k = 1; k <= 4; k++) {
          const fd = (up[k - 1] as Decimal).minus(down[k - 1] as Decimal).div(h.times(2));
          // O(h²)·σ^(k+2) truncation plus 10⁻⁶⁰/h rounding: 10⁻²⁰ of the largest derivative is far above both.
          expect(
            fd
              .minus(ds[k] as Decimal)
              .abs()
              .lte(scale.times('1e-20')),
          ).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('float64 derivatives agree with Decimal ones to 1e-12 of the largest (registered activations)', () => {
    checkLaw(
      fc.property(acts, fc.integer({ min: -4000, max: 4000 }), (act, k) => {
        const x0 = k / 1000;
        const d64 = act.derivatives64(x0, 3);
        const dd = act.derivatives(x0.toString(), 3, p);
        const scale = Math.max(1, ...dd.map((d) => Math.abs(d.toNumber())));
        dd.forEach((d, j) =>
          expect(Math.abs((d64[j] as number) - d.toNumber())).toBeLessThanOrEqual(1e-12 * scale),
        );
      }),
      { numRuns: 60 },
    );
  });
});
