import type { Decimal } from 'decimal.js';
import type { Dataset } from '../network/dataset.js';
import { lossAndDerivatives, type Network } from '../network/loss.js';
import { parameterCount, rowLength, type Layout } from '../network/params.js';
import { precision, type Precision } from '../precision/context.js';

/**
 * The expansion path (Şimşek et al. 2021; issue 18, item 4; docs/subspaces.md): at width r* + 1, an explicit
 * piecewise-linear path inside the zero-loss manifold from the width-r* minimum θ* (plus an idle unit) to any of
 * its permutations (and, for an odd σ, sign flips). Each segment moves one unit's input row while its readout is 0
 * (a zero-type unit), or hands a readout from one unit to another with the same row (a replication); both stay
 * inside one affine subspace of points whose network function is exactly f_θ*.
 */

/** Sign ε·(neuron `parent` of θ*): a unit carrying it has row ε·w_parent and readout ε·a_parent. */
export interface SignedParent {
  /** 0-based neuron of θ*. */
  readonly parent: number;
  /** −1 only for an odd σ (ε·a·σ(ε·w·x̃) = a·σ(w·x̃)). */
  readonly sign: 1 | -1;
}

/** What the units of an end point carry: unit u carries `target[u]`, the last unit is idle (zero type). */
export type SignedPermutation = readonly SignedParent[];

/**
 * An affine subspace of the zero-loss manifold at width m: unit u is a copy of sign·(neuron parent) (row fixed to
 * sign·w_parent), or zero type (`null`: readout 0, row free); for each neuron i the signed readouts of its copies
 * sum to a_i. Every point of it has the network function f_θ* (the copies of i add up to a_i·σ(w_i·x̃), the
 * zero-type units to 0).
 */
export interface PathSubspace {
  readonly units: readonly (SignedParent | null)[];
  /** 1-based, 0 for zero type, a minus sign for a sign-flipped copy: `(1,2,0)`, `(2,−1,1)`. */
  readonly label: string;
}

/** `zero-type-row`: one unit with readout 0 moves its row. `readout-transfer`: one unit's readout goes to another. */
export type SegmentKind = 'zero-type-row' | 'readout-transfer';

/** One straight segment θ(t) = start + t·(end − start), t ∈ [0, 1]. */
export interface PathSegment {
  readonly kind: SegmentKind;
  readonly start: readonly Decimal[];
  readonly end: readonly Decimal[];
  /** 0-based units whose parameters change: [u] for a row move, [from, to] for a transfer. */
  readonly units: readonly number[];
  /** The subspace holding the whole segment (it holds both ends, and is convex). */
  readonly subspace: PathSubspace;
  /** In words, 1-based: `w[3]: (0, 0) → (1, −1) (a[3] = 0)`, `a[1] → a[3] (rows equal)`. */
  readonly description: string;
}

/** A path from {@link ExpansionPath.start} to {@link ExpansionPath.end} at width r + 1. */
export interface ExpansionPath {
  /** The layout of width r + 1. */
  readonly layout: Layout;
  /** The idle (zero-type) unit at both ends, 0-based (= r). */
  readonly spare: number;
  readonly target: SignedPermutation;
  readonly start: readonly Decimal[];
  readonly end: readonly Decimal[];
  readonly segments: readonly PathSegment[];
}

/** Options of {@link expansionPath}. */
export interface ExpansionPathOptions {
  /** What unit u carries at the end. Default: units 1 and 2 swapped (the identity for r = 1). */
  readonly target?: SignedPermutation;
  /** The idle unit's row at both ends. Default 0. */
  readonly spareRow?: readonly Decimal[];
}

function label(units: readonly (SignedParent | null)[]): string {
  return `(${units.map((s) => (s === null ? '0' : `${s.sign < 0 ? '−' : ''}${s.parent + 1}`)).join(',')})`;
}

/** A subspace from its units. */
export function pathSubspace(units: readonly (SignedParent | null)[]): PathSubspace {
  return { units: [...units], label: label(units) };
}

