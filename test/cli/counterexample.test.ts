import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runInProcess as run } from '../docs/run-cli.js';

interface Report {
  claim: string;
  found: boolean;
  runs: number;
  seed: number;
  budget: number;
  counterexample?: {
    input: Record<string, string>;
    explanation: string;
    shrunk: boolean;
    shrinkSteps: number;
  };
  baseline?: { strategy: string; found: boolean; runs: number };
  corpus?: { path: string; added: boolean };
}

describe('flat-channels counterexample', () => {
  it('finds and shrinks a violation of the GLU limit at the kink of relu', async () => {
    const r = await run(['counterexample', '--claim', 'glu-limit', '--activation', 'relu', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Report;
    expect(out).toMatchObject({ claim: 'glu-limit', found: true, seed: 1 });
    expect(out.counterexample?.shrunk).toBe(true);
    expect(out.counterexample?.shrinkSteps).toBeGreaterThan(0);
    // Shrunk to simple numbers, with the kink z = 0 inside [z − ε|δ|, z + ε|δ|].
    const { z = '', eps = '', delta = '' } = out.counterexample?.input ?? {};
    expect(Math.abs(Number(z))).toBeLessThan(Number(eps) * Math.abs(Number(delta)));
    expect(out.counterexample?.explanation).toMatch(/relu is not differentiable/);
  });

  it('finds none with tanh within the default budget', async () => {
    const r = await run(['counterexample', '--claim', 'glu-limit', '--json']);
    const out = JSON.parse(r.stdout) as Report;
    expect(out).toMatchObject({ claim: 'glu-limit', found: false });
    expect(out.runs).toBe(out.budget);
    expect(out.counterexample).toBeUndefined();
  });

  it('finds the float64 loss wrong far along a channel in fewer runs than plain random generation', async () => {
    const r = await run(['counterexample', '--claim', 'float64-channel-loss', '--json']);
    const out = JSON.parse(r.stdout) as Report;
    expect(out.found).toBe(true);
    expect(out.baseline?.strategy).toBe('random');
    expect(out.runs).toBeLessThan(out.baseline?.runs ?? 0);
    const human = await run(['counterexample', '--claim', 'float64-channel-loss']);
    expect(human.stdout).toMatch(/counterexample found after \d+ runs of targeted search/);
    expect(human.stdout).toMatch(
      /plain random generation: (none in|found after) \d+ runs \(targeted: \d+ runs\)/,
    );
    // Both losses to the same significant digits, and enough of them to differ (issue 21 item 5: a relative
    // error of 1e-6 printed "833518" against "833517", one of them rounded the other way).
    const m =
      /float64 gives L = (\S+) but the exact loss at the same parameters is (\S+) \(relative error (\S+)\)/.exec(
        human.stdout,
      );
    expect(m, human.stdout).not.toBeNull();
    const [, f64 = '', exact = '', rel = ''] = m ?? [];
    const sd = (t: string): number => t.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').length;
    expect(sd(f64)).toBe(sd(exact));
    expect(f64).not.toBe(exact);
    // The printed difference is the relative error (to 3 %: two digits past the first that differs; the old six
    // digits gave 1.2e-6 for 1.057e-6).
    const printedRel = Math.abs(Number(f64) - Number(exact)) / Math.abs(Number(exact));
    expect(Math.abs(printedRel - Number(rel)) / Number(rel)).toBeLessThan(0.03);
  });

  it('appends a found counterexample to the corpus once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    try {
      const args = [
        'counterexample',
        '--claim',
        'glu-limit',
        '--activation',
        'relu',
        '--append-corpus',
        '--corpus',
        dir,
      ];
      expect((await run(args)).stdout).toMatch(/added to .*glu-limit\.json/);
      expect((await run(args)).stdout).toMatch(/already in .*glu-limit\.json/);
      const corpus = JSON.parse(readFileSync(join(dir, 'glu-limit.json'), 'utf8')) as { entries: unknown[] };
      expect(corpus.entries).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the searchable claims in --help and rejects unknown ones in one line', async () => {
    const help = await run(['counterexample', '--help']);
    expect(help.stdout).toContain('glu-limit, float64-channel-loss');
    const bad = await run(['counterexample', '--claim', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'flat-channels: counterexample: unknown claim "nope" (searchable: glu-limit, float64-channel-loss, plateau-classification, plateau-theorem-3)\n',
    );
    const problem = await run([
      'counterexample',
      '--claim',
      'float64-channel-loss',
      '--problem',
      'two-param',
    ]);
    expect(problem.code).toBe(2);
    expect(problem.stderr).toMatch(/width-2 students .* problem two-param has width 1/);
    expect((await run(['counterexample', '--claim', 'glu-limit', '--budget', '0'])).code).toBe(2);
  });

  it('runs as the installed binary', () => {
    const r = runCli([
      'counterexample',
      '--claim',
      'glu-limit',
      '--activation',
      'relu',
      '--budget',
      '20',
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ claim: 'glu-limit', found: true, budget: 20 });
  });
});
