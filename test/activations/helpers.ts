import type { Decimal } from 'decimal.js';
import { precision } from '../../src/precision/context.js';

/** Largest |v| of a list (the scale against which near-zero derivatives are judged). */
export function scaleOf(values: readonly Decimal[]): Decimal {
  return values.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), values[0]?.abs() ?? new (precision(20).D)(0));
}

/**
 * Whether `got` agrees with `want` to `digits` significant digits: |got − want| ≤ ulps·10^(1−digits)·|want|, or,
 * for values that are tiny next to the other derivatives (a zero of σ^(k), e.g. gelu‴(2)), absolutely within
 * 10^−(digits+absMargin)·scale.
 */
export function agrees(
  got: Decimal.Value,
  want: Decimal.Value,
  digits: number,
  scale: Decimal.Value,
  { ulps = 3, absMargin = 3 }: { readonly ulps?: number; readonly absMargin?: number } = {},
): boolean {
  const w = precision(Math.max(digits, 20) + 60);
  const g = new w.D(got);
  const t = new w.D(want);
  const err = g.minus(t).abs();
  const rel = t
    .abs()
    .times(ulps)
    .times(new w.D(10).pow(1 - digits));
  const abs = new w.D(scale).abs().times(new w.D(10).pow(-(digits + absMargin)));
  return err.lte(rel) || err.lte(abs);
}

/** Digits of agreement (for failure messages). */
export function digitsAgreeing(got: Decimal.Value, want: Decimal.Value): string {
  const w = precision(300);
  const g = new w.D(got);
  const t = new w.D(want);
  const err = g.minus(t).abs();
  if (err.isZero()) return 'all';
  return t.isZero() ? `abs err ${err.toExponential(3)}` : (-err.div(t.abs()).log(10).toNumber()).toFixed(1);
}
