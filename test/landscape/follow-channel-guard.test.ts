import { describe, expect, it } from 'vitest';
import {
  FollowChannelError,
  followChannel,
  followDigitsBudget,
  type FollowInputFault,
} from '../../src/landscape/follow-channel.js';
import type { Dataset } from '../../src/network/dataset.js';
import { precision, type Precision } from '../../src/precision/context.js';
import { gluData, gluNetwork, gluStart } from './_glu-teacher.js';

/**
 * followChannel refuses what it cannot follow before any solve: the data are never asked for, so a refused input
 * can neither hang in Newton at a huge precision nor return a number computed with too few digits.
 */
function refusal(
  start: ReturnType<typeof gluStart>,
  toA: string,
  options: Parameters<typeof followChannel>[4] = {},
): { fault: FollowInputFault | undefined; dataCalls: number } {
  let dataCalls = 0;
  const data = (q: Precision): Dataset => {
    dataCalls++;
    return gluData(q);
  };
  try {
    followChannel(gluNetwork, data, start, toA, options);
  } catch (e) {
    expect(e).toBeInstanceOf(FollowChannelError);
    // A RangeError: the CLI turns it into one input-error line and exit 2.
    expect(e).toBeInstanceOf(RangeError);
    return { fault: (e as FollowChannelError).fault, dataCalls };
  }
  return { fault: undefined, dataCalls };
}

describe('followChannel input guard', () => {
  const start = gluStart(precision(40));

  it('refuses |A| = 1e300 and 1e201 (beyond the largest precision), before any solve', () => {
    expect(refusal(start, '1e300')).toEqual({ fault: 'beyondPrecision', dataCalls: 0 });
    expect(refusal(start, '1e201')).toEqual({ fault: 'beyondPrecision', dataCalls: 0 });
    expect(refusal(start, '1e9000000000000000')).toEqual({ fault: 'beyondPrecision', dataCalls: 0 });
    // Beyond the Decimal range (maxE = 9e15) the target overflows to Infinity.
    expect(refusal(start, '1e9000000000000001')).toEqual({ fault: 'nonFinite', dataCalls: 0 });
    // A forced precision that leaves no room for raises and confirmation: 1050 + 40 + 20 + 14 = 1124 digits.
    expect(refusal(start, '100', { digits: 1050 })).toEqual({ fault: 'beyondPrecision', dataCalls: 0 });
    // An explicit schedule is checked at its largest value.
    expect(refusal(start, '10', { values: ['10', '1e250'] })).toEqual({
      fault: 'beyondPrecision',
      dataCalls: 0,
    });
  });

  it('the budget: working 3·lg|A| + 30, raises 40, confirmation 20, floor guard 2·lg|A| + 10 (1100 at 1e200)', () => {
    // By hand: 630 + 40 + 20 + 410 = 1100 = MAX_INTERNAL_DIGITS, the largest precision() makes.
    expect(followDigitsBudget('1e200')).toBe(1100);
    expect(followDigitsBudget('1e201')).toBe(1105);
    expect(followDigitsBudget('1e30', { digits: 200, confirmStep: 30 })).toBe(200 + 40 + 30 + 70);
  });

  it('refuses NaN and infinite targets and starts', () => {
    expect(refusal(start, 'NaN')).toEqual({ fault: 'nonFinite', dataCalls: 0 });
    expect(refusal(start, 'Infinity')).toEqual({ fault: 'nonFinite', dataCalls: 0 });
    expect(refusal(start, '-Infinity')).toEqual({ fault: 'nonFinite', dataCalls: 0 });
    const p = precision(40);
    const withNaN = start.map((x, k) => (k === 1 ? new p.D(NaN) : x));
    expect(refusal(withNaN, '100')).toEqual({ fault: 'nonFinite', dataCalls: 0 });
    expect(refusal(start, '100', { values: ['NaN'] })).toEqual({ fault: 'nonFinite', dataCalls: 0 });
  });

  it('keeps the earlier refusals, now typed', () => {
    expect(refusal(start, '1')).toEqual({ fault: 'notOutward', dataCalls: 0 });
    expect(refusal(start, '100', { points: 1 })).toEqual({ fault: 'points', dataCalls: 0 });
    const p = precision(40);
    const sameSigns = start.map((x, k) => (k === 3 ? new p.D('4.5') : x));
    expect(refusal(sameSigns, '100')).toEqual({ fault: 'noPair', dataCalls: 0 });
    const equal = start.map((x, k) => (k === 3 ? new p.D('5') : x));
    expect(refusal(equal, '100', { pair: [0, 1] })).toEqual({ fault: 'zeroDivergence', dataCalls: 0 });
  });
});
