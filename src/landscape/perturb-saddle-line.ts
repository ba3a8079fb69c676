import type { Decimal } from 'decimal.js';
import { integrate, type FlowMethod } from '../flow/integrate.js';
import { networkObjective } from '../flow/objective.js';
import type { Dataset } from '../network/dataset.js';
import { lossAndDerivatives, type Network } from '../network/loss.js';
import { rowLength } from '../network/params.js';
import { roundTo, withGuard, type Precision } from '../precision/context.js';
import { symmetricEigen } from '../precision/linalg/index.js';
import { saddleMatrixB, splitNeuron } from './saddle-line.js';

/**
 * Direction of the perturbation: `hessian` — e_min, the unit eigenvector of the smallest eigenvalue of ∇²L_{r+1}(θ_γ)
 * across the line (the line direction itself, an exact null vector, is deflated away); `split` — the split direction
 * v = ((1−γ)u, −γu) on the input weights of the two copies (zero elsewhere, normalised), with u the eigenvector of B
 * that minimises γ(1−γ)λ_B, so that vᵀ∇²L v = γ(1−γ)uᵀBu is the curvature theorem 3 reads.
 */
export type PerturbDirection = 'hessian' | 'split';

/** Options of {@link perturbSaddleLine}. */
export interface PerturbOptions {
  /** Default `hessian`. */
  readonly direction?: PerturbDirection;
  /**
   * Flow time. Default 6/|κ| (3 significant digits) clamped to [1, 10⁴], with κ the curvature along the
   * perturbation direction (its eigenvalue for `hessian`, vᵀ∇²L v for `split`): in the linear regime the distance
   * to the line changes by e^{∓6} ≈ 400^{∓1}, far beyond the factor the verdict needs.
   */
  readonly time?: Decimal.Value;
  /**
   * Flow integrator. Default `float64`: the verdict is qualitative and the trajectory is only needed to a few
   * digits (the distances and the loss of its end point are then evaluated exactly in Decimal); `auto` integrates
   * in Decimal at the working precision (≈ 20× slower: the flow is stiff across the line).
   */
  readonly method?: FlowMethod;
}

/**
 * What the flow from θ_γ + α·e did. Values rounded to 3 significant digits; the distances and the loss drop are
 * evaluated exactly (in Decimal at the working precision) at the end point of the computed trajectory.
 */
export interface SaddleLinePerturbation {
  readonly alpha: Decimal;
  readonly direction: PerturbDirection;
  /** Curvature along the direction (eigenvalue or vᵀ∇²L v). */
  readonly curvature: Decimal;
  readonly time: Decimal;
  /** Euclidean distance of the start θ_γ + αe to the line {θ_γ′ : γ′ ∈ ℝ} (= |α|). */
  readonly distanceStart: Decimal;
  /** Distance of θ(time) to the line. */
  readonly distanceEnd: Decimal;
  /** γ′ of the nearest point of the line to θ(time) (absent when a*_k = 0: then every θ_γ is one point). */
  readonly gammaEnd?: Decimal;
  /** L(θ_γ) − L(θ(time)): ≤ about 0 on return (the flow ends at or above the line's loss), > 0 on escape. */
  readonly lossDrop: Decimal;
  /** `returns` when the distance shrank, `escapes` when it grew. */
  readonly verdict: 'returns' | 'escapes';
}

/**
 * Distance of `flat` (width r+1, the split neuron's copies k and r) to the saddle line of θ* = `critical` (width r)
 * and the γ′ of its nearest point. The line is θ* with every parameter fixed except the two readouts, which satisfy
 * a_k + a_r = a*_k; so the squared distance is Σ (θ − θ_γ′)² = Σ_{others} (θ − θ*)² + (a_k + a_r − a*_k)²/2, with
 * γ′ = (a_k − a_r + a*_k)/(2a*_k) (omitted when a*_k = 0).
 */
export function distanceToSaddleLine(
  network: Network,
  critical: readonly Decimal[],
  k: number,
  flat: readonly Decimal[],
  p: Precision,
): { distance: Decimal; gamma?: Decimal } {
  const r = network.layout.width;
  const m = rowLength(network.layout);
  const g = withGuard(p, 10);
  const ref = splitNeuron(network.layout, critical, k, 0, g).flat;
  const iak = (r + 1) * m + k;
  const iar = (r + 1) * m + r;
  let d2 = new g.D(0);
  flat.forEach((x, idx) => {
    if (idx === iak || idx === iar) return;
    const d = new g.D(x).minus(ref[idx] as Decimal);
    d2 = d2.plus(d.times(d));
  });
  const astar = critical[r * m + k] as Decimal;
  const ak = new g.D(flat[iak] as Decimal);
  const ar = new g.D(flat[iar] as Decimal);
  const off = ak.plus(ar).minus(astar);
  d2 = d2.plus(off.times(off).div(2));
  const distance = roundTo(p, d2.sqrt());
  // With a*_k = 0 (to the precision) every θ_γ is the same point: no γ′ to report.
  if (astar.abs().lte(new g.D(10).pow(-(p.digits - 10)))) return { distance };
  return { distance, gamma: roundTo(p, ak.minus(ar).plus(astar).div(new g.D(astar).times(2))) };
}

