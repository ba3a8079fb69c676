import type { Decimal } from 'decimal.js';
import type { Activation } from '../../activations/index.js';
import { bitLength } from '../../precision/bits.js';
import type { Precision } from '../../precision/context.js';
import { NeedMorePrecision, type Ball } from '../../precision/binary/index.js';
import { derivativeBound, type BinaryDerivatives } from './binary-activation.js';
import { bfFromDecimal, bfToDecimal, normalise, type BinaryFloat } from './binary-float.js';

/**
 * The per-sample pieces of the Decimal loss in binary: cached reading of Decimals, exact dot products and sums,
 * and σ^(j)(z) with a checked error bound. See loss.ts for how they fit together.
 */

/** Binary readings of Decimals, by the Decimal object (Decimals are immutable, so a reading never goes stale; a
 * dataset's nodes, targets and weights are read once however often the loss is evaluated). */
const readings = new WeakMap<Decimal, { readonly bits: number; readonly value: BinaryFloat }>();

/** v read with at least `readBits` bits (truncated: relative error < 2^(1−readBits)), then cut to W bits. */
export function cachedBinary(v: Decimal, readBits: number, W: number): BinaryFloat {
  let hit = readings.get(v);
  if (hit === undefined || hit.bits < readBits) {
    hit = { bits: readBits, value: bfFromDecimal(v, readBits) };
    readings.set(v, hit);
  }
  return normalise(hit.value.m, hit.value.e, W);
}

function top(x: BinaryFloat): number {
  return bitLength(x.m) + x.e;
}

/**
 * Σ w_j·x_j exactly (every product is exact and the sum is aligned without loss), as a ball whose radius is the
 * reading error of its inputs: each was read with relative error < 2^(1−readBits), so a product errs by
 * < 2^(3−readBits)·|w_j x_j| and the sum by that times Σ|w_j x_j| ≤ n·2^maxTop. The midpoint is cut to readBits
 * bits (one more unit of radius).
 */
export function exactDot(
  w: readonly BinaryFloat[],
  x: readonly BinaryFloat[],
  n: number,
  readBits: number,
): Ball {
  let e = Infinity;
  let maxTop = -Infinity;
  for (let j = 0; j < n; j++) {
    const a = w[j] as BinaryFloat;
    const b = x[j] as BinaryFloat;
    if (a.m === 0n || b.m === 0n) continue;
    e = Math.min(e, a.e + b.e);
    maxTop = Math.max(maxTop, top(a) + top(b));
  }
  if (e === Infinity) return { m: 0n, r: 0n, e: 0, t: 0 };
  // Terms far below the largest are cut at 2^(maxTop − readBits − 64) (error counted in the radius).
  const floor = Math.max(e, maxTop - readBits - 64);
  let m = 0n;
  for (let j = 0; j < n; j++) {
    const a = w[j] as BinaryFloat;
    const b = x[j] as BinaryFloat;
    if (a.m === 0n || b.m === 0n) continue;
    const p = a.m * b.m;
    const s = a.e + b.e - floor;
    m += s >= 0 ? p << BigInt(s) : p >> BigInt(-s);
  }
  // Radius in units of 2^floor: n·2^(maxTop + 3 − readBits) for the readings plus n for the cut terms.
  const readErr = Math.max(0, maxTop + 3 - readBits - floor);
  let r = (BigInt(n) << BigInt(readErr)) + BigInt(n);
  // Cut the midpoint to readBits bits.
  const k = bitLength(m) - readBits;
  if (k > 0) {
    const K = BigInt(k);
    m >>= K;
    r = (r >> K) + 2n;
    return { m, r, e: floor + k, t: 0 };
  }
  return { m, r, e: floor, t: 0 };
}

/** Σ terms to W bits: exact above 2^(top − W − 64), truncated below (a relative 2^−60 of one unit at most). */
export function exactSum(terms: readonly BinaryFloat[], W: number): BinaryFloat {
  let maxTop = -Infinity;
  let e = Infinity;
  for (const t of terms) {
    if (t.m === 0n) continue;
    maxTop = Math.max(maxTop, top(t));
    e = Math.min(e, t.e);
  }
  if (e === Infinity) return { m: 0n, e: 0 };
  const floor = Math.max(e, maxTop - W - 64);
  let m = 0n;
  for (const t of terms) {
    if (t.m === 0n) continue;
    const s = t.e - floor;
    m += s >= 0 ? t.m << BigInt(s) : t.m >> BigInt(-s);
  }
  return normalise(m, floor, W);
}

