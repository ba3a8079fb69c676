import { enumerateSubspaces, ZERO_TYPE, type SymmetrySubspace } from './symmetry-subspaces.js';

/**
 * Whether two subspaces of the global-minimum manifold of one irreducible zero-loss width-r point (distinct rows,
 * nonzero readouts; docs/subspaces.md) intersect, and the dimension of the intersection. A common point needs, at
 * every unit that is a copy in both, the same parent (the parents' rows differ); a unit that is a copy of i in one
 * and zero type in the other has row w_i and readout 0; so each neuron i is carried, in both, exactly by the units
 * that copy i in both (A_i = π⁻¹(i) ∩ ρ⁻¹(i)), whose readouts must sum to a_i ≠ 0: possible iff every A_i is
 * non-empty. The intersection then has dimension Σ_i (|A_i| − 1) + (units zero type in both)·rowLength.
 */
export function subspaceIntersection(
  a: SymmetrySubspace,
  b: SymmetrySubspace,
  rowLength: number,
): { readonly intersect: false } | { readonly intersect: true; readonly dimension: number } {
  const m = a.parentOf.length;
  if (b.parentOf.length !== m) throw new RangeError('subspaceIntersection: different widths');
  const r = a.copies.length;
  const common = new Array<number>(r).fill(0);
  let bothZero = 0;
  for (let u = 0; u < m; u++) {
    const [p, q] = [a.parentOf[u] as number, b.parentOf[u] as number];
    if (p === ZERO_TYPE && q === ZERO_TYPE) bothZero++;
    else if (p !== ZERO_TYPE && q !== ZERO_TYPE) {
      if (p !== q) return { intersect: false };
      common[p] = (common[p] as number) + 1;
    }
  }
  if (common.some((c) => c === 0)) return { intersect: false };
  return { intersect: true, dimension: common.reduce((s, c) => s + c - 1, 0) + bothZero * rowLength };
}

/** The 1-based label of a subspace, 0 for a zero-type unit: `(1,2,0)`. */
export function subspaceLabel(s: SymmetrySubspace): string {
  return `(${s.parentOf.map((p) => (p === ZERO_TYPE ? 0 : p + 1)).join(',')})`;
}

/** An edge: two subspaces that intersect, with the dimension of the intersection. */
export interface SubspaceEdge {
  readonly from: number;
  readonly to: number;
  readonly dimension: number;
}

/** The intersection graph of the T(r, m) subspaces of a zero-loss width-r minimum at width m. */
export interface ExpansionGraph {
  readonly r: number;
  readonly m: number;
  readonly nodes: readonly SymmetrySubspace[];
  readonly labels: readonly string[];
  readonly edges: readonly SubspaceEdge[];
  /** Connected components; the union of the subspaces is connected iff this is 1 (each subspace is connected). */
  readonly components: number;
  /** The component of each node (0-based, in order of first node). */
  readonly componentOf: readonly number[];
}

/**
 * Every subspace (replications and zero-type units, r!·S(m + 1, r + 1) of them; at most `maxNodes`) as a node,
 * every intersecting pair as an edge, and the connected components (union–find).
 */
export function expansionGraph(r: number, m: number, rowLength: number, maxNodes = 5000): ExpansionGraph {
  const e = enumerateSubspaces(r, m, rowLength, { zeroType: true, cap: maxNodes });
  if (!e.complete) {
    throw new RangeError(`expansionGraph: ${e.total} subspaces at r = ${r}, m = ${m}, more than ${maxNodes}`);
  }
  const nodes = e.subspaces;
  const edges: SubspaceEdge[] = [];
  const root = nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (root[i] !== i) i = root[i] = root[root[i] as number] as number;
    return i;
  };
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const x = subspaceIntersection(nodes[i] as SymmetrySubspace, nodes[j] as SymmetrySubspace, rowLength);
      if (!x.intersect) continue;
      edges.push({ from: i, to: j, dimension: x.dimension });
      root[find(i)] = find(j);
    }
  }
  const ids = new Map<number, number>();
  const componentOf = nodes.map((_, i) => {
    const k = find(i);
    if (!ids.has(k)) ids.set(k, ids.size);
    return ids.get(k) as number;
  });
  return { r, m, nodes, labels: nodes.map(subspaceLabel), edges, components: ids.size, componentOf };
}

/** A shortest walk of subspaces from node `from` to node `to` (breadth first), or undefined if none. */
export function shortestSubspaceWalk(graph: ExpansionGraph, from: number, to: number): number[] | undefined {
  const next: number[][] = graph.nodes.map(() => []);
  for (const e of graph.edges) {
    (next[e.from] as number[]).push(e.to);
    (next[e.to] as number[]).push(e.from);
  }
  const prev = new Array<number>(graph.nodes.length).fill(-1);
  prev[from] = from;
  const queue = [from];
  for (let k = 0; k < queue.length; k++) {
    const u = queue[k] as number;
    if (u === to) break;
    for (const v of next[u] as number[]) {
      if (prev[v] !== -1) continue;
      prev[v] = u;
      queue.push(v);
    }
  }
  if (prev[to] === -1) return undefined;
  const walk = [to];
  while (walk[0] !== from) walk.unshift(prev[walk[0] as number] as number);
  return walk;
}

/** The node whose label is `label` (e.g. `(1,2,0)`), or −1. */
export function nodeIndex(graph: ExpansionGraph, label: string): number {
  return graph.labels.indexOf(label);
}
