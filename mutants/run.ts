/**
 * Mutation testing of `flat-channels verify`: plants each catalogued bug in a private copy of the repository, runs
 * `verify --json` from that copy (under tsx, straight from src/: dist/ is never involved) and records which claims
 * stopped passing.
 *
 *   npm run mutants -- [--workers N] [--only ID,ID] [--list] [--out FILE] [--timeout S] [--rev REV] [--fail-fast]
 *                      [--keep]
 *
 * Statuses: `killed` (a claim came out refuted or inconclusive by its own verdict: what the issue asks for),
 * `crashed` (verify printed no report, or every claim that did not pass only reports that its check threw: the bug
 * is noticed, but not by a claim's judgement), `timeout`, `survived` (every claim passed), `error` (the mutant does
 * not apply to this tree: its snippet drifted). See docs/mutants.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANTS } from './catalogue.js';
import { applicationProblem, applyMutant, type Mutant } from './mutant.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** What a copy needs to run verify from source; node_modules is linked, .git and dist/ are left out. */
const COPIED = ['src', 'bin', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
const ENTRY = 'mutant-entry.mjs';
const ENTRY_TEXT = [
  '// Written by mutants/run.ts: runs `verify --json` from src/ under tsx. With --fail-fast it runs verify once per',
  '// claim, in the registry order, and stops after the first claim that does not pass (one process, one import).',
  "import { main } from './src/cli/main.ts';",
  "import { CLAIMS } from './src/claims/registry.ts';",
  "if (!process.argv.includes('--fail-fast')) {",
  "  process.exitCode = await main(['verify', '--json']);",
  '} else {',
  '  const claims = [];',
  '  for (const { id } of CLAIMS) {',
  "    let out = '';",
  '    const io = { stdout: (t) => void (out += t), stderr: (t) => void process.stderr.write(t), isTTY: false };',
  "    const code = await main(['verify', '--json', '--claims', id], io);",
  '    let report;',
  '    try {',
  '      report = JSON.parse(out);',
  '    } catch {',
  '      process.stderr.write(`verify --claims ${id} printed no report (exit ${code})\\n`);',
  '      process.exit(3);',
  '    }',
  '    claims.push(...report.claims);',
  "    if (report.claims.some((c) => !['certified', 'proved', 'verified'].includes(c.verdict))) break;",
  '  }',
  '  process.stdout.write(JSON.stringify({ failFast: true, claims }) + "\\n");',
  '}',
  '',
].join('\n');

type Status = 'killed' | 'crashed' | 'timeout' | 'survived' | 'error';

interface Catch {
  readonly claim: string;
  readonly activation: string;
  readonly verdict: string;
  readonly summary: string;
}

interface Outcome {
  readonly id: string;
  readonly kind: string;
  readonly file: string;
  readonly description: string;
  readonly status: Status;
  /** Non-passing claims, in the order verify ran them. */
  readonly caught: readonly Catch[];
  readonly seconds: number;
  /** For crashed/error/timeout: the last lines of stderr or the reason. */
  readonly detail?: string;
}

interface RunOptions {
  workers: number;
  only: readonly string[] | undefined;
  list: boolean;
  out: string | undefined;
  timeoutSeconds: number | undefined;
  rev: string | undefined;
  failFast: boolean;
  keep: boolean;
}

function parseArgs(argv: readonly string[]): RunOptions {
  const o: RunOptions = {
    workers: 2,
    only: undefined,
    list: false,
    out: undefined,
    timeoutSeconds: undefined,
    rev: undefined,
    failFast: false,
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--workers') o.workers = positiveInt(a, value());
    else if (a === '--only')
      o.only = value()
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    else if (a === '--list') o.list = true;
    else if (a === '--out') o.out = value();
    else if (a === '--timeout') o.timeoutSeconds = positiveInt(a, value());
    else if (a === '--rev') o.rev = value();
    else if (a === '--fail-fast') o.failFast = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--help' || a === '-h') usage(undefined);
    else usage(`unknown option ${a}`);
  }
  return o;
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) usage(`${name} must be a positive integer, got ${v}`);
  return n;
}

