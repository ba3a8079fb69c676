import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli, runInProcess as run } from '../docs/run-cli.js';

// Variations of issue 22's repros found when they were run again: each printed a wrong number as valid or ended
// in a stack trace. Truths from mpmath (python3 -c "from mpmath import *; mp.dps=1200; …") where a value is printed.

const oneLine = (stderr: string): void => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
};

describe('issue 22 variations', () => {
  it('600 nested calls or parentheses: one line and exit 2 in a real CLI process (was a stack overflow, exit 3)', () => {
    // Spawned: the parser's stack use is what a CLI process has, not what a vitest worker has.
    for (const formula of [
      'sin('.repeat(600) + 'x' + ')'.repeat(600),
      '('.repeat(600) + 'x' + ')'.repeat(600),
    ]) {
      const r = runCli(['activation', '--name', formula, '--at', '1', '--digits', '20']);
      expect(r.status, r.stderr).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/nested too deeply/);
    }
  });

  it('registered activations: an underflowed derivative is refused, not printed as an exact 0', async () => {
    // tanh′(1e20) = 4e^(−2e20) and sigmoid(−1e20) = e^(−1e20) are nonzero, below the Decimal range.
    for (const [name, at] of [
      ['tanh', '1e20'],
      ['sigmoid', '-1e20'],
      ['gelu', '-1e20'],
    ] as const) {
      const r = await run(['activation', '--name', name, '--at', at, '--derivatives', '1', '--digits', '20']);
      expect(r.code, `${name} ${r.stdout}`).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/underflows/);
    }
    // Still printed where the values are representable: silu(−1e5) = −1e5·e^(−1e5)/(1 + e^(−1e5)).
    const s = await run(['activation', '--name', 'silu', '--at', '-1e5', '--digits', '20']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('σ(x) = -3.5629495653093731211e-43425');
  });

  it('formulas that cancel 300 or 870 digits are resolved (the ladder climbs to 1100 digits), not printed as 0', async () => {
    const log = await run(['activation', '--name', 'log(1+x)', '--at', '1e-300', '--digits', '20']);
    expect(log.code, log.stderr).toBe(0);
    // log(1 + 1e-300) = 1e-300 − 5e-601 + …: 1e-300 to 20 digits.
    expect(log.stdout).toContain('σ(x) = 1e-300\n');
    const c = await run([
      'activation',
      '--name',
      'cosh(x)^2-sinh(x)^2',
      '--at',
      '1000',
      '--derivatives',
      '1',
    ]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/σ\(x\) {2}= 1\n/);
  });

  it('activation: x^(10^20) at 0.5 (below the Decimal range) is refused at the first rung, exit 2 (the ladder climbed to 1100 digits and hit decimal.js ln precision limit, exit 3)', async () => {
    for (const order of ['0', '2']) {
      const r = await run(['activation', '--name', 'x^(10^20)', '--at', '0.5', '--derivatives', order]);
      expect(r.code, r.stdout).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/underflows the Decimal range/);
    }
  });

  it('a cancellation beyond 1100 digits is refused (exit 1), not "0 (zero to within 6e1577)"', async () => {
    const r = await run(['activation', '--name', 'cosh(x)^2-sinh(x)^2', '--at', '3000', '--digits', '20']);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toBe('');
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/could not earn 20 digits/);
  });

  it('glu: ε⁰ of cosh² − sinh² at z = 1000 is 1 (was printed as 0); an underflowed coefficient is refused', async () => {
    const r = await run([
      'glu',
      '--activation',
      'cosh(x)^2-sinh(x)^2',
      '--order',
      '2',
      '--at',
      'z=1000,delta=1,c=1,a=2',
      '--digits',
      '20',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { coefficients: { power: number; value: string }[] };
    expect(j.coefficients.find((k) => k.power === 0)?.value).toBe('1');
    // sigmoid's ε² coefficient at z = 1e20 is about −e^(−1e20)/2: below the Decimal range, not 0.
    const s = await run(['glu', '--activation', 'sigmoid', '--order', '2', '--at', 'z=1e20,delta=1,c=1,a=2']);
    expect(s.code, s.stdout).toBe(2);
    oneLine(s.stderr);
    expect(s.stderr).toMatch(/underflows/);
  }, 120_000);

  it('infinity: a scan range at or below 0 is refused naming the flag (the library option check named wMin)', async () => {
    for (const [flag, value] of [
      ['--w-min', '-1'],
      ['--w-min', '0'],
      ['--w-max', '-0.5'],
    ] as const) {
      const r = await run(['infinity', '--problem', 'paper-toy', flag, value]);
      expect(r.code, r.stdout).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(new RegExp(`^flat-channels: ${flag}: expected a number > 0`));
    }
  });

  it('loss: a gradient made only of underflowed derivatives is refused, not printed as an exact 0', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadProblem } = await import('../../src/network/problem.js');
    const dir = mkdtempSync(join(tmpdir(), 'underflow-'));
    const spec = (activation: string, inputs: string[]): string => {
      const file = join(dir, `${activation}-${inputs.length}.json`);
      const base = loadProblem('two-param').spec;
      writeFileSync(
        file,
        JSON.stringify({ ...base, activation, data: { kind: 'formula', inputs, target: 'x' } }),
      );
      return file;
    };
    try {
      // a·σ(w x), w = 0.2, a = 0.3: ∂L/∂w = 2 r a σ′(w x) x is about −e^(−1e18) under erf at x = 5e9 and
      // −10^(−1.7e16) under tanh at x = 1e17, both below the Decimal range; they were printed as 0.
      for (const [activation, x] of [
        ['erf', '5e9'],
        ['tanh', '1e17'],
      ] as const) {
        const r = await run(['loss', '--problem', spec(activation, [x]), '--digits', '20', '--json']);
        expect(r.code, r.stdout).toBe(2);
        oneLine(r.stderr);
        expect(r.stderr).toMatch(/underflows the Decimal range at sample 1/);
      }
      // A formula activation: σ′ itself is refused where it underflows (issue 22: ∂L/∂w was printed as 0).
      for (const [activation, x] of [
        ['tanh(x)+0*x', '1e17'],
        ['erf(x)+0*x', '5e9'],
      ] as const) {
        const r = await run(['loss', '--problem', spec(activation, [x]), '--digits', '20', '--json']);
        expect(r.code, `${activation}: ${r.stdout}`).toBe(2);
        oneLine(r.stderr);
        expect(r.stderr).toMatch(/σ′ underflows the Decimal range/);
      }
      // Beside an ordinary sample the underflowed terms change no digit (mpmath at 60 digits).
      const mixed = await run(['loss', '--problem', spec('tanh', ['1e17', '1']), '--digits', '20', '--json']);
      expect(mixed.code, mixed.stderr).toBe(0);
      expect(JSON.parse(mixed.stdout)).toMatchObject({
        loss: '4.99999999999999997e+33',
        gradient: ['-0.27124113990367990025', '-99999999999999999.886'],
      });
      // Still printed where representable: ∂L/∂w = −3.9896409122062808788e−17362 at x = 1e5 (mpmath).
      const far = await run(['loss', '--problem', spec('tanh', ['1e5']), '--digits', '20', '--json']);
      expect(far.code, far.stderr).toBe(0);
      expect((JSON.parse(far.stdout) as { gradient: string[] }).gradient[0]).toBe(
        '-3.9896409122062808788e-17362',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loss on a TTY names the data realisation of each rung (it reported nothing while realising); piped: nothing', async () => {
    const capture = async (isTTY: boolean): Promise<{ code: number; stdout: string; stderr: string }> => {
      let stdout = '';
      let stderr = '';
      const code = await main(['loss', '--problem', 'two-param', '--digits', '20'], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        isTTY,
      });
      return { code, stdout, stderr };
    };
    const tty = await capture(true);
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stderr).toMatch(
      /^\rloss: two-param: evaluating at \d+ working digits \(rung 1; .*\): realising the data…/,
    );
    expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true);
    const piped = await capture(false);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toBe(tty.stdout);
  });
});
