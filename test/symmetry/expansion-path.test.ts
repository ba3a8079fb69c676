import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { countRatioFigure, connectivityFigure } from '../../src/claims/expansion-connects-minima.js';
import { precision } from '../../src/precision/context.js';
import {
  expansionGraph,
  nodeIndex,
  shortestSubspaceWalk,
  subspaceIntersection,
} from '../../src/symmetry/expansion-graph.js';
import {
  checkPathExact,
  embedWithSpare,
  expansionPath,
  outsideSubspace,
  samplePathLoss,
  type ExpansionPath,
  type SignedPermutation,
} from '../../src/symmetry/expansion-path.js';
import { expansionTeacher } from '../../src/symmetry/expansion-teacher.js';
import { expansionCount } from '../../src/symmetry/subspace-counts.js';
import { ZERO_TYPE, type SymmetrySubspace } from '../../src/symmetry/symmetry-subspaces.js';

const q = precision(60);
const tanh = resolveActivation('tanh');

/** f(x) = Σ_u a_u tanh(w_u x + b_u), width m, by direct summation (independent of network/loss.ts). */
function output(flat: readonly Decimal[], m: number, x: Decimal): Decimal {
  let f = new q.D(0);
  for (let u = 0; u < m; u++) {
    const z = new q.D(flat[2 * u]!).times(x).plus(flat[2 * u + 1]!);
    f = f.plus(new q.D(flat[2 * m + u]!).times(tanh.value(z, q)));
  }
  return f;
}

/** The teacher 2·tanh(x − 1) − tanh(2x + 1), written out (not read from the spec). */
const teacher = (x: Decimal): Decimal =>
  tanh
    .value(x.minus(1), q)
    .times(2)
    .minus(tanh.value(x.times(2).plus(1), q));

const problem = expansionTeacher();
const parent = problem.initial(q);
const layout = problem.network.layout;

describe('the expansion path', () => {
  it('swap of two neurons: 7 segments, joined, each inside its subspace, the teacher’s function everywhere on it', () => {
    const path = expansionPath(layout, parent);
    expect(path.segments.map((s) => `${s.kind} ${s.subspace.label}`)).toEqual([
      'zero-type-row (1,2,0)',
      'readout-transfer (1,2,1)',
      'zero-type-row (0,2,1)',
      'readout-transfer (2,2,1)',
      'zero-type-row (2,0,1)',
      'readout-transfer (2,1,1)',
      'zero-type-row (2,1,0)',
    ]);
    // Ends by hand: (w, b, a) per unit: (1, −1, 2), (2, 1, −1), (0, 0, 0) and the swap.
    expect(path.start.map(String)).toEqual(['1', '-1', '2', '1', '0', '0', '2', '-1', '0']);
    expect(path.end.map(String)).toEqual(['2', '1', '1', '-1', '0', '0', '-1', '2', '0']);
    expect(checkPathExact(layout, parent, path)).toEqual({
      segments: Array.from({ length: 7 }, () => undefined),
      joined: true,
      holds: true,
    });
    // At interior points of every segment the width-3 function is the teacher's (direct sums, 60 digits).
    for (const s of path.segments) {
      for (const t of ['0.25', '0.5', '0.9']) {
        const flat = s.start.map((v, i) => v.plus(new q.D(t).times(s.end[i]!.minus(v))));
        for (const x of ['-2.7', '-0.3', '0.8', '4.1']) {
          const diff = output(flat, 3, new q.D(x)).minus(teacher(new q.D(x)));
          expect(diff.abs().lte('1e-57'), `${s.subspace.label} t = ${t} x = ${x}`).toBe(true);
        }
      }
    }
  });

  it('every signed permutation of the two neurons (8 = 2!·2², tanh odd) is reached, exactly and with zero loss', () => {
    const targets: SignedPermutation[] = [];
    for (const order of [
      [0, 1],
      [1, 0],
    ])
      for (const s0 of [1, -1] as const)
        for (const s1 of [1, -1] as const)
          targets.push([
            { parent: order[0]!, sign: s0 },
            { parent: order[1]!, sign: s1 },
          ]);
    for (const target of targets) {
      const path = expansionPath(layout, parent, { target });
      const zeros = [new q.D(0), new q.D(0)];
      expect(path.end.map(String)).toEqual(embedWithSpare(layout, parent, target, zeros).map(String));
      expect(checkPathExact(layout, parent, path).holds).toBe(true);
      const loss = samplePathLoss(problem.network, (p) => problem.dataset(p), path, 50, {
        samples: 2,
        gradient: false,
      });
      expect(loss.allZero, JSON.stringify(target)).toBe(true);
      // The identity needs no segment; a lone sign flip 5 (idle row out, readout over, row flip, back, row home).
      if (target.every((t, u) => t.parent === u && t.sign === 1)) expect(path.segments).toHaveLength(0);
    }
    const flip = expansionPath(layout, parent, {
      target: [
        { parent: 0, sign: -1 },
        { parent: 1, sign: 1 },
      ],
    });
    expect(flip.segments.map((s) => s.subspace.label)).toEqual([
      '(1,2,0)',
      '(1,2,1)',
      '(0,2,1)',
      '(−1,2,1)',
      '(−1,2,0)',
    ]);
  });

  it('the exact check fails off the manifold: a readout off by 1e-40, a row off by 1e-40, a broken joint', () => {
    const path = expansionPath(layout, parent);
    const bump = (v: readonly Decimal[], i: number): Decimal[] =>
      v.map((x, k) => (k === i ? x.plus('1e-40') : x));
    const s2 = path.segments[1]!; // a[1] → a[3], subspace (1,2,1)
    expect(outsideSubspace(layout, parent, s2.subspace, s2.end)).toBeUndefined();
    expect(outsideSubspace(layout, parent, s2.subspace, bump(s2.end, 6))).toMatch(/do not sum to a\*\[1\]/);
    expect(outsideSubspace(layout, parent, s2.subspace, bump(s2.end, 4))).toMatch(/w\[3\] is not w\*\[1\]/);
    const s1 = path.segments[0]!; // zero-type unit 3
    expect(outsideSubspace(layout, parent, s1.subspace, bump(s1.end, 8))).toMatch(/a\[3\] .* is not 0/);
    const broken: ExpansionPath = {
      ...path,
      segments: path.segments.map((s, k) => (k === 3 ? { ...s, start: bump(s.start, 0) } : s)),
    };
    const c = checkPathExact(layout, parent, broken);
    expect(c.joined).toBe(false);
    expect(c.holds).toBe(false);
    // A readout handed over with a rounding (1/3 of it left behind) is caught by the sampled loss too.
    const third = new q.D(2).div(3);
    const leaky: ExpansionPath = {
      ...path,
      segments: [{ ...s2, end: s2.end.map((x, k) => (k === 6 ? x.minus(third) : x)) }],
    };
    const loss = samplePathLoss(problem.network, (p) => problem.dataset(p), leaky, 50, { samples: 2 });
    expect(loss.allZero).toBe(false);
    expect(loss.maxLoss.gt('1e-3')).toBe(true);
  });
});

