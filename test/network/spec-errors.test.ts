import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { InputError } from '../../src/errors.js';
import { loadProblem } from '../../src/network/problem.js';
import { precision } from '../../src/precision/context.js';

const SEED = Number(process.env['FC_SEED'] ?? 20261201);
const dir = mkdtempSync(join(tmpdir(), 'fc-spec-errors-'));
let files = 0;

/** A small valid spec of every data kind's common fields (explicit samples with weights). */
function base(): Record<string, unknown> {
  return {
    format: 'flat-channels-problem',
    version: 1,
    name: 'small',
    activation: 'tanh',
    hiddenBias: true,
    outputBias: false,
    inputDimension: 1,
    data: { kind: 'samples', inputs: ['-1', 0.5], targets: ['0.25', '-0.5'], weights: [1, '2'] },
    student: { width: 1, init: { kind: 'explicit', params: { w: [['0.3', '0.1']], a: ['1'] } } },
  };
}

function writeSpec(spec: unknown): string {
  const file = join(dir, `spec-${files++}.json`);
  writeFileSync(file, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return file;
}

/** Runs the CLI in-process; returns exit code and output. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

type Edit = (spec: Record<string, unknown>) => void;
const data = (s: Record<string, unknown>): Record<string, unknown> => s['data'] as Record<string, unknown>;
const student = (s: Record<string, unknown>): Record<string, unknown> =>
  s['student'] as Record<string, unknown>;

const CASES: readonly (readonly [string, Edit, string])[] = [
  ['missing data', (s) => delete s['data'], 'data'],
  ['missing activation', (s) => delete s['activation'], 'activation'],
  ['unknown activation', (s) => (s['activation'] = 'nosuch'), 'activation'],
  ['bad activation formula', (s) => (s['activation'] = 'tanh(y)'), 'activation'],
  ['wrong version', (s) => (s['version'] = 2), 'version'],
  ['unknown top-level key', (s) => (s['extra'] = 1), 'extra'],
  ['hiddenBias not a boolean', (s) => (s['hiddenBias'] = 'yes'), 'hiddenBias'],
  ['inputDimension 0', (s) => (s['inputDimension'] = 0), 'inputDimension'],
  ['targets count', (s) => (data(s)['targets'] = ['1']), 'data.targets'],
  ['weights count', (s) => (data(s)['weights'] = ['1']), 'data.weights'],
  ['negative weight', (s) => (data(s)['weights'] = ['1', '-2']), 'data.weights[1]'],
  ['all weights zero', (s) => (data(s)['weights'] = [0, '0']), 'data.weights'],
  ['"Infinity" target', (s) => (data(s)['targets'] = ['1', 'Infinity']), 'data.targets[1]'],
  ['"NaN" input', (s) => (data(s)['inputs'] = ['NaN', '1']), 'data.inputs[0]'],
  ['null target', (s) => (data(s)['targets'] = ['1', null]), 'data.targets[1]'],
  ['huge exponent', (s) => (data(s)['targets'] = ['1', '1e99999999999999999']), 'data.targets[1]'],
  ['garbage number', (s) => (data(s)['targets'] = ['1', 'one']), 'data.targets[1]'],
  ['input of the wrong dimension', (s) => (s['inputDimension'] = 2), 'data.inputs[0]'],
  ['row of the wrong length', (s) => (data(s)['inputs'] = [['1', '2'], ['3']]), 'data.inputs[0]'],
  ['no inputs', (s) => Object.assign(data(s), { inputs: [], targets: [], weights: [] }), 'data.inputs'],
  ['unknown data kind', (s) => (data(s)['kind'] = 'magic'), 'kind'],
  ['width 0', (s) => (student(s)['width'] = 0), 'student.width'],
  ['init rows ≠ width', (s) => (student(s)['width'] = 2), 'student.init.params'],
  [
    'init row without the bias entry',
    (s) => (student(s)['init'] = { kind: 'explicit', params: { w: [['0.3']], a: ['1'] } }),
    'student.init.params',
  ],
  ['output bias missing', (s) => (s['outputBias'] = true), 'student.init.params'],
  ['unknown init kind', (s) => (student(s)['init'] = { kind: 'he' }), 'student.init'],
  [
    'grid of the wrong dimension',
    (s) => Object.assign(data(s), { inputs: { grid: { lower: ['-1', '0'], upper: ['1'], points: [2] } } }),
    'data.inputs.grid.lower',
  ],
  [
    'formula with an unknown symbol',
    (s) => (s['data'] = { kind: 'formula', inputs: ['1', '2'], target: 'tanh(y)' }),
    'data.target',
  ],
  [
    'formula in x2 for one-dimensional inputs',
    (s) => (s['data'] = { kind: 'formula', inputs: ['1', '2'], target: 'x2' }),
    'data.target',
  ],
  [
    'teacher of the wrong shape',
    (s) =>
      (s['data'] = { kind: 'teacher', inputs: ['1'], teacher: { params: { w: [['1', '2']], a: ['1'] } } }),
    'data.teacher.params',
  ],
  [
    'population step 0',
    (s) =>
      (s['data'] = {
        kind: 'population',
        distribution: 'standard-normal',
        target: { formula: 'x' },
        quadrature: { rule: 'trapezoid', step: '0' },
      }),
    'data.quadrature.step',
  ],
  [
    'population with an unknown distribution',
    (s) => (s['data'] = { kind: 'population', distribution: 'uniform', target: { formula: 'x' } }),
    'data.distribution',
  ],
];

describe('malformed problem specs', () => {
  for (const [what, edit, field] of CASES) {
    it(`${what}: an InputError naming ${field}`, () => {
      const spec = base();
      edit(spec);
      const file = writeSpec(spec);
      const run = (): void => {
        const pr = loadProblem(file);
        pr.evaluate(pr.initial(precision(12)), precision(12));
      };
      expect(run).toThrow(InputError);
      try {
        run();
      } catch (e) {
        expect((e as Error).message).toContain(`problem spec ${file}`);
        expect((e as Error).message).toContain(field);
      }
    });
  }

  it('not JSON, and a missing file, are input errors too', () => {
    expect(() => loadProblem(writeSpec('{"format": '))).toThrow(/not valid JSON/);
    expect(() => loadProblem(join(dir, 'no-such.json'))).toThrow(/unknown problem/);
    expect(() => loadProblem('no-such-builtin')).toThrow(/built-in: two-param/);
  });

  it('the loss command exits 2 with one line naming the field (in-process)', async () => {
    const spec = base();
    data(spec)['targets'] = ['1', 'Infinity'];
    const r = await cli(['loss', '--problem', writeSpec(spec), '--digits', '12']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('data.targets[1]');
  });
});

/** JSON paths of every value in a tree, with the container and key to edit it. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

const BAD_VALUES: unknown[] = [
  null,
  NaN,
  Infinity,
  'Infinity',
  '-inf',
  'NaN',
  '',
  'abc',
  '1e99999999999999999',
  'sqrt(-1)',
  'log(0)',
  -1,
  0,
  2.5,
  1e300,
  true,
  [],
  {},
  [[]],
  ['1'],
  { w: [] },
];

describe('fuzzing malformed specs (fast-check)', () => {
  it('every mutation either loads and evaluates, or is one InputError naming the spec — never a crash', () => {
    const all = paths(base()).filter((p) => p.length > 0);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            path: fc.constantFrom(...all),
            action: fc.oneof(
              fc.constant<'delete'>('delete'),
              fc.constantFrom(...BAD_VALUES).map((v) => ({ v })),
            ),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (mutations) => {
          const spec = base();
          for (const { path, action } of mutations) {
            let node: unknown = spec;
            for (const key of path.slice(0, -1))
              node = (node as Record<string | number, unknown> | undefined)?.[key];
            if (typeof node !== 'object' || node === null) continue;
            const last = path[path.length - 1]!;
            if (action === 'delete') {
              if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
              else delete (node as Record<string | number, unknown>)[last];
            } else (node as Record<string | number, unknown>)[last] = action.v;
          }
          // NaN and Infinity do not survive JSON: test the parsed object too (the library API takes objects).
          const file = writeSpec(spec);
          try {
            const pr = loadProblem(file);
            const p = precision(12);
            const r = pr.evaluate(pr.initial(p), p);
            expect(r.loss.isFinite()).toBe(true);
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
            expect(e.message).toMatch(
              new RegExp(`^problem spec ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\S`),
            );
            expect(e.message).not.toContain('\n');
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
