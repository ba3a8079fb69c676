import { closeSync, openSync, realpathSync, statSync, statfsSync, unlinkSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

/** What a command writes at an output path: a directory of files (`--out`), or one file (`--checkpoint`). */
export type OutputKind = 'directory' | 'file';

/**
 * Pseudo-filesystems that hold no user files: writing there fails or, worse, hangs (Node 20's recursive
 * `mkdirSync` loops forever on `/proc/…`, where `mkdir` answers ENOENT for every missing level).
 * Magic numbers from linux/magic.h.
 */
const PSEUDO_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x6165676c, 'pstorefs'],
  [0xcafe4a11, 'bpf'],
]);

/** Path prefixes refused even where statfs is unavailable. */
const PSEUDO_PREFIXES: readonly string[] = ['/proc', '/sys'];

/**
 * Checks, before any work is done, that `path` can be written as an output of the given kind, and returns it
 * absolute. Refused with one InputError line naming `label` (e.g. `--out`), the path and the problem:
 * - a path on a pseudo-filesystem (/proc, /sys, cgroup, …);
 * - an existing path of the wrong type: a file, device or FIFO given as a directory; a directory, device
 *   (`/dev/null`), FIFO or socket given as a file (an atomic write would replace a device node by a file);
 * - a path below a file (`report.json/x`);
 * - a place where nothing can be created: the nearest existing directory is probed by creating and removing
 *   an empty file, which also catches read-only mounts and, for root, what permission bits would not.
 *
 * Syntax: `checkOutputPath(label, path, kind)`
 *
 * Examples: `checkOutputPath('--out', 'report', 'directory')`, `checkOutputPath('--checkpoint', 'run.ckpt', 'file')`
 *
 * See also: `writeFileAtomic` (io/write-file-atomic.ts), which does the writing.
 */
export function checkOutputPath(label: string, path: string, kind: OutputKind): string {
  const what = `${label} ${JSON.stringify(path)}`;
  if (path.trim() === '') throw new InputError(`${label}: expected a path, got an empty string`);
  if (path.includes('\0')) throw new InputError(`${label}: the path contains a NUL character`);
  const target = resolve(path);
  // The nearest existing ancestor (the target itself when it exists).
  let existing = target;
  let stats: Stats | undefined;
  for (;;) {
    try {
      stats = statSync(existing);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES') throw new InputError(`${what}: permission denied on ${existing}`);
      if (code === 'ELOOP') throw new InputError(`${what}: too many symbolic links at ${existing}`);
      if (code === 'ENAMETOOLONG') throw new InputError(`${what}: the path is too long`);
      // ENOENT: missing; ENOTDIR: a component is a file (found as the ancestor below and refused).
      const parent = dirname(existing);
      if (parent === existing) throw new InputError(`${what}: no existing directory above it`);
      existing = parent;
    }
  }
  const real = safeRealpath(existing);
  refusePseudo(what, real);
  if (existing === target) {
    if (kind === 'directory' && !stats.isDirectory())
      throw new InputError(`${what}: exists and is not a directory (${typeName(stats)})`);
    if (kind === 'file' && !stats.isFile())
      throw new InputError(
        `${what}: exists and is not a regular file (${typeName(stats)}); give a file path to write to`,
      );
    probeWritable(what, kind === 'directory' ? target : dirname(target));
  } else {
    if (!stats.isDirectory())
      throw new InputError(`${what}: ${existing} is not a directory (${typeName(stats)})`);
    probeWritable(what, existing);
  }
  return target;
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function refusePseudo(what: string, real: string): void {
  for (const prefix of PSEUDO_PREFIXES)
    if (real === prefix || real.startsWith(`${prefix}/`))
      throw new InputError(`${what}: ${prefix} is a pseudo-filesystem, not a place for output files`);
  let type: number | undefined;
  try {
    type = statfsSync(real).type;
  } catch {
    type = undefined;
  }
  const name = type === undefined ? undefined : PSEUDO_FILESYSTEMS.get(type);
  if (name !== undefined)
    throw new InputError(`${what}: ${real} is on a ${name} pseudo-filesystem, not a place for output files`);
}

/** Creates and removes an empty file in `dir`: the only test that holds for root, ACLs and read-only mounts. */
function probeWritable(what: string, dir: string): void {
  const probe = join(dir, `.flat-channels-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
  let fd: number;
  try {
    fd = openSync(probe, 'wx');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const reason =
      code === 'EROFS'
        ? 'is on a read-only file system'
        : code === 'EACCES' || code === 'EPERM'
          ? 'is not writable (permission denied)'
          : code === 'ENOSPC' || code === 'EDQUOT'
            ? 'has no space left'
            : `cannot be written (${code})`;
    throw new InputError(`${what}: ${dir} ${reason}`);
  }
  closeSync(fd);
  try {
    unlinkSync(probe);
  } catch {
    // A probe that cannot be removed is harmless (empty, dot-named); the directory was writable.
  }
}

function typeName(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFile()) return 'a file';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  return 'not a file or directory';
}
