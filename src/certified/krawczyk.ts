import type { Decimal } from 'decimal.js';
import type { Precision } from '../precision/context.js';
import {
  type Ball,
  BallDomainError,
  ball,
  ballAdd,
  ballLower,
  ballMul,
  ballNeg,
  ballSub,
  ballUpper,
  exactBall,
} from '../precision/ball/index.js';
import { NonDifferentiableError } from '../precision/jet/index.js';
import { luSolve } from '../precision/linalg/index.js';
import { certifiedInertia, type CertifiedInertia } from './certified-inertia.js';

/** How a certified critical point lies: from the certified inertia of the Hessian over the box. */
export type CertifiedType =
  | { readonly kind: 'strict local minimum' }
  | { readonly kind: 'strict local maximum' }
  | { readonly kind: 'saddle'; readonly descending: number }
  | { readonly kind: 'undecided'; readonly reason: string };

/** The reason given when the Hessian at the point is singular (brief of issue 17). */
export const NOT_ISOLATED = 'Hessian not invertible: the critical set is not isolated, e.g. a saddle line';

/** A smooth function F: ℝⁿ → ℝ seen through ball enclosures of its gradient and Hessian. */
export interface KrawczykFunction {
  /** ∇F and ∇²F at the exact point `x` (balls of radius 0). */
  readonly at: (x: readonly Ball[]) => {
    readonly gradient: readonly Ball[];
    readonly hessian: readonly (readonly Ball[])[];
  };
  /** An enclosure of ∇²F at every point of the box X. */
  readonly hessianOver: (X: readonly Ball[]) => readonly (readonly Ball[])[];
}

/** Outcome of {@link krawczykCriticalPoint}. */
export type KrawczykOutcome =
  | {
      readonly kind: 'certified';
      /** Half-width r of the box X = x̃ ± r (every coordinate) holding exactly one zero of ∇F. */
      readonly radius: Decimal;
      /** K(X), a tighter enclosure of that zero (each ball inside X). */
      readonly enclosure: readonly Ball[];
      /** The largest radius in {@link enclosure}. */
      readonly enclosureRadius: Decimal;
      /** Inertia of ∇²F over X (so at the zero). */
      readonly inertia: CertifiedInertia;
      readonly type: CertifiedType;
      /** Boxes tried (1 when the first radius worked). */
      readonly attempts: number;
    }
  | { readonly kind: 'not-certified'; readonly reason: string };

/** Whether the ball d (a coordinate of K(X) − x̃) lies strictly inside (−r, r). */
function strictlyInside(d: Ball, r: Decimal): boolean {
  return ballUpper(d, 30).lt(r) && ballLower(d, 30).gt(r.neg());
}

/**
 * The Krawczyk test for a zero of ∇F near the exact point x̃ = `center` (Krawczyk 1969; Moore 1977): with X = x̃ ±
 * r, Y ≈ ∇²F(x̃)⁻¹ (any matrix), H(X) an enclosure of ∇²F over X (X is convex, so the mean-value form applies) and
 * ∇F(x̃) as balls,
 *     K(X) = x̃ − Y∇F(x̃) + (I − Y H(X))(X − x̃);
 * K(X) ⊂ int X implies that ∇F has exactly one zero in X, lying in K(X). The certified inertia of H(X) then gives
 * its type. The first r is `radius` or max(10^−(digits−10), 100·‖Y∇F(x̃)‖∞), then ×10⁵, `attempts` boxes in all.
 * `not-certified`: a singular midpoint Hessian (NOT_ISOLATED), a point that is not an approximate zero (Newton step
 * above 10^−(digits/2) when no radius is given), or K(X) ⊄ int X for every radius tried.
 */
