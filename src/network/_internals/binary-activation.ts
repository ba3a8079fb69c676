import type { Activation } from '../../activations/index.js';
import {
  type Ball,
  NeedMorePrecision,
  ONE,
  abs,
  add,
  bitLength,
  div,
  erfHalfBinary,
  expBinary,
  expm1Binary,
  log1pBinary,
  mul,
  mul2k,
  mulInt,
  neg,
  sub,
} from '../../precision/binary/index.js';

/**
 * σ(z), …, σ^(order)(z) of a registered activation as binary balls at an exact binary point z (the Decimal loss's
 * inner loop), from the same closed forms as the activations' Decimal fast path (activations/_internals/
 * closed-decimal.ts) but in BigInt ball arithmetic: no Decimal, no string, no correct rounding. Each entry is a
 * rigorous enclosure; the caller checks its radius. Orders ≤ 3. Undefined for activations without a binary form
 * (formulas, relu, gelu): the loss then uses `Activation.derivatives`.
 */
export type BinaryDerivatives = (z: Ball, order: number, P: number) => Ball[];

const TWO: Ball = { m: 2n, r: 0n, e: 0, t: 0 };

/** Below this |x| the difference 1 − e^(−|x|) is taken from expm1 (relative precision), above it cancels < 1.4 bits. */
const EXPM1_BELOW = 0.375;

/** The logistic pair at x (as closed-decimal.ts's logisticPair): s = σ(x), q = σ(−x), d = q − s, all relatively
 * accurate, from E = e^(−|x|): σ(|x|) = 1/(1 + E), σ(−|x|) = E/(1 + E), |d| = (1 − E)/(1 + E), sq = E/(1 + E)². */
interface Pair {
  readonly s: Ball;
  readonly q: Ball;
  readonly d: Ball;
  readonly sq: Ball;
}

function isNegative(x: Ball): boolean {
  return x.m < 0n;
}

function absBall(x: Ball): Ball {
  return x.m < 0n ? neg(x) : x;
}

function magnitude(x: Ball): number {
  // |x| as a double (for choosing a method only).
  const b = bitLength(x.m);
  return b === 0 ? 0 : Number(abs(x.m) >> BigInt(Math.max(0, b - 60))) * 2 ** (x.e + Math.max(0, b - 60));
}

/** 1 − e^(−a) for a ≥ 0 (a ball), relatively accurate, and E = e^(−a). */
function oneMinusExp(a: Ball, P: number): { E: Ball; oneMinusE: Ball } {
  const E = expBinary(neg(a), P);
  const oneMinusE = magnitude(a) < EXPM1_BELOW ? neg(expm1Binary(neg(a), P)) : sub(ONE, E, P);
  return { E, oneMinusE };
}

function logisticPair(x: Ball, P: number): Pair {
  const { E, oneMinusE } = oneMinusExp(absBall(x), P);
  const onePlusE = add(ONE, E, P);
  const big = div(ONE, onePlusE, P);
  const small = div(E, onePlusE, P);
  const dAbs = div(oneMinusE, onePlusE, P);
  const sq = mul(small, big, P);
  return isNegative(x) ? { s: small, q: big, d: dAbs, sq } : { s: big, q: small, d: neg(dAbs), sq };
}

/** tanh: t = sign·(1 − E)/(1 + E), sech² = 4E/(1 + E)² with E = e^(−2|x|); t″ = −2t·sech², t‴ = sech²(4t² − 2sech²). */
const tanhBinary: BinaryDerivatives = (x, order, P) => {
  const { E, oneMinusE } = oneMinusExp(mul2k(absBall(x), 1), P);
  // One division: inv = 1/(1 + E), then |t| = (1 − E)·inv and sech² = 4E·inv² (products are cheaper than quotients).
  const inv = div(ONE, add(ONE, E, P), P);
  const tAbs = mul(oneMinusE, inv, P);
  const t = isNegative(x) ? neg(tAbs) : tAbs;
  const out = [t];
  if (order === 0) return out;
  const s2 = mul2k(mul(mul(E, inv, P), inv, P), 2);
  out.push(s2);
  if (order >= 2) out.push(mul2k(neg(mul(t, s2, P)), 1));
  if (order >= 3) out.push(mul(s2, sub(mul2k(mul(t, t, P), 2), mul2k(s2, 1), P), P));
  return out;
};

/** σ′ = sq, σ″ = sq·d, σ‴ = sq(1 − 6sq). */
const sigmoidBinary: BinaryDerivatives = (x, order, P) => {
  const { s, d, sq } = logisticPair(x, P);
  const out = [s];
  if (order >= 1) out.push(sq);
  if (order >= 2) out.push(mul(sq, d, P));
  if (order >= 3) out.push(mul(sq, sub(ONE, mulInt(sq, 6n, P), P), P));
  return out;
};

/** softplus = log1p(e^(−|x|)) + max(x, 0) (two non-negative terms), then σ, σ′, σ″. */
function softplusValue(x: Ball, E: Ball, P: number): Ball {
  const l = log1pBinary(E, P);
  return isNegative(x) ? l : add(x, l, P);
}

