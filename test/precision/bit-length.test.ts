import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { bitLength } from '../../src/precision/special/_internals/ball.js';

// bitLength estimates from the nearest double and corrects by exact shifts; the reference prints the number in
// binary (independent and obviously right).
const naive = (n: bigint): number => (n === 0n ? 0 : (n < 0n ? -n : n).toString(2).length);

describe('bitLength', () => {
  it('is exact next to every power of two up to 2^5000 (where the double rounds up to the next power)', () => {
    for (let b = 0; b <= 5000; b++) {
      for (const d of [-1n, 0n, 1n]) {
        const n = (1n << BigInt(b)) + d;
        expect(bitLength(n)).toBe(naive(n));
        expect(bitLength(-n)).toBe(naive(n));
      }
    }
  });

  test.prop([fc.bigInt({ min: -(1n << 4000n), max: 1n << 4000n }), fc.integer({ min: 0, max: 3900 })])(
    'agrees with the binary string length',
    (n, s) => {
      expect(bitLength(n >> BigInt(s))).toBe(naive(n >> BigInt(s)));
    },
  );
});
