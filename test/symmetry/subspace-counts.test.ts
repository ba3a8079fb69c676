import { describe, expect, it } from 'vitest';
import { binomial, factorial, stirling2 } from '../../src/symmetry/combinatorics.js';
import {
  countTable,
  crossover,
  expansionCount,
  expansionCountBySum,
  expansionOrbitCount,
  replicationCount,
  replicationCountInclusionExclusion,
  replicationOrbitCount,
} from '../../src/symmetry/subspace-counts.js';
import { enumerateSubspaces, ZERO_TYPE } from '../../src/symmetry/symmetry-subspaces.js';

/**
 * Brute force, independent of the closed forms and of the enumerator: every map of m labelled units into
 * {zero type, parent 1…r} (all (r + 1)^m of them, by counting in base r + 1), turned into the explicit subspace it
 * describes on a toy with scalar weights (parent i has input weight i + 1 and readout 10(i + 1)): per unit its input
 * weight ("free" for a zero-type unit) and its readout constraint. Distinct subspaces are distinct descriptions.
 */
function bruteForce(
  r: number,
  m: number,
  describeEach: boolean,
): { replication: Set<string>; expansion: Set<string> } {
  const replication = new Set<string>();
  const expansion = new Set<string>();
  const total = (r + 1) ** m;
  for (let code = 0; code < total; code++) {
    const digits: number[] = [];
    let c = code;
    for (let u = 0; u < m; u++) {
      digits.push(c % (r + 1));
      c = Math.floor(c / (r + 1));
    }
    // digit 0: zero type; digit i ≥ 1: parent i.
    const covered = new Set(digits.filter((d) => d > 0));
    if (covered.size !== r) continue;
    if (!describeEach) {
      // Counting only (m = 7, 8): the maps themselves, distinctness of their subspaces checked for m ≤ 6.
      expansion.add(String(code));
      if (!digits.includes(0)) replication.add(String(code));
      continue;
    }
    const units = digits.map((d) => (d === 0 ? 'w free, a = 0' : `w = ${d + 1}`));
    const sums = Array.from({ length: r }, (_, i) => {
      const members = digits.flatMap((d, u) => (d === i + 1 ? [u] : []));
      return `a[${members.join('+')}] = ${10 * (i + 2)}`;
    });
    const key = [...units, ...sums].join('; ');
    expansion.add(key);
    if (!digits.includes(0)) replication.add(key);
  }
  return { replication, expansion };
}

