import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { detectChannels } from '../../src/landscape/detect-channels.js';
import { importNetwork, type ImportedNetwork } from '../../src/landscape/detect-import.js';
import { detectionProblem } from '../../src/landscape/detect-problem.js';
import {
  channelSubspaceFraction64,
  neuronGroups,
  pairMeasures,
  pairMeasures64,
} from '../../src/network/pair-criteria.js';
import { precision } from '../../src/precision/context.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'detect');
const f = (name: string): string => join(DIR, name);

interface Manifest {
  readonly networks: readonly {
    readonly name: string;
    readonly label: string;
    readonly activation: string;
  }[];
}
const manifest = JSON.parse(readFileSync(f('manifest.json'), 'utf8')) as Manifest;
const labelOf = (name: string): string => manifest.networks.find((n) => n.name === name)?.label ?? '?';

function flatOf(net: ImportedNetwork): string[] {
  return [...net.params.w.flat(), ...net.params.a, ...(net.params.b === undefined ? [] : [net.params.b])];
}

describe('importing trained networks (fixtures written by scripts/golden/detect_fixtures.py)', () => {
  it('reads F16, BF16 safetensors and f4/f8 .npy (hand-written and numpy.save) to the exact values', () => {
    const w = [
      ['1.5', '-0.25'],
      ['3', '0.125'],
    ];
    for (const file of ['tiny.f16.safetensors', 'tiny.bf16.safetensors']) {
      const net = importNetwork(f(file));
      expect(net.format).toBe('safetensors');
      expect(net.params).toEqual({ w, a: ['-2', '0.5'] });
      expect(net.layout).toEqual({ width: 2, inputDimension: 2, hiddenBias: false, outputBias: false });
    }
    // tiny.w is square (2 × 2): its layout must be given.
    const torch = { layout: 'torch' } as const;
    expect(importNetwork(`${f('tiny.w.f4.npy')},${f('tiny.a.f8.npy')}`, torch).params).toEqual({
      w,
      a: ['-2', '0.5'],
    });
    // Read as d × k (scikit-learn's coefs_[0], a JAX kernel): the columns are the neurons.
    expect(
      importNetwork(`${f('tiny.w.f4.npy')},${f('tiny.a.f8.npy')}`, { layout: 'sklearn' }).params.w,
    ).toEqual([
      ['1.5', '3'],
      ['-0.25', '0.125'],
    ]);
    expect(() => importNetwork(`${f('tiny.w.f4.npy')},${f('tiny.a.f8.npy')}`)).toThrow(
      /square \(2 × 2\).*pass --layout torch or --layout sklearn/,
    );
    expect(importNetwork(`${f('tiny.w.numpy-save.npy')},${f('tiny.a.f8.npy')}`, torch).sourcePrecision).toBe(
      'float64',
    );
    expect(importNetwork(`${f('tiny.w.f4.npy')},${f('tiny.a.f8.npy')}`, torch).sourcePrecision).toBe(
      'float32',
    );
  });

  it('gives the same network from params JSON, .npy (exact binary values) and state dicts', () => {
    const json = importNetwork(f('glu-channel.params.json'));
    const npy = importNetwork(`${f('glu-channel.w.npy')},${f('glu-channel.a.npy')}`, { layout: 'torch' });
    // The JSON holds Python's shortest repr of each double, the .npy the double itself: equal as numbers.
    expect(npy.params.a.map(Number)).toEqual(json.params.a.map(Number));
    expect(npy.params.w.flat().map(Number)).toEqual(json.params.w.flat().map(Number));
    const sd = importNetwork(f('teacher-minimum.state-dict.json'));
    const st = importNetwork(f('teacher-minimum.f64.safetensors'));
    expect(sd.layout).toEqual({ width: 2, inputDimension: 2, hiddenBias: true, outputBias: true });
    expect(st.layout).toEqual(sd.layout);
    expect(flatOf(st).map(Number)).toEqual(flatOf(sd).map(Number));
  });

  it('reads a directory holding w.npy and a.npy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'detect-'));
    writeFileSync(join(dir, 'w.npy'), readFileSync(f('tiny.w.f4.npy')));
    writeFileSync(join(dir, 'a.npy'), readFileSync(f('tiny.a.f8.npy')));
    expect(importNetwork(dir, { layout: 'torch' }).params.a).toEqual(['-2', '0.5']);
  });

  it('rejects bad files with one-line InputErrors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'detect-'));
    const bad = (name: string, bytes: Uint8Array | string): string => {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return p;
    };
    const cases: [string, RegExp][] = [
      [bad('x.safetensors', 'abc'), /not a safetensors file/],
      [bad('y.safetensors', new Uint8Array([200, 0, 0, 0, 0, 0, 0, 0, 1, 2])), /header length/],
      [`${bad('w.npy', 'nope nope nope')},${f('tiny.a.f8.npy')}`, /bad magic/],
      [
        bad('z.json', '{"w": [[1, 2]], "a": [1, 2]}'),
        /w is 1 × 2 and a has 2 entries: its columns, not its rows, are the neurons/,
      ],
      [bad('y.json', '{"w": [[1, 2, 0], [3, 4, 0], [5, 6, 0]], "a": [1, 2]}'), /a has 2 entries, expected 3/],
      [bad('s.json', '{"0.weight": [[1]], "1.weight": [[1]], "extra": 3}'), /two Linear layers/],
      [bad('t.json', '{"0.weight": [[1, 2]], "2.weight": [[1, 2]]}'), /must have shape \[1, 1\]/],
      ['/no/such/file.json', /cannot read/],
    ];
    for (const [ref, message] of cases) {
      expect(() => importNetwork(ref)).toThrow(InputError);
      expect(() => importNetwork(ref)).toThrow(message);
    }
    const truncated = readFileSync(f('tiny.f16.safetensors')).subarray(0, -2);
    expect(() => importNetwork(bad('u.safetensors', truncated))).toThrow(/data_offsets/);
  });
});

