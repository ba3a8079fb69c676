import type { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { followChannel } from '../../src/landscape/follow-channel.js';
import { jumpChannel } from '../../src/landscape/jump-channel.js';
import { precision } from '../../src/precision/context.js';
import { gluData, gluNetwork, gluStart } from './_glu-teacher.js';

const Q = precision(60);

/**
 * The route's cost is its relaxations; since each relaxation round is solved to 10^−(reportDigits+5) instead of the
 * working precision (jump-channel.ts) the two-jump route (A = 4.75 → 9.5 → 19, at 33–36 working digits) costs ≈ 9 s
 * of CPU, and both tiers run it, with the same assertions at every point.
 */
const target = '15';
const As = [4.75, 9.5, 19];

describe('the paper’s jump procedure on glu-teacher (second route along the channel)', () => {
  let jump!: ReturnType<typeof jumpChannel>;
  beforeAll(() => {
    jump = jumpChannel(gluNetwork, gluData, gluStart(precision(40)), target);
  });

  it('doubles A at each jump (ε halved at fixed c, a, w, Δ) until |A| ≥ the target', () => {
    expect(jump.kind, jump.kind === 'failed' ? jump.reason : '').toBe('reached');
    expect(jump.points.map((p) => p.A.toNumber())).toEqual(As);
    // Every point confirmed by the Newton solve at +20 digits (jump-confirmation.test.ts: an unconfirmed one is
    // never reported).
    expect(jump.points.map((p) => p.confirmedDigits)).toEqual(As.map(() => 20));
    for (const p of jump.points)
      expect(p.a.times(1).minus(p.A.times(2).times(p.eps)).abs().lt('1e-18')).toBe(true);
  });

  it('agrees with the Newton continuation on loss·A⁴, c, a and ε at every common A to the 20 confirmed digits', () => {
    const values = As.slice(1).map(String);
    const cont = followChannel(gluNetwork, gluData, gluStart(precision(40)), values.at(-1) ?? '', {
      values,
    });
    expect(cont.kind).toBe('reached');
    expect(cont.points).toHaveLength(As.length);
    for (const [k, p] of jump.points.entries()) {
      const c = cont.points[k];
      if (c === undefined) throw new Error(`no continuation point ${k}`);
      expect(c.A.eq(p.A)).toBe(true);
      const close = (x: Decimal, y: Decimal): boolean =>
        new Q.D(x).minus(y).abs().lte(new Q.D(y).abs().times('1e-19'));
      expect(close(p.loss.times(p.A.pow(4)), c.loss.times(c.A.pow(4))), `loss·A⁴ at ${p.A.toString()}`).toBe(
        true,
      );
      expect(close(p.c, c.c) && close(p.a, c.a) && close(p.eps, c.eps)).toBe(true);
    }
  });
});