/** Checks that `target` is a signed permutation of 0…r−1 (an error names what is wrong). */
export function checkSignedPermutation(target: SignedPermutation, r: number): string | undefined {
  if (target.length !== r) return `expected ${r} entries, got ${target.length}`;
  const seen = new Set<number>();
  for (const t of target) {
    if (!Number.isInteger(t.parent) || t.parent < 0 || t.parent >= r)
      return `neuron ${t.parent + 1} out of 1…${r}`;
    if (t.sign !== 1 && t.sign !== -1) return 'signs must be ±1';
    if (seen.has(t.parent)) return `neuron ${t.parent + 1} appears twice`;
    seen.add(t.parent);
  }
  return undefined;
}

/**
 * The width-(r + 1) point whose unit u carries `target[u]` of the width-r point `parent` and whose last unit is
 * idle (readout 0, row `spareRow`). Exact: only copies and negations of the parent's values.
 */
export function embedWithSpare(
  layout: Layout,
  parent: readonly Decimal[],
  target: SignedPermutation,
  spareRow: readonly Decimal[],
): Decimal[] {
  const r = layout.width;
  const R = rowLength(layout);
  if (parent.length !== parameterCount(layout)) throw new RangeError('embedWithSpare: wrong parameter count');
  const why = checkSignedPermutation(target, r);
  if (why !== undefined) throw new RangeError(`embedWithSpare: not a signed permutation: ${why}`);
  if (spareRow.length !== R) throw new RangeError(`embedWithSpare: the spare row needs ${R} entries`);
  const zero = (parent[0] as Decimal).minus(parent[0] as Decimal);
  const rows = target.map((t) =>
    parent.slice(t.parent * R, (t.parent + 1) * R).map((v) => (t.sign < 0 ? v.neg() : v)),
  );
  const readouts = target.map((t) => {
    const a = parent[r * R + t.parent] as Decimal;
    return t.sign < 0 ? a.neg() : a;
  });
  return [...rows.flat(), ...spareRow, ...readouts, zero, ...parent.slice(r * R + r)];
}

/**
 * The path at width r + 1 from θ* with an idle unit to the point carrying `target` (same idle unit), by cycles of
 * the permutation: the idle unit takes over the first neuron of a cycle (its row moves to that neuron's row while its
 * readout is 0, then the readout is handed over), which frees a unit with the same row; each freed unit in turn
 * takes over the next neuron of the cycle (with its sign), and the last one the neuron parked on the idle unit.
 * Finally the idle unit's row goes back to `spareRow`. A cycle of length k costs 2(k + 1) segments (fewer when a
 * row is already in place); a swap of two neurons with the default idle row 0 costs 7. Exact: every segment end is
 * made of copies and negations of θ*'s values.
 */
