import { describe, expect, it } from 'vitest';
import { runInProcess as run } from '../docs/run-cli.js';

// Issue 22, the numeric half: inputs that printed a wrong number as valid, hung, or ended in a stack trace. Every
// expected digit below comes from mpmath (scripts/golden/honest-numbers.py, run at 400+ digits).

describe('issue 22: honest numbers', () => {
  it('sin(x) at 1e300: reduced with enough digits of π (was a stack trace), every digit as mpmath', async () => {
    const r = await run([
      'activation',
      '--name',
      'sin(x)',
      '--at',
      '1e300',
      '--digits',
      '30',
      '--derivatives',
      '1',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { derivatives: string[] };
    expect(out.derivatives).toEqual([
      '-0.98575042516037699660904753143',
      '-0.168214444374245072851875664436',
    ]);
  });

  it('sin(x) at 1e600: one line and exit 2 (the reduction would need more digits of π than any context)', async () => {
    const r = await run(['activation', '--name', 'sin(x)', '--at', '1e600']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/argument reduction/);
  });
});
