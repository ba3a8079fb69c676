import type { Decimal } from 'decimal.js';
import { refineCriticalPoint } from '../flow/refine-critical-point.js';
import type { Objective, ObjectiveValue } from '../flow/objective.js';
import { channelDigits } from '../network/channel-criteria.js';
import { multiOutputLoss, type MultiOutputDataset } from '../network/multi-output-loss.js';
import { multiOutputParameterCount, type MultiOutputNetwork } from '../network/multi-output-params.js';
import { rowLength } from '../network/params.js';
import { MAX_INTERNAL_DIGITS, precision, roundTo, type Precision } from '../precision/context.js';
import { log10Ceil } from './_internals/valley-floor.js';
import { pairColumns } from './multi-output-glu.js';

/** Options of {@link followMultiOutputChannel}. */
export interface MultiOutputFollowOptions {
  /** The pair (0-based). Default: {@link defaultVectorChannelPair}. */
  readonly pair?: readonly [number, number];
  /** Points geometric in |A| from the start's |A| to the target (≥ 2). Default 8. */
  readonly points?: number;
  /** Explicit |A| values after the start (ascending, above the start's |A|); overrides `points`. */
  readonly values?: readonly Decimal.Value[];
  /** Significant digits every reported value must keep in the confirming solve. Default 20. */
  readonly reportDigits?: number;
  /** Digits added for the confirming solve. Default 20. */
  readonly confirmStep?: number;
  /** Newton iterations per solve. Default 60. */
  readonly maxIterations?: number;
}

/** A valley-floor point at fixed |A| = ‖(a_i − a_j)/2‖, its values rounded to `reportDigits` (confirmed). */
export interface MultiOutputFollowPoint {
  /** |A|, held fixed. */
  readonly A: Decimal;
  /** The vector A = (a_i − a_j)/2 ∈ R^C. */
  readonly divergence: readonly Decimal[];
  readonly eps: Decimal;
  readonly loss: Decimal;
  /** c = a_i + a_j. */
  readonly c: readonly Decimal[];
  /** a = ε(a_i − a_j) = 2εA, the GLU readout. */
  readonly a: readonly Decimal[];
  readonly w: readonly Decimal[];
  readonly delta: readonly Decimal[];
  /** Working digits of the first solve (the confirming solve had confirmStep more). */
  readonly digits: number;
  /** Digits every reported value agreed to between the two solves (the values are rounded to them). */
  readonly confirmedDigits: number;
  /** The flat parameters at the working digits. */
  readonly params: readonly Decimal[];
}

/**
 * The vector GLU limit (c, a, w, Δ) at |A| → ∞, extrapolated from the last points (Richardson in 1/|A|²). Its
 * digits are relative ones: a component that vanishes in the limit agrees to none (the loss is left out for this
 * reason: it tends to 0 on a realisable target).
 */
export interface VectorGluLimit {
  readonly c: readonly Decimal[];
  readonly a: readonly Decimal[];
  readonly w: readonly Decimal[];
  readonly delta: readonly Decimal[];
  /**
   * Significant digits on which the extrapolations from the last two and from the two before agree (every value;
   * the values are rounded to them, at most the points' confirmed digits).
   */
  readonly digits: number;
}

export type MultiOutputFollowOutcome =
  | {
      readonly kind: 'reached';
      readonly pair: readonly [number, number];
      readonly points: readonly MultiOutputFollowPoint[];
      /** Present when there are at least three points. */
      readonly limit?: VectorGluLimit;
    }
  | {
      readonly kind: 'failed';
      readonly pair: readonly [number, number];
      readonly points: readonly MultiOutputFollowPoint[];
      readonly reason: string;
    };

/** A bad input of {@link followMultiOutputChannel} (a RangeError; the CLI reports it with exit 2). */
export class MultiOutputFollowError extends RangeError {
  override readonly name = 'MultiOutputFollowError';
  constructor(message: string) {
    super(`followMultiOutputChannel: ${message}`);
  }
}

/** The problem as the follower needs it (a {@link MultiOutputProblem} fits). */
export interface MultiOutputFloorProblem {
  readonly network: MultiOutputNetwork;
  dataset(p: Precision): MultiOutputDataset;
}

/**
 * The pair (0-based) whose readout vectors point in opposite directions (a_i·a_j < 0) with the largest
 * ‖a_i − a_j‖, ordered so that i < j; undefined when there is none. With C = 1: opposite signs, largest |a_i − a_j|.
 */
