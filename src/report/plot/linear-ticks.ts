/** Ticks of a linear axis: a domain widened to whole steps, and the tick values in it. */
export interface LinearTicks {
  readonly lo: number;
  readonly hi: number;
  /** 1, 2 or 5 times a power of ten. */
  readonly step: number;
  readonly values: readonly number[];
}

/**
 * "Nice" ticks for data in [min, max]: the step is 1, 2 or 5 × 10^k chosen so that about `target` intervals cover
 * the data, and the domain is widened to whole steps, so both ends carry a tick. A degenerate range (min = max, or
 * narrower than 1e-12 of the values) is widened by 10 % of the value (to [−1, 1] around 0); non-finite input gives
 * [0, 1].
 */
export function linearTicks(min: number, max: number, target = 5): LinearTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) return linearTicks(0, 1, target);
  // A range below 1e-12 of the values' size cannot be resolved by ticks written as doubles (i·step would not
  // step through it): it is treated as a single value.
  const size = Math.max(Math.abs(min), Math.abs(max));
  if (max - min <= size * 1e-12 || max - min < Number.MIN_VALUE * 1e12) {
    const mid = min / 2 + max / 2;
    // (At least 1e-300, so that subnormal values get a range ticks can resolve.)
    const pad = mid === 0 ? 1 : Math.max(Math.abs(mid) * 0.1, 1e-300);
    const clamp = (v: number): number => Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, v));
    return linearTicks(clamp(mid - pad), clamp(mid + pad), target);
  }
  // Halving first keeps (max − min) finite for ranges such as [−1e308, 1e308].
  const raw = ((max / 2 - min / 2) / target) * 2;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  // The 1e-9 slack keeps a data end that is a whole step up to rounding (0.30000000000000004) from adding a tick.
  let i0 = Math.floor(min / step + 1e-9);
  let i1 = Math.ceil(max / step - 1e-9);
  // i·step rounded to the step's decimals: 3 × 0.1 is shown and compared as 0.3.
  const decimals = -Math.floor(Math.log10(step) + 1e-9);
  const round = (v: number): number => (decimals > 0 && decimals <= 100 ? Number(v.toFixed(decimals)) : v);
  // min/step can round up to a whole number when min is many steps from 0 (999999.9999999999 with step 2e-7):
  // move the end ticks out until they cover the data (a step or two at most).
  for (let k = 0; k < 4 && round(i0 * step) > min + 1e-9 * step; k++) i0--;
  for (let k = 0; k < 4 && round(i1 * step) < max - 1e-9 * step; k++) i1++;
  const values: number[] = [];
  for (let i = i0; i <= i1; i++) values.push(round(i * step));
  const lo = values[0];
  const hi = values[values.length - 1];
  // Near the top of the double range a whole step can overflow: keep the data's own ends then.
  if (lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    return { lo: min, hi: max, step, values: values.filter((v) => v >= min && v <= max) };
  }
  return { lo, hi, step, values };
}