/**
 * Independent of subspaceIntersection's criterion: the intersection of two subspaces as a linear system, on a toy
 * with scalar rows (parent i has row i + 1, readout 10(i + 1)). Rows: a unit that copies p in one and q ≠ p in the
 * other is infeasible. Readouts: a_u = 0 for a zero-type unit of either, and each subspace's sums per parent;
 * solved by Gaussian elimination over the rationals (BigInt), feasible iff no row reduces to 0 = c ≠ 0. The
 * dimension: free readouts (unknowns − rank) + rows free in both.
 */
function intersectByElimination(
  a: SymmetrySubspace,
  b: SymmetrySubspace,
): { intersect: boolean; dimension: number } {
  const m = a.parentOf.length;
  const r = a.copies.length;
  for (let u = 0; u < m; u++) {
    const [p, s] = [a.parentOf[u]!, b.parentOf[u]!];
    if (p !== ZERO_TYPE && s !== ZERO_TYPE && p !== s) return { intersect: false, dimension: -1 };
  }
  const rows: bigint[][] = [];
  for (const sub of [a, b]) {
    for (let u = 0; u < m; u++) {
      if (sub.parentOf[u] === ZERO_TYPE)
        rows.push([...Array.from({ length: m }, (_, k) => (k === u ? 1n : 0n)), 0n]);
    }
    for (let i = 0; i < r; i++) {
      rows.push([...sub.parentOf.map((p) => (p === i ? 1n : 0n)), BigInt(10 * (i + 1))]);
    }
  }
  let rank = 0;
  for (let c = 0; c < m; c++) {
    const piv = rows.findIndex((row, k) => k >= rank && row[c] !== 0n);
    if (piv < 0) continue;
    [rows[rank], rows[piv]] = [rows[piv]!, rows[rank]!];
    const pr = rows[rank]!;
    for (let k = 0; k < rows.length; k++) {
      if (k === rank || rows[k]![c] === 0n) continue;
      const f = rows[k]![c]!;
      rows[k] = rows[k]!.map((v, j) => v * pr[c]! - f * pr[j]!);
    }
    rank++;
  }
  if (rows.some((row) => row.slice(0, m).every((v) => v === 0n) && row[m] !== 0n)) {
    return { intersect: false, dimension: -1 };
  }
  const bothZero = a.parentOf.filter((p, u) => p === ZERO_TYPE && b.parentOf[u] === ZERO_TYPE).length;
  return { intersect: true, dimension: m - rank + bothZero * 2 };
}

