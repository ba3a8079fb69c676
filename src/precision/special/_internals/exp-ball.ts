import {
  type Ball,
  NeedMorePrecision,
  ONE,
  TWO,
  abs,
  add,
  bitLength,
  isExactZero,
  log2Lower,
  log2Upper,
  midpoint,
  mul,
  mul2k,
  norm,
  plain,
  sub,
  toFixed,
  widenAbs,
} from './ball.js';
import { constantFixed } from './constants.js';

/**
 * e^x is represented for |x| ≤ EXP_LIMIT = 2.0725e16: then its decimal exponent round(x/ln 10) ≤ 9.0007e15 is a
 * safe integer, and every value of decimal.js's exponent range (maxE = 9e15, minE = −9e15: 9e15·ln 10 ≈
 * 2.07233e16) is reached. Beyond, e^x is certainly above 10^(9.0003e15) (overflow in every context) or below
 * 10^(−9.0003e15) (underflow to 0): the two marker balls below stand for those cases (their decimal exponents
 * ±2e16 are not the values' own); sums absorb them and the final rounding maps them to Infinity and 0.
 */
export const EXP_LIMIT = 2.0725e16;
const HUGE_T = 2e16;
export const OVERFLOW: Ball = { m: 2n, r: 1n, e: 0, t: HUGE_T };
export const UNDERFLOW: Ball = { m: 1n, r: 1n, e: 0, t: -HUGE_T };
/** log2(EXP_LIMIT), a little below the true value (the comparisons use double estimates). */
const LOG2_EXP_LIMIT = Math.log2(EXP_LIMIT) - 1e-9;

/**
 * e^r·2^W for r = R·2^−W with |r| ≤ 4. Returns v and a bound `err` on |v − e^r·2^W| (in units 2^−W).
 *
 * Method: halve s times (exact: reinterpret the scale), sum the Taylor series of e^y for |y| ≤ 2^−k0 in fixed
 * point with Wi = W + s + 8 fractional bits, square s times. Cost ~ W/k0 + s multiplications; k0 ≈ √W/1.5
 * balances the two.
 *
 * Error: each series term is floor-multiplied and truncated-divided (≤ 2 units, and earlier errors shrink by
 * |y|/k ≤ 2^−k0 per step), so the sum is within 2.01·(N + 2) units including the tail after the first term that
 * truncates to 0. Squaring doubles a relative error δ and adds ≤ 2^−Wi/v_min with v_min ≥ e^−|r|, so after s
 * squarings δ ≤ 2^s·(1.07·E_sum + e^|r|)·2^−Wi (1.07 ≥ e^|y|). Converting to units 2^−W (÷2^(Wi−W) = 2^(s+8)) the 2^s cancels:
 * |error| ≤ e^|r|·(1.07·E_sum + e^|r|)·1.01/256 + 1 (the +1 is the final floor). The 8 extra bits make this
 * a handful of units for N ≤ 1000 terms.
 */
export function expFixed(R: bigint, W: number): { v: bigint; err: bigint } {
  const rAbs = Number(abs(R) >> BigInt(Math.max(0, W - 60))) / 2 ** Math.min(W, 60);
  if (!(rAbs <= 4)) throw new Error(`expFixed: |r| = ${rAbs} > 4`);
  const k0 = Math.max(4, Math.round(Math.sqrt(W) / 1.5));
  const s = rAbs === 0 ? 0 : Math.max(0, Math.ceil(Math.log2(rAbs)) + k0);
  const Wi = W + s + 8;
  const WI = BigInt(Wi);
  const Y = R << 8n; // y = r/2^s with Wi fractional bits, exactly
  const one = 1n << WI;
  let term = one;
  let sum = one;
  let n = 0;
  for (let k = 1n; term !== 0n; k++) {
    term = ((term * Y) >> WI) / k;
    sum += term;
    n++;
  }
  for (let j = 0; j < s; j++) sum = (sum * sum) >> WI;
  const v = sum >> BigInt(Wi - W);
  const er = Math.exp(rAbs);
  const err = Math.ceil((er * (1.07 * 2.01 * (n + 2) + er) * 1.01) / 256) + 1;
  return { v, err: BigInt(err) };
}

/**
 * e^x as a ball with a P-bit mantissa and decimal exponent n = round(x/ln 10), so that e^(−10^6) costs the same
 * as e^1. x may be any ball; its radius ρ widens the result by the factor e^ρ.
 *
 * Guard bits: the reduction r = x − n·ln 10 is done with P + 10 + log2|x| + 16 absolute bits (|n|·ln 10 must be
 * exact to 2^−(P+10) although it is as large as |x|), so r carries ≤ 2^−(P+9) absolute error, i.e. e^r that much
 * relative error; expFixed adds a few units at 2^−(P+10). The result therefore has a relative radius of a few
 * units of 2^−(P+8) plus the input's own radius: P guard bits above the target digits suffice.
 */