export function defaultVectorChannelPair(
  net: MultiOutputNetwork,
  flat: readonly Decimal[],
): readonly [number, number] | undefined {
  let best: readonly [number, number] | undefined;
  let size: Decimal | undefined;
  const q = precision(40);
  for (let i = 0; i < net.layout.width; i++)
    for (let j = i + 1; j < net.layout.width; j++) {
      const cols = pairColumns(net, i, j);
      let dot = new q.D(0);
      let d2 = new q.D(0);
      cols.ai.forEach((k, c) => {
        const x = new q.D(flat[k] as Decimal);
        const y = new q.D(flat[cols.aj[c] as number] as Decimal);
        dot = dot.plus(x.times(y));
        d2 = d2.plus(x.minus(y).pow(2));
      });
      if (!dot.isNeg()) continue;
      if (size === undefined || d2.gt(size)) {
        size = d2;
        best = [i, j];
      }
    }
  return best;
}

/** One column of the map u → flat at a point: (flat index, coefficient) pairs. */
type Column = readonly (readonly [number, Decimal])[];

/**
 * The loss at fixed |A| = R in the coordinates u = (parameters outside the pair, w, v = R(w_i − w_j), c, t):
 * w_i,j = w ± v/(2R), a_i,j = c/2 ± A(t), A(t) = R s/‖s‖, s = e + P t, with e (a unit vector near the direction of
 * A) and P (an orthonormal basis of e^⊥, C − 1 columns) fixed: a chart of the sphere ‖A‖ = R around e. The map is
 * affine except in t, whose Hessian block gains Σ_c ∂L/∂A_c ∂²A_c/∂t∂t. As R → ∞ the loss in u tends to that of the
 * vector GLU c σ(w·x) + Â (v·x) σ′(w·x) (Â = A/R; a = ‖v‖ Â, Δ = v/‖v‖), so the Hessian stays well conditioned.
 */
export interface SphereFloor {
  readonly objective: Objective;
  readonly toFlat: (u: readonly Decimal[], q: Precision) => Decimal[];
  readonly fromFlat: (flat: readonly Decimal[], q: Precision) => Decimal[];
}

const CHART_DIGITS = 60;

