import {
  type Ball,
  NeedMorePrecision,
  ONE,
  abs,
  bitLength,
  div,
  sub,
  isExactZero,
  log2Upper,
  midpoint,
  mul,
  norm,
  toFixed,
  widenAbs,
} from '../special/_internals/ball.js';
import { constantFixed } from '../special/_internals/constants.js';
import { expFixed } from '../special/_internals/exp-ball.js';

/**
 * Special-function kernels in binary ball arithmetic for inner loops (the Decimal loss): the same rigorous
 * enclosures as the correctly rounded functions of `special/`, but with a binary exponent only (decimal exponent
 * t = 0, so a result feeds a BigInt sum without a conversion) and without Ziv's rounding test: the caller reads
 * the radius and decides whether it is small enough. Arguments are balls whose radius is propagated.
 */

/** |x| ≤ 2^40: beyond, e^x leaves every range the loss can use (callers fall back to the Decimal path). */
const MAX_LOG2_ARGUMENT = 40;

/**
 * e^x as a ball with a P-bit mantissa and a binary exponent: x = n·ln 2 + r with |r| ≤ 0.35, e^r by `expFixed`.
 * Error accounting as in `expBall` (special/_internals/exp-ball.ts), with ln 2 in place of ln 10: the reduction
 * is exact to 2^−(W+16) absolute, so the result carries a few units of 2^−(P+10) relative plus the input radius ρ
 * (widened by the factor 1.01·ρ, valid for ρ ≤ 2^−7).
 */
export function expBinary(x: Ball, P: number): Ball {
  if (isExactZero(x)) return ONE;
  if (x.t !== 0) throw new RangeError('expBinary: decimal exponents are not supported');
  const lx = log2Upper(x);
  if (lx > MAX_LOG2_ARGUMENT) throw new NeedMorePrecision('expBinary: argument out of range');
  const W = P + 10;
  const lnBits = W + 16 + Math.max(0, Math.ceil(lx));
  const { v: X, err: xErr } = toFixed(midpoint(x), lnBits);
  const L = constantFixed('ln2', lnBits);
  // n from a double estimate: any integer near x/ln 2 keeps |r| small.
  const xd = Number(X >> BigInt(Math.max(0, lnBits - 60))) / 2 ** Math.min(lnBits, 60);
  const n = Math.round(xd / Math.LN2);
  const N = BigInt(n);
  const Rfull = X - N * L;
  const rErrFull = abs(N) * 2n + xErr;
  const shift = BigInt(lnBits - W);
  const R = Rfull >> shift;
  const xr = toFixed({ m: 0n, r: x.r, e: x.e, t: 0 }, W);
  const rErr = ((rErrFull + (1n << shift) - 1n) >> shift) + 1n + xr.err;
  const { v, err } = expFixed(R, W);
  if (bitLength(rErr) > W - 7) throw new NeedMorePrecision('expBinary: argument too uncertain');
  const spread = ((((v + err) * rErr * 101n) / 100n) >> BigInt(W)) + 1n;
  return norm({ m: v, r: err + spread, e: n - W, t: 0 }, P);
}

/**
 * log(1 + E) for an exact point or ball 0 < E ≤ 1 (softplus): 2·atanh(s), s = E/(2 + E) ≤ 1/3, summed as
 * s·Σ s^(2k)/(2k + 1) in fixed point (relative precision however small E is). Terms truncate with ≤ 2 units each;
 * the tail after the last nonzero term is below one unit (ratio s² ≤ 1/9). The input radius ρ widens the result
 * by ρ (|d log(1 + E)/dE| ≤ 1).
 */
export function log1pBinary(E: Ball, P: number): Ball {
  if (isExactZero(E)) return { m: 0n, r: 0n, e: 0, t: 0 };
  const W = P + 8;
  const WB = BigInt(W);
  const e = midpoint(E);
  // s = E/(2 + E), as a fixed-point number relative to its own size: S = s·2^(W + k).
  const k = Math.max(0, -Math.floor(log2Upper(e)));
  const { v: Ev } = toFixed(e, W + k);
  const twoPlus = (2n << BigInt(W + k)) + Ev;
  const S = (Ev << BigInt(W + k)) / twoPlus; // s·2^(W + k), error < 1 unit (+1 from Ev's truncation)
  // s² in units 2^−W (|s| ≤ 1/3).
  const S2 = (S * S) >> BigInt(W + 2 * k);
  let term = 1n << WB;
  let sum = term;
  let n = 0;
  for (let j = 3n; term !== 0n; j += 2n) {
    term = (term * S2) >> WB;
    sum += term / j;
    n++;
  }
  // Σ = sum·2^−W ± (2n + 3) units; the result 2·s·Σ.
  const sigma: Ball = { m: sum, r: BigInt(2 * n + 3), e: -W, t: 0 };
  const s: Ball = { m: S, r: 3n, e: -(W + k), t: 0 };
  const value = mul(mul(s, sigma, W), { m: 2n, r: 0n, e: 0, t: 0 }, W);
  return E.r === 0n ? norm(value, P) : widenAbs(value, { m: 0n, r: E.r, e: E.e, t: 0 }, P);
}

