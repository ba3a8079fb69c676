import type { Decimal } from 'decimal.js';
import { parameterCount, rowLength, type Layout } from '../network/params.js';
import { roundTo, type Precision } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import { replicationCount, expansionCount, subspaceDimension } from './subspace-counts.js';

/** Marks a zero-type unit in {@link SymmetrySubspace.parentOf}. */
export const ZERO_TYPE = -1;

/**
 * One symmetry-induced affine subspace at width m of a width-r point θ* (units labelled, parents distinguishable;
 * docs/subspaces.md): unit u copies parent `parentOf[u]` (0-based), or is a zero-type unit (readout 0, input
 * weight free) when `parentOf[u]` is {@link ZERO_TYPE}.
 */
export interface SymmetrySubspace {
  readonly parentOf: readonly number[];
  /** Copies of each parent (each ≥ 1). */
  readonly copies: readonly number[];
  /** The zero-type units, ascending. */
  readonly zeroTypeUnits: readonly number[];
  /** (m − k − r) + k·rowLength: free readouts plus the free input weights of the k zero-type units. */
  readonly dimension: number;
}

/** Options of {@link enumerateSubspaces}. */
export interface EnumerateOptions {
  /** Include zero-type units (only critical at zero-loss minima). Default false. */
  readonly zeroType?: boolean;
  /** Enumerate all subspaces when there are at most this many, else a random sample of this size. Default 1000. */
  readonly cap?: number;
  /** Seed of the random sample beyond the cap. Default 1. */
  readonly seed?: number;
}

/** The subspaces enumerated: all of them (`complete`) or a seeded random sample of distinct ones. */
export interface SubspaceEnumeration {
  readonly total: bigint;
  readonly complete: boolean;
  readonly subspaces: readonly SymmetrySubspace[];
}

function describe(r: number, m: number, parentOf: readonly number[], row: number): SymmetrySubspace {
  const copies = new Array<number>(r).fill(0);
  const zeroTypeUnits: number[] = [];
  parentOf.forEach((p, u) => {
    if (p === ZERO_TYPE) zeroTypeUnits.push(u);
    else copies[p] = (copies[p] as number) + 1;
  });
  return {
    parentOf: [...parentOf],
    copies,
    zeroTypeUnits,
    dimension: subspaceDimension(r, m, zeroTypeUnits.length, row),
  };
}

/**
 * Every map of the m units onto the r parents (with zero-type units when `zeroType`), in lexicographic order of
 * `parentOf` (zero type first), built unit by unit and pruned when the units left cannot cover the parents not yet
 * used: the number produced is exactly the count, no rejection.
 */
function* assignments(r: number, m: number, zeroType: boolean): Generator<number[]> {
  const parentOf = new Array<number>(m).fill(0);
  const used = new Array<number>(r).fill(0);
  let uncovered = r;
  function* place(u: number): Generator<number[]> {
    if (u === m) {
      yield [...parentOf];
      return;
    }
    const left = m - u;
    for (let p = zeroType ? ZERO_TYPE : 0; p < r; p++) {
      const newlyCovered = p !== ZERO_TYPE && used[p] === 0 ? 1 : 0;
      // After this unit, left − 1 units remain for uncovered − newlyCovered parents.
      if (left - 1 < uncovered - newlyCovered) continue;
      parentOf[u] = p;
      if (p !== ZERO_TYPE) used[p] = (used[p] as number) + 1;
      uncovered -= newlyCovered;
      yield* place(u + 1);
      uncovered += newlyCovered;
      if (p !== ZERO_TYPE) used[p] = (used[p] as number) - 1;
    }
  }
  yield* place(0);
}

/**
 * The symmetry-induced subspaces at width m of an irreducible width-r point whose weight rows have `rowLength`
 * entries: replication subspaces (r!·S(m, r)), and with `zeroType` those with zero-type units as well
 * (r!·S(m + 1, r + 1)). All of them when the count is at most `cap`, otherwise `cap` distinct ones drawn uniformly
 * (a uniform random map, rejected unless it covers every parent).
 */
export function enumerateSubspaces(
  r: number,
  m: number,
  row: number,
  options: EnumerateOptions = {},
): SubspaceEnumeration {
  const { zeroType = false, cap = 1000, seed = 1 } = options;
  if (!Number.isInteger(r) || r < 1 || !Number.isInteger(m) || m < r || m > 1000) {
    throw new RangeError(`enumerateSubspaces: need integers 1 ≤ r ≤ m ≤ 1000, got r = ${r}, m = ${m}`);
  }
  if (!Number.isInteger(cap) || cap < 1)
    throw new RangeError('enumerateSubspaces: cap must be an integer ≥ 1');
  const total = zeroType ? expansionCount(r, m) : replicationCount(r, m);
  if (total <= BigInt(cap)) {
    const subspaces = [...assignments(r, m, zeroType)].map((a) => describe(r, m, a, row));
    return { total, complete: true, subspaces };
  }
  const rng = new SeededRandom(seed);
  const seen = new Set<string>();
  const subspaces: SymmetrySubspace[] = [];
  const lo = zeroType ? ZERO_TYPE : 0;
  while (subspaces.length < cap) {
    const a = Array.from({ length: m }, () => rng.int(lo, r - 1));
    if (new Set(a.filter((p) => p !== ZERO_TYPE)).size < r) continue;
    const key = a.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    subspaces.push(describe(r, m, a, row));
  }
  return { total, complete: false, subspaces };
}

