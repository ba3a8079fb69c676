import { describe, expect, it } from 'vitest';
import { runCli, runInProcess as run } from '../docs/run-cli.js';

interface GluJson {
  activation: string;
  order: number;
  coefficients: { power: number; expression: string; latex: string; value?: string }[];
  poleCancels: boolean;
  oddPowersVanish: boolean;
  limitIsGLU: boolean;
  numericCheck: { digits: number; points: number; maxError: string };
}

describe('flat-channels glu', () => {
  it('generic --json: exactly the documented shape, checks true, numeric check at ≥ 50 digits', async () => {
    const r = await run(['glu', '--activation', 'generic', '--order', '6', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as GluJson;
    expect(Object.keys(j)).toEqual([
      'activation',
      'order',
      'coefficients',
      'poleCancels',
      'oddPowersVanish',
      'limitIsGLU',
      'numericCheck',
    ]);
    expect(j.activation).toBe('generic');
    expect(j.coefficients.map((c) => c.power)).toEqual([-1, 0, 1, 2, 3, 4, 5, 6]);
    expect(j.coefficients.every((c) => c.value === undefined)).toBe(true);
    expect(j.coefficients[1]?.expression).toBe('a*delta*s1 + c*s0');
    expect([j.poleCancels, j.oddPowersVanish, j.limitIsGLU]).toEqual([true, true, true]);
    expect(j.numericCheck.digits).toBeGreaterThanOrEqual(50);
    expect(Number(j.numericCheck.maxError)).toBeLessThan(1e-50);
  });

  it('--at gives values to the requested digits that match an independent closed form', async () => {
    const r = await run([
      'glu',
      '--activation',
      'tanh',
      '--order',
      '2',
      '--at',
      'z=0.5,delta=1,c=1,a=2',
      '--digits',
      '30',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as GluJson;
    // ε⁰ = c tanh(z) + a δ sech²(z) = tanh(0.5) + 2(1 − tanh²(0.5)); tanh(0.5) = 0.46211715726000975850231848364367…
    expect(j.coefficients[1]?.value).toBe('2.03501262319186457880171635233');
    expect(j.coefficients[0]?.value).toBe('0');
    expect(j.coefficients[2]?.value).toBe('0');
    // ε² from SymPy's series + mpmath (test/fixtures/glu-values-golden.json): −0.551834086778383758058476097280155…
    expect(j.coefficients[3]?.value).toBe('-0.55183408677838375805847609728');
  });

  it('vector form and user formulas', async () => {
    const v = JSON.parse(
      (await run(['glu', '--activation', 'generic', '--order', '2', '--dim', '2', '--json'])).stdout,
    ) as GluJson;
    expect(v.coefficients[1]?.expression).toBe('Delta1*a*s1*x1 + Delta2*a*s1*x2 + c*s0');
    const f = await run([
      'glu',
      '--activation',
      'log(cosh(x))',
      '--order',
      '2',
      '--at',
      'z=1,delta=0.5,c=1,a=1',
      '--json',
    ]);
    expect(f.code).toBe(0);
    const j = JSON.parse(f.stdout) as GluJson;
    // ε⁰ = log(cosh 1) + 0.5·tanh(1) = 0.43378083048302…+0.38079707797788…
    expect(j.coefficients[1]?.value?.startsWith('0.8145779084609')).toBe(true);
  });

  it('human output lists the coefficients and the checks', async () => {
    const r = await run(['glu', '--activation', 'generic', '--order', '2']);
    expect(r.stdout).toContain('ε^0: a*delta*s1 + c*s0');
    expect(r.stdout).toContain(
      'pole cancels: yes; odd powers vanish: yes; ε⁰ is the GLU: yes; ε² is f₂: yes',
    );
  });

  it('input errors: exit 2, one line', async () => {
    const cases: [string[], string][] = [
      [['glu', '--order', '2'], '--activation'],
      [['glu', '--activation', 'tanh'], '--order'],
      [['glu', '--activation', 'tanh', '--order', '13'], '--order'],
      [['glu', '--activation', 'relu', '--order', '2'], 'not smooth'],
      [['glu', '--activation', 'nosuch', '--order', '2'], 'unknown activation'],
      [
        ['glu', '--activation', 'generic', '--order', '2', '--at', 'z=1,delta=1,c=1,a=1'],
        'concrete activation',
      ],
      [['glu', '--activation', 'erf', '--order', '2', '--at', 'z=1,delta=1,c=1'], 'missing a'],
      [['glu', '--activation', 'erf', '--order', '2', '--at', 'z=1,delta=x,c=1,a=1'], '--at delta'],
      [['glu', '--activation', 'erf', '--order', '2', '--dim', '9'], '--dim'],
    ];
    for (const [args, mention] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(mention);
    }
  });

  it('the real binary prints one JSON object', () => {
    const r = runCli([
      'glu',
      '--activation',
      'erf',
      '--order',
      '2',
      '--at',
      'z=0.3,delta=1,c=1,a=1',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as GluJson;
    expect(j.limitIsGLU).toBe(true);
    expect(j.coefficients).toHaveLength(4);
  });
});
