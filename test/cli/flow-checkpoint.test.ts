import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/flow/flow-checkpoint-file.js';
import { runInProcess } from '../docs/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flow-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A character device like /dev/null to aim writes at. As root, a private node in `dir` (mknod c 1 3): if a
 * regression let an atomic write rename over it, it replaces this node and not the machine's /dev/null (which is
 * what the bug did, run as root). Otherwise /dev/null, which a non-root process cannot replace.
 */
function nullDevice(dir: string): string {
  if (process.getuid?.() !== 0) return '/dev/null';
  const path = join(dir, 'null-device');
  execFileSync('mknod', ['-m', '666', path, 'c', '1', '3']);
  return path;
}
const NULL_DEVICE = nullDevice(dir);

/** two-param as a spec file, with the target's factor `factor` (1.5 in the built-in). */
const spec = (factor: string): string =>
  JSON.stringify({
    format: 'flat-channels-problem',
    version: 1,
    name: 'two-param-file',
    activation: 'tanh',
    hiddenBias: false,
    outputBias: false,
    inputDimension: 1,
    data: { kind: 'formula', inputs: ['-2', '-1', '0.5', '1', '3'], target: `${factor}*tanh(0.8*x)` },
    student: { width: 1, init: { kind: 'explicit', params: { w: [['0.2']], a: ['0.3'] } } },
  });

type Json = Record<string, unknown>;
const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;
/** Writes `file` back with a checksum that matches its (edited) content, as a forger would. */
const reseal = (path: string, file: Json): void => {
  const { sha256: _old, ...body } = file;
  writeFileSync(path, JSON.stringify({ ...body, sha256: contentHash(body) }));
};

const oneLine = (r: { code: number; stderr: string }, pattern: RegExp): void => {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toMatch(pattern);
};

