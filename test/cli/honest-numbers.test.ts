import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
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
  });

  it('glu with a cancelling formula gives the ε⁰ coefficient 1, not 0 (item 5)', async () => {
    const r = await glu('cosh(x)^2-sinh(x)^2', 'z=100,delta=1,c=1,a=2');
    expect(r.code, r.stderr).toBe(0);
    expect(values(r.stdout)[1]).toBe('1');
    const t = await glu('tanh', 'z=0.5,delta=1,c=1,a=2');
    expect(values(t.stdout)).toEqual(['0', '2.0350126231918645788', '0', '-0.55183408677838375806']);
  });

  interface SpecJson {
    activation: string;
    data: { target: { formula: string }; quadrature: { step?: string } };
  }
  // The paper-toy spec with its target or activation edited, or its quadrature step coarsened (as a user would).
  const paperToy = async (edit: (spec: SpecJson) => void): Promise<string> => {
    const r = await run(['problem', '--name', 'paper-toy', '--json']);
    const spec = JSON.parse(r.stdout) as SpecJson;
    edit(spec);
    const dir = mkdtempSync(join(tmpdir(), 'honest-'));
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify(spec));
    return file;
  };

  it('a kinked 1-D target is split at its kink: every printed digit as mpmath (item 3)', async () => {
    // abs(x − 0.3) printed 14 digits (claimed error ≤ 2.83e-15) wrong from the 8th, the gradient wrong from the 8th.
    const abs = await paperToy((s) => (s.data.target.formula = 'abs(x-0.3)'));
    const r = await run(['loss', '--problem', abs, '--digits', '20', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { loss: string; gradient: string[] };
    // mpmath quad with breakpoints 0 and 0.3 (scripts/golden/honest-numbers.py).
    expect(out.loss).toBe('1.7041574125093425233');
    expect(out.gradient).toEqual([
      '0.34919711069636882121',
      '0.21444104615529537108',
      '0.82709815885510429966',
      '1.0484199287366629828',
    ]);
  });

  it('kinks the rule cannot split on (relu, a fixed trapezoid step) are refused, not given a false bound', async () => {
    const relu = await paperToy((s) => (s.activation = 'relu'));
    const stepped = await paperToy((s) => {
      s.data.target.formula = 'abs(x-0.3)';
      s.data.quadrature.step = '0.25';
    });
    for (const file of [relu, stepped]) {
      const r = await run(['loss', '--problem', file, '--digits', '20']);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/not smooth/);
    }
  });

  it('each gradient and Hessian entry is printed only to the digits its own quadrature error leaves (item 4)', async () => {
    const file = await paperToy((s) => (s.data.quadrature.step = '0.5'));
    const r = await run(['loss', '--problem', file, '--digits', '20', '--hessian', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      loss: string;
      gradient: string[];
      gradientQuadratureErrors: string[];
      hessian: string[][];
      hessianQuadratureErrors: string[][];
    };
    // mpmath (scripts/golden/honest-numbers.py): the exact population values at the initial point.
    const truth = [
      '-0.38492363063241167636',
      '-0.23829833221817377849',
      '-0.88411953770184095469',
      '-1.129720510788038616',
    ];
    out.gradient.forEach((g, i) => {
      const err = new Decimal(out.gradientQuadratureErrors[i]!);
      // Printed to 1 digit (was 20, wrong from the 6th), and within its estimate of the truth.
      expect(new Decimal(g).sd(), g).toBe(1);
      // The error of the printed digit: the quadrature error plus half a unit of the last printed digit.
      const half = new Decimal(10).pow(new Decimal(g).e).div(2);
      expect(new Decimal(g).minus(truth[i]!).abs().lte(err.plus(half)), `${g} vs ${truth[i]!}`).toBe(true);
    });
    // E[2σ(w₁x)²] and E[2 a₁σ′(w₁x) x σ(w₂x)]: smooth integrands without the target, many digits earned, all correct.
    for (const [i, j, t] of [
      [2, 2, '0.51043725716320191701'],
      [0, 3, '0.26542520577297460955'],
    ] as const) {
      const h = out.hessian[i]![j]!;
      const unit = new Decimal(10).pow(new Decimal(h).e - new Decimal(h).sd() + 1);
      expect(new Decimal(h).minus(t).abs().lte(unit.div(2)), `${h} vs ${t}`).toBe(true);
      expect(new Decimal(h).sd()).toBeLessThan(20);
    }
  });
});
