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

  it('sin(x) at 1e600 is computed (601 + 40 digits of π); at 1e1100 one line and exit 2', async () => {
    const r = await run([
      'activation',
      '--name',
      'sin(x)',
      '--at',
      '1e600',
      '--digits',
      '30',
      '--derivatives',
      '1',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { derivatives: string[] }).derivatives).toEqual([
      '0.982574456110406505935111150099',
      '-0.185869411682877069819154082717',
    ]);
    const big = await run(['activation', '--name', 'sin(x)', '--at', '1e1100']);
    expect(big.code).toBe(2);
    expect(big.stderr.trim().split('\n')).toHaveLength(1);
    expect(big.stderr).toMatch(/argument reduction/);
  });

  const activation = async (
    name: string,
    at: string,
    extra: string[] = [],
  ): Promise<{ code: number; stdout: string; stderr: string }> =>
    run(['activation', '--name', name, '--at', at, '--digits', '20', '--json', ...extra]);

  it('catastrophic cancellation is not accepted by two equally wrong rungs (item 5)', async () => {
    // Both printed 0 before: every rung of 30 and 50 digits lost all digits to the same cancellation.
    for (const [name, at, value] of [
      ['cosh(x)^2-sinh(x)^2', '100', '1'],
      ['(1+x)-1', '1e-100', '1e-100'],
      ['sqrt(x^2+1)-x', '1e20', '5e-21'],
    ] as const) {
      const r = await activation(name, at);
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { derivatives: string[] }).derivatives[0], name).toBe(value);
    }
    // An exact zero is still an exact zero (no rounding error in 1·1 − 1).
    const z = await activation('x^2-1', '1');
    expect(JSON.parse(z.stdout)).toMatchObject({ derivatives: ['0'] });
    expect(z.stdout).not.toMatch(/zeroWithin/);
  });

  it('overflow and underflow are errors, never Infinity or an exact 0 (item 6)', async () => {
    for (const name of ['exp(exp(exp(x)))', 'exp(-exp(exp(x)))']) {
      const r = await activation(name, '5');
      expect(r.code, name).toBe(2);
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(r.stderr, name).toMatch(/overflows|underflows/);
      expect(r.stdout).toBe('');
    }
  });

  const glu = async (name: string, at: string): Promise<{ code: number; stdout: string; stderr: string }> =>
    run(['glu', '--activation', name, '--order', '2', '--at', at, '--digits', '20', '--json']);
  const values = (stdout: string): string[] =>
    (JSON.parse(stdout) as { coefficients: { value: string }[] }).coefficients.map((c) => c.value);

  it('glu at z = 1e8 ends within seconds (decimal.js cosh hung) with the digits of mpmath', async () => {
    const r = await glu('tanh', 'z=1e8,delta=1,c=1,a=2');
    expect(r.code, r.stderr).toBe(0);
    expect(values(r.stdout)).toEqual(['0', '1', '0', '5.5499410613933768416e-86858897']);
  }, 60_000);

  it('glu with a cancelling formula gives the ε⁰ coefficient 1, not 0 (item 5)', async () => {
    const r = await glu('cosh(x)^2-sinh(x)^2', 'z=100,delta=1,c=1,a=2');
    expect(r.code, r.stderr).toBe(0);
    expect(values(r.stdout)[1]).toBe('1');
    const t = await glu('tanh', 'z=0.5,delta=1,c=1,a=2');
    expect(values(t.stdout)).toEqual(['0', '2.0350126231918645788', '0', '-0.55183408677838375806']);
  }, 60_000);
});
