import { describe, expect, it, vi } from 'vitest';
import { isPassing, VERDICT_KINDS, type Claim } from '../../src/claims/claim.js';
import {
  reportPasses,
  statusLine,
  verifyMarkdown,
  type VerifyReport,
} from '../../src/report/verify-report.js';

/** The registry as verify sees it: a certified claim, a verified one, and one whose kind is misspelt. */
vi.mock('../../src/claims/registry.js', () => {
  const claim = (id: string, check: Claim['check']): Claim => ({
    id,
    title: id,
    statement: id,
    latex: id,
    hypotheses: [],
    source: 'test',
    ownActivation: 'tanh',
    check,
  });
  const CLAIMS: readonly Claim[] = [
    claim('boxed', () => ({
      kind: 'certified',
      summary: 'a box of radius 1e-50',
      evidence: { radius: '1e-50' },
    })),
    claim('holds', () => ({ kind: 'verified', summary: 'holds', evidence: {} })),
    claim('misspelt', () => ({ kind: 'certifed', summary: 'typo', evidence: {} }) as never),
  ];
  return {
    CLAIMS,
    selectClaims: (ids?: readonly string[]) =>
      ids === undefined ? CLAIMS : CLAIMS.filter((c) => ids.includes(c.id)),
  };
});

async function verify(args: string[]): Promise<{ code: number; stdout: string }> {
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  const code = await main(['verify', ...args], {
    stdout: (t) => (stdout += t),
    stderr: () => undefined,
    isTTY: false,
  });
  return { code, stdout };
}

describe('the verdict level certified', () => {
  it('passes, above proved; the others keep their meaning', () => {
    expect(VERDICT_KINDS[0]).toBe('certified');
    expect(VERDICT_KINDS.filter(isPassing)).toEqual(['certified', 'proved', 'verified']);
    expect(reportPasses(['certified', 'verified'], false)).toBe(true);
    expect(reportPasses(['certified', 'inconclusive'], false)).toBe(false);
    expect(reportPasses(['certified', 'not-applicable'], true)).toBe(true);
    expect(reportPasses(['not-applicable'], true)).toBe(false);
  });

  it('verify counts it, exits 0 on it, and prints it in the table, the JSON and report.md', async () => {
    const json = await verify(['--claims', 'boxed,holds', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as VerifyReport;
    expect(report.counts).toEqual({
      certified: 1,
      proved: 0,
      verified: 1,
      refuted: 0,
      'not-applicable': 0,
      inconclusive: 0,
    });
    expect(report.passed).toBe(true);
    expect(report.claims.map((c) => c.verdict)).toEqual(['certified', 'verified']);
    expect(statusLine(report)).toBe('PASS: every check holds (2 distinct checks: 1 certified, 1 verified)');
    expect(verifyMarkdown(report)).toContain('### boxed (own problem (tanh)): certified');
    const table = await verify(['--claims', 'boxed']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^boxed +own problem \(tanh\) +certified /m);
  });

  it('a verdict kind that does not exist is inconclusive, not passed through', async () => {
    const { code, stdout } = await verify(['--claims', 'misspelt', '--json']);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as VerifyReport).claims[0]?.verdict).toBe('inconclusive');
  });
});