export function sphereFloor(
  problem: MultiOutputFloorProblem,
  i: number,
  j: number,
  R: Decimal,
  direction: readonly Decimal[],
): SphereFloor {
  const net = problem.network;
  const { layout } = net;
  const C = layout.outputs;
  const P = multiOutputParameterCount(layout);
  const m = rowLength(layout);
  const cols = pairColumns(net, i, j);
  const inPair = new Set([...cols.wi, ...cols.wj, ...cols.ai, ...cols.aj]);
  const outside = Array.from({ length: P }, (_, k) => k).filter((k) => !inPair.has(k));
  const o = outside.length;
  const n = o + 2 * m + C + (C - 1);
  // The chart: e and P rounded to CHART_DIGITS are exact constants, so the map is the same function at every
  // precision (P is orthonormal to those digits; the formulas below do not rely on it).
  const q0 = precision(CHART_DIGITS + 10);
  const norm0 = direction.reduce((s, x) => s.plus(new q0.D(x).pow(2)), new q0.D(0)).sqrt();
  const e = direction.map((x) => new q0.D(x).div(norm0));
  const basis: Decimal[][] = [];
  for (let k = 0; k < C && basis.length < C - 1; k++) {
    let v = Array.from({ length: C }, (_, c) => new q0.D(c === k ? 1 : 0));
    for (const b of [e, ...basis]) {
      const d = v.reduce((s, x, c) => s.plus(x.times(b[c] as Decimal)), new q0.D(0));
      v = v.map((x, c) => x.minus(d.times(b[c] as Decimal)));
    }
    const len = v.reduce((s, x) => s.plus(x.pow(2)), new q0.D(0)).sqrt();
    if (len.lt('0.1')) continue;
    basis.push(v.map((x) => x.div(len)));
  }
  const round = (x: Decimal): string => x.toSignificantDigits(CHART_DIGITS).toString();
  const E = e.map(round);
  const B = basis.map((b) => b.map(round));
  const guard = 2 * log10Ceil(R) + 10;
  const split = (u: readonly Decimal[]) => ({
    w: u.slice(o, o + m),
    v: u.slice(o + m, o + 2 * m),
    c: u.slice(o + 2 * m, o + 2 * m + C),
    t: u.slice(o + 2 * m + C, n),
  });
  /** s = e + P t, ‖s‖, ŝ. */
  const sOf = (t: readonly Decimal[], q: Precision) => {
    const s = E.map((x, c) =>
      B.reduce((acc, b, k) => acc.plus(new q.D(b[c] as string).times(t[k] as Decimal)), new q.D(x)),
    );
    const len = s.reduce((acc, x) => acc.plus(x.times(x)), new q.D(0)).sqrt();
    return { s, len, hat: s.map((x) => x.div(len)) };
  };
  const toFlat = (u: readonly Decimal[], q: Precision): Decimal[] => {
    const out = new Array<Decimal>(P);
    outside.forEach((k, r) => (out[k] = new q.D(u[r] as Decimal)));
    const { w, v, c, t } = split(u);
    const twoR = new q.D(R).times(2);
    cols.wi.forEach((k, e2) => {
      const half = new q.D(v[e2] as Decimal).div(twoR);
      out[k] = new q.D(w[e2] as Decimal).plus(half);
      out[cols.wj[e2] as number] = new q.D(w[e2] as Decimal).minus(half);
    });
    const { hat } = sOf(t, q);
    cols.ai.forEach((k, cc) => {
      const A = hat[cc]!.times(R);
      const half = new q.D(c[cc] as Decimal).div(2);
      out[k] = half.plus(A);
      out[cols.aj[cc] as number] = half.minus(A);
    });
    return out;
  };
  const fromFlat = (flat: readonly Decimal[], q: Precision): Decimal[] => {
    const at = (k: number): Decimal => new q.D(flat[k] as Decimal);
    const u = outside.map(at);
    cols.wi.forEach((k, e2) =>
      u.push(
        at(k)
          .plus(at(cols.wj[e2] as number))
          .div(2),
      ),
    );
    cols.wi.forEach((k, e2) =>
      u.push(
        at(k)
          .minus(at(cols.wj[e2] as number))
          .times(R),
      ),
    );
    cols.ai.forEach((k, c) => u.push(at(k).plus(at(cols.aj[c] as number))));
    const A = cols.ai.map((k, c) =>
      at(k)
        .minus(at(cols.aj[c] as number))
        .div(2),
    );
    const eA = A.reduce((s, x, c) => s.plus(x.times(E[c] as string)), new q.D(0));
    for (const b of B) u.push(A.reduce((s, x, c) => s.plus(x.times(b[c] as string)), new q.D(0)).div(eA));
    return u;
  };
  const objective: Objective = {
    evaluate: (u, q, options = {}): ObjectiveValue => {
      const { gradient = true, hessian = false } = options;
      const g0 = precision(q.digits + guard);
      const flat = toFlat(u, g0);
      const r = multiOutputLoss(net, problem.dataset(q), flat, q, { gradient, hessian, guard });
      if (!gradient && !hessian) return { loss: r.loss };
      const grad = r.gradient as readonly Decimal[];
      const { t } = split(u);
      const { len, hat } = sOf(t, g0);
      const Rq = new g0.D(R);
      // ∂A/∂t_k = R (I − ŝŝᵀ) P_k / ‖s‖.
      const dA = B.map((b) => {
        const pb = hat.reduce((s, x, c) => s.plus(x.times(b[c] as string)), new g0.D(0));
        return hat.map((x, c) => new g0.D(b[c] as string).minus(x.times(pb)).times(Rq).div(len));
      });
      const half = new g0.D(1).div(2);
      const invTwoR = new g0.D(1).div(Rq.times(2));
      const one = new g0.D(1);
      const columns: Column[] = outside.map((k) => [[k, one]]);
      cols.wi.forEach((k, e2) =>
        columns.push([
          [k, one],
          [cols.wj[e2] as number, one],
        ]),
      );
      cols.wi.forEach((k, e2) =>
        columns.push([
          [k, invTwoR],
          [cols.wj[e2] as number, invTwoR.neg()],
        ]),
      );
      cols.ai.forEach((k, c) =>
        columns.push([
          [k, half],
          [cols.aj[c] as number, half],
        ]),
      );
      dA.forEach((d) =>
        columns.push(
          cols.ai.flatMap(
            (k, c) =>
              [
                [k, d[c] as Decimal],
                [cols.aj[c] as number, (d[c] as Decimal).neg()],
              ] as const,
          ),
        ),
      );
      const gu = columns.map((col) =>
        col.reduce((s, [k, x]) => s.plus(x.times(grad[k] as Decimal)), new g0.D(0)),
      );
      const out: { loss: Decimal; gradient: Decimal[]; hessian?: Decimal[][] } = {
        loss: r.loss,
        gradient: gu.map((x) => roundTo(q, x)),
      };
      if (hessian) {
        const H = r.hessian as readonly (readonly Decimal[])[];
        const Hu = columns.map(() => new Array<Decimal>(n));
        for (let a = 0; a < n; a++)
          for (let b = a; b < n; b++) {
            let s = new g0.D(0);
            for (const [k, x] of columns[a] as Column)
              for (const [l, y] of columns[b] as Column)
                s = s.plus(x.times(y).times((H[k] as Decimal[])[l] as Decimal));
            (Hu[a] as Decimal[])[b] = s;
            (Hu[b] as Decimal[])[a] = s;
          }
        // The curvature of the chart: Σ_c ∂L/∂A_c ∂²A_c/∂t_k∂t_l, with ∂L/∂A_c = ∂L/∂a_i,c − ∂L/∂a_j,c and, for
        // A = R ŝ, ∂²ŝ_c/∂s_a∂s_b = (3ŝ_cŝ_aŝ_b − δ_ca ŝ_b − δ_cb ŝ_a − δ_ab ŝ_c)/‖s‖².
        const gA = cols.ai.map((k, c) => (grad[k] as Decimal).minus(grad[cols.aj[c] as number] as Decimal));
        const len2 = len.times(len);
        const tb = o + 2 * m + C;
        B.forEach((bk, k) =>
          B.forEach((bl, l) => {
            if (l < k) return;
            const pk = bk.map((x) => new g0.D(x));
            const pl = bl.map((x) => new g0.D(x));
            const hk = hat.reduce((s, x, c) => s.plus(x.times(pk[c] as Decimal)), new g0.D(0));
            const hl = hat.reduce((s, x, c) => s.plus(x.times(pl[c] as Decimal)), new g0.D(0));
            const kl = pk.reduce((s, x, c) => s.plus(x.times(pl[c] as Decimal)), new g0.D(0));
            let extra = new g0.D(0);
            hat.forEach((sc, c) => {
              const d2 = sc
                .times(hk)
                .times(hl)
                .times(3)
                .minus((pk[c] as Decimal).times(hl))
                .minus((pl[c] as Decimal).times(hk))
                .minus(sc.times(kl))
                .div(len2)
                .times(Rq);
              extra = extra.plus((gA[c] as Decimal).times(d2));
            });
            const v = (Hu[tb + k] as Decimal[])[tb + l]!.plus(extra);
            (Hu[tb + k] as Decimal[])[tb + l] = v;
            (Hu[tb + l] as Decimal[])[tb + k] = v;
          }),
        );
        out.hessian = Hu.map((row) => row.map((x) => roundTo(q, x)));
      }
      return out;
    },
  };
  return { objective, toFlat, fromFlat };
}

