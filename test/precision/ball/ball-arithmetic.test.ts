import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLaw } from '../../../property-tests/_support/law.js';
import { type Precision, precision } from '../../../src/precision/context.js';
import {
  type Ball,
  BallDomainError,
  ball,
  ballAdd,
  ballContains,
  ballDiv,
  ballMul,
  ballSqrt,
  ballSub,
  exactBall,
} from '../../../src/precision/ball/index.js';
import { tierRuns } from '../../_support/tier.js';
import {
  X,
  ballRuns,
  ballArb,
  contains,
  decimalIn,
  digitsArb,
  outside,
  samplePoints,
  toBall,
  truthContext,
} from './_support/ball-arbitraries.js';

/**
 * Containment of + − × ÷ √: for balls X, Y the result must contain a ∘ b for a, b at both ends and an interior point
 * of each ball (the extremes of + − × ÷ over a box are at its corners). The truth of + − × is exact (10^9-digit
 * decimal.js), of ÷ and √ decimal.js at p + 50 digits. Magnitudes from 10^−300 to 10^300, midpoints with up to
 * p + 5 digits (so the midpoint's rounding matters), radii from 0 to a tenth of the midpoint, and cancelling pairs
 * y = −x + δ. The bar of issue 17 (10^5 cases per operation) is a run with BALL_RUNS=100000 (see ballRuns).
 */
type Op = 'add' | 'sub' | 'mul' | 'div';
const ops: Record<Op, (x: Ball, y: Ball, p: Precision) => Ball> = {
  add: ballAdd,
  sub: ballSub,
  mul: ballMul,
  div: ballDiv,
};
function truth(op: Op, a: string, b: string, p: Precision): string {
  const t = truthContext(p);
  switch (op) {
    case 'add':
      return new X(a).plus(b).toString();
    case 'sub':
      return new X(a).minus(b).toString();
    case 'mul':
      return new X(a).times(b).toString();
    case 'div':
      return new t.D(a).div(b).toString();
  }
}

const pairArb = fc
  .record({
    digits: digitsArb,
    u: fc.double({ min: -1, max: 1, noNaN: true }),
    v: fc.double({ min: -1, max: 1, noNaN: true }),
  })
  .chain(({ digits, u, v }) =>
    fc.record({
      digits: fc.constant(digits),
      u: fc.constant(u),
      v: fc.constant(v),
      x: ballArb(decimalIn(-300, 300, digits + 5), digits),
      y: ballArb(decimalIn(-300, 300, digits + 5), digits),
    }),
  );

/** y = −x + δ with |δ| = |x|·10^−k·lead: the sum cancels k digits. */
const cancellingArb = fc
  .record({
    digits: digitsArb,
    k: fc.integer({ min: 1, max: 260 }),
    lead: fc.integer({ min: 1, max: 99999 }),
  })
  .chain(({ digits, k, lead }) =>
    fc.record({
      digits: fc.constant(digits),
      u: fc.double({ min: -1, max: 1, noNaN: true }),
      x: ballArb(decimalIn(-300, 300, digits + 5), digits),
      k: fc.constant(k),
      lead: fc.constant(lead),
      width: fc.constantFrom('0', 'ulp'),
    }),
  )
  .map(({ digits, u, x, k, lead, width }) => {
    const m = new X(x.mid);
    const yMid = m
      .neg()
      .plus(`${lead}e${m.e - k}`)
      .toString();
    const yRad = width === '0' ? '0' : new X(`7e${m.e - digits - 3}`).toString();
    return { digits, u, v: -u, x, y: { mid: yMid, rad: yRad } };
  });

function checkOp(
  op: Op,
  c: {
    digits: number;
    u: number;
    v: number;
    x: { mid: string; rad: string };
    y: { mid: string; rad: string };
  },
): void {
  const p = precision(c.digits);
  const x = toBall(p, c.x);
  const y = toBall(p, c.y);
  const r = ops[op](x, y, p);
  for (const a of samplePoints(c.x, c.u)) {
    for (const b of samplePoints(c.y, c.v)) {
      const t = truth(op, a, b, p);
      expect(contains(r, t), outside(`${op}(${a}, ${b}) at ${c.digits} digits`, r, t)).toBe(true);
    }
  }
}

