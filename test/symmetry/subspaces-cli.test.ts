import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess as run } from '../docs/run-cli.js';

interface ConnectJson {
  width: number;
  parent: { source: string };
  certificate: { kind: string; type?: string; radius?: string };
  images: { permutations: string; withSignFlips: string };
  wider: { kind: string; reason?: string };
  target: number[];
  segments: { kind: string; subspace: string; inSubspace: boolean; ballMethod: string; ballBound: string }[];
  exact: { holds: boolean; joined: boolean };
  loss: { points: number; max: string; threshold: string; zero: boolean };
  ballBound: string;
  graph: { subspaces: number; edges: number; components: number; componentsAtWidth: number; walk: string[] };
  holds: boolean;
}

interface TableJson {
  rStar: number;
  rows: { h: number; m: number; T: string; G: string; ratio: string }[];
  crossover: number | null;
}

interface SubspacesJson {
  parent: { width: number; loss: string; type: string; zeroLoss: boolean };
  width: number;
  counts: { total: string; formula: string; checked: number; complete: boolean };
  zeroType: boolean;
  zeroTypeNote?: string;
  subspaces: {
    parentOf: number[];
    dimension: number;
    coordinates: string[];
    points: {
      critical: boolean;
      gradNorm: string;
      inertia: { negative: number; zero: number; positive: number };
    }[];
  }[];
  allCritical: boolean;
}

