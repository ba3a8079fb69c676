import { describe, expect, it } from 'vitest';
import { runInProcess } from '../docs/run-cli.js';

describe('follow --to beyond the precision limit', () => {
  it('is one line and exit 2 before any work (1e400 was a RangeError with a stack trace)', async () => {
    for (const to of ['1e400', '-1e400', '1e301', '1e15000']) {
      const r = await runInProcess(['follow', '--problem', 'glu-teacher', '--to', to]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--to: .*beyond the largest supported 1e300|exponent out of range/);
    }
  });
});
