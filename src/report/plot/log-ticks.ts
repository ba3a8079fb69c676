/** Ticks of a log axis, in exponents: the domain is [10^lo, 10^hi]. */
export interface LogTicks {
  readonly lo: number;
  readonly hi: number;
  /** Exponents of the labelled decades (every `stride`-th decade). */
  readonly major: readonly number[];
  /** Decades between labelled ones (1, 2, 5, 10, …). */
  readonly stride: number;
  /** log₁₀ of the unlabelled ticks: 2…9 × 10^k when the axis spans few decades, else the skipped decades. */
  readonly minor: readonly number[];
}

/** More labelled decades than this and the labels are thinned to every 2nd, 5th, … decade. */
const MAX_MAJOR = 8;
/** Up to this many decades, the 2…9 × 10^k ticks are drawn too. */
const MAX_DECADES_WITH_SUBTICKS = 6;

/**
 * Decade ticks for positive data in [min, max]: the domain is widened to whole decades (at least one), labels sit
 * at 10^k, thinned to every `stride`-th decade on wide axes (stride 1, 2, 5, 10, 20, 50, …).
 * Requires 0 < min ≤ max, both finite; otherwise the axis is [1, 10].
 */
export function logTicks(min: number, max: number): LogTicks {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) return logTicks(1, 10);
  // Math.log10 of an exact power of ten is exact in V8, but a value 1 ulp off a decade must not add a decade.
  let lo = Math.floor(Math.log10(min) + 1e-12);
  let hi = Math.ceil(Math.log10(max) - 1e-12);
  if (hi <= lo) hi = lo + 1;
  let stride = 1;
  for (let k = 1; Math.ceil((hi - lo) / stride) > MAX_MAJOR; k++) stride = strideAt(k);
  // `+ 0` turns the −0 of Math.ceil(−0.5) into 0.
  lo = Math.floor(lo / stride) * stride + 0;
  hi = Math.ceil(hi / stride) * stride + 0;
  const major: number[] = [];
  const minor: number[] = [];
  for (let e = lo; e <= hi; e++) {
    if (e % stride === 0) major.push(e);
    else minor.push(e);
    if (stride === 1 && hi - lo <= MAX_DECADES_WITH_SUBTICKS && e < hi) {
      for (let m = 2; m <= 9; m++) minor.push(e + Math.log10(m));
    }
  }
  return { lo, hi, major, stride, minor };
}

/** 1, 2, 5, 10, 20, 50, 100, … for k = 0, 1, 2, … */
function strideAt(k: number): number {
  const mantissa = k % 3 === 0 ? 1 : k % 3 === 1 ? 2 : 5;
  return mantissa * 10 ** Math.floor(k / 3);
}
