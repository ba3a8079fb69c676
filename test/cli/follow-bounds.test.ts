import { describe, expect, it } from 'vitest';
import { runInProcess } from '../docs/run-cli.js';
import { followDigitsBudget, MAX_FOLLOW_A } from '../../src/landscape/follow-channel.js';
import { MAX_INTERNAL_DIGITS } from '../../src/precision/context.js';

describe('follow --to beyond the precision limit', () => {
  it('is one line and exit 2 before any work (1e400 was a RangeError with a stack trace)', async () => {
    for (const to of ['1e400', '-1e400', '1e301', '1e250', '-2e200', '1e15000']) {
      const r = await runInProcess(['follow', '--problem', 'glu-teacher', '--to', to]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /--to: .*beyond the largest supported 1e200 .*at most 1100 in all|exponent out of range/,
      );
    }
  });
  it("the CLI's limit is the library's: the budget at MAX_FOLLOW_A is the largest precision, just above it more", () => {
    expect(MAX_FOLLOW_A).toBe('1e200');
    expect(followDigitsBudget(MAX_FOLLOW_A)).toBe(MAX_INTERNAL_DIGITS);
    expect(followDigitsBudget('1.01e200')).toBeGreaterThan(MAX_INTERNAL_DIGITS);
  });
});
