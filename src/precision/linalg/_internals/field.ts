import type { Decimal } from 'decimal.js';
import type { Precision } from '../../context.js';

/**
 * The arithmetic the factorisations need, so that one implementation of each algorithm serves both Decimal (at a
 * guarded precision) and float64. Keeping a single code path means the float64 twins make the same pivoting
 * decisions as the Decimal versions, and the Decimal tests exercise the float64 logic too.
 */
export interface Field<T> {
  readonly zero: T;
  readonly one: T;
  /** Unit roundoff of the arithmetic: 10^(1−digits)/2 for Decimal, 2^−53 for float64. */
  readonly epsilon: T;
  of(k: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  abs(a: T): T;
  sqrt(a: T): T;
  lt(a: T, b: T): boolean;
  /** −1, 0 or 1. */
  sign(a: T): number;
  isZero(a: T): boolean;
}

const decimalFields = new Map<number, Field<Decimal>>();

/**
 * The field of `q.D` values. Every operand must already be a `q.D` instance (decimal.js rounds a result to the
 * precision of the receiver's constructor, so a value of another context would silently change the precision).
 */
export function decimalField(q: Precision): Field<Decimal> {
  let f = decimalFields.get(q.digits);
  if (f === undefined) {
    const D = q.D;
    f = Object.freeze({
      zero: new D(0),
      one: new D(1),
      epsilon: new D(10).pow(1 - q.digits).div(2),
      of: (k: number): Decimal => new D(k),
      add: (a: Decimal, b: Decimal): Decimal => a.plus(b),
      sub: (a: Decimal, b: Decimal): Decimal => a.minus(b),
      mul: (a: Decimal, b: Decimal): Decimal => a.times(b),
      div: (a: Decimal, b: Decimal): Decimal => a.div(b),
      neg: (a: Decimal): Decimal => a.neg(),
      abs: (a: Decimal): Decimal => a.abs(),
      sqrt: (a: Decimal): Decimal => a.sqrt(),
      lt: (a: Decimal, b: Decimal): boolean => a.lt(b),
      sign: (a: Decimal): number => (a.isZero() ? 0 : a.isNeg() ? -1 : 1),
      isZero: (a: Decimal): boolean => a.isZero(),
    });
    decimalFields.set(q.digits, f);
  }
  return f;
}

/** The float64 field (IEEE double arithmetic). */
export const float64Field: Field<number> = Object.freeze({
  zero: 0,
  one: 1,
  epsilon: 2 ** -53,
  of: (k: number): number => k,
  add: (a: number, b: number): number => a + b,
  sub: (a: number, b: number): number => a - b,
  mul: (a: number, b: number): number => a * b,
  div: (a: number, b: number): number => a / b,
  neg: (a: number): number => -a,
  abs: (a: number): number => Math.abs(a),
  sqrt: (a: number): number => Math.sqrt(a),
  lt: (a: number, b: number): boolean => a < b,
  sign: (a: number): number => (a === 0 ? 0 : a < 0 ? -1 : 1),
  isZero: (a: number): boolean => a === 0,
});