export function expansionPath(
  layout: Layout,
  parent: readonly Decimal[],
  options: ExpansionPathOptions = {},
): ExpansionPath {
  const r = layout.width;
  const R = rowLength(layout);
  const zero = (parent[0] as Decimal).minus(parent[0] as Decimal);
  const identity: SignedParent[] = Array.from({ length: r }, (_, i) => ({ parent: i, sign: 1 }));
  const defaultTarget: SignedParent[] =
    r >= 2 ? [identity[1] as SignedParent, identity[0] as SignedParent, ...identity.slice(2)] : identity;
  const target = options.target ?? defaultTarget;
  const spareRow = options.spareRow ?? Array.from({ length: R }, () => zero);
  const m = r + 1;
  const wide: Layout = { ...layout, width: m };
  const start = embedWithSpare(layout, parent, identity, spareRow);
  const end = embedWithSpare(layout, parent, target, spareRow);
  const tailStart = m * R + m;

  // The state: each unit's row, readout and what it carries (null: zero type).
  const rows: Decimal[][] = Array.from({ length: m }, (_, u) => start.slice(u * R, (u + 1) * R));
  const readouts: Decimal[] = start.slice(m * R, m * R + m);
  const carries: (SignedParent | null)[] = [...identity, null];
  const tail = start.slice(tailStart);
  const flat = (): Decimal[] => [...rows.flat(), ...readouts, ...tail];
  const segments: PathSegment[] = [];
  const name = (u: number): string => String(u + 1);
  const vec = (v: readonly Decimal[]): string => `(${v.map(String).join(', ')})`;

  const moveRow = (u: number, to: readonly Decimal[]): void => {
    const from = rows[u] as Decimal[];
    if (from.every((v, j) => v.eq(to[j] as Decimal))) return;
    const before = flat();
    const subspace = pathSubspace(carries.map((c, k) => (k === u ? null : c)));
    rows[u] = [...to];
    segments.push({
      kind: 'zero-type-row',
      start: before,
      end: flat(),
      units: [u],
      subspace,
      description: `w[${name(u)}]: ${vec(from)} → ${vec(to)} (a[${name(u)}] = 0)`,
    });
  };
  let spare = r;
  /** The idle unit takes over sign·(what `src` carries); `src` becomes the idle unit. */
  const move = (src: number, sign: 1 | -1): void => {
    const dest = spare;
    const c = carries[src] as SignedParent;
    moveRow(
      dest,
      (rows[src] as Decimal[]).map((v) => (sign < 0 ? v.neg() : v)),
    );
    const carried: SignedParent = { parent: c.parent, sign: (c.sign * sign) as 1 | -1 };
    const subspace = pathSubspace(carries.map((x, k) => (k === dest ? carried : x)));
    const before = flat();
    const a = readouts[src] as Decimal;
    readouts[dest] = sign < 0 ? a.neg() : a;
    readouts[src] = zero;
    carries[dest] = carried;
    carries[src] = null;
    spare = src;
    segments.push({
      kind: 'readout-transfer',
      start: before,
      end: flat(),
      units: [src, dest],
      subspace,
      description:
        `a[${name(src)}] → ${sign < 0 ? '−' : ''}a[${name(dest)}] ` +
        (sign < 0 ? `(w[${name(dest)}] = −w[${name(src)}], σ odd)` : `(w[${name(dest)}] = w[${name(src)}])`),
    });
  };

  // Cycles of u ↦ target[u].parent: unit u must end with target[u].sign·(what unit target[u].parent carries now).
  const done = new Array<boolean>(r).fill(false);
  for (let c1 = 0; c1 < r; c1++) {
    if (done[c1]) continue;
    const cycle: number[] = [];
    for (let u = c1; !done[u]; u = (target[u] as SignedParent).parent) {
      done[u] = true;
      cycle.push(u);
    }
    const t0 = target[c1] as SignedParent;
    if (cycle.length === 1 && t0.sign === 1) continue;
    const parked = spare;
    move(c1, 1);
    for (let j = 0; j + 1 < cycle.length; j++)
      move(cycle[j + 1] as number, (target[cycle[j] as number] as SignedParent).sign);
    move(parked, (target[cycle[cycle.length - 1] as number] as SignedParent).sign);
  }
  moveRow(spare, spareRow);
  return { layout: wide, spare, target, start, end, segments };
}

/** An exact decimal n·10^−scale (BigInt), read from a Decimal without rounding. */
function exact(d: Decimal): { n: bigint; scale: number } {
  const s = d.toFixed();
  const neg = s.startsWith('-');
  const [int = '0', frac = ''] = (neg ? s.slice(1) : s).split('.');
  const n = BigInt(int + frac);
  return { n: neg ? -n : n, scale: frac.length };
}

