import type { Decimal } from 'decimal.js';
import { InputError } from '../errors.js';
import { refineCriticalPoint } from '../flow/refine-critical-point.js';
import type { Objective } from '../flow/objective.js';
import type { Dataset } from '../network/dataset.js';
import { lossAndDerivatives, type Network } from '../network/loss.js';
import { rowLength, type Layout } from '../network/params.js';
import { precision, roundTo, type Precision } from '../precision/context.js';
import { inertia } from '../precision/linalg/index.js';
import { SeededRandom } from '../precision/random.js';
import { enumerateSubspaces, parameteriseSubspace, type SymmetrySubspace } from './symmetry-subspaces.js';

/**
 * Guard digits: points of a subspace are built and evaluated at digits + GUARD, so that rounding the readout
 * that closes a parent's sum (a*_i − Σ t) costs nothing at the judged 10^−(digits−5).
 */
const GUARD = 10;

/** Why zero-type units are enumerated only at zero-loss minima (printed when they are left out). */
export const ZERO_TYPE_NOTE =
  'zero-type units (readout 0, input weight w free) are critical only where the residual vanishes: ' +
  '∂L/∂a_u = (2/N) Σ ρ_n (f(x_n) − y_n) σ(w·x̃_n) is nonzero for generic w when the loss is positive, so at a ' +
  'parent with positive loss they are left out (w equal to a parent’s row is a replication, already counted)';

/** A width-r critical point refined for replication, with its irreducibility checked. */
export interface RefinedParent {
  readonly point: readonly Decimal[];
  readonly loss: Decimal;
  readonly gradNormInf: Decimal;
  /** Zero loss to the precision: L* ≤ 10^−(digits − 5). */
  readonly zeroLoss: boolean;
  readonly type: string;
}

/**
 * Irreducible (Şimşek et al.'s hypothesis): nonzero readouts and pairwise distinct input-weight rows, both to
 * 10^−(digits/2)·max(1, ‖θ‖∞). Returns why not, or undefined.
 */
export function reducibility(layout: Layout, flat: readonly Decimal[], p: Precision): string | undefined {
  const row = rowLength(layout);
  const r = layout.width;
  const scale = flat.reduce((mx, x) => (x.abs().gt(mx) ? x.abs() : mx), new p.D(1));
  const tol = scale.times(new p.D(10).pow(-Math.floor(p.digits / 2)));
  for (let i = 0; i < r; i++) {
    if ((flat[r * row + i] as Decimal).abs().lte(tol)) return `readout a[${i + 1}] is zero`;
  }
  for (let i = 0; i < r; i++) {
    for (let j = i + 1; j < r; j++) {
      let d = new p.D(0);
      for (let c = 0; c < row; c++) {
        const x = (flat[i * row + c] as Decimal).minus(flat[j * row + c] as Decimal).abs();
        if (x.gt(d)) d = x;
      }
      if (d.lte(tol)) return `neurons ${i + 1} and ${j + 1} have the same input weights`;
    }
  }
  return undefined;
}

/**
 * Refines `start` to a critical point of the width-r objective at `digits` + 5 digits (pseudo-inverse Newton to
 * full precision, as the saddle-line command does) and checks it is irreducible. An InputError says why not
 * (no convergence, a channel, a reducible point).
 */
export function refineParent(
  objective: Objective & { readonly network: Network },
  start: readonly Decimal.Value[],
  digits: number,
): RefinedParent {
  const q = precision(digits + 5);
  const out = refineCriticalPoint(objective, start, q, {
    stepTolerance: new q.D(10).pow(-(q.digits + 5)),
    guardDigits: 15,
  });
  if (out.kind !== 'converged') {
    const why =
      out.kind === 'channelSuspected'
        ? `the start lies in a channel (${out.evidence.reason})`
        : out.kind === 'stalled'
          ? out.reason
          : `no convergence in ${out.iterations} iterations`;
    throw new InputError(`no critical point found from the start at ${q.digits} digits: ${why}`);
  }
  const why = reducibility(objective.network.layout, out.point, q);
  if (why !== undefined) {
    throw new InputError(
      `the critical point is reducible (${why}): its replications are those of a narrower network; start nearer an irreducible one`,
    );
  }
  const zeroLoss = out.loss.lte(new q.D(10).pow(-(digits - 5)));
  return { point: out.point, loss: out.loss, gradNormInf: out.gradNormInf, zeroLoss, type: out.type };
}

/** The type read off the Hessian at a point of a subspace: a negative eigenvalue makes it a saddle. */
export type SubspacePointType = 'saddle' | 'flat-minimum';

/** One sampled point of a subspace. */
export interface SubspacePoint {
  /** The free coordinates (see the parameterisation's names). */
  readonly coordinates: readonly Decimal[];
  readonly loss: Decimal;
  /** |L(θ) − L(θ*)|. */
  readonly lossDifference: Decimal;
  readonly gradNormInf: Decimal;
  /** ‖∇L‖∞ ≤ 10^−(digits−5) and |L − L*| ≤ 10^−(digits−5)·max(1, L*). */
  readonly critical: boolean;
  readonly inertia?: { readonly negative: number; readonly zero: number; readonly positive: number };
  /**
   * `saddle`: a negative Hessian eigenvalue. `flat-minimum`: none (positive semidefinite, with at least the
   * subspace's dimension of zero eigenvalues; second order only: a degenerate direction may still descend at
   * higher order).
   */
  readonly type?: SubspacePointType;
}

