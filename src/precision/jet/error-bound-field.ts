import { Decimal } from 'decimal.js';
import type { Precision } from '../context.js';
import { OutOfRangeError } from '../out-of-range-error.js';
import { decimalField } from './decimal-field.js';
import type { FieldConstant, ScalarField } from './scalar-field.js';

/** A value with an absolute error bound: the exact quantity lies in [v − e, v + e] (to first order, see below). */
export interface Bounded {
  readonly v: Decimal;
  /** Absolute error bound, ≥ 0, kept to 6 digits rounded up (Infinity when nothing is known). */
  readonly e: Decimal;
}

/** Error bounds: 6 digits, always rounded up, with decimal.js's whole exponent range. */
const E = Decimal.clone({ precision: 6, rounding: Decimal.ROUND_UP, minE: -9e15, maxE: 9e15 });
const E0 = new E(0);
const INF = new E(Infinity);
/** The smallest positive Decimal of the contexts (context.ts: minE = −9e15): an underflowed value is below it. */
const TINY = new E('1e-9000000000000000');

/** Side information of an {@link errorBoundField}: whether some value underflowed to 0 (and so is only bounded). */
export interface ErrorBoundLog {
  underflowed: boolean;
}

/**
 * The Decimal field at `p.digits` with a running error bound on every value (a first-order running error
 * analysis in the manner of Wilkinson): each operation adds the propagated errors of its operands, through the
 * operation's derivative bounded over the operands' error intervals where that is cheap (e^(a ± e) = e^a·e^(±e)),
 * and its own rounding, half a unit in the last place for + − × ÷ and 10 units for the special functions (which are
 * correctly rounded or faithful). Catastrophic cancellation is thus visible: cosh(100)² − sinh(100)² at 30 digits
 * comes out as 0 ± 1e58, not as an exact 0.
 *
 * Range: a result beyond decimal.js's exponent range (|x| ≥ 10^9e15, e.g. e^(e^(e^5))) throws OutOfRangeError; a
 * nonzero result below 10^−9e15 (e.g. e^(−e^(e^5))) becomes 0 ± 10^−9e15 and sets `log.underflowed`, so that callers
 * can refuse to print it instead of printing an exact 0.
 *
 * Used where every printed digit must be earned from a possibly cancelling user formula (see
 * certifyByErrorBounds); it is several times slower than {@link decimalField}, so hot loops do not use it.
 */
