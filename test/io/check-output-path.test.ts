import { mkdirSync, mkdtempSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { checkOutputPath } from '../../src/io/check-output-path.js';

const refused = (path: string, kind: 'directory' | 'file'): string => {
  try {
    checkOutputPath('--out', path, kind);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${path} (${kind}) was accepted`);
};

describe('checkOutputPath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fc-output-path-'));
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');

  it('refuses pseudo-filesystems before anything is created (a recursive mkdir under /proc loops in Node 20)', () => {
    expect(refused('/proc/x/y/z', 'directory')).toMatch(/\/proc is a pseudo-filesystem/);
    expect(refused('/proc/self/ckpt', 'file')).toMatch(/pseudo-filesystem/);
    expect(refused('/sys/kernel/x', 'directory')).toMatch(/\/sys is a pseudo-filesystem/);
  });

  it('refuses devices and wrong types (an atomic rename would replace /dev/null by a file)', () => {
    expect(refused('/dev/null', 'file')).toMatch(/not a regular file \(a character device\)/);
    expect(refused('/dev/null', 'directory')).toMatch(/not a directory/);
    expect(refused(file, 'directory')).toMatch(/exists and is not a directory \(a file\)/);
    expect(refused(join(file, 'below'), 'file')).toMatch(/is not a directory \(a file\)/);
    expect(refused(dir, 'file')).toMatch(/not a regular file \(a directory\)/);
    expect(refused('', 'file')).toMatch(/empty/);
  });

  it('refuses a directory where nothing can be created', () => {
    const ro = join(dir, 'read-only');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    // Root ignores permission bits: then the probe succeeds and writing would too.
    const root = process.getuid?.() === 0;
    if (root) expect(checkOutputPath('--out', join(ro, 'x'), 'directory')).toBe(join(ro, 'x'));
    else expect(refused(join(ro, 'x'), 'directory')).toMatch(/not writable/);
    chmodSync(ro, 0o755);
  });

  it('accepts new and existing paths and leaves no probe behind', () => {
    expect(checkOutputPath('--out', join(dir, 'new', 'deep'), 'directory')).toBe(join(dir, 'new', 'deep'));
    expect(checkOutputPath('--checkpoint', file, 'file')).toBe(file);
    expect(checkOutputPath('--out', dir, 'directory')).toBe(dir);
    expect(readdirSync(dir).filter((f) => f.includes('probe'))).toEqual([]);
  });
});
