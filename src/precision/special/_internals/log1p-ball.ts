import {
  type Ball,
  NeedMorePrecision,
  ONE,
  ZERO,
  add,
  bitLength,
  divInt,
  fromDouble,
  isExactZero,
  log2Big,
  log2Upper,
  magnitudeBall,
  midpoint,
  mul,
  mul2k,
  neg,
  signOf,
  sub,
  toNumber,
  widenAbs,
} from './ball.js';
import { constantFixed } from './constants.js';
import { expBall, expm1Ball } from './exp-ball.js';

/** An exact point near ln u (about 50 correct bits, absolute error ≲ 2^−40 even for u = 10^(9e15)). */
function approxLn(u: Ball): Ball {
  const f = (log2Big(u.m) + u.e) * Math.LN2;
  if (u.t === 0) return fromDouble(f);
  const bits = 64 + bitLength(BigInt(Math.abs(u.t)));
  const tLn10: Ball = { m: constantFixed('ln10', bits) * BigInt(u.t), r: 0n, e: -bits, t: 0 };
  return midpoint(add(tLn10, fromDouble(f), bits + 64));
}

/**
 * log(1 + w) for a ball w > −1, with u = 1 + w passed separately because callers can often form it exactly
 * (1 + x for x near −1 must not be rounded before the logarithm).
 *
 * Method (no series in w itself, so no slow convergence for w near 1 or huge w): take an exact point λ ≈ log(1+w)
 * from double arithmetic, form the correction c = (1 + w)·e^(−λ) − 1 = e^(L−λ) − 1 and return
 * λ + log1p(c) with a short alternating series in the tiny c (tail bounded by 2|c|^(N+1)). While the series
 * would need more than 8 terms, a Newton step λ ← λ + c (error ≈ c²/2) doubles the correct bits, at a
 * precision just large enough for that doubling.
 *
 * Cancellation: for |w| < 1/2 the correction is formed as u·expm1(−λ) + w, whose absolute error is a few
 * units of |w|·2^−prec, i.e. relative to L ≈ w: log1p(1e−300) keeps full relative precision. For |w| ≥ 1/2,
 * u·e^−λ − 1 has absolute error ≈ 2^−prec while |L| ≥ log(1.5)·… ≥ 0.4, so at most 1.3 bits are lost. The
 * final precision is P + 8.
 */
export function log1pBall(w: Ball, u: Ball, P: number): Ball {
  if (isExactZero(w)) return ZERO;
  if (signOf(u) <= 0) throw new NeedMorePrecision('1 + w not certainly positive');
  const small = log2Upper(w) < -1;
  let lam: Ball = small ? fromDouble(Math.log1p(toNumber(w))) : approxLn(u);
  const Pf = P + 8;
  const correction = (l: Ball, prec: number): Ball =>
    small
      ? add(mul(u, expm1Ball(neg(l), prec), prec), w, prec)
      : sub(mul(u, expBall(neg(l), prec), prec), ONE, prec);
  // log2 |L|: the scale against which the series remainder must be negligible.
  const ell = isExactZero(lam) ? log2Upper(w) : log2Upper(lam);
  let prec = Math.min(Pf, 128);
  let c = correction(lam, prec);
  for (let step = 0; ; step++) {
    const lc = log2Upper(c);
    const terms = lc < -2 ? (Pf - ell + 2) / -lc : Infinity;
    if (terms <= 8) break;
    if (step > 64) throw new NeedMorePrecision('log1p Newton iteration did not settle');
    prec = Math.min(Pf, Math.max(prec, Math.ceil(ell - 2 * lc) + 24));
    lam = midpoint(add(lam, c, prec));
    c = correction(lam, prec);
  }
  if (prec < Pf) c = correction(lam, Pf);
  if (isExactZero(c)) return add(lam, ZERO, Pf);
  const lc = log2Upper(c);
  const n = Math.max(1, Math.ceil((Pf - ell + 2) / -lc));
  let power = c;
  let sum = c;
  for (let k = 2; k <= n; k++) {
    power = mul(power, c, Pf);
    const t = divInt(power, BigInt(k), Pf);
    sum = k % 2 === 0 ? sub(sum, t, Pf) : add(sum, t, Pf);
  }
  // Remainder of the alternating series after n terms: ≤ |c|^(n+1)/((n+1)(1 − |c|)) ≤ 2|c|^(n+1) for |c| ≤ 1/4.
  const tail = mul2k(mul(magnitudeBall(power), magnitudeBall(c), 64), 1);
  return add(lam, widenAbs(sum, tail, Pf), Pf);
}