/** Counters for tests and benchmarks (terms of the positive erf series). */
export const binaryStatistics = { erfTerms: 0 };

/** erf(z/√2) and its derivative √(2/π)·e^(−z²/2) (the paper's activation and σ′). */
export interface ErfHalf {
  readonly value: Ball;
  readonly derivative: Ball;
}

/**
 * erf(z/√2) and √(2/π)·e^(−z²/2) for an exact point z, as balls with P-bit mantissas (the caller widens for a
 * radius of z: |σ′| ≤ 0.8).
 *
 * z²/2 ≥ (P + 4)·ln 2: erf = ±(1 − erfc) with 0 < erfc(|z|/√2) < e^(−z²/2) ≤ 2^−(P+4): the ball [1 − 2^−(P+4), 1].
 * Otherwise the series with positive terms erf(z/√2) = √(2/π)·z·e^(−z²/2)·Σ_k z^(2k)/(2k + 1)!! (no
 * cancellation, so no guard bits for it, where the alternating Maclaurin series needs 0.72z²): terms
 * T_k = ⌊⌊T_{k−1}·X/2^W⌋/(2k + 1)⌋ in fixed point, X = z² exact, W = P + 12 + log2(terms). Each truncation errs by
 * < 2 units and an error in T_{k−1} reaches T_k multiplied by z²/(2k + 1): E_k bounds the error of T_k by that
 * recurrence (doubles, rounded up by the final factor 1.001). Once z²/(2k + 3) < 1/2 and T_k = 0, the rest of the
 * series is below two units. The Gaussian factor is one binary exponential, shared with the derivative.
 */
export function erfHalfBinary(z: Ball, P: number): ErfHalf {
  if (z.r !== 0n || z.t !== 0) throw new RangeError('erfHalfBinary: z must be an exact binary point');
  const kConst: Ball = { m: constantFixed('invSqrt2Pi', P + 16) * 2n, r: 4n, e: -(P + 16), t: 0 };
  if (z.m === 0n) return { value: { m: 0n, r: 0n, e: 0, t: 0 }, derivative: norm(kConst, P) };
  const W0 = P + 8;
  const x2 = { m: z.m * z.m, r: 0n, e: 2 * z.e, t: 0 }; // z², exact
  const half =
    Number(x2.m >> BigInt(Math.max(0, bitLength(x2.m) - 60))) *
    2 ** (x2.e + Math.max(0, bitLength(x2.m) - 60) - 1);
  const gauss = expBinary({ m: -x2.m, r: 0n, e: x2.e - 1, t: 0 }, W0);
  const derivative = mul(gauss, kConst, P);
  if (half >= (P + 4) * Math.LN2) {
    const u = P + 4;
    const one: Ball = { m: (1n << BigInt(u)) - 1n, r: 1n, e: -u, t: 0 };
    return { value: z.m < 0n ? { ...one, m: -one.m } : one, derivative };
  }
  const xd = 2 * half;
  const abs2: Ball = z.m < 0n ? { ...z, m: -z.m } : z;
  // The tail: erfc(|z|/√2) = σ′(z)/G(z) needs only P + 4 − 1.443·z²/2 bits; the continued fraction of G takes
  // many more steps than the (bits·ln 2)²/(7a²) of the textbook estimate: measured (bench/special.bench.ts at
  // 140–700 bits) the series is cheaper up to z² ≈ 0.4·P.
  if (xd > 0.4 * P) {
    const Pe = Math.max(24, P + 8 - Math.floor(1.4427 * half));
    const g = millsContinuedFraction(abs2, Pe);
    // erf = 1 − σ′/G (the subtraction cancels fewer than 1.443·z²/2 ≥ P/4.3 bits, covered by Pe's derivation).
    const tail = div(derivative, g, Pe + 8);
    const v = sub(ONE, tail, P + 4);
    return { value: z.m < 0n ? { ...v, m: -v.m } : norm(v, P), derivative };
  }
  const series = positiveErfSeries(x2, xd, P);
  const value = mul(mul(z, series, W0), derivative, P);
  return { value, derivative };
}

/**
 * Σ_k X^k/(2k + 1)!! for an exact X ≥ 0 (X = z² for erf(z/√2), X = 2a² for erf(a)), xd ≈ X as a double, to
 * relative precision P: terms T_k = ⌊⌊T_{k−1}·X/2^W⌋/(2k + 1)⌋ in fixed point, W = P + 12 + log2(terms), all
 * positive (no cancellation, so no guard bits for it where the alternating Maclaurin series needs 1.443·X/2).
 * Each truncation errs by < 2 units and an error in T_{k−1} reaches T_k multiplied by X/(2k + 1): E_k bounds the
 * error of T_k by that recurrence (doubles, rounded up by the final factor 1.001). Once X/(2k + 3) < 1/2 and
 * T_k = 0, the rest of the series is below two units. The sum is ≥ 1, so these units are relative.
 */