describe('the intersection graph of the zero-loss manifold', () => {
  it('intersections agree with Gaussian elimination on the explicit constraints (r ≤ 3, m ≤ 4, all pairs)', () => {
    for (const [r, m] of [
      [1, 2],
      [1, 3],
      [2, 2],
      [2, 3],
      [2, 4],
      [3, 4],
    ] as const) {
      const g = expansionGraph(r, m, 2);
      let edges = 0;
      for (let i = 0; i < g.nodes.length; i++) {
        for (let j = i + 1; j < g.nodes.length; j++) {
          const want = intersectByElimination(g.nodes[i]!, g.nodes[j]!);
          const got = subspaceIntersection(g.nodes[i]!, g.nodes[j]!, 2);
          expect(got.intersect, `${g.labels[i]} ∩ ${g.labels[j]}`).toBe(want.intersect);
          if (got.intersect) {
            edges++;
            expect(got.dimension, `${g.labels[i]} ∩ ${g.labels[j]}`).toBe(want.dimension);
          }
        }
      }
      expect(g.edges).toHaveLength(edges);
    }
  });

  it('r*! isolated points at width r*, one connected manifold at widths r* + 1 and r* + 2', () => {
    for (let r = 1; r <= 4; r++) {
      const at = expansionGraph(r, r, 1);
      expect(at.components, `r = ${r}, m = r`).toBe([1, 2, 6, 24][r - 1]);
      expect(at.edges).toHaveLength(0);
      const plus = expansionGraph(r, r + 1, 1);
      expect(BigInt(plus.nodes.length)).toBe(expansionCount(r, r + 1));
      expect(plus.components, `r = ${r}, m = r + 1`).toBe(1);
      if (r <= 3) expect(expansionGraph(r, r + 2, 1).components, `r = ${r}, m = r + 2`).toBe(1);
    }
    // r* = 2, m = 3: the 12 subspaces form one cycle (each node of degree 2), the swap is 6 steps either way.
    const g = expansionGraph(2, 3, 2);
    expect(g.edges).toHaveLength(12);
    const degree = g.nodes.map((_, i) => g.edges.filter((e) => e.from === i || e.to === i).length);
    expect(degree.every((d) => d === 2)).toBe(true);
    const walk = shortestSubspaceWalk(g, nodeIndex(g, '(1,2,0)'), nodeIndex(g, '(2,1,0)'));
    expect(walk).toHaveLength(7);
    // Each edge of the cycle: a replication meets a zero-type subspace in a point set of dimension 0 + 0.
    expect(g.edges.every((e) => e.dimension === 0)).toBe(true);
  });

  it('figures: the graph with every edge drawn, and G/T = (r* − 1)/2 at h = 0', () => {
    const g = expansionGraph(2, 3, 2);
    const walk = ['(1,2,0)', '(1,2,1)', '(0,2,1)', '(2,2,1)', '(2,0,1)', '(2,1,1)', '(2,1,0)'];
    const f = connectivityFigure(g, walk);
    expect(f.x.categories).toHaveLength(12);
    expect(f.x.categories![0]).toBe('(1,2,0)');
    const lines = f.series.find((s) => s.label === 'intersections')!;
    const drawn = new Set<string>();
    for (let k = 1; k < lines.x.length; k++) {
      const [u, v] = [lines.x[k - 1]!, lines.x[k]!].sort();
      drawn.add(`${u}|${v}`);
    }
    const want = new Set(g.edges.map((e) => [g.labels[e.from]!, g.labels[e.to]!].sort().join('|')));
    expect(drawn).toEqual(want);
    // Heights: breadth-first distance from (1,2,0); (2,1,0) is 6 away.
    const path = f.series.find((s) => s.label === 'the path')!;
    expect(path.y).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    const c = countRatioFigure([2, 3, 4], 3);
    expect(c.series.map((s) => s.y[0])).toEqual(['5.00000e-1', '1.00000', '1.50000']);
  });
});