/** An explicit affine parameterisation θ(t) = θ₀ + M·t of one subspace. */
export interface SubspaceParameterisation {
  /** The layout of width m. */
  readonly layout: Layout;
  readonly dimension: number;
  /** What each free coordinate is: `a[u]` (a readout, 1-based) or `w[u][j]` (a zero-type unit's weight). */
  readonly coordinateNames: readonly string[];
  /** The width-m point at free coordinates t (length `dimension`), rounded to p. */
  readonly at: (t: readonly Decimal.Value[], p: Precision) => Decimal[];
  /**
   * The free coordinates of the point whose readout shares are `gammas` (per parent, one per copy, summing to 1;
   * only the shares of the non-last copies are read) and whose zero-type rows are `rows`.
   */
  readonly coordinatesFromShares: (
    shares: readonly (readonly Decimal.Value[])[],
    rows: readonly (readonly Decimal.Value[])[],
    p: Precision,
  ) => Decimal[];
}

/**
 * The parameterisation of `subspace` for the width-r point `parent` (flat order of network/params.ts): free
 * coordinates are, for each parent, the readouts of all its copies but the last (the last takes the parent's
 * readout minus their sum), then the input-weight rows of the zero-type units; every other coordinate is fixed
 * (copied input weights, zero readouts of zero-type units, the output bias).
 */
export function parameteriseSubspace(
  layout: Layout,
  parent: readonly Decimal[],
  subspace: SymmetrySubspace,
): SubspaceParameterisation {
  const r = layout.width;
  const row = rowLength(layout);
  if (parent.length !== parameterCount(layout))
    throw new RangeError('parameteriseSubspace: wrong parameter count');
  const m = subspace.parentOf.length;
  const wide: Layout = { ...layout, width: m };
  const unitsOf: number[][] = Array.from({ length: r }, () => []);
  subspace.parentOf.forEach((p, u) => {
    if (p !== ZERO_TYPE) (unitsOf[p] as number[]).push(u);
  });
  if (unitsOf.some((us) => us.length === 0))
    throw new RangeError('parameteriseSubspace: a parent has no copy');
  const names: string[] = [];
  for (const us of unitsOf) for (const u of us.slice(0, -1)) names.push(`a[${u + 1}]`);
  for (const u of subspace.zeroTypeUnits) for (let j = 1; j <= row; j++) names.push(`w[${u + 1}][${j}]`);
  const readoutFree = names.length - subspace.zeroTypeUnits.length * row;
  const at = (t: readonly Decimal.Value[], p: Precision): Decimal[] => {
    if (t.length !== names.length) {
      throw new RangeError(`subspace point: expected ${names.length} coordinates, got ${t.length}`);
    }
    const tv = t.map((x) => new p.D(x));
    const w: Decimal[][] = Array.from({ length: m }, () => []);
    const a: Decimal[] = new Array<Decimal>(m).fill(new p.D(0));
    let k = 0;
    unitsOf.forEach((us, i) => {
      const ai = new p.D(parent[r * row + i] as Decimal);
      let rest = ai;
      us.forEach((u, idx) => {
        w[u] = parent.slice(i * row, (i + 1) * row).map((x) => new p.D(x));
        if (idx < us.length - 1) {
          const v = tv[k++] as Decimal;
          a[u] = roundTo(p, v);
          rest = rest.minus(v);
        } else a[u] = roundTo(p, rest);
      });
    });
    subspace.zeroTypeUnits.forEach((u, z) => {
      w[u] = tv.slice(readoutFree + z * row, readoutFree + (z + 1) * row).map((x) => roundTo(p, x));
    });
    const tail = parent.slice(r * row + r).map((x) => new p.D(x));
    return [...w.flat(), ...a, ...tail];
  };
  const coordinatesFromShares = (
    shares: readonly (readonly Decimal.Value[])[],
    rows: readonly (readonly Decimal.Value[])[],
    p: Precision,
  ): Decimal[] => {
    const out: Decimal[] = [];
    unitsOf.forEach((us, i) => {
      const ai = new p.D(parent[r * row + i] as Decimal);
      const g = shares[i];
      if (g === undefined || g.length !== us.length) {
        throw new RangeError(`coordinatesFromShares: parent ${i + 1} needs ${us.length} shares`);
      }
      for (let c = 0; c < us.length - 1; c++) out.push(roundTo(p, ai.times(g[c] as Decimal.Value)));
    });
    if (rows.length !== subspace.zeroTypeUnits.length || rows.some((x) => x.length !== row)) {
      throw new RangeError(
        `coordinatesFromShares: expected ${subspace.zeroTypeUnits.length} rows of ${row} weights`,
      );
    }
    for (const x of rows) for (const v of x) out.push(roundTo(p, new p.D(v)));
    return out;
  };
  return { layout: wide, dimension: names.length, coordinateNames: names, at, coordinatesFromShares };
}
