import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registeredActivations, resolveActivation } from '../../src/activations/index.js';
import type { Claim, Verdict } from '../../src/claims/claim.js';
import { planChecks, runCheck, runChecks, type PlannedCheck } from '../../src/cli/commands/verify.js';
import { loadProblem } from '../../src/network/problem.js';
import { builtinProblem } from '../../src/network/problems.js';
import { verifyTable, type VerifyReport } from '../../src/report/verify-report.js';
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
    // Every claim that applies holds: the run passes (claims that do not apply do not make it FAIL).
    expect(report.passed).toBe(true);
    expect(r.code).toBe(0);
    expect(verifyTable(report)).toContain(
      `PASS: every claim that applies to ${file} holds (3 of 7; 4 not applicable)`,
    );
  });

  it('a problem no selected claim applies to is a FAIL that says so (exit 1)', async () => {
    const r = await runInProcess([
      'verify',
      '--problem',
      'two-param',
      '--claims',
      'glu-limit,finite-difference-identity',
    ]);
    expect(r.stdout).toContain('FAIL: no claim applies to two-param');
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
  it('reports a claim that needs σ″ not-applicable; a claim with its own problem runs once on it, labelled so', async () => {
    const r = await runInProcess([
      'verify',
      '--activation',
      'relu',
      '--claims',
      'saddle-line-zero-eigenvalue,asymptotic-parallelism',
      '--json',
    ]);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.claims.map((c) => [c.id, c.activation, c.ownProblem ?? false, c.verdict])).toEqual([
      ['saddle-line-zero-eigenvalue', 'relu', false, 'not-applicable'],
      ['asymptotic-parallelism', 'tanh', true, 'verified'],
    ]);
    expect(r.code).toBe(1);
  });
});

describe('verify runs each distinct check once', () => {
  it('a claim with its own problem once (own problem (tanh)), a claim that uses the activation once per activation', async () => {
    const r = await runInProcess(['verify', '--claims', 'glu-limit,asymptotic-parallelism', '--json']);
    const report = JSON.parse(r.stdout) as VerifyReport;
    const smooth = registeredActivations().filter((n) => resolveActivation(n).smooth);
    const glu = report.claims.filter((c) => c.id === 'glu-limit');
    const own = report.claims.filter((c) => c.id === 'asymptotic-parallelism');
    expect(glu.map((c) => c.activation)).toEqual(smooth);
    expect(own.map((c) => [c.activation, c.ownProblem])).toEqual([['tanh', true]]);
    // Totals count distinct checks.
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(smooth.length + 1);
    expect(verifyTable(report)).toMatch(/asymptotic-parallelism\s+own problem \(tanh\)\s+verified/);
    expect(verifyTable(report)).toContain(`PASS: every check holds (${smooth.length + 1} distinct checks:`);
    // No claim shows the same evidence under two activation labels.
    const seen = new Map<string, string>();
    for (const c of report.claims) {
      const key = `${c.id} ${JSON.stringify(c.evidence)}`;
      expect(seen.get(key), `${c.id}: ${c.activation} repeats ${seen.get(key) ?? ''}`).toBeUndefined();
      seen.set(key, c.activation);
    }
  });

  it('planChecks: own-activation claims once with their activation, also under --activation; with a problem, its activation', () => {
    const tanh = resolveActivation('tanh');
    const sig = resolveActivation('sigmoid');
    const erf = resolveActivation('erf');
    const claim = (id: string, extra: Partial<Claim> = {}): Claim => ({
      id,
      title: id,
      statement: '',
      latex: '',
      hypotheses: [],
      source: '',
      check: () => ({ kind: 'verified', summary: 'ok', evidence: {} }),
      ...extra,
    });
    const per = claim('per');
    const own = claim('own', { ownActivation: 'erf' });
    const row = (p: PlannedCheck): string =>
      `${p.claim.id}:${p.activation.name}${p.ownProblem ? ':own' : ''}`;
    expect(planChecks([per, own], [tanh, sig], undefined).map(row)).toEqual([
      'per:tanh',
      'per:sigmoid',
      'own:erf:own',
    ]);
    expect(planChecks([own], [sig], undefined).map(row)).toEqual(['own:erf:own']);
    const problem = loadProblem('glu-teacher');
    expect(planChecks([per, own], [erf], problem).map(row)).toEqual(['per:tanh', 'own:tanh']);
  });
});

describe('no fall-through to verified', () => {
  const claim = (id: string, check: Claim['check']): Claim => ({
    id,
    title: id,
    statement: '',
    latex: '',
    hypotheses: [],
    source: '',
    check,
  });
  const tanh = resolveActivation('tanh');

  it('a check that throws is inconclusive with the error message, and the run goes on', () => {
    const plan = [
      claim('boom', () => {
        throw new RangeError('the quadrature did not converge');
      }),
      claim('empty', () => undefined as unknown as Verdict),
      claim('unknown', () => ({ kind: 'fine', summary: 'x', evidence: {} }) as unknown as Verdict),
      claim('ok', () => ({ kind: 'verified', summary: 'holds', evidence: {} })),
    ].map((c) => ({ claim: c, activation: tanh, ownProblem: false }));
    const results = runChecks(plan, { digits: 30, seed: 1 });
    expect(results.map((r) => r.verdict)).toEqual([
      'inconclusive',
      'inconclusive',
      'inconclusive',
      'verified',
    ]);
    expect(results[0]?.summary).toContain('RangeError: the quadrature did not converge');
    expect(results[0]?.evidence['error']).toBe('RangeError: the quadrature did not converge');
    expect(results[1]?.summary).toContain('no valid verdict');
    expect(runCheck(plan[2] as PlannedCheck, { digits: 30, seed: 1 }).kind).toBe('inconclusive');
  });
});
