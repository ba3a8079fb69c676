import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { MAX_SPEC_BYTES, readInputFile } from '../../src/io/read-input-file.js';
import { writeFileAtomic } from '../../src/io/write-file-atomic.js';
import { loadProblem } from '../../src/network/problem.js';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'fc-io-guards-'));
const isRoot = process.getuid?.() === 0;

describe('writeFileAtomic refuses non-regular targets itself (library callers, not only the CLI)', () => {
  it('a FIFO and a directory: InputError, and the target is left as it was', () => {
    const dir = fresh();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(() => writeFileAtomic(fifo, 'x')).toThrow(InputError);
    expect(() => writeFileAtomic(fifo, 'x')).toThrow(/not a regular file \(a FIFO\)/);
    expect(statSync(fifo).isFIFO()).toBe(true);
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(() => writeFileAtomic(sub, 'x')).toThrow(/not a regular file \(a directory\)/);
    expect(statSync(sub).isDirectory()).toBe(true);
  });

  it.runIf(isRoot)(
    'a private character device (a copy of /dev/null’s node) is not replaced by a file',
    () => {
      const dir = fresh();
      const node = join(dir, 'null');
      execFileSync('mknod', [node, 'c', '1', '3']);
      expect(() => writeFileAtomic(node, 'x')).toThrow(/not a regular file \(a character device\)/);
      expect(statSync(node).isCharacterDevice()).toBe(true);
    },
  );

  it('pseudo-filesystems are refused before mkdir (Node 20 loops forever under /proc)', () => {
    expect(() => writeFileAtomic('/proc/flat-channels-test/a/b.json', 'x')).toThrow(/pseudo-filesystem/);
    expect(() => writeFileAtomic('/sys/flat-channels-test.json', 'x')).toThrow(/pseudo-filesystem/);
  });

  it('a regular file is still written (and replaced) atomically', () => {
    const dir = fresh();
    const file = join(dir, 'deep', 'out.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
  });
});

describe('problem spec files: size limit and non-regular files, one line each', () => {
  it('a spec larger than MAX_SPEC_BYTES is refused before it is read', () => {
    const dir = fresh();
    const big = join(dir, 'big.json');
    writeFileSync(big, '{');
    truncateSync(big, MAX_SPEC_BYTES + 1); // sparse: nothing is written
    expect(() => loadProblem(big)).toThrow(InputError);
    expect(() => loadProblem(big)).toThrow(
      new RegExp(`^problem spec "${big}": ${MAX_SPEC_BYTES + 1} bytes, more than the ${MAX_SPEC_BYTES}`),
    );
  });

  it('/dev/zero, a FIFO and a directory given as a spec end at once with InputError', () => {
    const dir = fresh();
    const fifo = join(dir, 'spec.json');
    execFileSync('mkfifo', [fifo]);
    expect(() => loadProblem('/dev/zero')).toThrow(/not a regular file/);
    expect(() => loadProblem(fifo)).toThrow(/not a regular file/);
    expect(() => loadProblem(dir)).toThrow(/is a directory/);
    expect(() => loadProblem(join(dir, 'missing.json'))).toThrow(/^unknown problem/);
  });

  it('readInputFile takes its own limit', () => {
    const dir = fresh();
    const f = join(dir, 'p.json');
    writeFileSync(f, '0123456789');
    expect(() => readInputFile('--params', f, 9)).toThrow(/10 bytes, more than the 9/);
    expect(readInputFile('--params', f, 10).toString()).toBe('0123456789');
  });
});
