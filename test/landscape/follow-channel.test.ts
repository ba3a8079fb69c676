import { readFileSync } from 'node:fs';
import type { Decimal } from 'decimal.js';
import { describe, expect, it, beforeAll } from 'vitest';
import { digitsForA, followChannel } from '../../src/landscape/follow-channel.js';
import { lossAndDerivatives } from '../../src/network/loss.js';
import { precision } from '../../src/precision/context.js';
import { gluData, gluNetwork, gluStart } from './_glu-teacher.js';

// Fixture written by scripts/golden/follow.py (mpmath's own valley-floor solve; 25 significant digits).
interface GoldenPoint {
  readonly A: string;
  readonly loss: string;
  readonly lossA4: string;
  readonly c: string;
  readonly a: string;
  readonly eps: string;
  readonly wMinus1: string;
}
const golden = JSON.parse(readFileSync('test/fixtures/follow-glu-teacher.json', 'utf8')) as {
  points: GoldenPoint[];
};
const Q = precision(60);
const relClose = (x: Decimal.Value, y: Decimal.Value, digits: number): boolean => {
  const a = new Q.D(x);
  const b = new Q.D(y);
  return a
    .minus(b)
    .abs()
    .lte(b.abs().times(new Q.D(10).pow(-digits)));
};

describe('followChannel on glu-teacher', () => {
  const values = ['10', '1e10', '1e20', '1e30'];
  let out!: ReturnType<typeof followChannel>;
  beforeAll(() => {
    out = followChannel(gluNetwork, gluData, gluStart(precision(40)), '1e30', { values });
  });

  it('reaches |A| = 1e30 with the working digits chosen from A', () => {
    expect(out.kind).toBe('reached');
    expect(out.points.map((p) => p.A.toNumber())).toEqual([4.75, 10, 1e10, 1e20, 1e30]);
    for (const p of out.points) expect(p.digits).toBe(digitsForA(p.A));
    expect(digitsForA('1e30')).toBe(120);
  });

  it('agrees with mpmath’s independent valley-floor solve (loss·A⁴ to 19 digits, c, a, ε, w − 1)', () => {
    for (const g of golden.points.filter((p) => values.includes(p.A))) {
      const p = out.points.find((x) => x.A.eq(g.A));
      expect(p, g.A).toBeDefined();
      if (p === undefined) continue;
      expect(relClose(p.loss, g.loss, 19), `loss at ${g.A}`).toBe(true);
      expect(relClose(p.loss.times(new Q.D(g.A).pow(4)), g.lossA4, 19), `loss·A⁴ at ${g.A}`).toBe(true);
      expect(relClose(p.c, g.c, 19)).toBe(true);
      expect(relClose(p.a, g.a, 19)).toBe(true);
      expect(relClose(p.eps, g.eps, 19)).toBe(true);
      // w − 1 is resolved only to 20 digits of w itself.
      expect(new Q.D(p.w[0] as Decimal).minus(1).minus(g.wMinus1).abs().lte('1e-19')).toBe(true);
    }
  });

  it('fits the realisable-GLU scalings: gap ∝ ε⁴, λ_max ∝ ε⁻², slope ∝ ε⁵, L∞ ≈ 0', () => {
    expect(out.kind === 'reached' && out.fits !== undefined).toBe(true);
    if (out.kind !== 'reached' || out.fits === undefined) return;
    expect(out.fits.gapPower.minus(4).abs().lt('1e-3')).toBe(true);
    expect(out.fits.lambdaPower.minus(2).abs().lt('1e-3')).toBe(true);
    expect(out.fits.slopePower.minus(5).abs().lt('1e-3')).toBe(true);
    expect(out.fits.lossAtInfinity.abs().lt('1e-100')).toBe(true);
    // Finite differences of the floor loss in A against the reported (envelope) slope, at the last two points.
    const [p1, p2] = out.points.slice(-2) as [(typeof out.points)[number], (typeof out.points)[number]];
    // L ≈ K/A⁴ ⇒ dL/dA ≈ −4L/A.
    expect(relClose(p2.slope, p2.loss.times(-4).div(p2.A), 10)).toBe(true);
    expect(relClose(p1.slope, p1.loss.times(-4).div(p1.A), 10)).toBe(true);
  });

  it('the reported point’s loss is what a direct evaluation at +40 digits gives; 60 digits give garbage', () => {
    const last = out.points[out.points.length - 1];
    if (last === undefined) throw new Error('no points');
    const hi = precision(last.digits + 40);
    const direct = lossAndDerivatives(gluNetwork, gluData(hi), last.params, hi, {
      gradient: false,
      guard: 80,
    });
    expect(relClose(direct.loss, last.loss, 19)).toBe(true);
    const lo = precision(60);
    const naive = lossAndDerivatives(gluNetwork, gluData(lo), last.params, lo, { gradient: false });
    expect(relClose(naive.loss, last.loss, 1)).toBe(false);
  });

  it('forced digits that are too few are raised, and said so', () => {
    const forced = followChannel(gluNetwork, gluData, gluStart(precision(40)), '1e30', {
      values: ['1e30'],
      digits: 60,
    });
    expect(forced.kind).toBe('reached');
    const last = forced.points[forced.points.length - 1];
    expect(last?.raisedFrom).toBe(60);
    expect(last?.digits).toBe(120);
    expect(relClose(last?.loss ?? 0, out.points[out.points.length - 1]?.loss ?? 1, 19)).toBe(true);
    // The start (|A| = 4.75) needs only 30 digits: 60 are kept there.
    expect(forced.points[0]?.digits).toBe(60);
    expect(forced.points[0]?.raisedFrom).toBeUndefined();
  });
});
