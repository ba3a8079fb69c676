import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromDouble, precision } from '../../src/precision/context.js';
import { erf64, erfc64, erfcx64, expNegHalfSquare64, expNegSquare64 } from '../../src/precision/jet/index.js';
import { erf, erfc } from '../../src/precision/special/index.js';

// [x, erf x, erfc x, erfcx x] from mpmath at 50 digits, evaluated at the double nearest to x (mpf(float(x)):
// erfc has relative condition 2x², so the decimal 3.3 and the double 3.3 differ in erfc by 2e−15), 21 digits.
const GOLDEN: readonly (readonly [string, string, string, string])[] = [
  ['0', '0.0', '1.0', '1.0'],
  ['1e-300', '1.12837916709551260217e-300', '1.0', '1.0'],
  ['1e-8', '1.12837916709551255989e-8', '0.999999988716208329045', '0.999999988716208429045'],
  ['0.1', '0.112462916018284898405', '0.887537083981715101595', '0.896456979969126636663'],
  ['0.4999', '0.520411995161386590277', '0.479588004838613409723', '0.615741616668897478298'],
  ['0.5', '0.520499877813046537683', '0.479500122186953462317', '0.615690344192925874871'],
  ['0.75', '0.711155633653515131599', '0.288844366346484868401', '0.506937650293144805791'],
  ['1', '0.842700792949714869341', '0.157299207050285130659', '0.427583576155807004411'],
  ['1.5', '0.966105146475310727067', '0.033894853524689272933', '0.321585416454317502354'],
  ['2', '0.995322265018952734162', '0.00467773498104726583793', '0.255395676310505743865'],
  ['2.5', '0.99959304798255504106', '0.000406952017444958939564', '0.210806364061143580647'],
  ['3.3', '0.999996942290203561835', '0.00000305770979643816519876', '0.164007297572932631098'],
  ['4', '0.99999998458274209972', '1.54172579002800188522e-8', '0.136999457625061389889'],
  ['5.5', '0.999999999999992642152', '7.35784791797439806307e-15', '0.100962218399499088233'],
  ['7', '1.0', '4.18382560777941439861e-23', '0.0798000543291529334899'],
  ['9.25', '1.0', '4.20203721491971113453e-39', '0.0606431151411436590792'],
  ['11.99', '1.0', '1.72540146764969585627e-64', '0.0468930316554083241464'],
  ['12', '1.0', '1.35626116920590421278e-64', '0.0468542210148937626196'],
  ['15', '1.0', '7.21299417245120666657e-100', '0.0375296063885057657461'],
  ['20', '1.0', '5.39586561160790092893e-176', '0.0281743487410513193186'],
  ['26', '1.0', '5.66319240885614284648e-296', '0.0216835848505629066162'],
  ['-0.3', '-0.32862675945912741619', '1.32862675945912741619', '1.45374923284276555125'],
  ['-1', '-0.842700792949714869341', '1.84270079294971486934', '5.00898008076228346631'],
  ['-3', '-0.999977909503001414559', '1.99997790950300141456', '16205.9888539995866255'],
  ['-6', '-0.99999999999999997848', '1.99999999999999997848', '8622463094230390.36145'],
  ['-12.5', '-1.0', '2.0', '1.44391887329664366716e+68'],
];

/** The contract: about 1e−15 relative, including the tails. (Measured: below 5e−16.) */
const REL = 1e-15;

function relErr(got: number, want: number): number {
  return want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
}

describe('erf64, erfc64, erfcx64', () => {
  it('match mpmath golden values to 1e-15 relative, tails included', () => {
    for (const [xs, e, ec, ex] of GOLDEN) {
      const x = Number(xs);
      expect(relErr(erf64(x), Number(e)), `erf(${xs})`).toBeLessThanOrEqual(REL);
      expect(relErr(erfc64(x), Number(ec)), `erfc(${xs})`).toBeLessThanOrEqual(REL);
      expect(relErr(erfcx64(x), Number(ex)), `erfcx(${xs})`).toBeLessThanOrEqual(REL);
    }
  });

  it('agree with the Decimal special functions on random arguments (|x| ≤ 26)', () => {
    const p = precision(30);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -26_000_000, max: 26_000_000 }).map((m) => m / 1e6),
          fc.double({ min: -2, max: 2, noNaN: true }),
        ),
        (x) => {
          const X = fromDouble(p, x);
          expect(relErr(erf64(x), erf(X, p).toNumber()), `erf(${x})`).toBeLessThanOrEqual(REL);
          expect(relErr(erfc64(x), erfc(X, p).toNumber()), `erfc(${x})`).toBeLessThanOrEqual(REL);
        },
      ),
      { numRuns: 400, seed: 424242 },
    );
  });

  it('are odd / complementary and behave at the edges', () => {
    for (const x of [0.2, 0.5, 1.7, 6.1, 13]) {
      expect(erf64(-x)).toBe(-erf64(x));
      expect(erfc64(-x)).toBeCloseTo(2 - erfc64(x), 15);
    }
    expect(erf64(Infinity)).toBe(1);
    expect(erfc64(Infinity)).toBe(0);
    expect(erfc64(-Infinity)).toBe(2);
    expect(Number.isNaN(erf64(NaN))).toBe(true);
    expect(erfc64(30)).toBe(0);
    // 27.2 is in the subnormal range: only absolute accuracy is possible there.
    expect(Math.abs(erfc64(27.2) - Number('1.01890491427027612867e-323'))).toBeLessThanOrEqual(5e-324);
  });

  it('Gaussian exponentials keep relative accuracy for large |x|', () => {
    const p = precision(40);
    for (const x of [0.3, 1.1, 7.77, 19.5, 26.1, -12.34]) {
      const X = fromDouble(p, x);
      const want = X.times(X).neg().exp().toNumber();
      const wantHalf = X.times(X).div(-2).exp().toNumber();
      expect(relErr(expNegSquare64(x), want), `e^(-x²) at ${x}`).toBeLessThan(5e-16);
      expect(relErr(expNegHalfSquare64(x), wantHalf), `e^(-x²/2) at ${x}`).toBeLessThan(5e-16);
    }
  });
});
