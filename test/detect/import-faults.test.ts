import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { importNetwork } from '../../src/landscape/detect-import.js';
import { runInProcess } from '../docs/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'detect-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const oneLine = (r: { code: number; stderr: string }, pattern: RegExp): void => {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toMatch(pattern);
};

/** A safetensors file of float64 tensors with the given header entries (data: `bytes` zero bytes). */
function safetensors(header: Record<string, unknown>, bytes: number): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + bytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  const view = new DataView(out.buffer, 8 + text.length);
  for (let k = 0; k + 8 <= bytes; k += 8) view.setFloat64(k, 0.25 * (k / 8 + 1), true);
  return out;
}

describe('detect refuses what is not a finite network', () => {
  it('NaN, ±Infinity and expressions in a parameters JSON (NaN was accepted and given a verdict)', async () => {
    for (const bad of ['NaN', 'Infinity', '-Infinity', 'sqrt(2)', '1e', '0x10', '']) {
      const path = join(dir, 'bad.params.json');
      writeFileSync(path, JSON.stringify({ w: [[bad], ['1']], a: ['1', '-1'] }));
      expect(() => importNetwork(path)).toThrow(InputError);
      oneLine(await runInProcess(['detect', '--network', path]), /is not a finite decimal number/);
    }
    const state = join(dir, 'bad.state-dict.json');
    writeFileSync(state, JSON.stringify({ '0.weight': [['NaN'], ['1']], '2.weight': [['1', '-1']] }));
    oneLine(await runInProcess(['detect', '--network', state]), /is not a finite decimal number/);
    // A JSON number out of the double range parses as Infinity.
    const big = join(dir, 'big.params.json');
    writeFileSync(big, '{"w": [[1e999], [1]], "a": [1, -1]}');
    oneLine(await runInProcess(['detect', '--network', big]), /got Infinity|not finite/);
  });

  it('safetensors whose data_offsets overlap or reach past the data', async () => {
    const good = {
      '0.weight': { dtype: 'F64', shape: [2, 1], data_offsets: [0, 16] },
      '2.weight': { dtype: 'F64', shape: [1, 2], data_offsets: [16, 32] },
    };
    const goodPath = join(dir, 'good.safetensors');
    writeFileSync(goodPath, safetensors(good, 32));
    expect(importNetwork(goodPath).params.a).toEqual(['0.75', '1']);
    const overlapping = join(dir, 'overlap.safetensors');
    writeFileSync(
      overlapping,
      safetensors({ ...good, '2.weight': { dtype: 'F64', shape: [1, 2], data_offsets: [8, 24] } }, 32),
    );
    oneLine(await runInProcess(['detect', '--network', overlapping]), /data_offsets overlap/);
    const beyond = join(dir, 'beyond.safetensors');
    writeFileSync(
      beyond,
      safetensors({ ...good, '2.weight': { dtype: 'F64', shape: [1, 2], data_offsets: [24, 40] } }, 32),
    );
    oneLine(await runInProcess(['detect', '--network', beyond]), /reach past the end of the data/);
  });

  it('devices, FIFOs and directories are refused at once, not read forever (/dev/zero hung)', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const cases: [string[], RegExp][] = [
      [['detect', '--network', '/dev/zero'], /not a regular file/],
      [['detect', '--network', '/dev/zero.npy,/dev/zero'], /cannot read|not a regular file/],
      [['detect', '--network', fifo], /not a regular file/],
      [['detect', '--network', '/dev/urandom'], /not a regular file/],
      [
        ['detect', '--network', 'test/fixtures/detect/glu-channel.params.json', '--data', '/dev/zero'],
        /--data "\/dev\/zero": not a regular file/,
      ],
      [
        ['detect', '--network', 'test/fixtures/detect/glu-channel.params.json', '--data', dir],
        /is a directory/,
      ],
      [
        ['flow', '--problem', 'two-param', '--t', '1', '--init', '/dev/zero'],
        /--init "\/dev\/zero": not a regular file/,
      ],
      [['flow', '--problem', 'two-param', '--t', '1', '--init', fifo], /not a regular file/],
    ];
    for (const [args, pattern] of cases) {
      const started = Date.now();
      oneLine(await runInProcess(args), pattern);
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  });
});
