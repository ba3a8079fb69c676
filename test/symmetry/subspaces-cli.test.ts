import { describe, expect, it } from 'vitest';
import { runInProcess as run } from '../docs/run-cli.js';

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
});
