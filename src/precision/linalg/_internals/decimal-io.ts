import type { Decimal } from 'decimal.js';
import { roundTo, type Precision } from '../../context.js';
import type { DecimalMatrix, DecimalVector } from '../types.js';

/** Default guard digits of the Decimal routines (see the module docs of each routine for why). */
export const DEFAULT_GUARD_DIGITS = 10;

/** Throws unless `guardDigits` is a nonnegative integer. */
export function checkGuard(guardDigits: number, what: string): void {
  if (!Number.isInteger(guardDigits) || guardDigits < 0) {
    throw new RangeError(`${what}: guardDigits must be a nonnegative integer, got ${String(guardDigits)}`);
  }
}

/** A mutable copy of `a` whose entries are `q.D` values (exact copies, not rounded). */
export function liftMatrix(q: Precision, a: DecimalMatrix): Decimal[][] {
  return a.map((row) => row.map((x) => new q.D(x)));
}

/** A mutable copy of `v` as `q.D` values (exact copies). */
export function liftVector(q: Precision, v: DecimalVector): Decimal[] {
  return v.map((x) => new q.D(x));
}

/** `a` rounded entrywise to `p`. */
export function roundMatrix(p: Precision, a: readonly (readonly Decimal[])[]): DecimalMatrix {
  return a.map((row) => row.map((x) => roundTo(p, x)));
}

/** `v` rounded entrywise to `p`. */
export function roundVector(p: Precision, v: readonly Decimal[]): DecimalVector {
  return v.map((x) => roundTo(p, x));
}

/** A mutable symmetric copy of `a` built from its lower triangle (the symmetric routines read only that). */
export function liftSymmetric(q: Precision, a: DecimalMatrix): Decimal[][] {
  const n = a.length;
  const s: Decimal[][] = [];
  for (let i = 0; i < n; i++) {
    const row: Decimal[] = [];
    for (let j = 0; j < n; j++) {
      const src = i >= j ? a[i]![j]! : a[j]![i]!;
      row.push(new q.D(src));
    }
    s.push(row);
  }
  return s;
}
