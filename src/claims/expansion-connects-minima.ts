import type { Decimal } from 'decimal.js';
import { ballDataset, type BallDataset } from '../certified/ball-dataset.js';
import { ballLossAndDerivatives } from '../certified/ball-loss.js';
import { certifyCriticalPoint, type CertifiedCriticalPoint } from '../certified/certify-critical-point.js';
import { networkSymmetries } from '../network/channel-criteria.js';
import { paramsToJson, unflatten, type Layout } from '../network/params.js';
import { problemFromSpec, type Problem } from '../network/problem.js';
import { precision, type Precision } from '../precision/context.js';
import { ball, ballUpper, exactBall, type Ball } from '../precision/ball/index.js';
import { figureSeries, type Figure } from '../report/plot/figure.js';
import { factorial } from '../symmetry/combinatorics.js';
import {
  expansionGraph,
  nodeIndex,
  shortestSubspaceWalk,
  type ExpansionGraph,
} from '../symmetry/expansion-graph.js';
import {
  checkPathExact,
  expansionPath,
  samplePathLoss,
  type ExpansionPath,
  type PathExactCheck,
  type PathLoss,
  type PathSegment,
  type SignedPermutation,
} from '../symmetry/expansion-path.js';
import { expansionTeacher } from '../symmetry/expansion-teacher.js';
import { zeroLossParent } from '../symmetry/zero-loss-parent.js';
import { countTable, expansionCount } from '../symmetry/subspace-counts.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';

/** A rigorous upper bound of the loss over one whole segment (ball arithmetic; see {@link segmentBallBound}). */
export interface SegmentBallBound {
  readonly bound: Decimal;
  /**
   * `box`: the ball loss over the box spanned by the segment (a zero-type row move: the moving unit's readout is
   * exactly 0, so the box costs nothing). `convex`: the larger of the ball losses at the two ends (a readout
   * transfer: the rows are fixed and the readouts affine in t, so every residual is affine in t and the loss a
   * convex quadratic in t, at most its larger end value).
   */
  readonly method: 'box' | 'convex';
}

/** Options of {@link checkExpansionConnection}. */
export interface ExpansionConnectionOptions {
  /** Digits of the verdict (≥ 50 in the claim). The certificates are computed at digits + 10. Default 50. */
  readonly digits?: number;
  /** Points per segment of the sampled loss: t = j/K, j = 0…K. Default 20. */
  readonly samples?: number;
  /** What each unit carries at the end (default: units 1 and 2 swapped). */
  readonly target?: SignedPermutation;
}

/** Everything `expansion-connects-minima` and `flat-channels subspaces --connect` check, with the outcome. */
export interface ExpansionConnection {
  readonly problem: string;
  /** r*, the width of the zero-loss minimum. */
  readonly width: number;
  readonly digits: number;
  /** θ* (exact decimals), the width-r* minimum the path starts from. */
  readonly parent: readonly Decimal[];
  /** Krawczyk at width r* (digits + 10): one zero of ∇L in the box, and its type. */
  readonly certificate: CertifiedCriticalPoint;
  /** The same test at width r* + 1 on the path's start (expected: not isolated). */
  readonly wideCertificate: CertifiedCriticalPoint;
  /** Whether σ is odd (sign flips are symmetries). */
  readonly signFlip: boolean;
  /** r*! permutations, times 2^r* sign flips for an odd σ: the isolated images of θ*. */
  readonly images: { readonly permutations: bigint; readonly withSignFlips: bigint };
  readonly path: ExpansionPath;
  readonly exact: PathExactCheck;
  readonly loss: PathLoss;
  /** Per segment. */
  readonly ballBounds: readonly SegmentBallBound[];
  /** The largest of {@link ballBounds}. */
  readonly maxBallBound: Decimal;
  /** The intersection graph at width r* + 1 (every subspace of the manifold) and the walk of the path in it. */
  readonly graph: ExpansionGraph;
  /** Components at width r* (no extra unit): r*! isolated points. */
  readonly componentsAtWidth: number;
  /** The labels of the subspaces of the path's segments, in order (unsigned targets only: a walk in `graph`). */
  readonly walk: readonly string[];
  /** Whether consecutive subspaces of the walk are edges of the graph (always true for signed walks: not in it). */
  readonly walkInGraph: boolean;
  /** A shortest walk in the graph between the subspaces of the two ends. */
  readonly shortest: readonly string[] | undefined;
  /** Every check passed. */
  readonly holds: boolean;
}