/** The reported values of a floor point in u, rounded to `digits`. */
function valuesOf(
  floor: SphereFloor,
  problem: MultiOutputFloorProblem,
  pair: readonly [number, number],
  R: Decimal,
  u: readonly Decimal[],
  loss: Decimal,
  q: Precision,
): { flat: Decimal[]; values: Omit<MultiOutputFollowPoint, 'digits' | 'confirmedDigits' | 'params' | 'A'> } {
  const flat = floor.toFlat(u, q);
  const cols = pairColumns(problem.network, pair[0], pair[1]);
  const at = (k: number): Decimal => flat[k] as Decimal;
  const diff = cols.wi.map((k, e) => at(k).minus(at(cols.wj[e] as number)));
  const norm = diff.reduce((s, x) => s.plus(x.times(x)), new q.D(0)).sqrt();
  const eps = norm.div(2);
  const divergence = cols.ai.map((k, c) =>
    at(k)
      .minus(at(cols.aj[c] as number))
      .div(2),
  );
  return {
    flat,
    values: {
      divergence,
      eps,
      loss,
      c: cols.ai.map((k, c) => at(k).plus(at(cols.aj[c] as number))),
      a: divergence.map((x) => x.times(eps).times(2)),
      w: cols.wi.map((k, e) =>
        at(k)
          .plus(at(cols.wj[e] as number))
          .div(2),
      ),
      delta: diff.map((x) => x.div(norm)),
    },
  };
}