/** log2 of the largest |value| in a ball (−Infinity for an exact zero). */
function log2Hi(b: Ball): number {
  const v = (b.m < 0n ? -b.m : b.m) + b.r;
  if (v === 0n) return -Infinity;
  const n = bitLength(v);
  return Math.log2(Number(v >> BigInt(Math.max(0, n - 60)))) + Math.max(0, n - 60) + b.e;
}

function log2Mid(b: Ball): number {
  return log2Hi({ m: b.m, r: 0n, e: b.e, t: 0 });
}

function log2Radius(b: Ball): number {
  return log2Hi({ m: 0n, r: b.r, e: b.e, t: 0 });
}

/** Attempts of the binary kernel (P = W + 8, + 40, + 72, …) before the Decimal path is used. */
const ATTEMPTS = 3;

/** Counters for tests and benchmarks: binary evaluations, retries, Decimal fallbacks. */
export const activationStatistics = { binary: 0, retries: 0, decimal: 0 };

/**
 * σ^(j)(z), j ≤ order, as W-bit binary floats, each within 2^−W of max(|σ^(j)(z)|, max_i |σ^(i)(z)|) (the accuracy
 * of `Activation.derivatives` at W bits: relative, or absolute at the scale of the largest derivative where a
 * derivative has a zero). The binary closed forms give balls; the input radius ρ of z widens σ^(j) by
 * 2·|σ^(j+1)(z)|·ρ (one order more is computed for that, except for j = order where the activation has a global
 * bound sup|σ^(order+1)| (`derivativeBound`), or z is exact; the factor 2 covers the change of σ^(j+1) across a
 * ball of radius ρ ≤ 2^−(W−8)·(1 + |z|)). When a ball is too wide the kernel is repeated with 32 more bits; without a
 * binary form, or when it keeps failing, `Activation.derivatives` at the decimal value of z (exact) is used.
 */
export function activationAt(
  activation: Activation,
  kernel: BinaryDerivatives | undefined,
  z: Ball,
  order: number,
  W: number,
  g: Precision,
): BinaryFloat[] {
  if (kernel !== undefined) {
    const mid: Ball = { m: z.m, r: 0n, e: z.e, t: 0 };
    const rho = log2Radius(z);
    // σ^(order+1) is needed only to widen σ^(order) by the input radius: a global bound does it without a per-sample
    // evaluation where one is known (tanh, sigmoid, erf); otherwise one order more is computed (up to 3). Where the
    // bound is too loose (all derivatives tiny: sigmoid far left), σ^(order+1) is computed at the same bits instead.
    let bound = rho === -Infinity ? 0 : derivativeBound(activation, order + 1);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const P = W + 8 + 32 * attempt;
      const want = bound === undefined ? Math.min(3, order + 1) : order;
      let balls: Ball[];
      try {
        balls = kernel(mid, want, P);
      } catch (e) {
        if (e instanceof NeedMorePrecision) break;
        throw e;
      }
      let scale = -Infinity;
      for (let j = 0; j <= order; j++) scale = Math.max(scale, log2Mid(balls[j] as Ball));
      let ok = true;
      for (let j = 0; j <= order && ok; j++) {
        const b = balls[j] as Ball;
        const widen =
          j + 1 < balls.length
            ? 1 + log2Hi(balls[j + 1] as Ball) + rho
            : bound !== undefined
              ? 1 + Math.log2(bound) + rho
              : rho + scale + 4;
        // log2(radius + widening) ≤ 1 + max of the two; must be ≤ log2 max(|σ^(j)|, scale) − W.
        const err = 1 + Math.max(log2Radius(b), widen);
        if (err > Math.max(log2Mid(b), scale) - W) ok = false;
      }
      if (ok) {
        activationStatistics.binary++;
        const out: BinaryFloat[] = [];
        for (let j = 0; j <= order; j++) {
          const b = balls[j] as Ball;
          out.push(normalise(b.m, b.e, W));
        }
        return out;
      }
      if (bound !== undefined && bound !== 0) {
        bound = undefined;
        attempt--;
        continue;
      }
      activationStatistics.retries++;
    }
  }
  activationStatistics.decimal++;
  const zDec = bfToDecimal({ m: z.m, e: z.e }, g);
  return activation.derivatives(zDec, order, g).map((v) => bfFromDecimal(v, W));
}
