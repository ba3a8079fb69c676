import { join } from 'node:path';
import { registeredActivations, resolveActivation, type Activation } from '../../activations/index.js';
import type { Verdict, VerdictKind } from '../../claims/claim.js';
import { InputError } from '../../errors.js';
import { isPassing } from '../../claims/claim.js';
import { selectClaims } from '../../claims/registry.js';
import { verifyHtml } from '../../report/verify-html.js';
import {
  verifyMarkdown,
  verifyTable,
  type ClaimResult,
  type VerifyReport,
} from '../../report/verify-report.js';
import { writeFileAtomic } from '../../report/write-atomic.js';
import type { Command } from '../command.js';
import { toolVersion } from '../version.js';
import { digitsOption, integerInRange, optionalString } from '../options.js';
import { problemOption } from '../problem-options.js';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check the claims and write a report (exit 0 only if every claim is proved or verified)',
  usage:
    'flat-channels verify [--claims IDS] [--activation NAME|FORMULA | --problem P [--width R]] [--seed S] [--digits N] [--out DIR] [--json]',
  examples: [
    'flat-channels verify',
    'flat-channels verify --claims glu-limit --activation "log(cosh(x))" --digits 60 --json',
    'flat-channels verify --out report    # writes report/report.{json,md,html}',
    'flat-channels verify --problem glu-teacher --claims flow-time-laws,asymptotic-parallelism',
  ],
  options: {
    claims: { type: 'string', value: 'IDS', help: 'comma-separated claim ids (default: all)' },
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
    const progress = io.isTTY && !json;
    const results: ClaimResult[] = [];
    const total = claims.length * activations.length;
    const began = performance.now();
    let failures = 0;
    // A claim whose check does not depend on the activation (its problem fixes one) returns the same figures for
    // every activation: the report draws each distinct figure of a claim once.
    const drawn = new Set<string>();
    for (const claim of claims) {
      for (const activation of activations) {
        if (progress) {
          // One status line, redrawn in place (\r, then erase to the end of the line).
          const elapsed = ((performance.now() - began) / 1000).toFixed(0);
          const failed = failures > 0 ? `, ${failures} not passing` : '';
          io.stderr(
            `\r[${results.length + 1}/${total}] ${elapsed} s${failed}: ${claim.id} (${activation.name})\u001b[K`,
          );
        }
        const start = performance.now();
        const verdict: Verdict =
          problem === undefined
            ? claim.check({ digits, activation, seed })
            : claim.acceptsProblem === true
              ? claim.check({ digits, activation, seed, problem })
              : {
                  kind: 'not-applicable',
                  summary: `checks its own construction; it does not take --problem`,
                  evidence: { problem: problem.name },
                };
        if (!isPassing(verdict.kind)) failures++;
        results.push({
          id: claim.id,
          title: claim.title,
          activation: activation.name,
          verdict: verdict.kind,
          summary: verdict.summary,
          evidence: verdict.evidence,
          figures: (verdict.figures ?? []).filter((f) => {
            const key = `${claim.id}\u0000${JSON.stringify(f)}`;
            if (drawn.has(key)) return false;
            drawn.add(key);
            return true;
          }),
          seconds: (performance.now() - start) / 1000,
        });
      }
    }
    if (progress) io.stderr('\r\u001b[K');
    const counts: Record<VerdictKind, number> = {
      proved: 0,
      verified: 0,
      refuted: 0,
      'not-applicable': 0,
      inconclusive: 0,
    };
    for (const r of results) counts[r.verdict]++;
    const passed = results.every((r) => isPassing(r.verdict));
    const report: VerifyReport = {
      tool: 'flat-channels',
      version: toolVersion(),
      digits,
      seed,
      ...(problem === undefined ? {} : { problem: problem.name }),
      passed,
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
    const out = optionalString(values, 'out');
    if (out !== undefined) {
      writeFileAtomic(join(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
      writeFileAtomic(join(out, 'report.md'), verifyMarkdown(report));
      writeFileAtomic(join(out, 'report.html'), verifyHtml(report));
      if (progress) io.stderr(`report: ${join(out, 'report.html')} (also report.json, report.md)\n`);
    }
    io.stdout(json ? JSON.stringify(report) + '\n' : verifyTable(report));
    return passed ? 0 : 1;
  },
};
