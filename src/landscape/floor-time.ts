import type { Decimal } from 'decimal.js';
import { refineCriticalPoint } from '../flow/refine-critical-point.js';
import type { Dataset } from '../network/dataset.js';
import type { Network } from '../network/loss.js';
import { precision, type Precision } from '../precision/context.js';
import { luSolve } from '../precision/linalg/index.js';
import { gaussLegendre } from './_internals/gauss-legendre.js';
import { restricted } from './_internals/valley-floor.js';

/** A valley-floor point: the divergence A and the other coordinates u (see followChannel) solved at `digits`. */
export interface FloorPoint {
  readonly A: Decimal;
  readonly u: readonly Decimal[];
  readonly digits: number;
}

/** dt/ds at a valley-floor point, s = ln|A| (see {@link timeDensity}). */
export interface TimeDensity {
  /** |A|·‖dθ/dA‖² / |dL/dA|. */
  readonly density: Decimal;
  /** dL/dA along the floor (∂L/∂A at fixed u). */
  readonly slope: Decimal;
  /** ‖dθ/dA‖² along the floor (→ 2: a_i = c/2 + A, a_j = c/2 − A). */
  readonly metric: Decimal;
}

/**
 * The gradient-flow time density on a channel's valley floor (mathematics.md §2): once the other coordinates have
 * relaxed, the flow moves along the floor curve θ(A), and projecting dθ/dt = −∇L onto its tangent gives
 * dA/dt = −(dL/dA)/‖dθ/dA‖², so dt = ‖dθ/dA‖²/(−dL/dA) dA. The floor's tangent comes from the implicit function
 * theorem (H_uu du/dA = −∂_A∇_u L, the mixed derivative by a central difference in A with step |A|·10^−⌊W/3⌋ at
 * W digits) and dL/dA = ∂_A L at fixed u (envelope theorem). Returns undefined when the loss does not decrease
 * outwards (no flow along the floor towards larger |A|).
 */
export function timeDensity(
  network: Network,
  data: (q: Precision) => Dataset,
  i: number,
  j: number,
  point: FloorPoint,
): TimeDensity | undefined {
  const q = precision(point.digits);
  const A = new q.D(point.A);
  const delta = A.abs().times(new q.D(10).pow(-Math.floor(point.digits / 3)));
  const Ap = A.plus(delta);
  const Am = A.minus(delta);
  const rp = restricted(network, data, i, j, Ap);
  const rm = restricted(network, data, i, j, Am);
  const ep = rp.objective.evaluate(point.u, q, { gradient: true });
  const em = rm.objective.evaluate(point.u, q, { gradient: true });
  const twoDelta = delta.times(2);
  const slope = ep.loss.minus(em.loss).div(twoDelta);
  if (!slope.times(A.isNeg() ? -1 : 1).isNeg()) return undefined;
  const gp = ep.gradient as readonly Decimal[];
  const gm = em.gradient as readonly Decimal[];
  const mixed = gp.map((x, k) =>
    x
      .minus(gm[k] as Decimal)
      .div(twoDelta)
      .neg(),
  );
  const H = restricted(network, data, i, j, A).objective.evaluate(point.u, q, { hessian: true })
    .hessian as readonly (readonly Decimal[])[];
  const solved = luSolve(H, mixed, q);
  if (solved.kind !== 'solved') return undefined;
  const du = solved.x;
  const tp = rp.toFlat(
    point.u.map((x, k) => new q.D(x).plus(delta.times(du[k] as Decimal))),
    q,
  );
  const tm = rm.toFlat(
    point.u.map((x, k) => new q.D(x).minus(delta.times(du[k] as Decimal))),
    q,
  );
  const metric = tp.reduce((s, x, k) => {
    const d = x.minus(tm[k] as Decimal).div(twoDelta);
    return s.plus(d.times(d));
  }, new q.D(0));
  return { density: A.abs().times(metric).div(slope.abs()), slope, metric };
}

