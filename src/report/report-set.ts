import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

/**
 * A set of files (report.json, report.md, report.html) that must never be seen mixed: either the whole previous set
 * or the whole new one. It is written into a fresh staging directory beside the target and swapped in whole.
 */
export interface ReportSet {
  /** The absolute directory the set goes to. */
  readonly dir: string;
  /**
   * Writes the files into the staging directory, then swaps it in: one rename when `dir` does not exist (or is
   * empty); otherwise the old directory is renamed aside, the new one renamed in, and the old one removed — a kill
   * between the two renames leaves no `dir` and the whole old set aside, which the next {@link openReportSet} puts
   * back. Never a mixed set.
   */
  commit(files: Readonly<Record<string, string>>): void;
  /** Removes the staging directory (when the run fails before it has a report). */
  abandon(): void;
}

/** Options of {@link openReportSet}. */
export interface ReportSetOptions {
  /** Option name in error messages. Default `--out`. */
  readonly label?: string;
}

/** Marks verify's temporaries beside the target: `.<name>.report-set-<pid>-<random>[.old]`. */
const TEMP = /^\.(.+)\.report-set-(\d+)-[a-z0-9]+(\.old)?$/;
/**
 * Temporaries a killed process may leave inside the target: per-file atomic writes (io/write-file-atomic.ts,
 * `.<file>.<pid>.<time>.tmp`) and writability probes (`.flat-channels-probe-<pid>-…`, `.report-set-probe-<pid>-…`).
 */
const FILE_TEMPS: readonly RegExp[] = [
  /^\..+\.(\d+)\.\d+\.tmp$/,
  /^\.flat-channels-probe-(\d+)-[a-z0-9]+$/,
  /^\.report-set-probe-(\d+)-[a-z0-9]+$/,
];

/**
 * What may be derived from a set and kept inside it: `screenshots/`, the browser test's pictures of this report
 * (test/report/browser.test.ts with REPORT_DIR). Not a foreign entry; it goes with the set it shows when a new set
 * is swapped in.
 */
export const REPORT_SET_DERIVED: readonly string[] = ['screenshots'];

/** The pid in a temporary's name, or undefined when the name is not one. */
function tempPid(name: string): number | undefined {
  for (const re of FILE_TEMPS) {
    const m = re.exec(name);
    if (m !== null) return Number(m[1]);
  }
  return undefined;
}

/**
 * Prepares to write the file set `names` into directory `dir`, before any expensive work, so that a path that
 * cannot hold it is refused at once (InputError, one line): a path on /proc or /sys, an existing path that is not a
 * directory (a file, /dev/null), a directory that holds anything but an earlier set of these files, or a place
 * where the staging directory cannot be created (read-only, permission denied). Also cleans up what a killed
 * run left: stale staging directories (of processes that are gone), an old set renamed aside (put back when `dir`
 * is missing) and orphaned per-file temporaries inside `dir`.
 *
 * Syntax: `openReportSet(dir, names, options?)` → {@link ReportSet}
 *
 * Example: `const set = openReportSet('report', ['report.json']); …; set.commit({ 'report.json': text })`
 *
 * See also: `writeFileAtomic` (one file).
 */
export function openReportSet(
  dir: string,
  names: readonly string[],
  options: ReportSetOptions = {},
): ReportSet {
  const { label = '--out' } = options;
  const what = `${label} ${JSON.stringify(dir)}`;
  if (dir.trim() === '') throw new InputError(`${label}: expected a directory, got an empty string`);
  if (dir.includes('\0')) throw new InputError(`${label}: the path contains a NUL character`);
  const target = resolve(dir);
  for (const prefix of ['/proc', '/sys'])
    if (target === prefix || target.startsWith(`${prefix}/`))
      throw new InputError(`${what}: ${prefix} is not a place for output files`);
  if (target === dirname(target)) throw new InputError(`${what}: the root directory cannot be replaced`);
  const parent = dirname(target);
  const base = basename(target);
  makeParents(what, parent);
  cleanStale(parent, base, target, names);
  const foreign = foreignEntries(what, target, names);
  if (foreign.length > 0) {
    throw new InputError(
      `${what}: holds ${foreign.length === 1 ? 'a file' : 'files'} other than a report (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); give a directory of its own`,
    );
  }
  if (existsSync(target)) probeWritable(what, target);
  const staging = join(
    parent,
    `.${base}.report-set-${process.pid}-${Math.random().toString(36).slice(2, 10)}`,
  );
  try {
    mkdirSync(staging);
  } catch (e) {
    throw new InputError(`${what}: cannot write in ${parent} (${reason(e)})`);
  }
  let open = true;
  return {
    dir: target,
    commit(files) {
      if (!open) throw new Error('report set: already committed or abandoned');
      open = false;
      try {
        for (const [name, content] of Object.entries(files)) {
          if (!names.includes(name))
            throw new Error(`report set: "${name}" is not one of ${names.join(', ')}`);
          writeFileSync(join(staging, name), content, { flush: true });
        }
        swapIn(staging, target, names);
      } catch (e) {
        rmSync(staging, { recursive: true, force: true });
        throw e;
      }
    },
    abandon() {
      if (!open) return;
      open = false;
      rmSync(staging, { recursive: true, force: true });
    },
  };
}

