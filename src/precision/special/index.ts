// TEMPORARY placeholder so that jets/activations can be written in parallel; the special-functions work
// replaces this file with real implementations (same names and signatures).
import type Decimal from 'decimal.js';
import { withGuard, roundTo, type Precision } from '../context.js';

export function tanh(x: Decimal.Value, p: Precision): Decimal {
  const g = withGuard(p, 20);
  return roundTo(p, new g.D(x).tanh());
}
export function sigmoid(x: Decimal.Value, p: Precision): Decimal {
  const g = withGuard(p, 20);
  return roundTo(p, new g.D(1).div(new g.D(x).neg().exp().plus(1)));
}
export function softplus(x: Decimal.Value, p: Precision): Decimal {
  const g = withGuard(p, 20);
  return roundTo(p, new g.D(x).exp().plus(1).ln());
}
export function expm1(x: Decimal.Value, p: Precision): Decimal {
  const g = withGuard(p, 60);
  return roundTo(p, new g.D(x).exp().minus(1));
}
export function log1p(x: Decimal.Value, p: Precision): Decimal {
  const g = withGuard(p, 60);
  return roundTo(p, new g.D(x).plus(1).ln());
}
export function erf(x: Decimal.Value, p: Precision): Decimal {
  // Maclaurin series, only adequate for moderate |x|.
  const g = withGuard(p, 40);
  const X = new g.D(x);
  let term = X;
  let sum = X;
  const x2 = X.times(X);
  for (let n = 1; n < 100000; n++) {
    term = term.times(x2).neg().div(n);
    const add = term.div(2 * n + 1);
    sum = sum.plus(add);
    if (add.isZero() || add.abs().lt(sum.abs().times(new g.D(10).pow(-g.digits)))) break;
  }
  return roundTo(p, sum.times(2).div(g.D.acos(-1).sqrt()));
}
export function erfc(x: Decimal.Value, p: Precision): Decimal {
  const g = withGuard(p, 20);
  return roundTo(p, new g.D(1).minus(erf(x, g)));
}
export function normalPdf(x: Decimal.Value, p: Precision): Decimal {
  const g = withGuard(p, 20);
  const X = new g.D(x);
  return roundTo(p, X.times(X).div(-2).exp().div(g.D.acos(-1).times(2).sqrt()));
}
export function normalCdf(x: Decimal.Value, p: Precision): Decimal {
  const g = withGuard(p, 20);
  return roundTo(p, new g.D(1).plus(erf(new g.D(x).div(new g.D(2).sqrt()), g)).div(2));
}