describe('subspace counts', () => {
  it('Stirling numbers of the second kind: a table from the literature and the row sums (Bell numbers)', () => {
    // S(n, k) for n = 0…6 (OEIS A008277 with S(0, 0) = 1).
    const table = [
      [1],
      [0, 1],
      [0, 1, 1],
      [0, 1, 3, 1],
      [0, 1, 7, 6, 1],
      [0, 1, 15, 25, 10, 1],
      [0, 1, 31, 90, 65, 15, 1],
    ];
    table.forEach((row, n) => row.forEach((v, k) => expect(stirling2(n, k), `S(${n},${k})`).toBe(BigInt(v))));
    const bell = [1n, 1n, 2n, 5n, 15n, 52n, 203n, 877n, 4140n, 21147n, 115975n];
    bell.forEach((b, n) => {
      let s = 0n;
      for (let k = 0; k <= n; k++) s += stirling2(n, k);
      expect(s, `B(${n})`).toBe(b);
    });
    expect(stirling2(3, 5)).toBe(0n);
    expect(factorial(20)).toBe(2432902008176640000n);
    expect(binomial(30, 15)).toBe(155117520n);
    expect(binomial(3, 5)).toBe(0n);
  });

  it('closed forms agree with brute-force enumeration of assignments for all r ≤ 4, m ≤ 8', () => {
    for (let r = 1; r <= 4; r++) {
      for (let m = 1; m <= 8; m++) {
        const brute = bruteForce(r, m, m <= 6);
        const at = `r = ${r}, m = ${m}`;
        expect(replicationCount(r, m), at).toBe(BigInt(brute.replication.size));
        expect(replicationCountInclusionExclusion(r, m), at).toBe(BigInt(brute.replication.size));
        expect(expansionCount(r, m), at).toBe(BigInt(brute.expansion.size));
        expect(expansionCountBySum(r, m), at).toBe(BigInt(brute.expansion.size));
      }
    }
  });

  it('the enumerator produces exactly the brute-force subspaces, each once, with the right copies and dimension', () => {
    for (let r = 1; r <= 3; r++) {
      for (let m = r; m <= 6; m++) {
        for (const zeroType of [false, true]) {
          const e = enumerateSubspaces(r, m, 2, { zeroType, cap: 100_000 });
          expect(e.complete).toBe(true);
          const keys = e.subspaces.map((s) => s.parentOf.join(','));
          expect(new Set(keys).size).toBe(keys.length);
          expect(BigInt(keys.length)).toBe(e.total);
          const brute = bruteForce(r, m, true);
          expect(keys.length).toBe((zeroType ? brute.expansion : brute.replication).size);
          for (const s of e.subspaces) {
            const k = s.parentOf.filter((p) => p === ZERO_TYPE).length;
            expect(s.zeroTypeUnits.length).toBe(k);
            expect(s.copies.reduce((x, y) => x + y, 0)).toBe(m - k);
            expect(s.copies.every((c) => c >= 1)).toBe(true);
            expect(s.dimension).toBe(s.copies.reduce((x, c) => x + c - 1, 0) + 2 * k);
          }
        }
      }
    }
  });

  it('orbits under unit relabelling: compositions, and the multinomials add up to the labelled count', () => {
    for (let r = 1; r <= 4; r++) {
      for (let m = r; m <= 7; m++) {
        const e = enumerateSubspaces(r, m, 1, { zeroType: true, cap: 1_000_000 });
        const classes = new Set(e.subspaces.map((s) => `${s.zeroTypeUnits.length}|${s.copies.join(',')}`));
        expect(BigInt(classes.size)).toBe(expansionOrbitCount(r, m));
        const rep = new Set(
          e.subspaces.filter((s) => s.zeroTypeUnits.length === 0).map((s) => s.copies.join(',')),
        );
        expect(BigInt(rep.size)).toBe(replicationOrbitCount(r, m));
      }
    }
  });

  it('beyond the cap: a sample of distinct subspaces, reproducible from the seed', () => {
    const a = enumerateSubspaces(3, 8, 1, { cap: 50, seed: 7 });
    const b = enumerateSubspaces(3, 8, 1, { cap: 50, seed: 7 });
    expect(a.complete).toBe(false);
    expect(a.total).toBe(5796n); // 3!·S(8, 3) = 6·966
    expect(a.subspaces).toHaveLength(50);
    expect(new Set(a.subspaces.map((s) => s.parentOf.join(','))).size).toBe(50);
    expect(a.subspaces.map((s) => s.parentOf.join(','))).toEqual(
      b.subspaces.map((s) => s.parentOf.join(',')),
    );
    for (const s of a.subspaces) expect(s.copies.every((c) => c >= 1)).toBe(true);
  });

  it('the G/T table: (r* − 1)/2 at h = 0, decay like ((r* − 1)/(r* + 1))^h, and the crossover', () => {
    for (const rStar of [2, 3, 4, 6, 10]) {
      const t = countTable(rStar, 40);
      // h = 0: G = (r*−1)!·S(r*, r*−1) = (r*−1)!·C(r*, 2), T = r*!·S(r*+1, r*+1) = r*!.
      expect(t[0]!.G * 2n).toBe(t[0]!.T * BigInt(rStar - 1));
      // Strictly decreasing ratio, and the asymptotic rate: G/T ratio of successive rows → (r*−1)/(r*+1).
      for (let h = 1; h <= 40; h++) expect(t[h]!.G * t[h - 1]!.T < t[h - 1]!.G * t[h]!.T).toBe(true);
      const last = Number(t[40]!.G * t[39]!.T) / Number(t[39]!.G * t[40]!.T);
      expect(Math.abs(last - (rStar - 1) / (rStar + 1))).toBeLessThan(0.02);
    }
    expect(crossover(2, 10)).toBe(0);
    expect(crossover(3, 10)).toBe(1); // G = T = 6 at h = 0
    expect(crossover(8, 10)).toBe(2);
    expect(countTable(4, 1).map((x) => x.ratio)).toEqual(['1.50000', '4.16667e-1']);
  });
});
