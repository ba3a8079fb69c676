import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinProblem } from '../../src/network/problems.js';
import type { VerifyReport } from '../../src/report/verify-report.js';
import { runCli, runInProcess } from '../docs/run-cli.js';

const NEW = 'saddle-line-zero-eigenvalue,flow-time-laws,asymptotic-parallelism,naive-convergence-trap';

describe('verify --problem', () => {
  it('claims that take a problem check it; the others are not-applicable with a reason', async () => {
    // two-param with an unreachable target: its width-1 minimum has a nonzero residual, so B ≠ 0.
    const spec = builtinProblem('two-param');
    if (spec.data.kind !== 'formula') throw new Error('two-param is no longer a formula problem');
    const file = join(mkdtempSync(join(tmpdir(), 'verify-problem-')), 'p.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...spec,
        name: 'bent',
        data: { ...spec.data, target: '1.5*tanh(0.8*x) + 0.2*sin(2*x)' },
      }),
    );
    const r = await runInProcess([
      'verify',
      '--problem',
      file,
      '--claims',
      `glu-limit,saddle-line-criticality,saddle-line-curvature,${NEW}`,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.problem).toBe(file);
    const by = new Map(report.claims.map((c) => [c.id, c]));
    expect(by.get('glu-limit')?.verdict).toBe('not-applicable');
    expect(by.get('glu-limit')?.summary).toContain('does not take --problem');
    for (const id of ['saddle-line-zero-eigenvalue', 'saddle-line-criticality', 'saddle-line-curvature'])
      expect(by.get(id)?.verdict, id).toBe('verified');
    // A width-1 network has no pair: no channel, so the channel claims do not apply.
    for (const id of ['flow-time-laws', 'asymptotic-parallelism', 'naive-convergence-trap'])
      expect(by.get(id)?.verdict, id).toBe('not-applicable');
    expect(r.code).toBe(1);
  });

  it('--problem excludes --activation; --width needs --problem (exit 2, one line)', async () => {
    for (const args of [
      ['verify', '--problem', 'two-param', '--activation', 'tanh'],
      ['verify', '--width', '3'],
    ]) {
      const r = await runInProcess(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('the built binary checks glu-teacher’s channel laws (exit 0 when only those run)', () => {
    const r = runCli([
      'verify',
      '--problem',
      'glu-teacher',
      '--claims',
      'flow-time-laws,naive-convergence-trap',
    ]);
    expect(r.stdout).toMatch(/flow-time-laws\s+tanh\s+verified/);
    expect(r.stdout).toMatch(/naive-convergence-trap\s+tanh\s+verified/);
    expect(r.status).toBe(0);
  });
});

describe('verify --activation relu', () => {
  it('reports every smoothness-dependent new claim as not-applicable, never verified', async () => {
    const r = await runInProcess(['verify', '--activation', 'relu', '--claims', NEW, '--json']);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.claims.map((c) => c.verdict)).toEqual(NEW.split(',').map(() => 'not-applicable'));
    expect(r.code).toBe(1);
  });
});
