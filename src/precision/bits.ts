// Bit-level helpers on BigInts, shared by the correctly rounded special functions and the binary-float sums of
// the network's Decimal loss.

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the 32-bit word holding the sign and exponent of a double (endianness of the platform). */
const HIGH = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;

/** Number of bits of |n| (0 for 0). */
export function bitLength(n: bigint): number {
  if (n < 0n) n = -n;
  if (n === 0n) return 0;
  const v = Number(n);
  if (v === Infinity) return bitLength(n >> 1000n) + 1000;
  // The exponent field of the nearest double: floor(log2 v). Rounding to nearest can carry n = 2^k − ε up to
  // v = 2^k (a zero mantissa field); only then one exact comparison decides between k and k + 1 bits.
  F64[0] = v;
  const high = U32[HIGH] as number;
  const k = (high >>> 20) - 1022;
  if ((high & 0xfffff) === 0 && U32[1 - HIGH] === 0 && k > 53 && n < 1n << BigInt(k - 1)) return k - 1;
  return k;
}
