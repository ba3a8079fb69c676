import type { Decimal } from 'decimal.js';
import type { Dataset } from '../../network/dataset.js';
import { lossAndDerivatives, type LossResult, type Network } from '../../network/loss.js';
import { precision, roundTo, type Precision } from '../../precision/context.js';
import { symmetricEigenvalues } from '../../precision/linalg/index.js';
import { cosDeltaW, neuronPair, pairIndices, toChannelCoordinates } from '../../network/neuron-pair.js';
import type { FollowPoint } from '../follow-channel.js';
import { largestEigenvalueCertified } from './largest-eigenvalue.js';
import { log10Ceil } from './valley-floor.js';

/**
 * The reported values of a valley-floor point at fixed A (rounded to R) and the list compared by confirmation.
 * `known`: L, ∇L and ∇²L at `flat` already computed with at least q's digits (and the guard below); default: computed.
 */
export function describeFloorPoint(
  network: Network,
  data: (q: Precision) => Dataset,
  flat: readonly Decimal[],
  A: Decimal,
  i: number,
  j: number,
  q: Precision,
  R: Precision,
  known?: LossResult,
): { point: Omit<FollowPoint, 'digits' | 'params' | 'raisedFrom' | 'confirmedDigits'>; check: Decimal[] } {
  const guard = 2 * log10Ceil(A) + 10;
  const res =
    known ?? lossAndDerivatives(network, data(q), flat, q, { gradient: true, hessian: true, guard });
  const ix = pairIndices(network.layout, i, j);
  const g = res.gradient as readonly Decimal[];
  // dL/dA at fixed u = (w, v, c, others): ∂a_i/∂A = 1, ∂a_j/∂A = −1, ∂w_i/∂A = −v/(2A²) = −(w_i − w_j)/(2A),
  // ∂w_j/∂A = +(w_i − w_j)/(2A). Equal to the floor's slope at exact stationarity (envelope theorem), and unlike
  // ∂L/∂a_i − ∂L/∂a_j at fixed w_i, w_j it is insensitive to the residual error of the solve (its mixed
  // derivatives with u are O(A⁻³) instead of O(A)).
  const twoA = new q.D(A).times(2);
  let slope = (g[ix.ai] as Decimal).minus(g[ix.aj] as Decimal);
  ix.wi.forEach((ki, k) => {
    const kj = ix.wj[k] as number;
    const d = new q.D(flat[ki] as Decimal).minus(flat[kj] as Decimal).div(twoA);
    slope = slope.minus(d.times((g[ki] as Decimal).minus(g[kj] as Decimal)));
  });
  const lambdaMax = largestEigenvalue(res.hessian as readonly (readonly Decimal[])[], q, R);
  const ch = toChannelCoordinates(neuronPair(network.layout, flat, i, j), q);
  if (ch.kind !== 'pair') throw new Error('describeFloorPoint: the pair collapsed');
  const r = (x: Decimal): Decimal => roundTo(R, x);
  const point = {
    A: r(A),
    eps: r(ch.eps),
    invEps: r(new q.D(1).div(ch.eps)),
    loss: r(res.loss),
    c: r(ch.c),
    a: r(ch.a),
    v: ch.v.map(r),
    w: ch.w.map(r),
    cosDeltaW: r(cosDeltaW(ch, q)),
    slope: r(slope),
    lambdaMax: r(lambdaMax),
  };
  return {
    point,
    check: [point.eps, point.loss, point.c, point.a, ...point.v, ...point.w, point.slope, point.lambdaMax],
  };
}

/**
 * λ_max of the floor's Hessian for reporting to R digits, at d = R + 20 digits, not at the solve's q (up to ~200
 * digits at |A| = 1e30): by Weyl's inequality, rounding H to d digits moves every eigenvalue by at most
 * n·10^−d·max|H_ij| ≤ n·10^−d·max|λ|, so λ_max keeps ≥ R + 18 digits while max|λ|/λ_max ≤ 10. First by one
 * inverse-iteration step from the float64 eigenvector, certified by Kato–Temple ({@link largestEigenvalueCertified};
 * a Jacobi at 40 digits took 35 % of a follow); when that does not apply (no gap, a negative eigenvalue dominating,
 * λ_max ≤ 0) by Jacobi at d, and at q when a negative eigenvalue dominates or λ_max ≤ 0.
 */
function largestEigenvalue(H: readonly (readonly Decimal[])[], q: Precision, R: Precision): Decimal {
  const at = (p: Precision): { max: Decimal; maxAbs: Decimal } => {
    const eig = symmetricEigenvalues(H, p);
    if (eig.kind !== 'converged') throw new Error('describeFloorPoint: Jacobi eigenvalues did not converge');
    return {
      max: eig.values.reduce((m, x) => (x.gt(m) ? x : m)),
      maxAbs: eig.values.reduce((m, x) => (x.abs().gt(m) ? x.abs() : m), new p.D(0)),
    };
  };
  const d = Math.min(R.digits + 20, q.digits);
  const fast = largestEigenvalueCertified(H, precision(d));
  if (fast !== undefined) return fast;
  if (d >= q.digits) return at(q).max;
  const low = at(precision(d));
  if (low.max.isPos() && low.maxAbs.lte(low.max.times(10))) return low.max;
  return at(q).max;
}
