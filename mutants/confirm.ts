/**
 * Direct confirmation of one mutant: plants it in a private copy of the tree and runs `verify --json` for the
 * named claims only (a few seconds of CPU instead of the minutes a full `npm run mutants` line costs).
 *
 *   npx tsx mutants/confirm.ts ID[,ID…] --claims C[,C…] [--activation A] [--rev REV]
 *
 * Each id is planted alone (one copy per id). Prints one line per id: killed/survived and the non-passing claims
 * with their verdicts and summaries. Exit code 0 only when every mutant was killed by one of the named claims.
 * Without --rev the copy is of the working tree's src/ (so uncommitted claim changes are included).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANTS } from './catalogue.js';
import { applyMutant } from './mutant.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COPIED = ['src', 'bin', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

function fail(message: string): never {
  process.stderr.write(
    `${message}\nusage: npx tsx mutants/confirm.ts ID[,ID] --claims C[,C] [--activation A] [--rev REV]\n`,
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
let ids: string[] = [];
let claims: string | undefined;
let activation: string | undefined;
let rev: string | undefined;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i] ?? '';
  if (a === '--claims') claims = argv[++i];
  else if (a === '--activation') activation = argv[++i];
  else if (a === '--rev') rev = argv[++i];
  else if (a.startsWith('--')) fail(`unknown option ${a}`);
  else ids = ids.concat(a.split(','));
}
if (ids.length === 0 || claims === undefined) fail('give at least one mutant id and --claims');
const mutants = ids.map((id) => MUTANTS.find((m) => m.id === id) ?? fail(`unknown mutant ${id}`));

const parent = mkdtempSync(join(tmpdir(), 'mutant-confirm-'));
let allKilled = true;
try {
  for (const m of mutants) {
    const dir = join(parent, m.id);
    mkdirSync(dir);
    if (rev === undefined) {
      for (const f of COPIED) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
    } else {
      const tar = spawnSync('git', ['-C', ROOT, 'archive', '--format=tar', rev, '--', ...COPIED], {
        maxBuffer: 1 << 30,
      });
      if (tar.status !== 0) fail(`git archive ${rev} failed`);
      spawnSync('tar', ['-x', '-C', dir], { input: tar.stdout });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    applyMutant(dir, m);
    const args = [
      'verify',
      '--json',
      '--claims',
      claims,
      ...(activation === undefined ? [] : ['--activation', activation]),
    ];
    writeFileSync(
      join(dir, 'confirm-entry.mjs'),
      `import { main } from './src/cli/main.ts';\nprocess.exitCode = await main(${JSON.stringify(args)});\n`,
    );
    const began = performance.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'confirm-entry.mjs'], {
      cwd: dir,
      maxBuffer: 1 << 28,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    const seconds = ((performance.now() - began) / 1000).toFixed(0);
    let report:
      { claims: { id: string; activation: string; verdict: string; summary: string }[] } | undefined;
    try {
      report = JSON.parse(run.stdout.toString()) as typeof report;
    } catch {
      report = undefined;
    }
    if (report === undefined) {
      allKilled = false;
      process.stdout.write(
        `${m.id}: crashed (no report): ${run.stderr.toString().trim().split('\n').slice(-3).join(' | ')}\n`,
      );
      continue;
    }
    const caught = report.claims.filter((c) => !['certified', 'proved', 'verified'].includes(c.verdict));
    if (caught.length === 0) allKilled = false;
    process.stdout.write(
      `${m.id}: ${caught.length > 0 ? 'killed' : 'survived'} (${seconds} s) [${claims}${activation === undefined ? '' : ` --activation ${activation}`}]` +
        (caught.length > 0
          ? '\n' + caught.map((c) => `  ${c.id} (${c.activation}) ${c.verdict}: ${c.summary}`).join('\n')
          : '') +
        '\n',
    );
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(parent, { recursive: true, force: true });
}
process.exitCode = allKilled ? 0 : 1;