export function positiveErfSeries(X: Ball, xd: number, P: number): Ball {
  const W = P + 12 + Math.ceil(Math.log2(4 * xd + P + 16));
  const WB = BigInt(W);
  const Xf = toFixed(X, W);
  const xErr = Number(Xf.err);
  let T = 1n << WB;
  let sum = T;
  let E = 0;
  let t = 1;
  let errSum = 0;
  for (let k = 1; ; k++) {
    const d = 2 * k + 1;
    T = ((T * Xf.v) >> WB) / BigInt(d);
    E = (E * (xd + xErr * 2 ** -W) + t * xErr + 1) / d + 1;
    t = (t * xd) / d;
    sum += T;
    errSum += E;
    if (T === 0n && xd / (d + 2) < 0.5) {
      errSum += E + 2;
      binaryStatistics.erfTerms += k;
      break;
    }
    if (k > 1_000_000) throw new NeedMorePrecision('positiveErfSeries: series did not settle');
  }
  return { m: sum, r: BigInt(Math.ceil(errSum * 1.001)) + 2n, e: -W, t: 0 };
}

/**
 * G(z) = z + 1/(z + 2/(z + 3/(z + …))) for an exact z > 0 (the reciprocal Mills ratio: 1 − Φ(z) = φ(z)/G(z)),
 * to relative precision Pe, by the forward recurrences A_k = z·A_{k−1} + k·A_{k−2}, B_k likewise (A_{−1} = 1,
 * A_0 = z, B_{−1} = 0, B_0 = 1). All partial numerators are positive, so consecutive convergents A_k/B_k bracket G.
 *
 * With `halfCoefficients` the partial numerators are k/2: Laplace's fraction g(a) = a + (1/2)/(a + 1/(a + …)) with
 * √π·e^(a²)·erfc(a) = 1/g(a), for erfc itself.
 *
 * Rounding: A and B are BigInts with a common scale; z·A and k·A/2 are truncated (< 1 unit each) and, when they
 * outgrow Pc + 64 bits, all four are shifted right together (< 1 unit each). A positive linear combination of
 * values with relative errors ≤ δ has relative error ≤ δ, and every value stays above 2^Pc units (B_{k−1} ≥
 * B_k/(z + k) after a shift to Pc + 64 bits, for z ≥ 1 and k < 2^22), so after k steps each of A_k, B_k carries a
 * relative error below 3k·2^−Pc, their quotient below 6k·2^−Pc plus one division unit; the radius allows
 * (16k + 32)·2^−Pc. The hull of the last two convergents, widened by that, is returned.
 */
export function millsContinuedFraction(z: Ball, Pe: number, halfCoefficients = false): Ball {
  if (z.t !== 0 || z.r !== 0n || bitLength(z.m) + z.e < 1 || z.m < 0n)
    throw new RangeError('millsContinuedFraction: z must be an exact binary point ≥ 1');
  const Pc = Pe + 40;
  const F = Math.max(Pc, -z.e);
  const Z = z.e >= -F ? z.m << BigInt(z.e + F) : 0n; // z·2^F exactly (z.e ≥ −F by the choice of F)
  const FB = BigInt(F);
  let aPrev = 1n << FB;
  let a = Z;
  let bPrev = 0n;
  let b = 1n << FB;
  let next = 4;
  for (let k = 1; ; k++) {
    const K = BigInt(k);
    const aNew = ((Z * a) >> FB) + (halfCoefficients ? (K * aPrev) >> 1n : K * aPrev);
    const bNew = ((Z * b) >> FB) + (halfCoefficients ? (K * bPrev) >> 1n : K * bPrev);
    aPrev = a;
    a = aNew;
    bPrev = b;
    b = bNew;
    const excess = bitLength(b) - (Pc + 64);
    if (excess > 0) {
      const s = BigInt(excess);
      a >>= s;
      b >>= s;
      aPrev >>= s;
      bPrev >>= s;
    }
    if (k >= next) {
      // |A_k/B_k − A_{k−1}/B_{k−1}| = |A_k B_{k−1} − A_{k−1} B_k|/(B_k B_{k−1}) against 2^−(Pe+4)·A_k/B_k.
      const cross = a * bPrev - aPrev * b;
      const diff = cross < 0n ? -cross : cross;
      if (bitLength(diff) + Pe + 4 <= bitLength(a * bPrev) - 1) {
        const sh = Pc + 8;
        const S = BigInt(sh);
        const g1 = (a << S) / b;
        const g0 = (aPrev << S) / bPrev;
        const lo = g1 < g0 ? g1 : g0;
        const hi = g1 < g0 ? g0 : g1;
        const mid = (lo + hi) >> 1n;
        const rel = BigInt(4 * k + 8);
        // Radius: half the bracket, one unit per quotient, and the relative rounding error of A and B.
        const r = ((hi - lo) >> 1n) + 2n + ((hi * rel) >> BigInt(Pc - 2));
        return norm({ m: mid, r, e: -sh, t: 0 }, Pe + 8);
      }
      next = Math.ceil(k * 1.25) + 1;
    }
    if (k > 1 << 22) throw new NeedMorePrecision('millsContinuedFraction: too slow');
  }
}