describe('the shared pair criteria', () => {
  it('float64 and Decimal measures agree with a naive computation', () => {
    const p = precision(40);
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 2 }), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 3 }),
        (wi, ai) => {
          const w = wi.map((r) => r.map((v) => v / 100));
          const a = ai.map((v) => v / 10);
          const m64 = pairMeasures64({ w, a });
          const md = pairMeasures({ w: w.map((r) => r.map((v) => new p.D(v))), a: a.map((v) => new p.D(v)) });
          for (const [k, m] of m64.entries()) {
            const x = w[m.i] as number[];
            const y = w[m.j] as number[];
            const nx = Math.hypot(...x);
            const ny = Math.hypot(...y);
            const cos =
              nx === 0 || ny === 0 ? 1 : Math.max(0, 1 - (x[0]! * y[0]! + x[1]! * y[1]!) / (nx * ny));
            expect(m.cosineDistance).toBeCloseTo(cos, 12);
            expect(md[k]!.cosineDistance.toNumber()).toBeCloseTo(cos, 12);
            expect(m.signsOpposite).toBe(a[m.i]! * a[m.j]! < 0);
            expect(md[k]!.divergence.toNumber()).toBeCloseTo((a[m.i]! - a[m.j]!) / 2, 12);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('groups of three neurons within the threshold, and the update fraction of the channel subspace', () => {
    const w = [
      [1, 0],
      [1.001, 0.0],
      [0.999, 0.01],
      [0, 1],
    ];
    const groups = neuronGroups(4, pairMeasures64({ w, a: [1, -1, 1, 1] }), 1e-2);
    expect(groups).toEqual([[0, 1, 2]]);
    const layout = { width: 2, inputDimension: 1, hiddenBias: false, outputBias: true };
    // Coordinates: w1, w2, a1, a2, b. Pair (0, 1) covers all but b.
    expect(channelSubspaceFraction64(layout, [[1, 1, 1, 1, 2]], [0, 1])).toBeCloseTo(4 / 8, 15);
    expect(channelSubspaceFraction64(layout, [[0, 0, 0, 0, 0]], [0, 1])).toBe(0);
  });
});