export function errorBoundField(
  p: Precision,
  log: ErrorBoundLog = { underflowed: false },
): ScalarField<Bounded> {
  const F = decimalField(p);
  const D = p.D;
  // Half a unit in the last place (round half-even), relative; special functions get 10 units.
  const u = new E(10).pow(1 - p.digits).div(2);
  const uf = new E(10).pow(1 - p.digits).times(10);
  const mag = (x: Decimal): Decimal => new E(x).abs();
  const exact = (v: Decimal): Bounded => ({ v, e: E0 });
  /** The result v of an operation with propagated error `prop`: checks the range, adds v's own rounding. */
  const make = (v: Decimal, prop: Decimal, unit: Decimal, what: string, nonzero = false): Bounded => {
    if (!v.isFinite()) {
      if (v.isNaN()) return { v, e: INF };
      throw new OutOfRangeError(`${what} overflows the Decimal range (|x| ≥ 1e9000000000000000)`);
    }
    if (v.isZero() && nonzero) {
      log.underflowed = true;
      return { v, e: prop.plus(TINY) };
    }
    return { v, e: prop.plus(mag(v).times(unit)) };
  };
  /** e^x − 1 for an error bound x ≥ 0 (rounded up). */
  const grow = (x: Decimal): Decimal => {
    if (x.isZero()) return E0;
    if (!x.isFinite() || x.gt(1e15)) return INF;
    return x.lt('1e-6') ? x.times('1.000001') : x.exp().minus(1);
  };
  const sqrtE = (x: Decimal): Decimal => new E(x).sqrt();
  const field: ScalarField<Bounded> = {
    kind: 'decimal',
    digits: p.digits,
    counter: undefined,
    zero: exact(new D(0)),
    one: exact(new D(1)),
    fromInt: (n) => exact(new D(n)),
    fromDecimalString: (text) => exact(new D(text)),
    constant: (name: FieldConstant) => {
      const v = F.constant(name);
      return { v, e: mag(v).times(u) };
    },
    add: (a, b) =>
      a.e.isZero() && b.e.isZero() && sumFits(a.v, b.v, p.digits)
        ? exact(F.add(a.v, b.v))
        : make(F.add(a.v, b.v), a.e.plus(b.e), u, 'a sum'),
    sub: (a, b) =>
      a.e.isZero() && b.e.isZero() && sumFits(a.v, b.v, p.digits)
        ? exact(F.sub(a.v, b.v))
        : make(F.sub(a.v, b.v), a.e.plus(b.e), u, 'a difference'),
    mul: (a, b) =>
      a.e.isZero() && b.e.isZero() && productFits(a.v, b.v, p.digits)
        ? exact(F.mul(a.v, b.v))
        : make(
            F.mul(a.v, b.v),
            mag(a.v).times(b.e).plus(mag(b.v).times(a.e)).plus(a.e.times(b.e)),
            u,
            'a product',
            !a.v.isZero() && !b.v.isZero(),
          ),
    div: (a, b) => {
      const v = F.div(a.v, b.v);
      const room = mag(b.v).minus(b.e);
      if (!room.isPos()) return { v, e: INF };
      const prop = a.e.plus(mag(v).times(b.e)).div(new E(room.toSignificantDigits(6, Decimal.ROUND_DOWN)));
      return make(v, prop, u, 'a quotient', !a.v.isZero());
    },
    neg: (a) => ({ v: F.neg(a.v), e: a.e }),
    mulInt: (a, n) =>
      a.e.isZero() && productFits(a.v, new D(n), p.digits)
        ? exact(F.mulInt(a.v, n))
        : make(F.mulInt(a.v, n), a.e.times(Math.abs(n)), u, 'a product', !a.v.isZero() && n !== 0),
    divInt: (a, n) => make(F.divInt(a.v, n), a.e.div(Math.abs(n)), u, 'a quotient', !a.v.isZero()),
    sign: (a) => F.sign(a.v),
    isInteger: (a) => a.e.isZero() && F.isInteger(a.v),
    toNumber: (a) => F.toNumber(a.v),
    toString: (a) => F.toString(a.v),

    exp(a) {
      const v = F.exp(a.v);
      return make(v, mag(v).times(grow(a.e)), uf, `exp(${short(a.v)})`, true);
    },
    log(a) {
      const v = F.log(a.v);
      const rel = a.e.div(mag(a.v));
      // |log(a ± e) − log a| ≤ −log(1 − e/a) ≤ (e/a)/(1 − e/a).
      const prop = rel.gte(1) ? INF : rel.div(new E(1).minus(rel).toSignificantDigits(6, Decimal.ROUND_DOWN));
      return make(v, prop, uf, `log(${short(a.v)})`);
    },
    sqrt(a) {
      const v = F.sqrt(a.v);
      // √a − √(a − e) = e/(√a + √(a − e)) ≤ e/√a; near 0 at most √e.
      const prop = a.e.isZero()
        ? E0
        : mag(a.v).gt(a.e)
          ? a.e.div(sqrtE(a.v).toSignificantDigits(6, Decimal.ROUND_DOWN))
          : sqrtE(a.e.times(2));
      return make(v, prop, uf, `sqrt(${short(a.v)})`);
    },
    pow(a, r) {
      const v = F.pow(a.v, r.v);
      // Relative error of a^r: |r|·log(1 + e_a/a) + |log a|·e_r, then e^(that) − 1.
      const relA = a.e.div(mag(a.v));
      const lnA = a.v.isPos() ? mag(new D(a.v).ln()) : E0;
      const exponent = relA.gte(1) ? INF : mag(r.v).times(relA.times(2)).plus(lnA.times(r.e));
      return make(v, mag(v).times(grow(exponent)), uf, `a power`, !a.v.isZero());
    },
    expNegSquare(a) {
      const v = F.expNegSquare(a.v);
      // −(a ± e)² = −a² ∓ 2ae − e²: the exponent moves by at most 2|a|e + e².
      const moved = mag(a.v).times(a.e).times(2).plus(a.e.times(a.e));
      return make(v, mag(v).times(grow(moved)), uf, `exp(-(${short(a.v)})^2)`, true);
    },
    sinCos(a) {
      const [s, c] = F.sinCos(a.v);
      // |sin′|, |cos′| ≤ 1, and neither moves by more than 2.
      const prop = a.e.gt(2) ? new E(2) : a.e;
      return [make(s, prop, uf, 'sin'), make(c, prop, uf, 'cos')];
    },
    sinhCosh(a) {
      const [s, c] = F.sinhCosh(a.v);
      // |sinh′|, |cosh′| ≤ cosh, which grows by at most e^(e_a) over the interval.
      const prop = mag(c).times(grow(a.e).plus(1)).times(a.e);
      const what = `cosh/sinh(${short(a.v)})`;
      return [make(s, prop, uf, what, !a.v.isZero()), make(c, prop, uf, what)];
    },
    tanhSech2(a) {
      const [t, s2] = F.tanhSech2(a.v);
      // tanh′ = sech² ≤ 1; sech² changes by at most a factor e^(2e_a) over the interval.
      const propT = a.e.gt(2)
        ? new E(2)
        : mag(s2)
            .times(grow(a.e.times(2)).plus(1))
            .times(a.e);
      return [make(t, propT, uf, 'tanh'), make(s2, mag(s2).times(grow(a.e.times(2))), uf, 'sech²', true)];
    },
    sigmoidPair(a) {
      const [s, c] = F.sigmoidPair(a.v);
      // σ′ = σ(1 − σ) ≤ 1/4; each of σ, 1 − σ changes by at most a factor e^(e_a).
      const prop = (x: Decimal): Decimal => mag(x).times(grow(a.e));
      return [make(s, prop(s), uf, 'sigmoid', true), make(c, prop(c), uf, 'sigmoid', true)];
    },
    softplus(a) {
      // softplus′ = σ ≤ 1.
      return make(F.softplus(a.v), a.e, uf, 'softplus', true);
    },
    erf(a) {
      const v = F.erf(a.v);
      // erf′ ≤ 2/√π < 1.13.
      return make(v, a.e.times('1.13'), uf, 'erf');
    },
    erfc(a) {
      const v = F.erfc(a.v);
      // erfc(a − e)/erfc(a) ≤ e^(2|a|e + e²)·(…): bound by the Gaussian factor plus the absolute slope.
      const moved = mag(a.v).times(a.e).times(2).plus(a.e.times(a.e)).plus(a.e.times(2));
      return make(v, mag(v).times(grow(moved)).plus(a.e.times('1.13')), uf, 'erfc', true);
    },
  };
  return field;
}

/**
 * Whether a ± b of two exact values is exact at `digits` (then it carries no rounding error: x² − 1 at x = 1 is an
 * exact 0, not a 0 known only to within a unit of the last place).
 */
function sumFits(a: Decimal, b: Decimal, digits: number): boolean {
  if (a.isZero() || b.isZero()) return true;
  const last = Math.min(a.e - a.sd() + 1, b.e - b.sd() + 1);
  return Math.max(a.e, b.e) + 1 - last + 1 <= digits;
}

/** Whether a·b of two exact values is exact at `digits`. */
function productFits(a: Decimal, b: Decimal, digits: number): boolean {
  return a.isZero() || b.isZero() || a.sd() + b.sd() <= digits;
}

function short(x: Decimal): string {
  return x.toSignificantDigits(6).toString();
}
