import { join } from 'node:path';
import { registeredActivations, resolveActivation, type Activation } from '../../activations/index.js';
import type { Claim, ClaimContext, Verdict, VerdictKind } from '../../claims/claim.js';
import { InputError } from '../../errors.js';
import { isPassing, VERDICT_KINDS } from '../../claims/claim.js';
import { CLAIMS, selectClaims } from '../../claims/registry.js';
import type { Problem } from '../../network/problem.js';
import { openReportSet } from '../../report/report-set.js';
import { verifyHtml } from '../../report/verify-html.js';
import {
  activationLabel,
  reportPasses,
  verifyMarkdown,
  verifyTable,
  type ClaimResult,
  type VerifyReport,
} from '../../report/verify-report.js';
import type { Command } from '../command.js';
import { checkOutputPath } from '../../io/check-output-path.js';
import { toolVersion } from '../version.js';
import { OUT_OPTION, digitsOption, integerInRange, optionalString } from '../options.js';
import { problemOption } from '../problem-options.js';

const REPORT_FILES = ['report.json', 'report.md', 'report.html'] as const;

/** One distinct check: a claim with the activation it runs with. */
export interface PlannedCheck {
  readonly claim: Claim;
  readonly activation: Activation;
  /** The claim fixes its own problem and activation (`Claim.ownActivation`): run once, labelled so. */
  readonly ownProblem: boolean;
}

/**
 * The distinct checks of a run, in order. A claim with `ownActivation` builds its own problem and ignores the
 * activation under test, so it runs once, with its own activation — also with `--activation X` (its row says
 * `own problem (tanh)`): running it once per activation would print the same numbers under labels it never used.
 * With a user problem every claim runs once, with the problem's activation (claims that take no problem are
 * reported not-applicable without running).
 */
export function planChecks(
  claims: readonly Claim[],
  activations: readonly Activation[],
  problem: Problem | undefined,
): PlannedCheck[] {
  const plan: PlannedCheck[] = [];
  for (const claim of claims) {
    if (problem !== undefined) {
      plan.push({ claim, activation: problem.network.activation, ownProblem: false });
    } else if (claim.ownActivation !== undefined) {
      plan.push({ claim, activation: resolveActivation(claim.ownActivation), ownProblem: true });
    } else {
      for (const activation of activations) plan.push({ claim, activation, ownProblem: false });
    }
  }
  return plan;
}

/**
 * Runs one planned check. No fall-through: a check that throws, or returns something that is not a verdict, is
 * `inconclusive` with the reason — never a crash of the whole run, never `verified`.
 */
export function runCheck(item: PlannedCheck, context: Omit<ClaimContext, 'activation'>): Verdict {
  const { claim, activation } = item;
  const { problem } = context;
  if (problem !== undefined && claim.acceptsProblem !== true) {
    return {
      kind: 'not-applicable',
      summary: `checks its own construction; it does not take --problem`,
      evidence: { problem: problem.name },
    };
  }
  let verdict: Verdict;
  try {
    verdict = claim.check({ ...context, activation });
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return {
      kind: 'inconclusive',
      summary: `the check failed with an error: ${message.split('\n')[0] ?? ''}`,
      evidence: { error: message },
    };
  }
  const shape = verdict as Partial<Verdict> | null | undefined;
  if (
    shape === null ||
    typeof shape !== 'object' ||
    !VERDICT_KINDS.includes(shape.kind as VerdictKind) ||
    typeof shape.summary !== 'string' ||
    shape.summary.trim() === '' ||
    typeof shape.evidence !== 'object' ||
    shape.evidence === null
  ) {
    return {
      kind: 'inconclusive',
      summary: 'the check returned no valid verdict (kind, summary and evidence)',
      evidence: { returned: JSON.stringify(verdict ?? null)?.slice(0, 200) ?? 'undefined' },
    };
  }
  return verdict;
}

/** Runs the plan; `onStart(k, failuresSoFar)` is called before check k (for a progress display). */
export function runChecks(
  plan: readonly PlannedCheck[],
  context: Omit<ClaimContext, 'activation'>,
  onStart: (k: number, failures: number) => void = () => undefined,
): ClaimResult[] {
  const results: ClaimResult[] = [];
  let failures = 0;
  plan.forEach((item, k) => {
    onStart(k, failures);
    const start = performance.now();
    const verdict = runCheck(item, context);
    if (!isPassing(verdict.kind)) failures++;
    results.push({
      id: item.claim.id,
      title: item.claim.title,
      activation: item.activation.name,
      ...(item.ownProblem ? { ownProblem: true } : {}),
      verdict: verdict.kind,
      summary: verdict.summary,
      evidence: verdict.evidence,
      figures: verdict.figures ?? [],
      seconds: (performance.now() - start) / 1000,
    });
  });
  return results;
}

/** What to try after `verify --out` (stderr; the table or JSON stays on stdout). */
function nextSteps(html: string): string {
  return [
    'next:',
    `  open ${html} in a browser        (one self-contained page: statements, evidence, figures)`,
    '  npx tsx examples/paper-toy-infinity.ts   (a runnable example; more in examples/)',
    '  flat-channels problem --name paper-toy --json > mine.json   (a problem spec to edit), then',
    '  flat-channels verify --problem mine.json (the claims that apply to your problem)',
    '',
  ].join('\n');
}