describe('ball arithmetic: containment', () => {
  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    it(`${op} contains the exact result over both balls (10^±300, 30–200 digits)`, () => {
      checkLaw(
        fc.property(pairArb, (c) => checkOp(op, c)),
        { numRuns: ballRuns(2000, 300) },
      );
    });
  }
  for (const op of ['add', 'sub', 'mul'] as const) {
    it(`${op} contains the exact result near cancellation (x and −x + δ)`, () => {
      checkLaw(
        fc.property(cancellingArb, (c) => checkOp(op, c)),
        { numRuns: ballRuns(2000, 300) },
      );
    });
  }

  it('sqrt contains √ at both ends and inside (decimal.js √ at p + 50 digits as truth)', () => {
    const arb = fc
      .record({ digits: digitsArb, u: fc.double({ min: -1, max: 1, noNaN: true }) })
      .chain(({ digits, u }) =>
        fc.record({
          digits: fc.constant(digits),
          u: fc.constant(u),
          x: ballArb(
            decimalIn(-300, 300, digits + 5).map((s) => s.replace(/^-/, '')),
            digits,
          ),
        }),
      );
    checkLaw(
      fc.property(arb, ({ digits, u, x: xs }) => {
        const p = precision(digits);
        const r = ballSqrt(toBall(p, xs), p);
        const t = truthContext(p);
        for (const a of samplePoints(xs, u)) {
          const v = new t.D(a).sqrt();
          expect(contains(r, v), outside(`sqrt(${a})`, r, v)).toBe(true);
        }
      }),
      { numRuns: ballRuns(2000, 200) },
    );
  });
});

describe('ball arithmetic: tightness', () => {
  // Exact operands, no cancellation: the radius is the midpoint's rounding (half a unit) rounded up, so
  // rad/|mid| ≤ 10^−(p−1); the bar is 10^−(p−5). A ball of huge radius would pass every containment test.
  it('rad/|mid| ≤ 10^−(p−5) for exact operands of one sign', () => {
    const arb = fc.record({
      digits: digitsArb,
      a: decimalIn(-300, 300, 60).map((s) => s.replace(/^-/, '')),
      b: decimalIn(-300, 300, 60).map((s) => s.replace(/^-/, '')),
    });
    checkLaw(
      fc.property(arb, ({ digits, a, b }) => {
        const p = precision(digits);
        const bound = new X(`1e${-(digits - 5)}`);
        const x = exactBall(p, a);
        const y = exactBall(p, b);
        for (const r of [ballAdd(x, y, p), ballMul(x, y, p), ballDiv(x, y, p), ballSqrt(x, p)]) {
          expect(
            new X(r.rad).lte(new X(r.mid).abs().times(bound)),
            `${r.rad.toString()} vs ${r.mid.toString()}`,
          ).toBe(true);
        }
      }),
      { numRuns: tierRuns(2000, 200) },
    );
  });

  it('an exact result gets radius 0 and the propagated radius is exactly |A|R_B + |B|R_A + R_A R_B when exact', () => {
    const p = precision(30);
    expect(ballAdd(exactBall(p, '0.1'), exactBall(p, '0.2'), p).rad.toString()).toBe('5e-31');
    // 0.5 ± 0.25 times 2 ± 0.5: 1 ± (0.5·0.5 + 2·0.25 + 0.25·0.5) = 1 ± 0.875, plus half a unit of 1 at 30 digits.
    const r = ballMul(ball(p, '0.5', '0.25'), ball(p, 2, '0.5'), p);
    expect(r.mid.toString()).toBe('1');
    expect(r.rad.toString()).toBe('0.87500000000000000001');
    expect(ballSub(exactBall(p, 3), exactBall(p, 3), p).rad.isZero()).toBe(true);
  });
});

describe('ball arithmetic: domain', () => {
  const p = precision(30);
  it('a divisor ball containing 0 and √ of a ball reaching below 0 are BallDomainErrors', () => {
    expect(() => ballDiv(exactBall(p, 1), ball(p, '1e-10', '1e-10'), p)).toThrow(BallDomainError);
    expect(() => ballSqrt(ball(p, '1', '1.0000000001'), p)).toThrow(BallDomainError);
    expect(ballSqrt(ball(p, '1', '1'), p).mid.gte(0)).toBe(true);
  });
  it('ballContains agrees with the exact check on the edge', () => {
    const b = ball(p, 1, '0.5');
    expect(ballContains(b, '1.5')).toBe(true);
    expect(ballContains(b, '1.5000000000000000000000000000000000001')).toBe(false);
    expect(ballContains(b, '0.5')).toBe(true);
  });
});