/** The check of one subspace. */
export interface SubspaceCheck {
  readonly subspace: SymmetrySubspace;
  readonly coordinateNames: readonly string[];
  readonly points: readonly SubspacePoint[];
}

/** Options of {@link checkCriticalSubspaces}. */
export interface CriticalSubspacesOptions {
  /** Check all subspaces up to this many, a seeded random sample of this size beyond. Default 100. */
  readonly cap?: number;
  /** Points per subspace: the first has equal readout shares, the others random shares in [−1, 2]. Default 2. */
  readonly samples?: number;
  /** Compute the Hessian inertia at every point. Default true. */
  readonly hessian?: boolean;
  /** Seed of the random points and of the sample of subspaces. Default 1. */
  readonly seed?: number;
}

/** Result of {@link checkCriticalSubspaces}. */
export interface CriticalSubspacesResult {
  readonly parentWidth: number;
  readonly width: number;
  readonly digits: number;
  /** 10^−(digits − 5). */
  readonly tolerance: Decimal;
  /** Whether zero-type units were enumerated (only at a zero-loss parent). */
  readonly zeroType: boolean;
  readonly total: bigint;
  readonly complete: boolean;
  readonly subspaces: readonly SubspaceCheck[];
  readonly allCritical: boolean;
}

/**
 * Random points of the symmetry-induced subspaces at width m of the width-r critical point `parent` (refined to
 * at least digits + 5 digits, e.g. by {@link refineParent}): each is checked critical with the parent's loss at
 * `digits` (the loss, gradient and Hessian of network/loss.ts at digits + 10), and its Hessian inertia read.
 * Zero-type units are included exactly when `zeroLoss`.
 */
export function checkCriticalSubspaces(
  network: Network,
  data: (q: Precision) => Dataset,
  parent: { readonly point: readonly Decimal[]; readonly loss: Decimal; readonly zeroLoss: boolean },
  width: number,
  digits: number,
  options: CriticalSubspacesOptions = {},
): CriticalSubspacesResult {
  const { cap = 100, samples = 2, hessian = true, seed = 1 } = options;
  if (!Number.isInteger(samples) || samples < 1 || samples > 1000) {
    throw new RangeError('checkCriticalSubspaces: samples must be an integer in 1…1000');
  }
  const layout = network.layout;
  const r = layout.width;
  const row = rowLength(layout);
  const p = precision(digits);
  const q = precision(digits + GUARD);
  const tolerance = new p.D(10).pow(-(digits - 5));
  const parentLoss = new q.D(parent.loss);
  const lossTol = tolerance.times(parentLoss.abs().gt(1) ? parentLoss.abs() : 1);
  const enumeration = enumerateSubspaces(r, width, row, { zeroType: parent.zeroLoss, cap, seed });
  const rng = new SeededRandom(seed);
  const wide: Network = { ...network, layout: { ...layout, width } };
  const dataQ = data(q);
  const checks = enumeration.subspaces.map((subspace): SubspaceCheck => {
    const param = parameteriseSubspace(layout, parent.point, subspace);
    const points = Array.from({ length: samples }, (_, s): SubspacePoint => {
      const shares = subspace.copies.map((c) => {
        if (s === 0) return Array.from({ length: c }, () => new q.D(1).div(c));
        const g = Array.from({ length: c - 1 }, () => new q.D(rng.decimal(-1, 2, 4)));
        return [...g, g.reduce((acc, x) => acc.minus(x), new q.D(1))];
      });
      const rows = subspace.zeroTypeUnits.map(() =>
        Array.from({ length: row }, () => new q.D(rng.decimal(-2, 2, 4))),
      );
      const t = param.coordinatesFromShares(shares, rows, q);
      const flat = param.at(t, q);
      const res = lossAndDerivatives(wide, dataQ, flat, q, { hessian });
      const g = (res.gradient ?? []).reduce((mx, x) => (x.abs().gt(mx) ? x.abs() : mx), new q.D(0));
      const diff = res.loss.minus(parentLoss).abs();
      const critical = g.lte(tolerance) && diff.lte(lossTol);
      const base = {
        coordinates: t.map((x) => roundTo(p, x)),
        loss: roundTo(p, res.loss),
        lossDifference: diff.toSignificantDigits(3),
        gradNormInf: g.toSignificantDigits(3),
        critical,
      };
      if (!hessian) return base;
      const iner = inertia(res.hessian as Decimal[][], p);
      return {
        ...base,
        inertia: { negative: iner.negative, zero: iner.zero, positive: iner.positive },
        type: iner.negative > 0 ? 'saddle' : 'flat-minimum',
      };
    });
    return { subspace, coordinateNames: param.coordinateNames, points };
  });
  return {
    parentWidth: r,
    width,
    digits,
    tolerance,
    zeroType: parent.zeroLoss,
    total: enumeration.total,
    complete: enumeration.complete,
    subspaces: checks,
    allCritical: checks.every((c) => c.points.every((pt) => pt.critical)),
  };
}
