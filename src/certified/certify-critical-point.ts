import type { Decimal } from 'decimal.js';
import { decimalOption, knownOptions } from '../errors.js';
import { networkSymmetries } from '../network/channel-criteria.js';
import type { Layout } from '../network/params.js';
import { rowLength } from '../network/params.js';
import type { Problem } from '../network/problem.js';
import type { Precision } from '../precision/context.js';
import { OutOfRangeError } from '../precision/out-of-range-error.js';
import { type Ball, BallDomainError } from '../precision/ball/index.js';
import { NonDifferentiableError } from '../precision/jet/index.js';
import { ballDataset, type BallDataset } from './ball-dataset.js';
import { ballLossAndDerivatives } from './ball-loss.js';
import type { CertifiedInertia } from './certified-inertia.js';
import { krawczykCriticalPoint, type CertifiedType } from './krawczyk.js';

// The type of a certified point and the not-isolated reason live with the Krawczyk test (krawczyk.ts), shared by
// certifyCriticalPoint and certifyChannel; re-exported here for existing importers.
export { NOT_ISOLATED, type CertifiedType } from './krawczyk.js';

/** Options of {@link certifyCriticalPoint}. */
export interface CertifyOptions {
  /**
   * The half-width r of the first box X = x̃ ± r tried. Default max(10^−(digits−10), 100·‖Y∇L(x̃)‖∞), the
   * Newton step's size being the distance to the zero. If K(X) ⊄ int X, r is multiplied by 10^5, at most
   * `attempts` times in all.
   */
  readonly radius?: Decimal.Value;
  /** Boxes tried. Default 3. */
  readonly attempts?: number;
}

/** What the certified statement is about, in words (the discrete symmetries quotiented). */
export interface SymmetryNote {
  readonly signFlip: boolean;
  readonly statement: string;
}

/** Outcome of {@link certifyCriticalPoint}. */
export type CertifiedCriticalPoint =
  | {
      readonly kind: 'certified';
      /** The box's centre x̃ (the canonical representative, exact decimals at p digits). */
      readonly center: readonly Decimal[];
      /** Its half-width r: X = x̃ ± r in every coordinate contains exactly one zero of ∇L. */
      readonly radius: Decimal;
      /** K(X), a tighter enclosure of that zero (each ball inside X). */
      readonly enclosure: readonly Ball[];
      /** The largest radius in {@link enclosure}. */
      readonly enclosureRadius: Decimal;
      /** L over the enclosure (so at the critical point). */
      readonly loss: Ball;
      readonly inertia: CertifiedInertia;
      readonly type: CertifiedType;
      readonly symmetry: SymmetryNote;
      /** Boxes tried (1 when the first radius worked). */
      readonly attempts: number;
    }
  | { readonly kind: 'not-certified'; readonly reason: string };

/**
 * The canonical representative of θ's orbit under the network's discrete symmetries: for an odd σ each neuron with
 * a negative first nonzero input weight is flipped ((w_k, a_k) → (−w_k, −a_k)); then the neurons are sorted by
 * their input weights (lexicographically), then by a_k. The output bias is unchanged.
 */
export function canonicalRepresentative(
  layout: Layout,
  flat: readonly Decimal[],
  signFlip: boolean,
): Decimal[] {
  const m = rowLength(layout);
  const r = layout.width;
  const neurons = Array.from({ length: r }, (_, k) => {
    let w = flat.slice(k * m, (k + 1) * m);
    let a = flat[r * m + k] as Decimal;
    const first = w.find((v) => !v.isZero());
    if (signFlip && first !== undefined && first.isNeg()) {
      w = w.map((v) => v.neg());
      a = a.neg();
    }
    return { w, a };
  });
  neurons.sort((x, y) => {
    for (let j = 0; j < m; j++) {
      const c = (x.w[j] as Decimal).cmp(y.w[j] as Decimal);
      if (c !== 0) return c;
    }
    return x.a.cmp(y.a);
  });
  return [...neurons.flatMap((n) => n.w), ...neurons.map((n) => n.a), ...flat.slice(r * (m + 1))];
}