const softplusBinary: BinaryDerivatives = (x, order, P) => {
  const E = expBinary(neg(absBall(x)), P);
  const out = [softplusValue(x, E, P)];
  if (order === 0) return out;
  const { s, d, sq } = logisticPair(x, P);
  out.push(s);
  if (order >= 2) out.push(sq);
  if (order >= 3) out.push(mul(sq, d, P));
  return out;
};

/** The paper's erf(x/√2): σ′ = 2φ, σ″ = −x·σ′, σ‴ = (x² − 1)·σ′. */
const erfBinary: BinaryDerivatives = (x, order, P) => {
  const { value, derivative } = erfHalfBinary(x, P);
  const out = [value];
  if (order >= 1) out.push(derivative);
  if (order >= 2) out.push(neg(mul(derivative, x, P)));
  if (order >= 3) out.push(mul(derivative, sub(mul(x, x, 2 * bitLength(x.m) + 8), ONE, P), P));
  return out;
};

/** silu = xσ: s(1 + xq), sq(2 + x·d), sq(d(3 + x·d) − 2x·sq). */
const siluBinary: BinaryDerivatives = (x, order, P) => {
  const { s, q, d, sq } = logisticPair(x, P);
  const out = [mul(s, x, P)];
  if (order >= 1) out.push(mul(s, add(ONE, mul(q, x, P), P), P));
  const xd = mul(x, d, P);
  if (order >= 2) out.push(mul(sq, add(TWO, xd, P), P));
  if (order >= 3) {
    const inner = sub(mul(d, add({ m: 3n, r: 0n, e: 0, t: 0 }, xd, P), P), mul2k(mul(x, sq, P), 1), P);
    out.push(mul(sq, inner, P));
  }
  return out;
};

/** g = σ(4x) + softplus(x): g′ = 4s₄q₄ + s, g″ = 16s₄q₄d₄ + sq, g‴ = 64s₄q₄(1 − 6s₄q₄) + sq·d. */
const gBinary: BinaryDerivatives = (x, order, P) => {
  const x4 = mul2k(x, 2);
  const four = logisticPair(x4, P);
  const E = expBinary(neg(absBall(x)), P);
  const sp = softplusValue(x, E, P);
  const out = [add(four.s, sp, P)];
  if (order === 0) return out;
  const one = logisticPair(x, P);
  out.push(add(mul2k(four.sq, 2), one.s, P));
  if (order >= 2) out.push(add(mul2k(mul(four.sq, four.d, P), 4), one.sq, P));
  if (order >= 3) {
    const c = mul2k(mul(four.sq, sub(ONE, mulInt(four.sq, 6n, P), P), P), 6);
    out.push(add(c, mul(one.sq, one.d, P), P));
  }
  return out;
};

const BINARY: ReadonlyMap<string, BinaryDerivatives> = new Map([
  ['tanh', tanhBinary],
  ['sigmoid', sigmoidBinary],
  ['softplus', softplusBinary],
  ['erf', erfBinary],
  ['silu', siluBinary],
  ['g', gBinary],
]);

/**
 * sup over ℝ of |σ^(k)| for k = 1, 2, 3 (index k − 1), rounded up, where a closed form gives it:
 *   tanh: sech² ≤ 1; |−2t·sech²| ≤ 4/(3√3) < 0.7699 (t² = 1/3); t‴ = (1 − t²)(6t² − 2) ∈ [−2, 2/3].
 *   sigmoid: s(1 − s) ≤ 1/4; |s(1 − s)(1 − 2s)| ≤ √3/18 < 0.0963; q = s(1 − s) ∈ (0, 1/4]: |q(1 − 6q)| ≤ 1/8.
 *   erf(x/√2): σ′ = √(2/π)·e^(−x²/2) < 0.7979; |x|·σ′ ≤ √(2/π)·e^(−1/2) < 0.4840; |x² − 1|·σ′ ≤ √(2/π) (at 0).
 * The loss widens σ^(order) by the input radius times sup|σ^(order+1)| instead of computing σ^(order+1) per sample.
 */
const DERIVATIVE_BOUNDS: ReadonlyMap<string, readonly number[]> = new Map([
  ['tanh', [1, 0.7699, 2]],
  ['sigmoid', [0.25, 0.0963, 0.125]],
  ['erf', [0.7979, 0.484, 0.7979]],
]);

/** sup|σ^(k)| over ℝ (k = 1, 2, 3) of a registered activation, or undefined where no bound is known. */
export function derivativeBound(activation: Activation, k: number): number | undefined {
  return activation.kind === 'registered' ? DERIVATIVE_BOUNDS.get(activation.name)?.[k - 1] : undefined;
}

/** The binary closed forms of a registered activation, or undefined (formulas, relu, gelu). */
export function binaryDerivativesOf(activation: Activation): BinaryDerivatives | undefined {
  return activation.kind === 'registered' ? BINARY.get(activation.name) : undefined;
}

export { NeedMorePrecision };