export function krawczykCriticalPoint(
  F: KrawczykFunction,
  center: readonly Decimal[],
  p: Precision,
  radius: Decimal.Value | undefined,
  attempts: number,
): KrawczykOutcome {
  const n = center.length;
  const at = center.map((v) => exactBall(p, v));
  const point = F.at(at);
  const g = point.gradient;
  const Hmid = point.hessian.map((row) => row.map((b) => b.mid));
  // Y ≈ H(x̃)⁻¹ column by column; a singular midpoint Hessian means no isolated zero to certify.
  const Ycols: Decimal[][] = [];
  for (let i = 0; i < n; i++) {
    const e = Array.from({ length: n }, (_, j) => new p.D(j === i ? 1 : 0));
    const s = luSolve(Hmid, e, p, { tolerance: new p.D(10).pow(-Math.floor(p.digits / 2)) });
    if (s.kind !== 'solved') return { kind: 'not-certified', reason: NOT_ISOLATED };
    Ycols.push([...s.x]);
  }
  const Y = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => exactBall(p, (Ycols[j] as Decimal[])[i] as Decimal)),
  );
  const matVec = (A: readonly (readonly Ball[])[], v: readonly Ball[]): Ball[] =>
    A.map((row) => row.reduce((s, a, j) => ballAdd(s, ballMul(a, v[j] as Ball, p), p), exactBall(p, 0)));
  const Yg = matVec(Y, g);
  let newton = new p.D(0);
  for (const b of Yg) {
    const u = b.mid.abs().plus(b.rad);
    if (u.gt(newton)) newton = u;
  }
  const floor = new p.D(10).pow(-(p.digits - 10));
  if (radius === undefined && newton.gt(new p.D(10).pow(-Math.floor(p.digits / 2)))) {
    return {
      kind: 'not-certified',
      reason:
        `the point is not an approximate critical point at ${p.digits} digits: the Newton step ‖Y∇L(x̃)‖∞ ≈ ` +
        `${newton.toExponential(2)} exceeds 10^−${Math.floor(p.digits / 2)} (refine it first, e.g. refineCriticalPoint)`,
    };
  }
  let r =
    radius !== undefined
      ? new p.D(radius)
      : (newton.times(100).gt(floor) ? newton.times(100) : floor).toSignificantDigits(1, 0);
  let lastReason = '';
  for (let attempt = 1; attempt <= attempts; attempt++, r = r.times('1e5')) {
    const X = center.map((c) => ball(p, c, r));
    let HX: readonly (readonly Ball[])[];
    try {
      HX = F.hessianOver(X);
    } catch (e) {
      if (!(e instanceof BallDomainError || e instanceof NonDifferentiableError)) throw e;
      lastReason = `the Hessian over the box x̃ ± ${r.toExponential(0)} could not be enclosed: ${(e as Error).message}`;
      continue;
    }
    // I − Y H(X), then K(X) − x̃ = −Y g + (I − Y H(X)) (0 ± r).
    const dev = ball(p, 0, r);
    const K: Ball[] = [];
    let inside = true;
    for (let i = 0; i < n; i++) {
      const Yi = Y[i] as Ball[];
      let acc = ballNeg(Yg[i] as Ball);
      for (let j = 0; j < n; j++) {
        let yh = exactBall(p, 0);
        for (let l = 0; l < n; l++)
          yh = ballAdd(yh, ballMul(Yi[l] as Ball, (HX[l] as Ball[])[j] as Ball, p), p);
        const c = ballSub(exactBall(p, i === j ? 1 : 0), yh, p);
        acc = ballAdd(acc, ballMul(c, dev, p), p);
      }
      if (!strictlyInside(acc, r)) inside = false;
      K.push(ballAdd(acc, at[i] as Ball, p));
    }
    if (!inside) {
      lastReason = `K(X) ⊄ int X for X = x̃ ± ${r.toExponential(0)}`;
      continue;
    }
    const inertia = certifiedInertia(HX, p);
    const type: CertifiedType =
      inertia.kind === 'undecided'
        ? { kind: 'undecided', reason: inertia.reason }
        : inertia.negative === 0
          ? { kind: 'strict local minimum' }
          : inertia.positive === 0
            ? { kind: 'strict local maximum' }
            : { kind: 'saddle', descending: inertia.negative };
    let enclosureRadius = new p.D(0);
    for (const k of K) if (k.rad.gt(enclosureRadius)) enclosureRadius = new p.D(k.rad);
    return { kind: 'certified', radius: r, enclosure: K, enclosureRadius, inertia, type, attempts: attempt };
  }
  return { kind: 'not-certified', reason: `${lastReason} (${attempts} radii tried)` };
}