/** A ball at precision p covering [lo, hi] (midpoint rounded, radius padded by the rounding). */
function coverBall(p: Precision, lo: Decimal, hi: Decimal): Ball {
  if (lo.eq(hi)) return exactBall(p, lo);
  const wide = precision(2 * p.digits + 20);
  const mid = new p.D(new wide.D(lo).plus(hi).div(2));
  const r1 = new wide.D(hi).minus(mid).abs();
  const r2 = new wide.D(lo).minus(mid).abs();
  const rad = (r1.gt(r2) ? r1 : r2).times(new wide.D(1).plus(new wide.D(10).pow(-p.digits)));
  return ball(p, mid, rad.plus(new wide.D(10).pow(-2 * p.digits)));
}

/** A rigorous bound of the loss over the whole segment (see {@link SegmentBallBound}). */
export function segmentBallBound(
  problem: Problem,
  data: BallDataset,
  layout: Layout,
  segment: PathSegment,
  p: Precision,
): SegmentBallBound {
  const net = { ...problem.network, layout };
  const upper = (flat: readonly Ball[]): Decimal =>
    ballUpper(ballLossAndDerivatives(net, data, flat, p, { gradient: false }).loss, 30);
  if (segment.kind === 'zero-type-row') {
    const box = segment.start.map((v, i) => {
      const e = segment.end[i] as Decimal;
      return v.lte(e) ? coverBall(p, v, e) : coverBall(p, e, v);
    });
    return { bound: upper(box), method: 'box' };
  }
  const a = upper(segment.start.map((v) => exactBall(p, v)));
  const b = upper(segment.end.map((v) => exactBall(p, v)));
  return { bound: a.gt(b) ? a : b, method: 'convex' };
}

/**
 * The check of item 4 of issue 18 on a zero-loss width-r* point θ* of `problem` (its student width r*): θ* is
 * certified an isolated strict minimum (Krawczyk, certified inertia) while the same point with an idle unit at
 * width r* + 1 is not isolated; the explicit path at width r* + 1 to the permuted point `target` lies, segment by
 * segment, in affine subspaces of the zero-loss manifold (exact membership, so the network function is f_θ* along
 * it), its sampled loss is zero at `digits` digits, and ball arithmetic bounds the loss over every whole segment;
 * the intersection graph of all T(r*, r* + 1) subspaces is connected (and has r*! components at width r*).
 */
export function checkExpansionConnection(
  problem: Problem,
  parent: readonly Decimal[],
  options: ExpansionConnectionOptions = {},
): ExpansionConnection {
  const { digits = 50, samples = 20 } = options;
  const layout = problem.network.layout;
  const r = layout.width;
  const p = precision(digits + 10);
  const signFlip = networkSymmetries(problem.network.activation).signFlip;
  const certificate = certifyCriticalPoint(problem, parent, p);
  const path = expansionPath(layout, parent, options.target === undefined ? {} : { target: options.target });
  const wideProblem = problemFromSpec(
    {
      ...problem.spec,
      student: {
        width: r + 1,
        init: { kind: 'explicit', params: paramsToJson(unflatten(path.layout, [...path.start])) },
      },
    },
    problem.name,
  );
  const wideCertificate = certifyCriticalPoint(wideProblem, path.start, p);
  const exact = checkPathExact(layout, parent, path);
  const loss = samplePathLoss(problem.network, (q) => problem.dataset(q), path, digits, { samples });
  const bd = ballDataset(problem, p);
  if (bd.kind !== 'finite') throw new RangeError(`checkExpansionConnection: ${bd.reason}`);
  const ballBounds = path.segments.map((s) => segmentBallBound(problem, bd.data, path.layout, s, p));
  const maxBallBound = ballBounds.reduce((mx, b) => (b.bound.gt(mx) ? b.bound : mx), new p.D(0));
  const R = layout.inputDimension + (layout.hiddenBias ? 1 : 0);
  const graph = expansionGraph(r, r + 1, R);
  const componentsAtWidth = expansionGraph(r, r, R).components;
  const walk = path.segments.map((s) => s.subspace.label);
  const unsigned = path.segments.every((s) => s.subspace.units.every((u) => u === null || u.sign === 1));
  const edge = new Set(graph.edges.flatMap((e) => [`${e.from}|${e.to}`, `${e.to}|${e.from}`]));
  const walkInGraph =
    !unsigned ||
    walk.every((l, k) => {
      if (k === 0) return nodeIndex(graph, l) >= 0;
      const [a, b] = [nodeIndex(graph, walk[k - 1] as string), nodeIndex(graph, l)];
      return b >= 0 && (a === b || edge.has(`${a}|${b}`));
    });
  const first = walk[0];
  const last = walk[walk.length - 1];
  const ends =
    unsigned && first !== undefined && last !== undefined
      ? [nodeIndex(graph, first), nodeIndex(graph, last)]
      : [];
  const sw =
    ends.length === 2 ? shortestSubspaceWalk(graph, ends[0] as number, ends[1] as number) : undefined;
  const strictMinimum = certificate.kind === 'certified' && certificate.type.kind === 'strict local minimum';
  const wideNotIsolated = wideCertificate.kind === 'not-certified';
  const holds =
    strictMinimum &&
    wideNotIsolated &&
    exact.holds &&
    loss.allZero &&
    maxBallBound.lte(loss.threshold) &&
    graph.components === 1 &&
    walkInGraph;
  return {
    problem: problem.name,
    width: r,
    digits,
    parent: [...parent],
    certificate,
    wideCertificate,
    signFlip,
    images: { permutations: factorial(r), withSignFlips: factorial(r) * (signFlip ? 2n ** BigInt(r) : 1n) },
    path,
    exact,
    loss,
    ballBounds,
    maxBallBound,
    graph,
    componentsAtWidth,
    walk,
    walkInGraph,
    shortest: sw?.map((i) => graph.labels[i] as string),
    holds,
  };
}