function usage(error: string | undefined): never {
  const text =
    'usage: npm run mutants -- [--workers N (default 2)] [--only ID,ID] [--list] [--out FILE.json|FILE.md|BASE]\n' +
    '                          [--timeout SECONDS (default 8× the baseline, at least 300)]\n' +
    '                          [--rev REV (snapshot a commit instead of the working tree)]\n' +
    '                          [--fail-fast (per mutant, stop at the first claim that does not pass)] [--keep]\n';
  if (error !== undefined) {
    process.stderr.write(`mutants: ${error}\n${text}`);
    process.exit(2);
  }
  process.stdout.write(text);
  process.exit(0);
}

/** A private copy of the tree at `from` in a new directory under `parent`. */
function copyTree(from: string, parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  for (const f of COPIED) cpSync(join(from, f), join(dir, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, ENTRY), ENTRY_TEXT);
  return dir;
}

/** A copy of the committed tree at `rev` (git archive: the index and working tree are not touched). */
function archiveTree(rev: string, parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  const tar = spawnSync('git', ['-C', ROOT, 'archive', '--format=tar', rev, '--', ...COPIED], {
    maxBuffer: 1 << 30,
  });
  if (tar.status !== 0) throw new Error(`git archive ${rev} failed: ${tar.stderr.toString().trim()}`);
  const x = spawnSync('tar', ['-x', '-C', dir], { input: tar.stdout });
  if (x.status !== 0) throw new Error(`tar -x failed: ${x.stderr.toString().trim()}`);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, ENTRY), ENTRY_TEXT);
  return dir;
}

interface VerifyRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  readonly timedOut: boolean;
}

function runVerify(dir: string, timeoutSeconds: number, failFast: boolean): Promise<VerifyRun> {
  const began = performance.now();
  return new Promise((done) => {
    const args = ['--import', 'tsx', ENTRY, ...(failFast ? ['--fail-fast'] : [])];
    const child = spawn(process.execPath, args, {
      cwd: dir,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, seconds: (performance.now() - began) / 1000, timedOut });
    });
  });
}

interface ReportClaim {
  readonly id: string;
  readonly activation: string;
  readonly verdict: string;
  readonly summary: string;
}

/** The claims of a `verify --json` report, or undefined when stdout holds no report. */
function parseReport(stdout: string): readonly ReportClaim[] | undefined {
  try {
    const r = JSON.parse(stdout) as { claims?: unknown };
    return Array.isArray(r.claims) ? (r.claims as ReportClaim[]) : undefined;
  } catch {
    return undefined;
  }
}

const PASSING = new Set(['certified', 'proved', 'verified']);

/**
 * verify turns a check that throws into `inconclusive` with this summary (no fall-through to verified): it counts
 * as a catch by verify, but not as a claim's judgement, so it is reported as `crashed` when it is the only catch.
 */
const THREW = /^the check failed with an error/;

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join(' / ').slice(0, 400);
}

function classify(m: Mutant, run: VerifyRun): Outcome {
  const base = { id: m.id, kind: m.kind, file: m.file, description: m.description, seconds: run.seconds };
  if (run.timedOut) return { ...base, status: 'timeout', caught: [], detail: 'killed after the time limit' };
  const claims = parseReport(run.stdout);
  if (claims === undefined) {
    return { ...base, status: 'crashed', caught: [], detail: `exit ${run.code}: ${tail(run.stderr, 3)}` };
  }
  const caught = claims
    .filter((c) => !PASSING.has(c.verdict))
    .map((c) => ({ claim: c.id, activation: c.activation, verdict: c.verdict, summary: c.summary }));
  if (caught.length === 0) return { ...base, status: 'survived', caught };
  if (caught.every((c) => THREW.test(c.summary))) {
    return {
      ...base,
      status: 'crashed',
      caught,
      detail: `every catch is a thrown error: ${caught[0]?.summary}`,
    };
  }
  return { ...base, status: 'killed', caught };
}