/** Σ values = target, in exact arithmetic (no rounding at any precision). */
function exactSumEquals(values: readonly Decimal[], target: Decimal): boolean {
  const all = [...values.map(exact), exact(target)];
  const scale = Math.max(...all.map((x) => x.scale));
  const up = (x: { n: bigint; scale: number }): bigint => x.n * 10n ** BigInt(scale - x.scale);
  const sum = all.slice(0, -1).reduce((s, x) => s + up(x), 0n);
  return sum === up(all[all.length - 1] as { n: bigint; scale: number });
}

/**
 * Whether the width-m point `flat` lies in `subspace` of the width-r point `parent` (exact comparisons): every copy
 * has row sign·w_parent, every zero-type unit readout 0, the signed readouts of each neuron's copies sum exactly to
 * its readout, and the output bias is the parent's. Returns why not, or undefined.
 */
export function outsideSubspace(
  layout: Layout,
  parent: readonly Decimal[],
  subspace: PathSubspace,
  flat: readonly Decimal[],
): string | undefined {
  const r = layout.width;
  const R = rowLength(layout);
  const m = subspace.units.length;
  if (flat.length !== parameterCount({ ...layout, width: m })) return 'wrong parameter count';
  const sums: Decimal[][] = Array.from({ length: r }, () => []);
  for (let u = 0; u < m; u++) {
    const s = subspace.units[u];
    const a = flat[m * R + u] as Decimal;
    if (s === undefined || s === null) {
      if (!a.isZero()) return `a[${u + 1}] = ${a.toString()} is not 0 (zero-type unit)`;
      continue;
    }
    for (let j = 0; j < R; j++) {
      const w = parent[s.parent * R + j] as Decimal;
      if (!(flat[u * R + j] as Decimal).eq(s.sign < 0 ? w.neg() : w)) {
        return `w[${u + 1}] is not ${s.sign < 0 ? '−' : ''}w*[${s.parent + 1}]`;
      }
    }
    (sums[s.parent] as Decimal[]).push(s.sign < 0 ? a.neg() : a);
  }
  for (let i = 0; i < r; i++) {
    const list = sums[i] as Decimal[];
    if (list.length === 0) return `neuron ${i + 1} has no copy`;
    if (!exactSumEquals(list, parent[r * R + i] as Decimal))
      return `the readouts of neuron ${i + 1}'s copies do not sum to a*[${i + 1}]`;
  }
  const tail = parent.slice(r * R + r);
  if (!tail.every((v, j) => v.eq(flat[m * R + m + j] as Decimal))) return 'the output bias differs';
  return undefined;
}

/** The exact checks of a path: each segment inside its subspace, joined end to start, from start to end. */
export interface PathExactCheck {
  /** Per segment: undefined if both ends lie in its subspace, else why not. */
  readonly segments: readonly (string | undefined)[];
  /** Consecutive segments meet; the first starts at `start`, the last ends at `end`. */
  readonly joined: boolean;
  readonly holds: boolean;
}

/**
 * The rigorous part: both ends of every segment lie (exactly) in its subspace, so the whole segment does (an affine
 * subspace is convex), and on it the network function is identically f_θ* (for every x, not only the data): the
 * copies of neuron i contribute (Σ ε_u a_u)·σ(w_i·x̃) = a*_i σ(w*_i·x̃) (σ odd for ε = −1), the zero-type units 0.
 * Hence L(θ(t)) = L_r(θ*) exactly along the path, = 0 when θ* fits the data exactly.
 */
export function checkPathExact(
  layout: Layout,
  parent: readonly Decimal[],
  path: ExpansionPath,
): PathExactCheck {
  const segments = path.segments.map(
    (s) =>
      outsideSubspace(layout, parent, s.subspace, s.start) ??
      outsideSubspace(layout, parent, s.subspace, s.end),
  );
  const same = (a: readonly Decimal[], b: readonly Decimal[]): boolean =>
    a.length === b.length && a.every((v, i) => v.eq(b[i] as Decimal));
  let joined = path.segments.length === 0 ? same(path.start, path.end) : true;
  path.segments.forEach((s, k) => {
    const prev = k === 0 ? path.start : (path.segments[k - 1] as PathSegment).end;
    if (!same(prev, s.start)) joined = false;
  });
  const last = path.segments[path.segments.length - 1];
  if (last !== undefined && !same(last.end, path.end)) joined = false;
  return { segments, joined, holds: joined && segments.every((s) => s === undefined) };
}

