import { erf64, erfcx64, expNegHalfSquare64 } from '../../precision/jet/index.js';

const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2_OVER_PI = 0.7978845608028654;
const INV_SQRT2 = 0.7071067811865476;

/** φ(x) = e^(−x²/2)/√(2π), relatively accurate for all x (the exponent is formed from the exact x). */
export function normalPdf64(x: number): number {
  return INV_SQRT_2PI * expNegHalfSquare64(x);
}

/** √(2/π)·e^(−x²/2) = d/dx erf(x/√2). */
export function erfHalfDerivative64(x: number): number {
  return SQRT_2_OVER_PI * expNegHalfSquare64(x);
}

/**
 * Φ(x), relatively accurate also in the lower tail: Φ(x) = ½ e^(−x²/2) erfcx(−x/√2) for x < 0. Rounding x/√2
 * there is harmless because erfcx has relative condition about 1 (e^(−x²/2) is formed from the exact x).
 */
export function normalCdf64(x: number): number {
  if (x < 0) return 0.5 * expNegHalfSquare64(x) * erfcx64(-x * INV_SQRT2);
  return 1 - 0.5 * expNegHalfSquare64(x) * erfcx64(x * INV_SQRT2);
}

/** erf(x/√2) = 2Φ(x) − 1, relatively accurate near 0 (series) and in the tails (via erfcx). */
export function erfHalf64(x: number): number {
  const u = x * INV_SQRT2;
  if (Math.abs(u) < 0.5) return erf64(u);
  const r = 1 - expNegHalfSquare64(x) * erfcx64(Math.abs(u));
  return x < 0 ? -r : r;
}
