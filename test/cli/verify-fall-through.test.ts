import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Claim } from '../../src/claims/claim.js';
import type { VerifyReport } from '../../src/report/verify-report.js';

/** The registry as verify sees it: one claim whose check throws, one that returns nothing, one that holds. */
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
    claim('throws', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'w')");
    }),
    claim('returns-nothing', () => undefined as never),
    claim('holds', () => ({ kind: 'verified', summary: 'holds', evidence: {} })),
  ];
  return { CLAIMS, selectClaims: () => CLAIMS };
});

describe('verify: no fall-through', () => {
  it('a claim that throws is inconclusive with its message; the run finishes, writes its report and exits 1', async () => {
    const { main } = await import('../../src/cli/main.js');
    const dir = join(mkdtempSync(join(tmpdir(), 'fc-fall-through-')), 'report');
    let stdout = '';
    let stderr = '';
    const code = await main(['verify', '--out', dir, '--json'], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      isTTY: false,
    });
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(stdout) as VerifyReport;
    expect(report.claims.map((c) => [c.id, c.verdict])).toEqual([
      ['throws', 'inconclusive'],
      ['returns-nothing', 'inconclusive'],
      ['holds', 'verified'],
    ]);
    expect(report.claims[0]?.summary).toContain(
      "TypeError: Cannot read properties of undefined (reading 'w')",
    );
    expect(report.passed).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toEqual(report);
  });
});