export function expBall(x: Ball, P: number): Ball {
  if (isExactZero(x)) return ONE;
  const lx = log2Upper(x);
  if (log2Lower(x) > LOG2_EXP_LIMIT) return x.m > 0n ? OVERFLOW : UNDERFLOW;
  if (lx > LOG2_EXP_LIMIT + 1e-6) throw new NeedMorePrecision('exp argument straddles the exponent limit');
  const W = P + 10;
  const ln10Bits = W + 16 + Math.max(0, Math.ceil(lx));
  const xp = plain(x, ln10Bits);
  // n from a double estimate: any integer near x/ln 10 works, r merely has to stay within |r| ≤ 4.
  const xd =
    Number(xp.m >> BigInt(Math.max(0, bitLength(xp.m) - 60))) *
    2 ** (xp.e + Math.max(0, bitLength(xp.m) - 60));
  const n = Math.round(xd / Math.LN10);
  const { v: X, err: xErr } = toFixed(midpoint(xp), ln10Bits);
  const L = constantFixed('ln10', ln10Bits);
  const N = BigInt(n);
  // r·2^ln10Bits with error ≤ |n|·2 (the constant) + xErr units.
  const Rfull = X - N * L;
  const rErrFull = abs(N) * 2n + xErr;
  const shift = BigInt(ln10Bits - W);
  const R = Rfull >> shift;
  // The error of r in units 2^−W: the floor (≤ 1) plus the reduction error and the input radius.
  const xr = toFixed({ m: 0n, r: xp.r, e: xp.e, t: 0 }, W);
  const rErr = ((rErrFull + (1n << shift) - 1n) >> shift) + 1n + xr.err;
  const { v, err } = expFixed(R, W);
  // e^(r ± ρ) ⊆ e^r·(1 ± (e^ρ − 1)) and e^ρ − 1 ≤ 1.01·ρ for ρ ≤ 2^−7: add (v + err)·1.01·ρ.
  if (bitLength(rErr) > W - 7) throw new NeedMorePrecision('exp argument too uncertain');
  const spread = ((((v + err) * rErr * 101n) / 100n) >> BigInt(W)) + 1n;
  return norm({ m: v, r: err + spread, e: -W, t: n }, P);
}

/**
 * e^x − 1 with relative precision for every x.
 *
 * |x| ≥ 1/2: e^x − 1 from expBall; the subtraction cancels at most log2(e^0.5/(e^0.5 − 1)) < 1.4 bits, covered
 * by computing e^x with 4 extra bits.
 *
 * |x| < 1/2: y = x/2^s with |y| ≤ 2^−k0, expm1(y) = y·Σ y^k/(k+1)! (the sum is ≈ 1, so fixed point is relative
 * precision even for x = 1e−300), then s doublings expm1(2y) = u(u + 2). A doubling multiplies a relative error by
 * at most 1 + |u|/(u + 2) ≤ 1.25 (|u| ≤ e^0.5 − 1) and adds ≤ 3 roundings, so s doublings lose
 * 0.33·s + log2(3s + 1) bits: that many guard bits are added. No cancellation occurs (u and u + 2 never cancel).
 */
export function expm1Ball(x: Ball, P: number): Ball {
  if (isExactZero(x)) return { m: 0n, r: 0n, e: 0, t: 0 };
  const lx = log2Upper(x);
  if (lx >= -1) return sub(expBall(x, P + 4), ONE, P + 4);
  const k0 = Math.max(4, Math.round(Math.sqrt(P) / 1.5));
  const s = Math.max(0, Math.ceil(lx) + k0);
  const Pd = P + Math.ceil(0.33 * s + Math.log2(3 * s + 1)) + 4;
  const y = mul2k(midpoint(x), -s);
  // S(y) = Σ_{k≥0} y^k/(k+1)! in fixed point; Y carries ≤ 2 units of error, which moves S by < 2 units.
  const W = Pd + 8;
  const WB = BigInt(W);
  const { v: Y, err: yErr } = toFixed(y, W);
  let term = 1n << WB;
  let sum = term;
  let n = 0;
  for (let k = 2n; term !== 0n; k++) {
    term = ((term * Y) >> WB) / k;
    sum += term;
    n++;
  }
  // Same accounting as expFixed's series: ≤ 2.01 units per term and for the tail, plus Y's error.
  const S: Ball = { m: sum, r: BigInt(Math.ceil(2.01 * (n + 2))) + yErr, e: -W, t: 0 };
  let u = mul(y, S, Pd);
  for (let j = 0; j < s; j++) u = mul(u, add(u, TWO, Pd), Pd);
  // The input radius: |expm1'| = e^ξ ≤ e^0.51 < 1.7 on the ball.
  return widenAbs(u, { m: 0n, r: x.r * 17n, e: x.e, t: x.t - 1 }, P);
}