describe('flat-channels subspaces', () => {
  it('--table: exact T and G against values by hand, and the crossover', async () => {
    const r = await run(['subspaces', '--table', '3', '--hmax', '2', '--json']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as TableJson;
    // r* = 3: T(3, 3) = 3! = 6, T(3, 4) = 3!·S(5, 4) = 6·10 = 60, T(3, 5) = 6·S(6, 4) = 6·65 = 390;
    // G(2, m) = 2!·S(m, 2) = 2^m − 2: 6, 14, 30.
    expect(t.rows.map((x) => [x.T, x.G])).toEqual([
      ['6', '6'],
      ['60', '14'],
      ['390', '30'],
    ]);
    expect(t.crossover).toBe(1);
  });

  it('user errors are one line, exit 2, before any work', async () => {
    for (const args of [
      ['subspaces', '--table', '1'],
      ['subspaces', '--table', '3', '--width', '4'],
      ['subspaces', '--hmax', '3', '--problem', 'paper-toy', '--width', '2'],
      ['subspaces', '--problem', 'paper-toy'],
      ['subspaces', '--problem', 'paper-toy', '--from', '1', '--width', '0'],
      ['subspaces', '--problem', 'paper-toy', '--width', '1'],
      ['subspaces', '--problem', 'paper-toy', '--from', '3', '--width', '4'],
      ['subspaces', '--problem', 'nope', '--width', '2'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('paper-toy, width 1 → 3 at 30 digits: one subspace of dimension 2, critical, inertia with ≥ 2 zeros', async () => {
    const r = await run([
      'subspaces',
      '--problem',
      'paper-toy',
      '--from',
      '1',
      '--width',
      '3',
      '--digits',
      '30',
      '--samples',
      '3',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as SubspacesJson;
    expect(out.parent.type).toBe('minimum');
    // The one-neuron minimum's loss, printed to digits − 10 = 20 significant digits: mpmath's
    // 0.0471160274963580893163199… (scripts/saddle-line-reference/reference.json) rounded.
    expect(out.parent.loss).toBe('0.047116027496358089316');
    expect(out.counts).toEqual({ total: '1', formula: '1!·S(3, 1)', checked: 1, complete: true });
    expect(out.zeroType).toBe(false);
    expect(out.zeroTypeNote).toMatch(/zero-type units/);
    const s = out.subspaces[0]!;
    expect(s.parentOf).toEqual([1, 1, 1]);
    expect(s.dimension).toBe(2);
    expect(s.coordinates).toEqual(['a[1]', 'a[2]']);
    expect(s.points).toHaveLength(3);
    for (const pt of s.points) {
      expect(pt.critical).toBe(true);
      expect(Number(pt.gradNorm)).toBeLessThan(1e-25);
      expect(pt.inertia.zero).toBeGreaterThanOrEqual(2);
      expect(pt.inertia.negative + pt.inertia.zero + pt.inertia.positive).toBe(6);
    }
    expect(out.allCritical).toBe(true);
  });

  it('--connect: the default tanh teacher, swap of its two neurons, certified and zero along the path', async () => {
    const r = await run(['subspaces', '--connect', '--digits', '30', '--samples', '2', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as ConnectJson;
    expect(c.width).toBe(2);
    expect(c.parent.source).toMatch(/kept exactly/);
    expect(c.certificate).toMatchObject({ kind: 'certified', type: 'strict local minimum' });
    expect(c.images).toEqual({ permutations: '2', withSignFlips: '8' });
    expect(c.wider.kind).toBe('not-certified');
    expect(c.target).toEqual([2, 1]);
    expect(c.segments.map((s) => s.subspace)).toEqual([
      '(1,2,0)',
      '(1,2,1)',
      '(0,2,1)',
      '(2,2,1)',
      '(2,0,1)',
      '(2,1,1)',
      '(2,1,0)',
    ]);
    expect(c.segments.every((s) => s.inSubspace)).toBe(true);
    expect(c.segments.map((s) => s.ballMethod)).toEqual([
      'box',
      'convex',
      'box',
      'convex',
      'box',
      'convex',
      'box',
    ]);
    expect(c.loss).toMatchObject({ points: 21, threshold: '1e-50', zero: true });
    expect(Number(c.ballBound)).toBeLessThan(1e-50);
    expect(c.graph).toMatchObject({ subspaces: 12, edges: 12, components: 1, componentsAtWidth: 2 });
    expect(c.holds).toBe(true);
  });

  it('--connect --to=-1,2: a sign flip of neuron 1 through the idle unit (tanh is odd), 5 segments', async () => {
    const r = await run([
      'subspaces',
      '--connect',
      '--to=-1,2',
      '--digits',
      '30',
      '--samples',
      '1',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as ConnectJson;
    expect(c.target).toEqual([-1, 2]);
    expect(c.segments.map((s) => s.subspace)).toEqual([
      '(1,2,0)',
      '(1,2,1)',
      '(0,2,1)',
      '(−1,2,1)',
      '(−1,2,0)',
    ]);
    expect(c.holds).toBe(true);
  });

  it('--connect on a problem file: a 2-D softplus teacher with an output bias, refined from 0.01 off, --svg', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-connect-'));
    const svg = join(dir, 'graph.svg');
    const fixture = join(import.meta.dirname, 'softplus-teacher-2d.json');
    const r = await run([
      'subspaces',
      '--connect',
      '--problem',
      fixture,
      '--digits',
      '30',
      '--samples',
      '2',
      '--svg',
      svg,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/θ\* refined by Newton at 35 digits/);
    expect(r.stdout).toMatch(/its images: 2 = 2! permutations, each certified/);
    expect(r.stdout).toMatch(/the expansion connects the permuted minima\n$/);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<svg [^>]*data-figure="subspace-graph"/);
    expect(text).toContain('data-series="the path" data-points="7"');
    const t = await run(['subspaces', '--table', '4', '--hmax', '6', '--svg', join(dir, 'gt.svg')]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/plot of G\/T against h for r\* = 2, 3, 4, 6, 8 written to/);
    expect(readFileSync(join(dir, 'gt.svg'), 'utf8')).toContain('data-series="r* = 8" data-points="7"');
  });

  it('--connect user errors: one line, exit 2', async () => {
    for (const args of [
      ['--connect', '--to', '1,1'],
      ['--connect', '--to', '3,1'],
      ['--connect', '--to', 'a,b'],
      ['--connect', '--problem', join(import.meta.dirname, 'softplus-teacher-2d.json'), '--to=-2,1'],
      ['--connect', '--problem', 'paper-toy'],
      ['--connect', '--problem', 'two-param'],
      ['--connect', '--width', '3'],
      ['--connect', '--from', '3'],
      ['--connect', '--table', '3'],
      ['--to', '2,1', '--problem', 'paper-toy', '--width', '2'],
      ['--svg', 'x.svg', '--problem', 'paper-toy', '--width', '2'],
    ]) {
      const r = await run(['subspaces', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