/** Options of {@link floorTimeBetween}. */
export interface FloorTimeOptions {
  /** Gauss–Legendre nodes of the main rule per interval. Default 6 (the check rule has 2 fewer). */
  readonly nodes?: number;
  /** Working digits of a node's valley-floor solve at divergence A. Required. */
  readonly digitsAt: (A: Decimal) => number;
  /** Newton iterations per solve. Default 60. */
  readonly maxIterations?: number;
}

/** Gradient-flow time between two valley-floor points, by two Gauss–Legendre rules (the difference is the error). */
export interface FloorTimeStretch {
  readonly dt: Decimal;
  /** |dt(main rule) − dt(check rule)|. */
  readonly error: Decimal;
}

/**
 * ∫ dt from `from` to `to` along the valley floor, in s = ln|A| with the substitution y = e^{κs}, κ the local
 * power of the density fitted on the two ends: the density is ≈ |A|^κ (κ = 4 generic, 6 for a realisable GLU
 * target, mathematics.md §2), so the integrand in y is nearly constant and a few nodes give many digits. Every
 * node is a valley-floor solve (Newton from the nearer end's u, the GLU-limit predictor). Returns undefined when a
 * node's solve or density fails.
 */
export function floorTimeBetween(
  network: Network,
  data: (q: Precision) => Dataset,
  i: number,
  j: number,
  from: FloorPoint & { readonly density: Decimal },
  to: FloorPoint & { readonly density: Decimal },
  options: FloorTimeOptions,
): FloorTimeStretch | undefined {
  const { nodes = 6, maxIterations = 60, digitsAt } = options;
  const q = precision(40);
  const sign = new q.D(from.A).isNeg() ? -1 : 1;
  const sa = new q.D(from.A).abs().ln();
  const sb = new q.D(to.A).abs().ln();
  const kappa = new q.D(to.density).div(from.density).ln().div(sb.minus(sa));
  const flat = kappa.abs().lt('1e-6');
  // y = e^{κ(s − s_a)} ∈ [1, e^{κ(s_b − s_a)}]; ds = dy/(κy); F ds = (F/(κy)) dy.
  const ya = new q.D(1);
  const yb = flat ? sb.minus(sa) : kappa.times(sb.minus(sa)).exp();
  const rule = (n: number): Decimal | undefined => {
    const gl = gaussLegendre(n, q);
    const half = yb.minus(ya).div(2);
    const mid = yb.plus(ya).div(2);
    let sum = new q.D(0);
    for (let k = 0; k < n; k++) {
      const y = mid.plus(half.times(gl.nodes[k] as Decimal));
      const s = flat ? sa.plus(y.minus(1)) : sa.plus(y.ln().div(kappa));
      const magnitude = s.exp();
      const near = s.minus(sa).lt(sb.minus(s)) ? from : to;
      const W = digitsAt(magnitude);
      const wp = precision(W);
      const A = new wp.D(magnitude.toSignificantDigits(30)).times(sign);
      const r = restricted(network, data, i, j, A);
      // Predictor: the nearer end's u (w, v, c and the other neurons) at the new A, the GLU limit held fixed.
      const sol = refineCriticalPoint(r.objective, near.u, wp, { maxIterations });
      if (sol.kind !== 'converged') return undefined;
      const d = timeDensity(network, data, i, j, { A, u: sol.point, digits: W });
      if (d === undefined) return undefined;
      const jac = flat ? new q.D(1) : new q.D(1).div(kappa.times(y));
      sum = sum.plus(new q.D(gl.weights[k] as Decimal).times(new q.D(d.density)).times(jac));
    }
    return sum.times(half);
  };
  const main = rule(nodes);
  const check = rule(Math.max(1, nodes - 2));
  if (main === undefined || check === undefined) return undefined;
  return { dt: main, error: main.minus(check).abs() };
}