/** "claim (refuted: tanh, erf; inconclusive: g)" per distinct claim, in run order. */
function caughtBy(o: Outcome): string {
  if (o.status !== 'killed') return o.status === 'survived' ? '—' : (o.detail ?? '').slice(0, 160);
  const byClaim = new Map<string, Map<string, string[]>>();
  for (const c of o.caught) {
    const verdicts = byClaim.get(c.claim) ?? new Map<string, string[]>();
    byClaim.set(c.claim, verdicts);
    const verdict = THREW.test(c.summary) ? `${c.verdict} (threw)` : c.verdict;
    verdicts.set(verdict, [...(verdicts.get(verdict) ?? []), c.activation]);
  }
  return [...byClaim]
    .map(
      ([claim, verdicts]) =>
        `${claim} (${[...verdicts].map(([v, acts]) => `${v}: ${acts.join(', ')}`).join('; ')})`,
    )
    .join('; ');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdownTable(outcomes: readonly Outcome[]): string {
  const rows = outcomes.map(
    (o) => `| ${o.id} | ${o.kind} | ${o.status} | ${escapeCell(caughtBy(o))} | ${o.seconds.toFixed(0)} |`,
  );
  return ['| mutant | kind | status | caught by | s |', '|---|---|---|---|---:|', ...rows].join('\n');
}

interface Score {
  readonly total: number;
  readonly killed: number;
  readonly crashed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly error: number;
  readonly equivalent: number;
}

function score(outcomes: readonly Outcome[], equivalent: number): Score {
  const n = (s: Status): number => outcomes.filter((o) => o.status === s).length;
  return {
    total: outcomes.length,
    killed: n('killed'),
    crashed: n('crashed'),
    timeout: n('timeout'),
    survived: n('survived'),
    error: n('error'),
    equivalent,
  };
}

function scoreLine(s: Score): string {
  return (
    `mutation score: ${s.killed}/${s.total} non-equivalent mutants killed by a claim ` +
    `(crashed ${s.crashed}, timed out ${s.timeout}, survived ${s.survived}, did not apply ${s.error}; ` +
    `${s.equivalent} equivalent excluded)`
  );
}

async function pool<T, R>(items: readonly T[], workers: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
  return results;
}

function listCatalogue(): void {
  for (const m of MUTANTS) {
    const flag = m.equivalent === true ? `  [equivalent: ${m.why ?? ''}]` : '';
    process.stdout.write(`${m.id}  ${m.kind}  ${m.file}\n    ${m.description}${flag}\n`);
  }
  const eq = MUTANTS.filter((m) => m.equivalent === true).length;
  process.stdout.write(`${MUTANTS.length} mutants (${eq} equivalent)\n`);
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.list) {
    listCatalogue();
    return 0;
  }
  const unknown = (opts.only ?? []).filter((id) => !MUTANTS.some((m) => m.id === id));
  if (unknown.length > 0) usage(`unknown mutant id(s): ${unknown.join(', ')}`);
  const selected = MUTANTS.filter((m) => opts.only === undefined || opts.only.includes(m.id));
  const equivalent = selected.filter((m) => m.equivalent === true);
  const toRun = selected.filter((m) => m.equivalent !== true);

  const work = mkdtempSync(join(tmpdir(), 'flat-channels-mutants-'));
  const log = (t: string): void => void process.stderr.write(t + '\n');
  const startedAt = new Date();
  const load0 = loadavg();
  try {
    // One snapshot of the working tree: every mutant (and the baseline) sees the same source even while the
    // working tree is being edited.
    const snapshot =
      opts.rev === undefined ? copyTree(ROOT, work, 'snapshot') : archiveTree(opts.rev, work, 'snapshot');
    const source =
      opts.rev === undefined
        ? `the working tree ${ROOT}`
        : `${opts.rev} = ${spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', opts.rev]).stdout.toString().trim()}`;
    log(`mutants: snapshot of ${source} in ${snapshot}; baseline run (unmutated) …`);
    const baseline = await runVerify(snapshot, opts.timeoutSeconds ?? 1800, false);
    const baseClaims = parseReport(baseline.stdout);
    const baseFailing = baseClaims?.filter((c) => !PASSING.has(c.verdict)) ?? [];
    if (baseline.timedOut || baseClaims === undefined || baseFailing.length > 0 || baseline.code !== 0) {
      const why =
        baseClaims === undefined
          ? `no report (exit ${baseline.code}${baseline.timedOut ? ', timed out' : ''}): ${tail(baseline.stderr, 5)}`
          : `not passing: ${baseFailing.map((c) => `${c.id} (${c.activation}) ${c.verdict}: ${c.summary}`).join('; ')}`;
      log(`mutants: ABORT: verify does not pass on the unmutated tree, so no mutant can be judged. ${why}`);
      return 2;
    }
    const timeout = opts.timeoutSeconds ?? Math.max(300, Math.ceil(8 * baseline.seconds));
    log(
      `mutants: baseline passed in ${baseline.seconds.toFixed(1)} s; ${toRun.length} mutants, ` +
        `${opts.workers} worker(s), time limit ${timeout} s each (${cpus().length} cores, load ${load0[0]?.toFixed(2)})`,
    );
    let done = 0;
    const outcomes = await pool(toRun, opts.workers, async (m): Promise<Outcome> => {
      const problem = applicationProblem(snapshot, m);
      let outcome: Outcome;
      if (problem !== undefined) {
        outcome = {
          id: m.id,
          kind: m.kind,
          file: m.file,
          description: m.description,
          status: 'error',
          caught: [],
          seconds: 0,
          detail: problem,
        };
      } else {
        const dir = copyTree(snapshot, work, `m-${m.id}`);
        applyMutant(dir, m);
        outcome = classify(m, await runVerify(dir, timeout, opts.failFast));
        if (!opts.keep) rmSync(dir, { recursive: true, force: true });
      }
      done++;
      log(
        `[${done}/${toRun.length}] ${m.id}: ${outcome.status} (${outcome.seconds.toFixed(0)} s) ${caughtBy(outcome)}`,
      );
      return outcome;
    });
    const s = score(outcomes, equivalent.length);
    const table = markdownTable(outcomes);
    process.stdout.write(`\n${table}\n\n${scoreLine(s)}\n`);
    const survivors = outcomes.filter((o) => o.status !== 'killed');
    if (survivors.length > 0) {
      process.stdout.write('\nnot killed by a claim:\n');
      for (const o of survivors)
        process.stdout.write(`* ${o.id} (${o.status}, ${o.file}): ${o.description}\n`);
    }
    if (opts.out !== undefined) {
      const meta = {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        loadAverageAtStart: load0,
        cores: cpus().length,
        workers: opts.workers,
        failFast: opts.failFast,
        command: `npm run mutants -- ${process.argv.slice(2).join(' ')}`.trim(),
        source,
        baselineSeconds: baseline.seconds,
        timeoutSeconds: timeout,
      };
      const md =
        `Run ${meta.startedAt} → ${meta.finishedAt} on ${source}, load ${load0.map((l) => l.toFixed(2)).join(' ')} ` +
        `on ${meta.cores} cores, ${opts.workers} worker(s), baseline ${baseline.seconds.toFixed(0)} s: ` +
        `\`${meta.command}\`\n\n${table}\n\n${scoreLine(s)}\n`;
      const json = JSON.stringify(
        { ...meta, score: s, equivalent: equivalent.map(({ id, why }) => ({ id, why })), outcomes },
        null,
        2,
      );
      const targets = opts.out.endsWith('.json')
        ? [[opts.out, json]]
        : opts.out.endsWith('.md')
          ? [[opts.out, md]]
          : [
              [`${opts.out}.json`, json],
              [`${opts.out}.md`, md],
            ];
      for (const [path, text] of targets) {
        writeFileSync(path as string, (text as string) + '\n');
        log(`mutants: wrote ${path}`);
      }
    }
    return s.killed === s.total ? 0 : 1;
  } finally {
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
    else log(`mutants: kept ${work}`);
  }
}

process.exitCode = await main();