describe('flow checkpoints are bound to the problem content, options and toolkit, and sealed', () => {
  const specPath = join(dir, 'problem.json');
  const ckpt = join(dir, 'run.ckpt');
  const args = (extra: readonly string[] = []): string[] => [
    'flow',
    '--problem',
    specPath,
    '--t',
    '1,2',
    '--digits',
    '20',
    '--json',
    '--checkpoint',
    ckpt,
    '--resume',
    ...extra,
  ];

  it('writes a version-4 file keyed by the spec hash and toolkit, and resumes from it with the same digits', async () => {
    writeFileSync(specPath, spec('1.5'));
    const first = await runInProcess(args());
    expect(first.code).toBe(0);
    const file = readJson(ckpt);
    expect(file['version']).toBe(4);
    expect(file['problem']).toMatch(/^[0-9a-f]{64}$/);
    expect(file['sha256']).toMatch(/^[0-9a-f]{64}$/);
    const again = await runInProcess(args());
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    // Content, not path: the same spec under another name resumes from the same checkpoint.
    const moved = join(dir, 'moved.json');
    copyFileSync(specPath, moved);
    const viaCopy = await runInProcess(args().map((a) => (a === specPath ? moved : a)));
    expect(viaCopy.code).toBe(0);
  });

  it('refuses a checkpoint after the spec file was edited (it was keyed by the path: old trajectory, "confirmed")', async () => {
    writeFileSync(specPath, spec('1.5'));
    expect((await runInProcess(args())).code).toBe(0);
    writeFileSync(specPath, spec('1.6'));
    oneLine(await runInProcess(args()), /belongs to another problem/);
    writeFileSync(specPath, spec('1.5'));
  });

  it('names the option that differs and refuses another toolkit version', async () => {
    writeFileSync(specPath, spec('1.5'));
    expect((await runInProcess(args())).code).toBe(0);
    oneLine(
      await runInProcess(args().map((a) => (a === '20' ? '25' : a))),
      /different run: its digits \(--digits\) differs/,
    );
    oneLine(await runInProcess([...args(), '--no-confirm']), /confirmation \(--no-confirm\)/);
    const file = readJson(ckpt);
    reseal(ckpt, { ...file, toolkit: '0.0.1' });
    oneLine(await runInProcess(args()), /written by flat-channels 0\.0\.1/);
  });

  it('refuses edited digits (checksum), a bogus mode and structural damage with one line, never a stack trace', async () => {
    writeFileSync(specPath, spec('1.5'));
    rmSync(ckpt, { force: true });
    expect((await runInProcess(args())).code).toBe(0);
    const good = readFileSync(ckpt, 'utf8');
    const file = JSON.parse(good) as Json & {
      primary: { y: string[]; mode: string; states: { loss: string }[] };
      confirming: { y: string[] };
    };
    // A digit of the state edited in both runs: formerly 60 "confirmed" wrong digits.
    const edit = (v: string): string =>
      v.replace(/(\d)(\d)$/, (_m, a: string, b: string) => `${a}${(Number(b) + 1) % 10}`);
    const edited = structuredClone(file);
    edited.primary.y[0] = edit(edited.primary.y[0]!);
    edited.confirming.y[0] = edit(edited.confirming.y[0]!);
    writeFileSync(ckpt, JSON.stringify(edited));
    oneLine(await runInProcess(args()), /checksum does not match/);
    const loss = structuredClone(file);
    loss.primary.states[0]!.loss = edit(loss.primary.states[0]!.loss);
    writeFileSync(ckpt, JSON.stringify(loss));
    oneLine(await runInProcess(args()), /checksum does not match/);
    // A bogus mode, even with a matching checksum (formerly: the run silently dropped to 11 digits).
    for (const mode of ['rk4', 'euler', '']) {
      const bogus = structuredClone(file);
      bogus.primary.mode = mode;
      reseal(ckpt, bogus);
      oneLine(await runInProcess(args()), /mode/);
    }
    for (const [text, pattern] of [
      [good.slice(0, good.length / 2), /not JSON/],
      ['[]', /not a JSON object/],
      ['{"format":"flat-channels-flow-checkpoint","version":2,"primary":{}}', /format version 2/],
      // Version 3 (before the Radau stepper's state was saved) is refused by name, not by a checksum error.
      [
        '{"format":"flat-channels-flow-checkpoint","version":3,"primary":{}}',
        /format version 3.*reads version 4/,
      ],
      ['{"format":"flat-channels-flow-checkpoint","version":4}', /checksum/],
    ] as const) {
      writeFileSync(ckpt, text);
      oneLine(await runInProcess(args()), pattern);
    }
    const missing = structuredClone(file) as Json;
    delete missing['confirming'];
    reseal(ckpt, missing);
    oneLine(await runInProcess(args()), /not a valid flow checkpoint: confirming/);
    // Times that are not the run's, with a matching checksum (found by the CLI fuzz, FC_SEED=22222: an event time of
    // 1e309 ended in exit 3, "the runs' events differ").
    const timed = file as typeof file & {
      primary: { records: { t: string }[]; states: { t: string }[] };
      confirming: { records: { t: string }[] };
    };
    for (const [change, pattern] of [
      [(f: typeof timed) => (f.primary.records[7]!.t = '1e309'), /records are not at increasing times/],
      [
        (f: typeof timed) => (f.primary.records[3]!.t = f.primary.records[2]!.t),
        /records are not at increasing/,
      ],
      [(f: typeof timed) => (f.primary.states[0]!.t = '0.25'), /saved state 1 is at t = 0.25/],
      // FC_SEED=419972065: a state of 1e400 ended in exit 3 ("binary float: Infinity is not finite").
      [
        (f: typeof timed) => ((f.primary as unknown as { y: string[] }).y[0] = '1e400'),
        /beyond the float64 range/,
      ],
      // A stored value edited in a saved state only (FC_SEED=958829476: gradNorm '1.1' was printed as an upper bound).
      [
        (f: typeof timed) =>
          ((f.confirming as unknown as { states: { gradNorm: string }[] }).states[0]!.gradNorm = '1.1'),
        /saved state at t = 1 differs from its record/,
      ],
      [
        (f: typeof timed) =>
          (f.confirming.records[5]!.t = String(
            (Number(f.confirming.records[4]!.t) + Number(f.confirming.records[5]!.t)) / 2,
          )),
        /primary and confirming runs record different/,
      ],
    ] as const) {
      const bad = structuredClone(timed);
      change(bad);
      reseal(ckpt, bad);
      oneLine(await runInProcess(args()), pattern);
    }
    const short = structuredClone(file);
    short.primary.y = short.primary.y.slice(1);
    reseal(ckpt, short);
    oneLine(await runInProcess(args()), /state has 1 values, the problem 2/);
    writeFileSync(ckpt, good);
    expect((await runInProcess(args())).code).toBe(0);
  });

  it('re-derives every record on resume: an edited loss, gradient norm, parameter or state is refused, and so are impossible work counts', async () => {
    writeFileSync(specPath, spec('1.5'));
    rmSync(ckpt, { force: true });
    expect((await runInProcess(args())).code).toBe(0);
    const good = readFileSync(ckpt, 'utf8');
    type Rec = { loss: string; gradNorm: string; params: string[]; steps: number; evaluations: number };
    type Run = { records: Rec[]; recordStates: string[][]; stats: { steps: number } };
    const file = JSON.parse(good) as Json & { primary: Run; confirming: Run };
    const reDerived = /the record at t = \S+ is not the loss and gradient of its state \(re-evaluated\)/;
    // The CLI fuzz's law "refused, or exactly the undamaged digits": a resealed record whose loss or ‖∇L‖ was edited
    // resumed with exit 0 and printed it; an edited parameter ended in exit 1 (the runs "disagreed").
    for (const [change, pattern] of [
      [(f: typeof file) => (f.primary.records[3]!.loss = '1'), reDerived],
      [(f: typeof file) => (f.confirming.records[5]!.gradNorm = '0.5'), reDerived],
      [(f: typeof file) => (f.primary.records[4]!.params[0] = '0.5'), reDerived],
      [(f: typeof file) => (f.confirming.recordStates[2]![1] = '0.3'), reDerived],
      [
        (f: typeof file) => (f.primary.recordStates = f.primary.recordStates.slice(1)),
        /states behind the records/,
      ],
      [(f: typeof file) => (f.primary.stats.steps = 1), /has steps \d+, outside the run's counts/],
      [
        (f: typeof file) => (f.primary.records[3]!.evaluations = 0),
        /has evaluations 0, outside the run's counts/,
      ],
    ] as const) {
      const bad = structuredClone(file);
      change(bad);
      reseal(ckpt, bad);
      oneLine(await runInProcess(args()), pattern);
    }
    writeFileSync(ckpt, good);
    expect((await runInProcess(args())).code).toBe(0);
  });

  it('refuses unwritable or non-regular --checkpoint targets before computing', async () => {
    writeFileSync(specPath, spec('1.5'));
    const flow = (target: string): string[] => [
      'flow',
      '--problem',
      specPath,
      '--t',
      '1e6',
      '--digits',
      '60',
      '--checkpoint',
      target,
    ];
    for (const [target, pattern] of [
      [NULL_DEVICE, /not a regular file \(a character device\)/],
      [dir, /not a regular file \(a directory\)/],
      ['/proc/self/x/run.ckpt', /pseudo-filesystem/],
      ['/sys/run.ckpt', /pseudo-filesystem/],
      [join(specPath, 'run.ckpt'), /is not a directory/],
    ] as const) {
      const started = process.cpuUsage();
      oneLine(await runInProcess(flow(target)), pattern);
      // Before any work: well under the seconds a 60-digit flow to 1e6 takes.
      expect(process.cpuUsage(started).user).toBeLessThan(2e6);
    }
  });

  it('refuses times outside 1e-300…1e300 at once (1e309 and 1e-400 made the record grid loop forever)', async () => {
    for (const t of ['1e309', '1e310', '1e-400', '1,1e400']) {
      oneLine(await runInProcess(['flow', '--problem', 'two-param', '--t', t]), /--t: times must lie in/);
    }
  });
});
