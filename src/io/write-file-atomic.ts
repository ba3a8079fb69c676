import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { checkOutputPath } from './check-output-path.js';

/**
 * Writes `content` to `path` atomically: a temporary file in the same directory, flushed, then renamed over the
 * target (rename is atomic within one file system), so a reader or a killed process never sees half a file.
 * Creates the directory if needed.
 *
 * Refuses, with an InputError and before writing anything, what is not a place for a regular file: an existing
 * device, FIFO, socket or directory at `path` (the rename would replace a device node such as /dev/null by a
 * file, as root), a path on a pseudo-filesystem (/proc, /sys: Node 20's recursive mkdir loops there forever) and
 * a directory where nothing can be created — the same checks as the CLI's (checkOutputPath), so that a library
 * caller gets them too.
 *
 * Syntax: `writeFileAtomic(path, content)`
 *
 * See also: `checkOutputPath` (io/check-output-path.ts), `readInputFile` (io/read-input-file.ts).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  checkOutputPath('output file', path, 'file');
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, content, { flush: true });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