type Values = ReturnType<typeof valuesOf>['values'];

function flatten(v: Values): Decimal[] {
  return [...v.divergence, v.eps, v.loss, ...v.c, ...v.a, ...v.w, ...v.delta];
}

/** The largest n ≤ max with every pair of values equal after rounding to n significant digits (0 if none). */
export function agreeingDigits(x: readonly Decimal[], y: readonly Decimal[], max: number): number {
  for (let d = max; d >= 1; d--)
    if (x.every((v, k) => v.toSignificantDigits(d).eq((y[k] as Decimal).toSignificantDigits(d)))) return d;
  return 0;
}

function roundValues(v: Values, d: number): Values {
  const r = (x: Decimal): Decimal => x.toSignificantDigits(d);
  return {
    divergence: v.divergence.map(r),
    eps: r(v.eps),
    loss: r(v.loss),
    c: v.c.map(r),
    a: v.a.map(r),
    w: v.w.map(r),
    delta: v.delta.map(r),
  };
}

/**
 * Follows a channel of a network with C outputs along its valley floor (docs/multi-output.md): at each |A| of the
 * schedule the loss is minimised over every other parameter on the sphere ‖(a_i − a_j)/2‖ = |A| ({@link sphereFloor},
 * chart centred on the previous point's direction of A), by Newton with the exact Hessian from the previous point
 * moved along the vector GLU limit (w, v, c, direction of A held). The working digits at |A| are the scalar rule's
 * (3·log₁₀|A| + 30, {@link channelDigits}); every point is solved again at +`confirmStep` digits from the first
 * solution, and every reported value must agree to `reportDigits`. With three or more points the GLU limit
 * (c, a, w, Δ) is extrapolated in 1/|A|² ({@link VectorGluLimit}).
 */
export function followMultiOutputChannel(
  problem: MultiOutputFloorProblem,
  start: readonly Decimal[],
  toA: Decimal.Value,
  options: MultiOutputFollowOptions = {},
): MultiOutputFollowOutcome {
  const { points = 8, reportDigits = 20, confirmStep = 20, maxIterations = 60 } = options;
  const net = problem.network;
  const q40 = precision(40);
  if (start.length !== multiOutputParameterCount(net.layout))
    throw new MultiOutputFollowError(
      `the start has ${start.length} entries, expected ${multiOutputParameterCount(net.layout)}`,
    );
  if (!start.every((x) => new q40.D(x).isFinite()))
    throw new MultiOutputFollowError('the start has a NaN or infinite entry');
  const target = new q40.D(toA).abs();
  if (!target.isFinite()) throw new MultiOutputFollowError(`the target |A| is not finite (${String(toA)})`);
  const pair = options.pair ?? defaultVectorChannelPair(net, start);
  if (pair === undefined)
    throw new MultiOutputFollowError('no pair of neurons with readout vectors of opposite directions');
  const cols = pairColumns(net, pair[0], pair[1]);
  const A0 = cols.ai.map((k, c) =>
    new q40.D(start[k] as Decimal).minus(start[cols.aj[c] as number] as Decimal).div(2),
  );
  const R0 = A0.reduce((s, x) => s.plus(x.times(x)), new q40.D(0)).sqrt();
  if (R0.isZero()) throw new MultiOutputFollowError('A = 0 at the start (a_i = a_j)');
  if (!(Number.isInteger(points) && points >= 2))
    throw new MultiOutputFollowError('points must be an integer ≥ 2');
  const magnitudes: Decimal[] =
    options.values === undefined
      ? Array.from({ length: points }, (_, k) =>
          k === 0
            ? R0
            : k === points - 1
              ? target
              : R0.times(target.div(R0).pow(new q40.D(k).div(points - 1))).toSignificantDigits(3),
        )
      : [R0, ...options.values.map((x) => new q40.D(x).abs())];
  if (magnitudes.some((x, k) => !x.isFinite() || (k > 0 && !x.gt(magnitudes[k - 1] as Decimal))))
    throw new MultiOutputFollowError('the |A| values must be finite and increase from the start’s |A|');
  const last = magnitudes[magnitudes.length - 1] as Decimal;
  const budget = channelDigits(last) + confirmStep + 2 * log10Ceil(last) + 20;
  if (budget > MAX_INTERNAL_DIGITS)
    throw new MultiOutputFollowError(
      `|A| = ${last.toSignificantDigits(6).toString()} needs ${budget} digits, beyond ${MAX_INTERNAL_DIGITS}`,
    );
  const out: MultiOutputFollowPoint[] = [];
  let flat = start.map((x) => new q40.D(x));
  let R = R0;
  let direction = A0;
  for (const Rn of magnitudes) {
    const W = Math.max(channelDigits(Rn), reportDigits + 20);
    const pw = precision(W);
    const here = sphereFloor(problem, pair[0], pair[1], Rn, direction);
    // Predictor: the previous point's u (its own chart and |A|), mapped to this |A|.
    const previous = sphereFloor(problem, pair[0], pair[1], R, direction);
    const guess = previous.fromFlat(flat, precision(W + 10));
    const first = refineCriticalPoint(here.objective, guess, pw, { maxIterations });
    if (first.kind !== 'converged' || first.type !== 'minimum')
      return {
        kind: 'failed',
        pair,
        points: out,
        reason: `no valley-floor minimum at |A| = ${Rn.toString()} with ${W} digits (${first.kind === 'converged' ? first.type : first.kind})`,
      };
    const pc = precision(W + confirmStep);
    const second = refineCriticalPoint(here.objective, first.point, pc, { maxIterations });
    if (second.kind !== 'converged' || second.type !== 'minimum')
      return {
        kind: 'failed',
        pair,
        points: out,
        reason: `the confirming solve at |A| = ${Rn.toString()} failed`,
      };
    const a = valuesOf(here, problem, pair, Rn, first.point, first.loss, pw);
    const b = valuesOf(here, problem, pair, Rn, second.point, second.loss, pc);
    const agreed = agreeingDigits(flatten(a.values), flatten(b.values), Math.max(reportDigits, W - 10));
    if (agreed < reportDigits)
      return {
        kind: 'failed',
        pair,
        points: out,
        reason: `at |A| = ${Rn.toString()} the solves at ${W} and ${W + confirmStep} digits agree to ${agreed} digits only (${reportDigits} asked)`,
      };
    const shown = Math.min(agreed, reportDigits);
    out.push({
      A: Rn,
      ...roundValues(b.values, shown),
      digits: W,
      confirmedDigits: shown,
      params: a.flat.map((x) => roundTo(pw, x)),
    });
    flat = b.flat;
    R = Rn;
    direction = [...b.values.divergence];
  }
  const limit = vectorGluLimit(out);
  return limit === undefined
    ? { kind: 'reached', pair, points: out }
    : { kind: 'reached', pair, points: out, limit };
}