/** Options of {@link samplePathLoss}. */
export interface SamplePathLossOptions {
  /** Points per segment: t = j/K, j = 0…K (K + 1 points; the ends are shared). Default 20. */
  readonly samples?: number;
  /** Also the gradient norm at every point. Default true. */
  readonly gradient?: boolean;
}

/** The loss along one segment, sampled. */
export interface SegmentLoss {
  readonly maxLoss: Decimal;
  readonly maxGradNorm?: Decimal;
  /** t of the largest loss. */
  readonly worstT: string;
  readonly points: number;
  /** The loss at t = j/K, j = 0…K (3 significant digits). */
  readonly values: readonly Decimal[];
}

/** Result of {@link samplePathLoss}. */
export interface PathLoss {
  readonly digits: number;
  /** 10^−(2·digits − 10): a loss at or below it is zero at `digits` digits (the loss is a square). */
  readonly threshold: Decimal;
  readonly segments: readonly SegmentLoss[];
  readonly maxLoss: Decimal;
  readonly maxGradNorm?: Decimal;
  readonly points: number;
  readonly allZero: boolean;
}

/**
 * The loss (network/loss.ts) at K + 1 evenly spaced points of every segment, at digits + 10 digits (the points
 * rounded there): all at or below 10^−(2·digits − 10) means zero loss along the path at `digits` digits.
 */
export function samplePathLoss(
  network: Network,
  data: (q: Precision) => Dataset,
  path: ExpansionPath,
  digits: number,
  options: SamplePathLossOptions = {},
): PathLoss {
  const { samples = 20, gradient = true } = options;
  if (!Number.isInteger(samples) || samples < 1 || samples > 100_000) {
    throw new RangeError('samplePathLoss: samples must be an integer in 1…100000');
  }
  const q = precision(digits + 10);
  const threshold = new q.D(10).pow(-(2 * digits - 10));
  const wide: Network = { ...network, layout: path.layout };
  const d = data(q);
  let points = 0;
  const segs = path.segments.map((s): SegmentLoss => {
    let maxLoss = new q.D(-1);
    let maxGrad = new q.D(0);
    let worstT = '0';
    const values: Decimal[] = [];
    for (let j = 0; j <= samples; j++) {
      const t = new q.D(j).div(samples);
      const x = s.start.map((v, i) => new q.D(v).plus(t.times(new q.D(s.end[i] as Decimal).minus(v))));
      const res = lossAndDerivatives(wide, d, x, q, { gradient });
      points++;
      values.push(res.loss.toSignificantDigits(3));
      if (res.loss.gt(maxLoss)) {
        maxLoss = res.loss;
        worstT = `${j}/${samples}`;
      }
      for (const g of res.gradient ?? []) if (g.abs().gt(maxGrad)) maxGrad = g.abs();
    }
    return {
      maxLoss: maxLoss.toSignificantDigits(3),
      ...(gradient ? { maxGradNorm: maxGrad.toSignificantDigits(3) } : {}),
      worstT,
      points: samples + 1,
      values,
    };
  });
  const maxLoss = segs.reduce((mx, s) => (s.maxLoss.gt(mx) ? s.maxLoss : mx), new q.D(0));
  const maxGradNorm = gradient
    ? segs.reduce(
        (mx, s) => ((s.maxGradNorm as Decimal).gt(mx) ? (s.maxGradNorm as Decimal) : mx),
        new q.D(0),
      )
    : undefined;
  return {
    digits,
    threshold,
    segments: segs,
    maxLoss,
    ...(maxGradNorm === undefined ? {} : { maxGradNorm }),
    points,
    allZero: maxLoss.lte(threshold),
  };
}