export const verifyCommand: Command = {
  name: 'verify',
  summary:
    'check the claims and write a report (exit 0 only if every claim is certified, proved or verified)',
  usage:
    'flat-channels verify [--claims IDS] [--activation NAME|FORMULA | --problem P [--width R]] [--seed S] [--digits N] [--out DIR] [--json]',
  examples: [
    'flat-channels verify',
    'flat-channels verify --claims glu-limit --activation "log(cosh(x))" --digits 60 --json',
    'flat-channels verify --out report    # writes report/report.{json,md,html}',
    'flat-channels verify --problem glu-teacher --claims flow-time-laws,asymptotic-parallelism',
  ],
  options: {
    claims: {
      type: 'string',
      value: 'IDS',
      help: `comma-separated claim ids (default: all but the opt-in ones, which run only when named: ${CLAIMS.filter(
        (c) => c.optIn !== undefined,
      )
        .map((c) => c.id)
        .join(', ')})`,
    },
    activation: {
      type: 'string',
      value: 'NAME|FORMULA',
      help: 'activation to check (default: every registered smooth activation)',
    },
    problem: {
      type: 'string',
      value: 'P',
      help: 'check the claims that take a problem on this one (built-in name or JSON spec); the others are not-applicable',
    },
    width: { type: 'string', value: 'R', help: 'student width of a seeded --problem' },
    seed: { type: 'string', value: 'S', help: 'seed of the random test points (default 1)' },
    out: OUT_OPTION,
  },
  async run(values, io) {
    const digits = digitsOption(values);
    const seed = values['seed'] === undefined ? 1 : integerInRange('--seed', values['seed'], 0, 2 ** 31 - 1);
    const claimIds = optionalString(values, 'claims')
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const claims = selectClaims(claimIds);
    const activationArg = optionalString(values, 'activation');
    const problem = optionalString(values, 'problem') === undefined ? undefined : problemOption(values);
    if (problem !== undefined && activationArg !== undefined) {
      throw new InputError(
        `--activation and --problem exclude each other (the problem's activation is ${problem.network.activation.name})`,
      );
    }
    if (problem === undefined && optionalString(values, 'width') !== undefined) {
      throw new InputError('--width needs --problem');
    }
    const activations: readonly Activation[] =
      problem !== undefined
        ? [problem.network.activation]
        : activationArg === undefined
          ? registeredActivations()
              .map((n) => resolveActivation(n))
              .filter((a) => a.smooth)
          : [resolveActivation(activationArg)];
    const json = values['json'] === true;
    const out = optionalString(values, 'out');
    // The output place is checked, and the report set's staging directory made, before any claim runs: a path
    // that cannot hold the report must not cost a run of several minutes.
    const set =
      out === undefined ? undefined : openReportSet(checkOutputPath('--out', out, 'directory'), REPORT_FILES);
    const progress = io.isTTY && !json;
    let report: VerifyReport;
    try {
      const plan = planChecks(claims, activations, problem);
      const began = performance.now();
      const results = runChecks(
        plan,
        { digits, seed, ...(problem === undefined ? {} : { problem }) },
        (k, failures) => {
          if (!progress) return;
          const item = plan[k];
          if (item === undefined) return;
          // One status line, redrawn in place (\r, then erase to the end of the line).
          const elapsed = ((performance.now() - began) / 1000).toFixed(0);
          const failed = failures > 0 ? `, ${failures} not passing` : '';
          io.stderr(
            `\r[${k + 1}/${plan.length}] ${elapsed} s${failed}: ${item.claim.id} (${activationLabel({ activation: item.activation.name, ownProblem: item.ownProblem })})\u001b[K`,
          );
        },
      );
      if (progress) io.stderr('\r\u001b[K');
      const counts: Record<VerdictKind, number> = {
        certified: 0,
        proved: 0,
        verified: 0,
        refuted: 0,
        'not-applicable': 0,
        inconclusive: 0,
      };
      for (const r of results) counts[r.verdict]++;
      report = {
        tool: 'flat-channels',
        version: toolVersion(),
        digits,
        seed,
        ...(problem === undefined ? {} : { problem: problem.name }),
        passed: reportPasses(
          results.map((r) => r.verdict),
          problem !== undefined,
        ),
        counts,
        definitions: claims.map(({ id, title, statement, latex, hypotheses, source }) => ({
          id,
          title,
          statement,
          latex,
          hypotheses,
          source,
        })),
        claims: results,
      };
      set?.commit({
        'report.json': JSON.stringify(report, null, 2) + '\n',
        'report.md': verifyMarkdown(report),
        'report.html': verifyHtml(report),
      });
    } finally {
      set?.abandon();
    }
    io.stdout(json ? JSON.stringify(report) + '\n' : verifyTable(report));
    if (out !== undefined) {
      const html = join(out, 'report.html');
      io.stderr(`report written to ${html} (also report.json, report.md)\n`);
      if (!json) io.stderr(nextSteps(html));
    }
    return report.passed ? 0 : 1;
  },
};
