import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { runCli } from '../docs/run-cli.js';

function capture(): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    isTTY: false,
    out: () => out,
    err: () => err,
  };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('flat-channels sweep / worker: options', () => {
  it('--help shows usage and an example', async () => {
    for (const cmd of ['sweep', 'worker']) {
      const io = capture();
      expect(await main([cmd, '--help'], io)).toBe(0);
      expect(io.out()).toContain(`flat-channels ${cmd} --`);
      expect(io.out()).toContain('Examples:');
    }
  });

  const bad: [string[], RegExp][] = [
    [['sweep', '--seeds', '1..3', '--out', 'x'], /--problem is required/],
    [['sweep', '--problem', 'two-param', '--out', 'x'], /--seeds is required/],
    [['sweep', '--problem', 'two-param', '--seeds', '3..1', '--out', 'x'], /--seeds: expected A\.\.B/],
    [['sweep', '--problem', 'nope', '--seeds', '1..3', '--out', 'x'], /unknown problem "nope"/],
    [['sweep', '--problem', 'two-param', '--seeds', '1..3'], /--out is required/],
    [
      ['sweep', '--problem', 'two-param', '--seeds', '1', '--out', 'x', '--optimizer', 'lbfgs'],
      /--optimizer: expected one of gf, gd, adam, sgd/,
    ],
    [
      ['sweep', '--problem', 'two-param', '--seeds', '1', '--out', 'x', '--lr', '-1'],
      /--lr: expected a positive number/,
    ],
    [
      [
        'sweep',
        '--problem',
        'two-param',
        '--seeds',
        '1',
        '--out',
        'x',
        '--optimizer',
        'gf',
        '--max-time',
        '-5',
      ],
      /--max-time: expected a positive number/,
    ],
    [
      ['sweep', '--problem', 'two-param', '--seeds', '1', '--out', 'x', '--max-time', '1e6'],
      /--max-time: only gradient flow/,
    ],
    [
      ['sweep', '--problem', 'two-param', '--seeds', '1', '--out', 'x', '--width', '0'],
      /--width: expected an integer from 1 to 1000/,
    ],
    [
      ['sweep', '--problem', 'two-param', '--seeds', '1', '--out', 'x', '--queue', 'http://h:1'],
      /--queue: expected redis:\/\/HOST:PORT/,
    ],
    [
      [
        'sweep',
        '--problem',
        'two-param',
        '--seeds',
        '1',
        '--out',
        'x',
        '--queue',
        'redis://h:1',
        '--workers',
        '2',
      ],
      /exclude each other/,
    ],
    [['worker'], /--queue is required/],
    [['worker', '--queue', 'redis://h:1/x'], /database number/],
    [['worker', '--queue', 'redis://h:1', '--lock-ms', '10'], /--lock-ms: expected an integer from 500/],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${argv.slice(1).join(' ')} with one line and exit 2`, async () => {
      const io = capture();
      expect(await main(argv, io)).toBe(2);
      expect(io.err()).toMatch(message);
      expect(io.err().trim().split('\n')).toHaveLength(1);
      expect(io.out()).toBe('');
    });
  }
});

describe('flat-channels sweep: a small sweep', () => {
  it('in process: --json prints one object; a re-run reuses every result', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fc-cli-sweep-'));
    dirs.push(out);
    const argv = [
      'sweep',
      '--problem',
      'two-param',
      '--width',
      '2',
      '--seeds',
      '1..4',
      '--steps',
      '300',
      '--workers',
      '1',
      '--out',
      out,
      '--json',
    ];
    const io = capture();
    expect(await main(argv, io)).toBe(0);
    const first = JSON.parse(io.out()) as {
      complete: boolean;
      computed: number;
      reused: number;
      fractions: Record<string, { count: number }>;
    };
    expect(first).toMatchObject({ complete: true, computed: 4, reused: 0, total: 4 });
    expect(Object.values(first.fractions).reduce((s, f) => s + f.count, 0)).toBe(4);
    const summary = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { runs: { seed: number }[] };
    expect(summary.runs.map((r) => r.seed)).toEqual([1, 2, 3, 4]);
    const io2 = capture();
    expect(await main(argv, io2)).toBe(0);
    expect(JSON.parse(io2.out())).toMatchObject({ computed: 0, reused: 4 });
  });

  it('the real binary prints the class table', () => {
    const out = mkdtempSync(join(tmpdir(), 'fc-cli-sweep-'));
    dirs.push(out);
    const r = runCli([
      'sweep',
      '--problem',
      'two-param',
      '--width',
      '2',
      '--seeds',
      '5..7',
      '--steps',
      '200',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^sweep two-param, width 2, gd \(at most 200 steps\), seeds 5\.\.7: 3 runs\n/);
    for (const c of ['finite-minimum', 'plateau-saddle', 'channel', 'saddle', 'unfinished'])
      expect(r.stdout).toContain(c);
  });
});
