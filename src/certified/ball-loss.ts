import type { Network } from '../network/loss.js';
import { parameterCount, rowLength } from '../network/params.js';
import type { Precision } from '../precision/context.js';
import {
  type Ball,
  ballAdd,
  ballDiv,
  ballField,
  ballMul,
  ballSub,
  exactBall,
} from '../precision/ball/index.js';
import { derivativesFromJet, jetArithmetic } from '../precision/jet/index.js';
import { knownOptions } from '../errors.js';
import type { BallDataset } from './ball-dataset.js';

/** What {@link ballLossAndDerivatives} computes besides the loss. */
export interface BallLossOptions {
  /** ∇L. Default true. */
  readonly gradient?: boolean;
  /** ∇²L. Default false. */
  readonly hessian?: boolean;
}

/** Enclosures of L, ∇L and ∇²L over the parameter balls (every point of the box, every rounding). */
export interface BallLossResult {
  readonly loss: Ball;
  readonly gradient?: readonly Ball[];
  /** Row-major, in the flat order; entry (i, j) encloses ∂²L/∂θ_i∂θ_j (the upper triangle mirrored). */
  readonly hessian?: readonly (readonly Ball[])[];
}

/**
 * The loss of network/loss.ts, L = (1/N) Σ_n ρ_n r_n², r_n = f(x_n) − y_n (MSE without ½, ρ_n = 1 unless the data
 * carry weights), its gradient ∇L = (2/N) Σ ρ r ∇f and Hessian ∇²L = (2/N) Σ ρ (∇f ∇fᵀ + r ∇²f), by the same
 * hand-derived formulas (mathematics.md §1), every operation in ball arithmetic at p:
 *   ∂f/∂a_k = σ(z_k),  ∂f/∂w_kj = a_k σ′(z_k) x̃_j,  ∂f/∂b = 1,
 *   ∂²f/∂w_kj∂w_kl = a_k σ″(z_k) x̃_j x̃_l,  ∂²f/∂w_kj∂a_k = σ′(z_k) x̃_j,
 * with z_k = w_k·x̃ and σ^(j)(z_k) from the activation's jet over the ball field (an enclosure of σ^(j) over the
 * whole ball z_k). The parameters `flat` are balls: exact points (radius 0) or a box, in which case each result
 * encloses the value at every point of the box (that is what the Krawczyk test needs of the Hessian).
 *
 * Example: ballLossAndDerivatives(net, data, flat.map((v) => exactBall(p, v)), p, { hessian: true }).
 */
export function ballLossAndDerivatives(
  net: Network,
  data: BallDataset,
  flat: readonly Ball[],
  p: Precision,
  options: BallLossOptions = {},
): BallLossResult {
  const { gradient = true, hessian = false } = options;
  knownOptions('ballLossAndDerivatives', options, ['gradient', 'hessian']);
  const { layout, activation } = net;
  const m = rowLength(layout);
  const r = layout.width;
  const P = parameterCount(layout);
  if (flat.length !== P)
    throw new RangeError(`ballLossAndDerivatives: expected ${P} parameters, got ${flat.length}`);
  const N = data.targets.length;
  if (N === 0) throw new RangeError('ballLossAndDerivatives: empty dataset');
  const order = hessian ? 2 : gradient ? 1 : 0;
  const F = ballField(p);
  const J = jetArithmetic(F, order);
  const add = (x: Ball, y: Ball): Ball => ballAdd(x, y, p);
  const mul = (x: Ball, y: Ball): Ball => ballMul(x, y, p);
  const zero = exactBall(p, 0);
  const one = exactBall(p, 1);
  const aOffset = r * m;

  let loss = zero;
  const grad: Ball[] = new Array<Ball>(P).fill(zero);
  const H: Ball[][] = hessian ? Array.from({ length: P }, () => new Array<Ball>(P).fill(zero)) : [];

  for (let n = 0; n < N; n++) {
    const x = data.inputs[n] as readonly Ball[];
    const xt = Array.from({ length: m }, (_, j) => x[j] ?? one);
    const rho = data.weights?.[n] ?? one;
    const s: Ball[][] = [];
    let f = layout.outputBias ? (flat[P - 1] as Ball) : zero;
    for (let k = 0; k < r; k++) {
      let z = zero;
      for (let j = 0; j < m; j++) z = add(z, mul(flat[k * m + j] as Ball, xt[j] as Ball));
      const sk = derivativesFromJet(F, activation.jet(J, J.variable(z)));
      s.push(sk);
      f = add(f, mul(flat[aOffset + k] as Ball, sk[0] as Ball));
    }
    const res = ballSub(f, data.targets[n] as Ball, p);
    const rr = mul(rho, res);
    loss = add(loss, mul(rr, res));
    if (!gradient && !hessian) continue;

    const Jf: Ball[] = new Array<Ball>(P).fill(zero);
    for (let k = 0; k < r; k++) {
      const sk = s[k] as Ball[];
      const ad1 = mul(flat[aOffset + k] as Ball, sk[1] as Ball);
      for (let j = 0; j < m; j++) Jf[k * m + j] = mul(ad1, xt[j] as Ball);
      Jf[aOffset + k] = sk[0] as Ball;
    }
    if (layout.outputBias) Jf[P - 1] = one;
    for (let i = 0; i < P; i++) grad[i] = add(grad[i] as Ball, mul(rr, Jf[i] as Ball));

    if (!hessian) continue;
    for (let i = 0; i < P; i++) {
      const row = H[i] as Ball[];
      const rJi = mul(rho, Jf[i] as Ball);
      for (let j = i; j < P; j++) row[j] = add(row[j] as Ball, mul(rJi, Jf[j] as Ball));
    }
    for (let k = 0; k < r; k++) {
      const sk = s[k] as Ball[];
      const c2 = mul(mul(rr, flat[aOffset + k] as Ball), sk[2] as Ball);
      const c1 = mul(rr, sk[1] as Ball);
      for (let j = 0; j < m; j++) {
        const row = H[k * m + j] as Ball[];
        for (let l = j; l < m; l++) {
          row[k * m + l] = add(row[k * m + l] as Ball, mul(c2, mul(xt[j] as Ball, xt[l] as Ball)));
        }
        row[aOffset + k] = add(row[aOffset + k] as Ball, mul(c1, xt[j] as Ball));
      }
    }
  }

  const Nb = exactBall(p, N);
  const scale = (v: Ball): Ball => ballDiv(mul(v, exactBall(p, 2)), Nb, p);
  const result: { loss: Ball; gradient?: Ball[]; hessian?: Ball[][] } = { loss: ballDiv(loss, Nb, p) };
  if (gradient) result.gradient = grad.map(scale);
  if (hessian) {
    for (let i = 0; i < P; i++) {
      const row = H[i] as Ball[];
      for (let j = i; j < P; j++) row[j] = scale(row[j] as Ball);
      for (let j = 0; j < i; j++) row[j] = (H[j] as Ball[])[i] as Ball;
    }
    result.hessian = H;
  }
  return result;
}
