import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../docs/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'output-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const aFile = join(dir, 'a-file');
writeFileSync(aFile, 'x');

/** Exit 2, one stderr line, no stack, and quickly (Node 20's recursive mkdir under /proc looped forever). */
async function refusedFast(args: readonly string[], pattern: RegExp): Promise<void> {
  const cpu = process.cpuUsage();
  const r = await runInProcess(args);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toMatch(pattern);
  expect(process.cpuUsage(cpu).user).toBeLessThan(3e6);
}

describe('output paths are checked before any work', () => {
  it('sweep --out: /proc, /sys, a file, /dev/null, below a file', async () => {
    const sweep = (out: string): string[] => [
      'sweep',
      '--problem',
      'two-param',
      '--seeds',
      '1..2',
      '--workers',
      '1',
      '--out',
      out,
    ];
    await refusedFast(
      sweep('/proc/flat/channels'),
      /--out "\/proc\/flat\/channels": \/proc is a pseudo-filesystem/,
    );
    await refusedFast(sweep('/proc/self/new'), /pseudo-filesystem/);
    await refusedFast(sweep('/sys/x'), /pseudo-filesystem/);
    await refusedFast(sweep(aFile), /exists and is not a directory \(a file\)/);
    await refusedFast(sweep('/dev/null'), /not a directory \(a character device\)/);
    await refusedFast(sweep(join(aFile, 'sub')), /is not a directory/);
  });

  it('counterexample --append-corpus --corpus: /proc and a file, before the search', async () => {
    const search = (corpus: string): string[] => [
      'counterexample',
      '--claim',
      'float64-channel-loss',
      '--append-corpus',
      '--corpus',
      corpus,
    ];
    await refusedFast(search('/proc/x/corpus'), /--corpus ".*": \/proc is a pseudo-filesystem/);
    await refusedFast(search(aFile), /not a directory/);
  });
});