/**
 * The intersection graph as a figure: the subspaces on the x axis in breadth-first order from the path's first
 * subspace, at height = their distance from it in the graph; the edges drawn as one line (a walk through every
 * edge), the subspaces as points (replications and those with a zero-type unit apart), the path's walk on top.
 */
export function connectivityFigure(graph: ExpansionGraph, walk: readonly string[]): Figure {
  const n = graph.nodes.length;
  const adj: number[][] = graph.nodes.map(() => []);
  for (const e of graph.edges) {
    (adj[e.from] as number[]).push(e.to);
    (adj[e.to] as number[]).push(e.from);
  }
  const startLabel = walk[0] ?? graph.labels[0];
  const start = Math.max(0, graph.labels.indexOf(startLabel as string));
  const dist = new Array<number>(n).fill(-1);
  const order: number[] = [];
  for (const s of [start, ...graph.nodes.map((_, i) => i)]) {
    if (dist[s] !== -1) continue;
    dist[s] = s === start ? 0 : Math.max(0, ...dist) + 1;
    const queue = [s];
    for (let k = 0; k < queue.length; k++) {
      const u = queue[k] as number;
      order.push(u);
      for (const v of adj[u] as number[]) {
        if (dist[v] !== -1) continue;
        dist[v] = (dist[u] as number) + 1;
        queue.push(v);
      }
    }
  }
  const categories = order.map((i) => graph.labels[i] as string);
  // One line through every edge: a depth-first walk that goes out along each unused edge and comes back.
  const used = new Set<string>();
  const line: number[] = [];
  const dfs = (u: number): void => {
    line.push(u);
    for (const v of adj[u] as number[]) {
      const key = u < v ? `${u}|${v}` : `${v}|${u}`;
      if (used.has(key)) continue;
      used.add(key);
      dfs(v);
      line.push(u);
    }
  };
  const xs: string[] = [];
  const ys: string[] = [];
  for (const s of order) {
    if (line.includes(s) || (adj[s] as number[]).length === 0) continue;
    if (line.length > 0) line.push(-1);
    dfs(s);
  }
  for (const u of line) {
    xs.push(u < 0 ? 'NaN' : (graph.labels[u] as string));
    ys.push(u < 0 ? 'NaN' : String(dist[u]));
  }
  const nodesOf = (zero: boolean): { x: string[]; y: string[] } => {
    const idx = order.filter((i) => (graph.nodes[i]?.zeroTypeUnits.length ?? 0) > 0 === zero);
    return { x: idx.map((i) => graph.labels[i] as string), y: idx.map((i) => String(dist[i])) };
  };
  const rep = nodesOf(false);
  const zt = nodesOf(true);
  const walkIdx = walk.map((l) => graph.labels.indexOf(l)).filter((i) => i >= 0);
  return {
    id: 'subspace-graph',
    title: `The ${n} subspaces of the zero-loss manifold at width ${graph.m} (r* = ${graph.r}) and their intersections`,
    caption:
      `Nodes: the affine subspaces (unit u copies neuron k, 0 = zero-type unit); lines: pairs that intersect ` +
      `(${graph.edges.length}); ${graph.components === 1 ? 'one connected component' : `${graph.components} components`}. ` +
      'The thick line is the path of the check, from the first permutation to the other.',
    x: { label: 'subspace (parent of each unit; 0 = zero type)', scale: 'category', categories },
    y: { label: 'graph distance from the first subspace' },
    series: [
      { label: 'intersections', x: xs, y: ys, mark: 'line' },
      { label: 'replication subspaces', x: rep.x, y: rep.y, mark: 'points' },
      { label: 'with a zero-type unit', x: zt.x, y: zt.y, mark: 'points' },
      {
        label: 'the path',
        x: walkIdx.map((i) => graph.labels[i] as string),
        y: walkIdx.map((i) => String(dist[i])),
        mark: 'line+points',
        trajectory: true,
      },
    ],
  };
}

