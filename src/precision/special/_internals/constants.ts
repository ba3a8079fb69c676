import { type Ball } from './ball.js';

/**
 * Mathematical constants as fixed-point BigInts, computed once at the largest precision asked for and cut down
 * for smaller requests. Every constant returned by `constant(name, bits)` is c·2^bits rounded down, with an error
 * below 2 units (the series below are summed with 20 extra bits, then floored).
 */
type Name = 'ln2' | 'ln10' | 'pi' | 'invSqrtPi' | 'twoOverSqrtPi' | 'invSqrt2' | 'invSqrt2Pi';

const cache = new Map<Name, { bits: number; value: bigint }>();

/** atanh(1/k)·2^W, truncated termwise: error ≤ 2 units per term (one for each division). */
function atanhInv(k: bigint, W: number): bigint {
  const k2 = k * k;
  let power = (1n << BigInt(W)) / k;
  let sum = power;
  for (let n = 3n; power !== 0n; n += 2n) {
    power /= k2;
    sum += power / n;
  }
  return sum;
}

/** atan(1/k)·2^W (alternating version of the above). */
function atanInv(k: bigint, W: number): bigint {
  const k2 = k * k;
  let power = (1n << BigInt(W)) / k;
  let sum = power;
  let sign = -1n;
  for (let n = 3n; power !== 0n; n += 2n) {
    power /= k2;
    sum += (sign * power) / n;
    sign = -sign;
  }
  return sum;
}

/** floor(sqrt(n)) by Newton's iteration from an overestimate. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

function compute(name: Name, bits: number): bigint {
  // 20 guard bits: the series make at most ~2·bits truncations of one unit each, far below 2^20 units.
  const W = bits + 20;
  const G = 20n;
  switch (name) {
    case 'ln2':
      // ln 2 = 18 atanh(1/26) − 2 atanh(1/4801) + 8 atanh(1/8749)
      return (18n * atanhInv(26n, W) - 2n * atanhInv(4801n, W) + 8n * atanhInv(8749n, W)) >> G;
    case 'ln10':
      // ln 10 = 3 ln 2 + ln(5/4), ln(5/4) = 2 atanh(1/9)
      return (
        (3n * (18n * atanhInv(26n, W) - 2n * atanhInv(4801n, W) + 8n * atanhInv(8749n, W)) +
          2n * atanhInv(9n, W)) >>
        G
      );
    case 'pi':
      // Machin: π = 16 atan(1/5) − 4 atan(1/239)
      return (16n * atanInv(5n, W) - 4n * atanInv(239n, W)) >> G;
    case 'invSqrtPi': {
      // 2^W/√π = sqrt(2^(2W)·2^W/(π·2^W)); π carries ≤ 2^−(W+18) relative error here.
      const pi = 16n * atanInv(5n, W) - 4n * atanInv(239n, W);
      return isqrt((1n << BigInt(3 * W)) / pi) >> G;
    }
    case 'twoOverSqrtPi': {
      const pi = 16n * atanInv(5n, W) - 4n * atanInv(239n, W);
      return isqrt((1n << BigInt(3 * W + 2)) / pi) >> G;
    }
    case 'invSqrt2':
      return isqrt(1n << BigInt(2 * W - 1)) >> G;
    case 'invSqrt2Pi': {
      const pi = 16n * atanInv(5n, W) - 4n * atanInv(239n, W);
      return isqrt((1n << BigInt(3 * W - 1)) / pi) >> G;
    }
  }
}

/** The constant times 2^bits, rounded down, with an error below 2 units. */
export function constantFixed(name: Name, bits: number): bigint {
  const hit = cache.get(name);
  if (hit !== undefined && hit.bits >= bits) return hit.value >> BigInt(hit.bits - bits);
  // Grow geometrically so that a slowly rising precision does not recompute every time.
  const b = Math.max(bits, hit === undefined ? 0 : Math.ceil(hit.bits * 1.5), 256);
  const value = compute(name, b);
  cache.set(name, { bits: b, value });
  return value >> BigInt(b - bits);
}

/** The constant as a ball with `bits` fractional bits. */
export function constant(name: Name, bits: number): Ball {
  return { m: constantFixed(name, bits), r: 2n, e: -bits, t: 0 };
}