/**
 * Certifies an isolated critical point of a finite-data problem near `approx` by the Krawczyk operator
 * (Krawczyk 1969; Moore 1977): with x̃ the canonical representative of `approx` (rounded to p), X = x̃ ± r, Y ≈
 * H(x̃)⁻¹ (any matrix), H(X) the ball Hessian over X (it contains ∇²L at every point of X, and X is convex) and
 * ∇L(x̃) as balls,
 *     K(X) = x̃ − Y∇L(x̃) + (I − Y H(X))(X − x̃).
 * If K(X) ⊂ int X then ∇L has exactly one zero in X (and it lies in K(X)). Then the certified inertia of H(X) (see
 * certifiedInertia) classifies it: all eigenvalues positive is a strict local minimum, all negative a strict
 * maximum, otherwise a saddle with as many descending directions as negative eigenvalues.
 *
 * Symmetries: only the canonical representative is certified; its images under neuron permutations (and sign flips
 * for an odd σ) are critical points of the same type by symmetry, which the `symmetry` note states.
 *
 * `not-certified` (with the reason): a population problem (no rigorous quadrature bound), a singular Hessian
 * (NOT_ISOLATED: a saddle line or another non-isolated set), K(X) ⊄ int X for every radius tried, or a ball
 * operation that could not be decided (e.g. a BallDomainError).
 */
export function certifyCriticalPoint(
  problem: Problem,
  approx: readonly Decimal.Value[],
  p: Precision,
  options: CertifyOptions = {},
): CertifiedCriticalPoint {
  const { attempts = 3 } = options;
  knownOptions('certifyCriticalPoint', options, ['radius', 'attempts']);
  if (options.radius !== undefined) decimalOption('certifyCriticalPoint', 'radius', options.radius, p.D, 0);
  try {
    return krawczyk(problem, approx, p, options.radius, attempts);
  } catch (e) {
    // A ball that cannot be decided (the sign of relu′ at a ball straddling 0, log of a ball reaching 0) or a
    // value outside the Decimal range: no enclosure, so no certificate.
    if (e instanceof BallDomainError || e instanceof OutOfRangeError || e instanceof NonDifferentiableError) {
      return { kind: 'not-certified', reason: `no enclosure: ${e.message}` };
    }
    throw e;
  }
}

function krawczyk(
  problem: Problem,
  approx: readonly Decimal.Value[],
  p: Precision,
  radius: Decimal.Value | undefined,
  attempts: number,
): CertifiedCriticalPoint {
  const outcome = ballDataset(problem, p);
  if (outcome.kind === 'not-certifiable') return { kind: 'not-certified', reason: outcome.reason };
  const data: BallDataset = outcome.data;
  const net = problem.network;
  const sym = networkSymmetries(net.activation);
  const center = canonicalRepresentative(
    net.layout,
    approx.map((v) => new p.D(new p.D(v).toSignificantDigits(p.digits))),
    sym.signFlip,
  );
  const symmetry: SymmetryNote = {
    signFlip: sym.signFlip,
    statement:
      'the canonical representative is certified (neurons sorted by input weights' +
      (sym.signFlip ? ', each with its first nonzero input weight positive' : '') +
      '); its images under neuron permutations' +
      (sym.signFlip ? ' and sign flips (w_k, a_k) → (−w_k, −a_k) (σ is odd)' : '') +
      ' are critical points of the same type with the permuted boxes',
  };
  const k = krawczykCriticalPoint(
    {
      at: (x) => {
        const e = ballLossAndDerivatives(net, data, x, p, { hessian: true });
        return { gradient: e.gradient ?? [], hessian: e.hessian ?? [] };
      },
      hessianOver: (X) => ballLossAndDerivatives(net, data, X, p, { hessian: true }).hessian ?? [],
    },
    center,
    p,
    radius,
    attempts,
  );
  if (k.kind !== 'certified') return k;
  const loss = ballLossAndDerivatives(net, data, k.enclosure, p, { gradient: false }).loss;
  return { ...k, center, loss, symmetry };
}
