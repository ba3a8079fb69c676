import type { Claim, Evidence, VerdictKind } from '../claims/claim.js';
import type { Figure } from '../claims/figure.js';

/** One claim checked for one activation, as it appears in reports. */
export interface ClaimResult {
  readonly id: string;
  readonly title: string;
  readonly activation: string;
  readonly verdict: VerdictKind;
  readonly summary: string;
  readonly evidence: Evidence;
  /** Plot data the check attached (empty when none); report.html draws it. */
  readonly figures: readonly Figure[];
  readonly seconds: number;
}

/** What a claim says, once per claim in a report (the results repeat only id and title). */
export type ClaimDefinition = Pick<Claim, 'id' | 'title' | 'statement' | 'latex' | 'hypotheses' | 'source'>;

/** The JSON report of a `verify` run (also printed with --json). */
export interface VerifyReport {
  readonly tool: 'flat-channels';
  readonly version: string;
  readonly digits: number;
  readonly seed: number;
  /** The user problem of `verify --problem` (claims that do not take one are not-applicable). */
  readonly problem?: string;
  readonly passed: boolean;
  readonly counts: Readonly<Record<VerdictKind, number>>;
  /** The claims that were run, in order. */
  readonly definitions: readonly ClaimDefinition[];
  readonly claims: readonly ClaimResult[];
}

/** A plain-text table: claim, activation, verdict, key number, time. */
export function verifyTable(report: VerifyReport): string {
  const rows = report.claims.map((c) => [
    c.id,
    c.activation,
    c.verdict,
    c.seconds.toFixed(2) + ' s',
    c.summary,
  ]);
  const head = ['claim', 'activation', 'verdict', 'time', 'key result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ');
  const countText = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return [line(head), ...rows.map(line), '', `${report.passed ? 'PASS' : 'FAIL'}: ${countText}`, ''].join(
    '\n',
  );
}

/** The Markdown report (report.md). */
export function verifyMarkdown(report: VerifyReport): string {
  const lines = [
    `# flat-channels verify report`,
    '',
    `Version ${report.version}, ${report.digits} digits, seed ${report.seed}${report.problem === undefined ? '' : `, problem ${report.problem}`}: **${report.passed ? 'all claims hold' : 'some claims failed'}**.`,
    '',
    '| claim | activation | verdict | time | key result |',
    '| --- | --- | --- | --- | --- |',
    ...report.claims.map(
      (c) =>
        `| ${c.id} | ${c.activation} | ${c.verdict} | ${c.seconds.toFixed(2)} s | ${c.summary.replace(/\|/g, '\\|')} |`,
    ),
    '',
    '## Evidence',
    '',
  ];
  for (const c of report.claims) {
    lines.push(`### ${c.id} (${c.activation}): ${c.verdict}`, '', c.title, '');
    for (const [k, v] of Object.entries(c.evidence))
      lines.push(`- ${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
    for (const f of c.figures) lines.push(`- figure (in report.html): ${f.title}`);
    lines.push('');
  }
  return lines.join('\n');
}
