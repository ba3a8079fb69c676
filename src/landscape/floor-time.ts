import type { Decimal } from 'decimal.js';
import { refineCriticalPoint } from '../flow/refine-critical-point.js';
import type { Dataset } from '../network/dataset.js';
import type { Network } from '../network/loss.js';
import { integerOption, knownOptions, OptionError } from '../errors.js';
import { MAX_INTERNAL_DIGITS, precision, type Precision } from '../precision/context.js';
import { luSolve } from '../precision/linalg/index.js';
import { integrateLogPower, type PowerSample } from './_internals/log-power-quadrature.js';
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
  /** Gauss–Legendre nodes of the main rule per piece. Default 6 (the check rule has 2 fewer). */
  readonly nodes?: number;
  /** Working digits of a node's valley-floor solve at divergence A. Required. */
  readonly digitsAt: (A: Decimal) => number;
  /** Newton iterations per solve. Default 60. */
  readonly maxIterations?: number;
  /**
   * Significant digits aimed at: pieces are bisected until the error estimate is at most 10^−(digits+1) of the
   * stretch's time (or `maxPieces` is reached; the estimate then says how many digits were earned). Default 12.
   */
  readonly digits?: number;
  /**
   * The flow time already elapsed at `from`: the target is relative to the time at `to` (elapsed + this stretch),
   * so a stretch that adds little to it is not refined for nothing. Default 0.
   */
  readonly elapsed?: Decimal;
  /** Most quadrature pieces per stretch. Default 48. */
  readonly maxPieces?: number;
}

/** Gradient-flow time between two valley-floor points and its error estimate. */
export interface FloorTimeStretch {
  readonly dt: Decimal;
  /** Sum over the quadrature pieces of |dt(main rule) − dt(check rule)| (a conservative estimate). */
  readonly error: Decimal;
  /** Quadrature pieces used (at least one per decade of |A|). */
  readonly pieces: number;
  /** Valley-floor solves made for the quadrature. */
  readonly solves: number;
}

/**
 * ∫ dt from `from` to `to` along the valley floor: dt = density ds with s = ln|A| ({@link timeDensity}), integrated
 * piecewise (see integrateLogPower) — at least one piece per decade of |A|, bisected adaptively until the error
 * estimate reaches the requested digits of the time at `to` — in y = A² on each piece (the density is |A|^κ times a
 * series in A⁻², κ = 4 generic, 6 for a realisable GLU target, mathematics.md §2, so the integrand in y is nearly a
 * polynomial), with two Gauss–Legendre rules per piece whose difference is its error estimate. Every node and
 * piece end is a valley-floor solve (Newton from the nearer known point's u, the GLU-limit predictor). The
 * densities at `from` and `to` are not used (kept for callers that have them). Returns undefined when a solve or a
 * density fails.
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
  const fn = 'floorTimeBetween';
  knownOptions(fn, options, ['nodes', 'digitsAt', 'maxIterations', 'digits', 'elapsed', 'maxPieces']);
  const { nodes = 6, maxIterations = 60, digitsAt, digits = 12, maxPieces = 48, elapsed = 0 } = options;
  // The check rule has nodes − 2 ≥ 1 nodes.
  integerOption(fn, 'nodes', nodes, 3, 100);
  integerOption(fn, 'maxIterations', maxIterations, 1, 1e6);
  integerOption(fn, 'digits', digits, 1, MAX_INTERNAL_DIGITS);
  integerOption(fn, 'maxPieces', maxPieces, 1, 1e6);
  if (typeof digitsAt !== 'function')
    throw new OptionError(fn, 'digitsAt', 'digitsAt must be a function of A giving working digits');
  let e0: Decimal | undefined;
  try {
    e0 = new (precision(40).D)(elapsed);
  } catch {
    e0 = undefined;
  }
  if (e0 === undefined || !e0.isFinite() || e0.lt(0))
    throw new OptionError(fn, 'elapsed', `elapsed must be a finite number ≥ 0, got ${String(elapsed)}`);
  const q = precision(40);
  const sign = new q.D(from.A).isNeg() ? -1 : 1;
  const end = (p: FloorPoint & { readonly density: Decimal }): PowerSample<FloorPoint> => ({
    s: new q.D(p.A).abs().ln(),
    F: p.density,
    state: p,
  });
  const sample = (s: Decimal, near: PowerSample<FloorPoint>): PowerSample<FloorPoint> | undefined => {
    const magnitude = s.exp();
    const W = digitsAt(magnitude);
    const wp = precision(W);
    const A = new wp.D(magnitude.toSignificantDigits(30)).times(sign);
    const r = restricted(network, data, i, j, A);
    // Predictor: the nearer known point's u (w, v, c and the other neurons) at the new A, the GLU limit held fixed.
    const sol = refineCriticalPoint(r.objective, near.state.u, wp, { maxIterations });
    if (sol.kind !== 'converged') return undefined;
    const point = { A, u: sol.point, digits: W };
    const d = timeDensity(network, data, i, j, point);
    // s of the solved point: A was rounded to 30 digits, far below the quadrature's resolution in s.
    return d === undefined ? undefined : { s, F: d.density, state: point };
  };
  const r = integrateLogPower(end(from), end(to), sample, {
    nodes,
    relTol: `1e-${digits + 1}`,
    offset: elapsed,
    // timeDensity's central difference (step |A|·10^−⌊W/3⌋) leaves about 2W/3 correct digits.
    sampleRelError: `1e-${Math.floor((2 * digitsAt(new q.D(from.A).abs())) / 3) - 2}`,
    maxPieces,
  });
  return r === undefined ? undefined : { dt: r.value, error: r.error, pieces: r.pieces, solves: r.samples };
}
