import { isPassing, type Claim, type Evidence, type VerdictKind } from '../claims/claim.js';
import type { Figure } from './plot/figure.js';

/** One distinct check, as it appears in reports: a claim for one activation, or once on its own problem. */
export interface ClaimResult {
  readonly id: string;
  readonly title: string;
  /** The activation the check used (for `ownProblem`, the one its problem fixes). */
  readonly activation: string;
  /**
   * True when the claim builds its own problem with a fixed activation (`Claim.ownActivation`): it ran once, with
   * that activation, whatever `--activation` says. Absent otherwise.
   */
  readonly ownProblem?: boolean;
  readonly verdict: VerdictKind;
  readonly summary: string;
  readonly evidence: Evidence;
  /** Plot data the check attached (empty when none); report.html draws it. */
  readonly figures: readonly Figure[];
  readonly seconds: number;
}

/** What a claim says, once per claim in a report (the results repeat only id and title). */
export type ClaimDefinition = Pick<Claim, 'id' | 'title' | 'statement' | 'latex' | 'hypotheses' | 'source'>;

/**
 * The JSON report of a `verify` run (also printed with --json). `claims` holds one entry per distinct check and
 * `counts` counts them: a claim that builds its own problem appears once, never once per activation.
 */
export interface VerifyReport {
  readonly tool: 'flat-channels';
  readonly version: string;
  readonly digits: number;
  readonly seed: number;
  /** The user problem of `verify --problem` (claims that do not take one are not-applicable). */
  readonly problem?: string;
  /** See {@link reportPasses}. */
  readonly passed: boolean;
  readonly counts: Readonly<Record<VerdictKind, number>>;
  /** The claims that were run, in order. */
  readonly definitions: readonly ClaimDefinition[];
  readonly claims: readonly ClaimResult[];
}

/**
 * Whether a run passes. Without a problem: every check is certified, proved or verified (a not-applicable or
 * inconclusive verdict is not a success: the user asked for a check that could not be done). With `--problem P`: no
 * check is refuted or inconclusive and at least one is certified, proved or verified — claims that do not apply to P (they take no
 * problem, or P has no channel) do not fail the run.
 */
export function reportPasses(verdicts: readonly VerdictKind[], withProblem: boolean): boolean {
  const holds = isPassing;
  if (!withProblem) return verdicts.every(holds);
  return verdicts.every((k) => holds(k) || k === 'not-applicable') && verdicts.some(holds);
}

/** The activation column: the activation's name, or `own problem (tanh)` for a claim that fixes its own. */
export function activationLabel(r: Pick<ClaimResult, 'activation' | 'ownProblem'>): string {
  return r.ownProblem === true ? `own problem (${r.activation})` : r.activation;
}

/** One line: PASS or FAIL, what it means, and the counts of distinct checks. */
export function statusLine(report: VerifyReport): string {
  const countText = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const n = report.claims.length;
  const checks = `${n} distinct check${n === 1 ? '' : 's'}`;
  if (report.problem === undefined) {
    return report.passed
      ? `PASS: every check holds (${checks}: ${countText})`
      : `FAIL: not every check holds (${checks}: ${countText})`;
  }
  const held = report.counts.certified + report.counts.proved + report.counts.verified;
  if (report.passed) {
    const na = report.counts['not-applicable'];
    return `PASS: every claim that applies to ${report.problem} holds (${held} of ${n}; ${na} not applicable)`;
  }
  return held === 0 && report.counts.refuted + report.counts.inconclusive === 0
    ? `FAIL: no claim applies to ${report.problem} (${checks}: ${countText})`
    : `FAIL: not every claim that applies to ${report.problem} holds (${checks}: ${countText})`;
}

/** A plain-text table: claim, activation, verdict, key number, time. */
export function verifyTable(report: VerifyReport): string {
  const rows = report.claims.map((c) => [
    c.id,
    activationLabel(c),
    c.verdict,
    c.seconds.toFixed(2) + ' s',
    c.summary,
  ]);
  const head = ['claim', 'activation', 'verdict', 'time', 'key result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ');
  return [line(head), ...rows.map(line), '', statusLine(report), ''].join('\n');
}

/** The Markdown report (report.md). */
export function verifyMarkdown(report: VerifyReport): string {
  const lines = [
    `# flat-channels verify report`,
    '',
    `Version ${report.version}, ${report.digits} digits, seed ${report.seed}${report.problem === undefined ? '' : `, problem ${report.problem}`}.`,
    '',
    `**${statusLine(report)}**`,
    '',
    '| claim | activation | verdict | time | key result |',
    '| --- | --- | --- | --- | --- |',
    ...report.claims.map(
      (c) =>
        `| ${c.id} | ${activationLabel(c)} | ${c.verdict} | ${c.seconds.toFixed(2)} s | ${c.summary.replace(/\|/g, '\\|')} |`,
    ),
    '',
    '## Evidence',
    '',
  ];
  for (const c of report.claims) {
    lines.push(`### ${c.id} (${activationLabel(c)}): ${c.verdict}`, '', c.title, '');
    for (const [k, v] of Object.entries(c.evidence))
      lines.push(`- ${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
    for (const f of c.figures) lines.push(`- figure (in report.html): ${f.title}`);
    lines.push('');
  }
  return lines.join('\n');
}