/** The sampled loss along the path (log scale) against the path parameter, with the zero threshold. */
export function pathLossFigure(conn: ExpansionConnection): Figure {
  const xs: number[] = [];
  const ys: Decimal[] = [];
  conn.loss.segments.forEach((s, k) => {
    s.values.forEach((v, j) => {
      xs.push(k + j / (s.values.length - 1));
      ys.push(v);
    });
  });
  const bx: number[] = [];
  const by: Decimal[] = [];
  conn.ballBounds.forEach((b, k) => {
    bx.push(k, k + 1);
    by.push(b.bound, b.bound);
  });
  const zeros = ys.filter((v) => v.isZero()).length;
  return {
    id: 'path-loss',
    title: `Loss along the expansion path (${conn.path.segments.length} segments, ${conn.digits} digits)`,
    caption:
      `Segment k runs over [k − 1, k]. Sampled losses at ${conn.digits + 10} digits (${zeros} of ${ys.length} are exactly 0 and not drawn) ` +
      `and the rigorous ball bound over each whole segment; everything below 10^−${2 * conn.digits - 10} is zero at ${conn.digits} digits.`,
    x: { label: 'path parameter (segment index + t)' },
    y: { label: 'loss', scale: 'log' },
    series: [
      figureSeries('sampled loss', xs, ys, 'points'),
      figureSeries('ball bound over the segment', bx, by, 'line'),
    ],
    rules: [{ axis: 'y', at: conn.loss.threshold.toString(), label: `10^−${2 * conn.digits - 10}` }],
  };
}

/**
 * G(r* − 1, r* + h)/T(r*, r* + h) against h (log scale) for several r*, with the line G = T: below it the
 * global-minimum subspaces outnumber the saddle subspaces (docs/subspaces.md).
 */
export function countRatioFigure(rStars: readonly number[], hMax: number): Figure {
  return {
    id: 'g-over-t',
    title: 'Saddle subspaces against global-minimum subspaces, G(r*−1, m)/T(r*, m), m = r* + h',
    caption:
      'Units labelled, parents distinguishable. G/T = (r* − 1)/2 at h = 0 and decays like ((r* − 1)/(r* + 1))^m; ' +
      'below the line G = T the global-minimum subspaces dominate.',
    x: { label: 'h = m − r* (extra units)' },
    y: { label: 'G/T', scale: 'log' },
    series: rStars.map((rs) => {
      const rows = countTable(rs, hMax);
      return { label: `r* = ${rs}`, x: rows.map((x) => String(x.h)), y: rows.map((x) => x.ratio) };
    }),
    rules: [{ axis: 'y', at: '1', label: 'G = T' }],
  };
}

