import { linearTicks } from './linear-ticks.js';
import { logTicks } from './log-ticks.js';

/** A tick in plotted coordinates; `label` is null for minor ticks. */
export interface AxisTick {
  readonly at: number;
  readonly label: TickLabel | null;
}

/** Tick text as mantissa and optional power of ten: `{ text: '10', exponent: '−3' }` is 10⁻³. */
export interface TickLabel {
  readonly text: string;
  readonly exponent?: string;
}

/**
 * One axis: how data values map to plotted coordinates (log₁₀ on a log axis), the domain [lo, hi] in those
 * coordinates, and its ticks.
 */
export interface AxisScale {
  readonly kind: 'linear' | 'log';
  readonly lo: number;
  readonly hi: number;
  readonly ticks: readonly AxisTick[];
  /** The plotted coordinate of a value, or undefined when it cannot be drawn (not finite; ≤ 0 on a log axis). */
  readonly transform: (value: number) => number | undefined;
}

/** The scale of an axis showing `values` (values that cannot be drawn are ignored; none left gives a unit axis). */
export function axisScale(kind: 'linear' | 'log', values: Iterable<number>): AxisScale {
  const transform = kind === 'log' ? toLog : toLinear;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (transform(v) === undefined) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (kind === 'log') {
    const t = min <= max ? logTicks(min, max) : logTicks(1, 10);
    const ticks: AxisTick[] = [
      ...t.major.map((e) => ({ at: e, label: { text: '10', exponent: minus(String(e)) } })),
      ...t.minor.map((at) => ({ at, label: null })),
    ];
    return { kind, lo: t.lo, hi: t.hi, ticks: ticks.sort((a, b) => a.at - b.at), transform };
  }
  const t = min <= max ? linearTicks(min, max) : linearTicks(0, 1);
  const big = Math.max(Math.abs(t.lo), Math.abs(t.hi));
  // Fixed notation while it stays short; otherwise every label as m × 10^e.
  const fixed = t.step >= 1e-4 && big < 1e6;
  const decimals = Math.max(0, -Math.floor(Math.log10(t.step) + 1e-9));
  const ticks = t.values.map((v) => ({
    at: v,
    label: fixed ? { text: minus(v.toFixed(decimals)) } : scientific(v),
  }));
  return { kind, lo: t.lo, hi: t.hi, ticks, transform };
}

function toLinear(v: number): number | undefined {
  return Number.isFinite(v) ? v : undefined;
}

function toLog(v: number): number | undefined {
  return Number.isFinite(v) && v > 0 ? Math.log10(v) : undefined;
}

/** The typographic minus sign. */
function minus(s: string): string {
  return s.replace(/^-/, '\u2212');
}

function scientific(v: number): TickLabel {
  if (v === 0) return { text: '0' };
  const [m = '0', e = '0'] = v.toExponential(6).split('e');
  const mantissa = m.replace(/\.?0+$/, '');
  return { text: minus(mantissa) + '\u00d710', exponent: minus(String(Number(e))) };
}