function swapIn(staging: string, target: string, names: readonly string[]): void {
  try {
    // Succeeds when the target is missing or an empty directory: the one-rename case.
    renameSync(staging, target);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
  }
  // Something appeared in the target during the run: keep it, and replace only our files, one by one.
  if (foreignEntries('', target, names).length > 0) {
    for (const name of readdirSync(staging)) renameSync(join(staging, name), join(target, name));
    rmSync(staging, { recursive: true, force: true });
    return;
  }
  const old = `${staging}.old`;
  renameSync(target, old);
  renameSync(staging, target);
  rmSync(old, { recursive: true, force: true });
}

/** Entries of `target` other than the set's files and stale per-file temporaries (none if it does not exist). */
function foreignEntries(what: string, target: string, names: readonly string[]): string[] {
  let stats;
  try {
    stats = lstatSync(target);
  } catch {
    return [];
  }
  if (!stats.isDirectory()) {
    const kind = stats.isFile()
      ? 'a file'
      : stats.isCharacterDevice()
        ? 'a character device'
        : stats.isSymbolicLink()
          ? 'a symbolic link'
          : 'not a directory';
    throw new InputError(`${what}: exists and is not a directory (${kind})`);
  }
  return readdirSync(target).filter(
    (n) => !names.includes(n) && !REPORT_SET_DERIVED.includes(n) && tempPid(n) === undefined,
  );
}

/** Creates the missing directories above the target one level at a time (never the recursive mkdir, which loops
 * on pseudo-filesystems), refusing a file in the way. */
function makeParents(what: string, dir: string): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    let stats;
    try {
      stats = statSync(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new InputError(`${what}: cannot use ${at} (${reason(e)})`);
      missing.push(at);
      const up = dirname(at);
      if (up === at || missing.length > 256) throw new InputError(`${what}: no existing directory above it`);
      at = up;
      continue;
    }
    if (!stats.isDirectory()) throw new InputError(`${what}: ${at} is not a directory`);
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new InputError(`${what}: cannot create ${d} (${reason(e)})`);
    }
  }
}

/** Removes temporaries of runs whose process is gone; puts a whole old set back if the swap was cut short. */
function cleanStale(parent: string, base: string, target: string, names: readonly string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of entries) {
    const m = TEMP.exec(name);
    if (m === null || m[1] !== base || isAlive(Number(m[2]))) continue;
    const path = join(parent, name);
    if (m[3] !== undefined && !existsSync(target)) {
      // Killed between the two renames of a swap: the aside copy is the last complete set.
      try {
        renameSync(path, target);
        continue;
      } catch {
        // fall through to removal
      }
    }
    rmSync(path, { recursive: true, force: true });
  }
  try {
    if (!statSync(target).isDirectory()) return;
    for (const name of readdirSync(target)) {
      const pid = tempPid(name);
      if (pid !== undefined && !names.includes(name) && !isAlive(pid))
        rmSync(join(target, name), { force: true });
    }
  } catch {
    // no target yet
  }
}

/** Creates and removes an empty file: the one test that holds for root, ACLs and read-only mounts alike. */
function probeWritable(what: string, dir: string): void {
  const probe = join(dir, `.report-set-probe-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
  } catch (e) {
    throw new InputError(`${what}: cannot write in it (${reason(e)})`);
  }
  rmSync(probe, { force: true });
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left';
  return code ?? String(e);
}
