import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { type Precision, precision } from '../../../../src/precision/context.js';
import { type Ball, ball } from '../../../../src/precision/ball/index.js';
import { tierRuns } from '../../../_support/tier.js';

/** Exact decimal arithmetic for the truth of + − ×, ends and interior points: 10^9 digits (decimal.js's maximum). */
export const X = Decimal.clone({
  precision: 1e9,
  rounding: Decimal.ROUND_HALF_EVEN,
  minE: -9e15,
  maxE: 9e15,
});

/** The truth context for a result at p: p + 50 digits. */
export function truthContext(p: Precision): Precision {
  return precision(p.digits + 50);
}

/**
 * A nonzero decimal c·10^q with |c| < 10^digits, built from a shrinkable bigint mantissa and a bounded exponent
 * (style.md), with log10|x| in [minLog, maxLog] roughly.
 */
export function decimalIn(minLog: number, maxLog: number, maxDigits: number): fc.Arbitrary<string> {
  return fc
    .record({
      digits: fc.integer({ min: 1, max: maxDigits }),
      mant: fc.bigInt({ min: 1n, max: 10n ** BigInt(maxDigits) - 1n }),
      lead: fc.integer({ min: minLog, max: maxLog }),
      negative: fc.boolean(),
    })
    .map(({ digits, mant, lead, negative }) => {
      const c = mant % 10n ** BigInt(digits) || 1n;
      const len = c.toString().length;
      // c·10^(lead − len + 1) has its leading digit at 10^lead.
      return `${negative ? '-' : ''}${c.toString()}e${lead - len + 1}`;
    });
}

/** Precisions of the property tests: 30 … 200 digits, biased to the small end (cost grows with the digits). */
export const digitsArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 30, max: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: 61, max: 200 }) },
);

/** How wide an argument ball is: a point, a rounding-sized radius, a moderate one, or a wide one. */
export type Width = 'point' | 'ulp' | 'narrow' | 'wide' | 'across';

/** A radius for midpoint `mid` at p digits: 0, about |mid|·10^−(p+k), |mid|·10^−(5+k) or |mid|·10^−(1+k), below
 * |mid| (lead < 10^4 placed four digits down) so that the ball excludes 0; or, 'across', 10^−7 … 10 times |mid|. */
export function radiusFor(mid: string, width: Width, k: number, lead: number, p: number): string {
  const m = new X(mid).abs();
  if (width === 'point' || m.isZero()) return '0';
  // 10^−7 … 10 times |mid|: the larger of these balls contain 0.
  if (width === 'across') return new X(`${lead}e${m.e - 6 + (k % 4)}`).toString();
  const shift = width === 'ulp' ? p + (k % 10) : width === 'narrow' ? 5 + (k % (p - 5)) : 1 + (k % 4);
  return new X(`${lead}e${m.e - shift - 3}`).toString();
}

/** A ball around a decimal from `mid`, with a radius of any of the widths (`across`, which may contain 0, only
 * with `acrossZero`). */
export function ballArb(
  mid: fc.Arbitrary<string>,
  digits: number,
  acrossZero = false,
): fc.Arbitrary<{ mid: string; rad: string }> {
  const widths: Width[] = ['point', 'ulp', 'narrow', 'wide', ...(acrossZero ? (['across'] as const) : [])];
  return fc
    .record({
      mid,
      width: fc.constantFrom<Width>(...widths),
      k: fc.integer({ min: 0, max: 1000 }),
      lead: fc.integer({ min: 1, max: 9999 }),
    })
    .map(({ mid: m, width, k, lead }) => ({ mid: m, rad: radiusFor(m, width, k, lead, digits) }));
}

/** The Ball of a generated pair. */
export function toBall(p: Precision, b: { mid: string; rad: string }): Ball {
  return ball(p, b.mid, b.rad);
}

/** Points of the ball where the truth is checked: both ends and an interior point at fraction u ∈ (−1, 1). */
export function samplePoints(b: { mid: string; rad: string }, u: number): string[] {
  const m = new X(b.mid);
  const r = new X(b.rad);
  if (r.isZero()) return [m.toString()];
  return [m.minus(r).toString(), m.plus(r).toString(), m.plus(r.times(u.toFixed(6))).toString()];
}

/** |v − mid| ≤ rad, decided exactly (the test's own check, independent of ballContains). */
export function contains(x: Ball, v: Decimal.Value): boolean {
  return new X(v).minus(x.mid).abs().lte(x.rad);
}

/** A message for a failed containment. */
export function outside(what: string, x: Ball, v: Decimal.Value): string {
  return `${what}: ${new X(v).toString()} not in ${x.mid.toString()} ± ${x.rad.toString()}`;
}

/**
 * Property runs: BALL_RUNS=n sets every containment law to n runs (the bar of issue 17 is 10^5 per operation,
 * beyond a test tier on a 2-core machine: 0.32 ms of CPU per case measured for + − × ÷, more for the functions);
 * otherwise `long` in the long tier and `quick` in the default one.
 */
export function ballRuns(long: number, quick: number): number {
  const fixed = process.env['BALL_RUNS'];
  if (fixed !== undefined && fixed !== '') return Number(fixed);
  return tierRuns(long, quick);
}
