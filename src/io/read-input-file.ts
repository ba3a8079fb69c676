import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

/** Input files larger than this are refused (a parameters, data or spec file of ours is far smaller). */
export const MAX_INPUT_BYTES = 256 * 2 ** 20;
/**
 * Problem spec files larger than this are refused: a spec holds a formula or at most some 10⁶ explicit samples
 * (about 40 MB of JSON); beyond that, JSON.parse and the schema would take minutes and gigabytes first.
 */
export const MAX_SPEC_BYTES = 64 * 2 ** 20;

/**
 * Reads a whole input file given as `label` (e.g. `--init`), refusing with one InputError line what is not a
 * regular file or is larger than `maxBytes`. The type and size are taken from the open descriptor, so a device
 * (`/dev/zero`, read forever) or a FIFO never reaches the read.
 *
 * Syntax: `readInputFile(label, path[, maxBytes])`
 *
 * Example: `JSON.parse(readInputFile('--data', 'data.json').toString('utf8'))`
 *
 * See also: `checkOutputPath` (io/check-output-path.ts), its counterpart for outputs.
 */
export function readInputFile(label: string, path: string, maxBytes: number = MAX_INPUT_BYTES): Buffer {
  const what = `${label} ${JSON.stringify(path)}`;
  let fd: number | undefined;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${what}: is a directory, not a file`);
    if (!st.isFile()) throw new InputError(`${what}: not a regular file (a device, FIFO or socket)`);
    if (st.size > maxBytes)
      throw new InputError(`${what}: ${st.size} bytes, more than the ${maxBytes} an input file may have`);
    return readFileSync(fd);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory, not a file'
            : `cannot be read (${code ?? String(e)})`;
    throw new InputError(`${what}: ${reason}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