describe('detect on networks trained elsewhere', () => {
  const data = (file: string): unknown => JSON.parse(readFileSync(f(file), 'utf8'));

  it('without data: channel networks (|a| ≈ 300, ‖θ‖ < 10³) are candidates, finite minima have none', () => {
    for (const [name, file] of [
      ['glu-channel', 'glu-channel.params.json'],
      ['toy-channel', 'toy-channel.state-dict.json'],
      ['teacher-minimum', 'teacher-minimum.f64.safetensors'],
    ] as const) {
      const net = importNetwork(f(file));
      const r = detectChannels(net.layout, flatOf(net));
      expect(r.verdict).toBe(labelOf(name) === 'channel' ? 'channelCandidate' : 'noChannel');
      expect(r.normLarge).toBe(false);
    }
  });

  it('the paper’s static criteria hold once the same channel is scaled far out (‖θ‖ > 10³)', () => {
    const net = importNetwork(f('glu-channel.params.json'));
    // Rebuild the pair at A = 10⁴ with the same w, v, c: w_i = w + v/(2A), a_i = c/2 + A (mathematics.md §2).
    const p = precision(40);
    const [wi, wj] = net.params.w.map((r) => r.map((v) => new p.D(v)));
    const [ai, aj] = net.params.a.map((v) => new p.D(v));
    const A0 = ai!.minus(aj!).div(2);
    const A = new p.D(1e4);
    const c = ai!.plus(aj!);
    const w = wi!.map((x, k) => x.plus(wj![k]!).div(2));
    const v = wi!.map((x, k) => x.minus(wj![k]!).times(A0));
    const flat = [
      ...w.map((x, k) => x.plus(v[k]!.div(A.times(2)))),
      ...w.map((x, k) => x.minus(v[k]!.div(A.times(2)))),
      c.div(2).plus(A),
      c.div(2).minus(A),
    ];
    const r = detectChannels(net.layout, flat);
    expect(r.verdict).toBe('channel');
    expect(r.pairs[0]?.verdict).toBe('channel');
    // The GLU is invariant under the rescaling in A.
    expect(Number(r.pairs[0]?.glu?.v[0])).toBeCloseTo(v[0]!.toNumber(), 9);
  });

  it('with data: finite minima are found (Newton converges, positive definite), the duplicate is not a channel', () => {
    const cases = [
      ['teacher-minimum', 'teacher-minimum.state-dict.json', 'teacher-data.json', 'tanh'],
      [
        'misfit-minimum',
        `${f('misfit-minimum.w.f4.npy')},${f('misfit-minimum.a.npy')}`,
        'misfit-data.json',
        'tanh',
      ],
      ['toy-duplicate', 'toy-duplicate.params.json', 'toy-data.json', 'erf'],
    ] as const;
    for (const [name, file, dataFile, act] of cases) {
      const net = importNetwork(file.includes(',') ? file : f(file));
      const problem = detectionProblem(net, act, { kind: 'json', json: data(dataFile), what: dataFile });
      const r = detectChannels(net.layout, flatOf(net), problem, { confirm: true });
      const label = labelOf(name);
      if (label === 'finite-minimum') expect(r.verdict).toBe('finiteMinimum');
      else {
        expect(label).toBe('duplicate');
        expect(r.pairs[0]?.verdict).toBe('duplicate');
        expect(r.verdict).not.toBe('channel');
      }
    }
  });

  it('--confirm: the flow from the trained erf channel grows |A| with the generic law A⁴ ∝ t', () => {
    const net = importNetwork(f('toy-channel.state-dict.json'));
    const problem = detectionProblem(net, 'erf', {
      kind: 'json',
      json: data('toy-data.json'),
      what: 'toy',
    });
    const r = detectChannels(net.layout, flatOf(net), problem, { confirm: true, growth: 1.05 });
    expect(labelOf('toy-channel')).toBe('channel');
    expect(r.verdict).toBe('channel');
    const pair = r.pairs[0];
    expect(pair?.verdict).toBe('channelConfirmed');
    const c = pair?.confirmation;
    expect(c?.law).toBe('generic');
    expect(Math.abs(Number(c?.divergencePower) - 4)).toBeLessThan(0.1);
    // The law is decided by an interval that holds 4 and excludes 6 (the plain slope is off by O(ε²) ≈ 10⁻⁴).
    const [lo, hi] = (c?.exponentInterval ?? ['NaN', 'NaN']).map(Number) as [number, number];
    expect(lo).toBeLessThanOrEqual(4);
    expect(hi).toBeGreaterThanOrEqual(4);
    expect(hi).toBeLessThan(4.01);
    expect(c?.lawPoints).toBeGreaterThanOrEqual(3);
    expect(Number(c?.eps1)).toBeLessThan(Number(c?.eps0));
    // The GLU barely moves along the channel: c and w agree with the start's to 3 digits.
    expect(Number(c?.glu?.c)).toBeCloseTo(Number(pair?.glu?.c), 3);
    expect(Number(c?.glu?.w[0])).toBeCloseTo(Number(pair?.glu?.w[0]), 3);
  });
});