/**
 * The vector GLU limit from the last three points: Richardson extrapolation in 1/|A|² (the floor's values are even
 * in 1/|A|: X(A) = X∞ + X₂/|A|² + O(|A|⁻⁴)) from the last two points, and again from the two before; the digits on
 * which the two extrapolations agree (at most the points' confirmed digits) are kept.
 */
export function vectorGluLimit(points: readonly MultiOutputFollowPoint[]): VectorGluLimit | undefined {
  if (points.length < 3) return undefined;
  const [p1, p2, p3] = points.slice(-3) as [
    MultiOutputFollowPoint,
    MultiOutputFollowPoint,
    MultiOutputFollowPoint,
  ];
  const q = precision(Math.max(p3.digits, 60));
  const pick = (p: MultiOutputFollowPoint): Decimal[] => [...p.c, ...p.a, ...p.w, ...p.delta];
  const rich = (x: MultiOutputFollowPoint, y: MultiOutputFollowPoint): Decimal[] => {
    const rx = new q.D(x.A).pow(2);
    const ry = new q.D(y.A).pow(2);
    const vx = pick(x);
    return pick(y).map((v, k) =>
      ry
        .times(v)
        .minus(rx.times(vx[k] as Decimal))
        .div(ry.minus(rx)),
    );
  };
  const late = rich(p2, p3);
  const early = rich(p1, p2);
  const digits = agreeingDigits(late, early, Math.min(p2.confirmedDigits, p3.confirmedDigits));
  const r = late.map((x) => x.toSignificantDigits(Math.max(digits, 1)));
  const C = p3.c.length;
  const m = p3.w.length;
  return {
    c: r.slice(0, C),
    a: r.slice(C, 2 * C),
    w: r.slice(2 * C, 2 * C + m),
    delta: r.slice(2 * C + m, 2 * C + 2 * m),
    digits,
  };
}