/**
 * The paper's figure 2c–d: perturbs θ_γ (neuron k of the critical point θ* split with fraction γ) by α·e and
 * integrates the gradient flow (src/flow's `integrate`) for a fixed time; the trajectory returns to the line where
 * θ_γ is a local minimum across it (inside the plateau segment when B > 0) and escapes where it is a saddle.
 */
export function perturbSaddleLine(
  network: Network,
  data: (q: Precision) => Dataset,
  critical: readonly Decimal[],
  k: number,
  gamma: Decimal.Value,
  alpha: Decimal.Value,
  p: Precision,
  options: PerturbOptions = {},
): SaddleLinePerturbation {
  const { direction = 'hessian', method = 'float64' } = options;
  const q = withGuard(p, 10);
  const r = network.layout.width;
  const m = rowLength(network.layout);
  const wide: Network = { ...network, layout: { ...network.layout, width: r + 1 } };
  const g = new q.D(gamma);
  const a = new q.D(alpha);
  const split = splitNeuron(network.layout, critical, k, g, q).flat;
  const P = split.length;
  const base = lossAndDerivatives(wide, data(q), split, q, { hessian: true });
  const H = base.hessian as readonly (readonly Decimal[])[];
  let e: Decimal[];
  let curvature: Decimal;
  if (direction === 'hessian') {
    // Deflate the line direction ℓ = (e_{a_k} − e_{a_r})/√2 (H ℓ = 0 exactly: the gradient vanishes all along the
    // line) by adding s ℓℓᵀ with s above every eigenvalue, so the smallest eigenpair is the smallest across it.
    const iak = (r + 1) * m + k;
    const iar = (r + 1) * m + r;
    let s = new q.D(1);
    for (const row of H) for (const x of row) s = s.plus(x.abs());
    const half = s.div(2);
    const Hd = H.map((row, i) =>
      row.map((x, j) => {
        const li = i === iak ? 1 : i === iar ? -1 : 0;
        const lj = j === iak ? 1 : j === iar ? -1 : 0;
        return li * lj === 0 ? x : x.plus(half.times(li * lj));
      }),
    );
    const eig = symmetricEigen(Hd, q);
    if (eig.kind !== 'converged') throw new Error('perturbSaddleLine: Jacobi did not converge');
    curvature = eig.values[0] as Decimal;
    e = eig.vectors.map((row) => row[0] as Decimal);
  } else {
    const B = saddleMatrixB(network, data(q), critical, k, q);
    const eigB = symmetricEigen(B, q);
    if (eigB.kind !== 'converged') throw new Error('perturbSaddleLine: Jacobi did not converge on B');
    const f = g.times(new q.D(1).minus(g));
    // Minimising f·λ over the ascending eigenvalues: the first when f ≥ 0, the last otherwise.
    const col = f.isNeg() ? eigB.values.length - 1 : 0;
    const u = eigB.vectors.map((row) => row[col] as Decimal);
    e = new Array<Decimal>(P).fill(new q.D(0));
    const one = new q.D(1);
    for (let j = 0; j < m; j++) {
      e[k * m + j] = one.minus(g).times(u[j] as Decimal);
      e[r * m + j] = g.neg().times(u[j] as Decimal);
    }
    const norm = e.reduce((acc, x) => acc.plus(x.times(x)), new q.D(0)).sqrt();
    if (norm.isZero()) throw new RangeError('perturbSaddleLine: the split direction vanishes');
    e = e.map((x) => x.div(norm));
    curvature = H.reduce(
      (acc, row, i) =>
        acc.plus(
          (e[i] as Decimal).times(row.reduce((s2, x, j) => s2.plus(x.times(e[j] as Decimal)), new q.D(0))),
        ),
      new q.D(0),
    );
  }
  const time = options.time === undefined ? clampTime(curvature, q) : new q.D(options.time);
  if (!time.gt(0)) throw new RangeError('perturbSaddleLine: the flow time must be > 0');
  const start = split.map((x, i) => x.plus(a.times(e[i] as Decimal)));
  const objective = networkObjective(wide, data);
  const flow = integrate(objective, start, p, { times: [time], method, recordsPerDecade: 0 });
  const state = flow.states[flow.states.length - 1];
  if (state === undefined) {
    throw new Error(
      `perturbSaddleLine: the flow stopped before t = ${time.toString()} (${flow.outcome.kind})`,
    );
  }
  const end = state.params.map((x) => new q.D(x));
  const endLoss = lossAndDerivatives(wide, data(q), end, q, { gradient: false }).loss;
  const d0 = distanceToSaddleLine(network, critical, k, start, q);
  const d1 = distanceToSaddleLine(network, critical, k, end, q);
  const r6 = (x: Decimal): Decimal => x.toSignificantDigits(3);
  return {
    alpha: roundTo(p, a),
    direction,
    curvature: r6(curvature),
    time: r6(time),
    distanceStart: r6(d0.distance),
    distanceEnd: r6(d1.distance),
    ...(d1.gamma === undefined ? {} : { gammaEnd: r6(d1.gamma) }),
    lossDrop: r6(base.loss.minus(endLoss)),
    verdict: d1.distance.lt(d0.distance) ? 'returns' : 'escapes',
  };
}

function clampTime(curvature: Decimal, q: Precision): Decimal {
  const k = curvature.abs();
  if (k.isZero()) return new q.D(1e4);
  const t = new q.D(6).div(k);
  if (t.lt(1)) return new q.D(1);
  if (t.gt(1e4)) return new q.D(1e4);
  return t.toSignificantDigits(3);
}
