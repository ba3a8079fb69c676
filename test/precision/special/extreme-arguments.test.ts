import { describe, expect, it } from 'vitest';
import { precision } from '../../../src/precision/context.js';
import {
  erf,
  erfc,
  exp,
  expm1,
  normalCdf,
  normalPdf,
  sigmoid,
  softplus,
  tanh,
} from '../../../src/precision/special/index.js';

// Reference digits: mpmath 1.3 at 50 digits (mp.exp, mp.erfc, mp.ncdf, mp.npdf), rounded to 20 digits by hand.
// The bounds of decimal.js's exponent range (minE = −9e15, maxE = 9e15) are e^(±2.0723e16).

describe('special functions at extreme arguments', () => {
  it('Φ, erf and erfc of huge |x| round to their limits (normalCdf(1e33) once failed after six Ziv attempts)', () => {
    const p = precision(20);
    for (const x of ['1e33', '1e34', '1e36', '1e50', '1e308', '1e309', '1e5000', '9e15', '2.04e8']) {
      expect(normalCdf(x, p).toString()).toBe('1');
      expect(erf(x, p).toString()).toBe('1');
      expect(erf(`-${x}`, p).toString()).toBe('-1');
      expect(erfc(`-${x}`, p).toString()).toBe('2');
      // The lower tail and the upper erfc tail lie below 10^(−9e15): decimal.js's underflow to 0.
      expect(normalCdf(`-${x}`, p).isZero()).toBe(true);
      expect(erfc(x, p).isZero()).toBe(true);
    }
  });

  it('keep the digits of tails that are still inside the exponent range', () => {
    const p = precision(20);
    expect(erfc('1.43e8', p).toString()).toBe('9.3853633528561842754e-8880887860439606');
    expect(normalCdf('-1.43e8', p).toString()).toBe('1.3606770529702580841e-4440443930219807');
    expect(normalCdf('-2.03e8', p).toString()).toBe('1.0246518820678103464e-8948420652375561');
    expect(normalPdf('2.03e8', p).toString()).toBe('2.0800433205976550536e-8948420652375553');
  });

  it('exp is represented up to the end of the exponent range (it was Infinity/0 beyond |x| = 2^54 ≈ 1.8e16)', () => {
    const p = precision(20);
    expect(exp('1.9e16', p).toString()).toBe('5.3133870073822688212e+8251595156161784');
    expect(exp('-1.9e16', p).toString()).toBe('1.8820387045224231458e-8251595156161785');
    expect(exp('2.0723e16', p).toString()).toBe('4.2112821991653134467e+8999884548481087');
    expect(exp('-2.0723e16', p).toString()).toBe('2.3745737110616868056e-8999884548481088');
    expect(expm1('1.9e16', p).toString()).toBe('5.3133870073822688212e+8251595156161784');
    expect(sigmoid('-1.9e16', p).toString()).toBe('1.8820387045224231458e-8251595156161785');
    expect(softplus('-1.9e16', p).toString()).toBe('1.8820387045224231458e-8251595156161785');
    // Beyond: overflow and underflow, as decimal.js itself does.
    for (const x of ['2.0725e16', '1e20', '1e309', '1e5000']) {
      expect(exp(x, p).toString()).toBe('Infinity');
      expect(exp(`-${x}`, p).isZero()).toBe(true);
      expect(tanh(x, p).toString()).toBe('1');
      expect(softplus(x, p).toString()).toBe(new p.D(x).toSignificantDigits(20).toString());
    }
  });
});