function check(ctx: ClaimContext): Verdict {
  const digits = Math.max(ctx.digits, 50);
  const user = ctx.problem;
  const problem = user ?? expansionTeacher();
  const r = problem.network.layout.width;
  if (user !== undefined && (r < 2 || r > 4)) {
    return {
      kind: 'not-applicable',
      summary: `needs a student width r* in 2…4 (${r < 2 ? 'one neuron has no permutation to connect' : 'the graph of all subspaces would be too large'}), got ${r}`,
      evidence: { problem: problem.name },
    };
  }
  const p = precision(digits + 10);
  const found = zeroLossParent(problem, problem.initial(p), digits);
  if (found.kind === 'none') {
    return {
      kind: user === undefined ? 'inconclusive' : 'not-applicable',
      summary: `no zero-loss minimum to start from: ${found.reason}`,
      evidence: { problem: problem.name },
    };
  }
  const c = checkExpansionConnection(problem, found.point, { digits, samples: 20 });
  const cert = c.certificate;
  const evidence = {
    problem: `${problem.name}: ${problem.spec.description}`,
    parent:
      found.source === 'start'
        ? 'the start, kept exactly (it fits the data)'
        : 'refined by Newton to zero loss',
    digits,
    certificate:
      cert.kind === 'certified'
        ? `${cert.type.kind}: exactly one critical point in θ* ± ${cert.radius.toExponential(0)}, enclosure radius ${cert.enclosureRadius.toExponential(2)}, loss ∈ ${cert.loss.mid.toExponential(2)} ± ${cert.loss.rad.toExponential(2)}`
        : `not certified: ${cert.reason}`,
    images:
      `${c.images.permutations} permutations (r*!)` +
      (c.signFlip ? `, ${c.images.withSignFlips} with the sign flips of the odd σ` : '') +
      '; each an image of θ* under a symmetry of L, so each is certified with it',
    widerNotIsolated:
      c.wideCertificate.kind === 'not-certified'
        ? `width ${c.width + 1}: ${c.wideCertificate.reason}`
        : 'width r*+1: certified isolated (unexpected)',
    segments: c.path.segments.map((s, k) => `${k + 1}. ${s.subspace.label} ${s.description}`),
    exact: c.exact.holds
      ? 'every segment end lies exactly in its subspace; consecutive segments meet; the path runs from θ* ⊕ idle unit to its permutation'
      : `fails: ${c.exact.segments.find((s) => s !== undefined) ?? 'the segments do not join'}`,
    sampledLoss: `${c.loss.points} points, max ${c.loss.maxLoss.toExponential(2)} ≤ ${c.loss.threshold.toExponential(0)}: ${c.loss.allZero}`,
    maxGradNorm: c.loss.maxGradNorm?.toExponential(2) ?? null,
    ballBound: c.maxBallBound.toExponential(2),
    graph: `${c.graph.nodes.length} = T(${c.width}, ${c.width + 1}) subspaces, ${c.graph.edges.length} intersecting pairs, ${c.graph.components} component(s); at width ${c.width}: ${c.componentsAtWidth} isolated points`,
    walk: c.walk.join(' → '),
    shortest: c.shortest?.join(' → ') ?? null,
    countCheck: String(BigInt(c.graph.nodes.length) === expansionCount(c.width, c.width + 1)),
  };
  const figures = [connectivityFigure(c.graph, c.walk), pathLossFigure(c)];
  if (c.holds) {
    return {
      kind: 'proved',
      summary:
        `the ${c.images.permutations} permuted zero-loss minima of ${problem.name} are certified isolated strict minima at width ${r}; ` +
        `at width ${r + 1} an explicit ${c.path.segments.length}-segment path joins θ* to its permutation inside the zero-loss manifold (each segment exactly in one of its ` +
        `${c.graph.nodes.length} affine subspaces; sampled loss ≤ ${c.loss.maxLoss.toExponential(1)}, ball bound ≤ ${c.maxBallBound.toExponential(1)} at ${digits} digits)`,
      evidence,
      figures,
    };
  }
  return {
    kind: 'refuted',
    summary: !c.exact.holds
      ? `the path leaves the zero-loss manifold: ${evidence.exact}`
      : !c.loss.allZero
        ? `the loss along the path reaches ${c.loss.maxLoss.toExponential(2)} > ${c.loss.threshold.toExponential(0)}`
        : cert.kind !== 'certified' || cert.type.kind !== 'strict local minimum'
          ? `the width-${r} minimum is not certified a strict minimum (${evidence.certificate})`
          : c.graph.components !== 1
            ? `the subspaces at width ${r + 1} are not connected (${c.graph.components} components)`
            : `another check failed (ball bound ${evidence.ballBound}, wider point: ${evidence.widerNotIsolated}, walk in graph ${c.walkInGraph})`,
    evidence,
    figures,
  };
}

export const expansionConnectsMinima: Claim = {
  id: 'expansion-connects-minima',
  title: 'One extra neuron connects the permuted zero-loss minima',
  statement:
    'The r*! permutations of an isolated zero-loss minimum of width r* (here a width-2 tanh teacher) are joined at width r* + 1 ' +
    'by a piecewise-linear path of zero loss, each segment inside one affine subspace of the global-minimum manifold ' +
    '(a zero-type unit moving its input weights, or a readout handed between two units with equal input weights).',
  latex:
    '\\theta^*\\oplus(w_0,0)\\ \\leadsto\\ \\pi\\theta^*\\oplus(w_0,0):\\quad L_{r^*+1}(\\theta(t))=L_{r^*}(\\theta^*)=0\\ \\ \\forall t',
  hypotheses: [
    'θ* a zero-loss minimum of width r*, irreducible (distinct input weights, nonzero readouts)',
    'finite data (ball arithmetic needs them)',
  ],
  source: 'Şimşek et al., ICML 2021 (the expansion manifold connects the r*! permuted minima)',
  acceptsProblem: true,
  ownActivation: 'tanh',
  check,
};
