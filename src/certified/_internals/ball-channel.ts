import type { Decimal } from 'decimal.js';
import type { Activation } from '../../activations/index.js';
import type { Precision } from '../../precision/context.js';
import {
  type Ball,
  ball,
  ballAdd,
  ballDiv,
  ballField,
  ballMul,
  ballSub,
  exactBall,
} from '../../precision/ball/index.js';
import { derivativesFromJet, jetArithmetic } from '../../precision/jet/index.js';
import type { BallDataset } from '../ball-dataset.js';

/**
 * The loss at infinity of a one-input network whose neurons i, j have merged into the gated linear unit
 * c σ(w x) + a x σ′(w x) (mathematics.md §2, Δ = +1), the other q neurons and an optional output bias b kept:
 *     f₀(x) = c σ(w x) + a x σ′(w x) + Σ_k a_k σ(w_k x) + b,   L∞ = (1/N) Σ ρ_n (f₀(x_n) − y_n)².
 * Flat order of its parameters: (w, c, a, w_1, a_1, …, w_q, a_q[, b]).
 */
export interface LimitShape {
  readonly activation: Activation;
  /** Neurons other than the pair. */
  readonly others: number;
  readonly outputBias: boolean;
}

/** Number of parameters of L∞. */
export function limitParameterCount(s: LimitShape): number {
  return 3 + 2 * s.others + (s.outputBias ? 1 : 0);
}

/** σ, σ′, …, σ^(order) over the ball z (each an enclosure over the whole ball). */
function sigmaDerivatives(act: Activation, z: Ball, order: number, p: Precision): Ball[] {
  const F = ballField(p);
  const J = jetArithmetic(F, order);
  return derivativesFromJet(F, act.jet(J, J.variable(z)));
}

/**
 * L∞, ∇L∞ and ∇²L∞ over the parameter balls `t` (exact points or a box), every operation in ball arithmetic:
 * ∇L∞ = (2/N) Σ ρ r ∇f₀, ∇²L∞ = (2/N) Σ ρ (∇f₀ ∇f₀ᵀ + r ∇²f₀), with
 *   ∂f₀/∂w = c x σ′ + a x² σ″, ∂f₀/∂c = σ, ∂f₀/∂a = x σ′, ∂f₀/∂w_k = a_k x σ′_k, ∂f₀/∂a_k = σ_k, ∂f₀/∂b = 1;
 *   ∂²f₀/∂w² = c x² σ″ + a x³ σ‴, ∂²f₀/∂w∂c = x σ′, ∂²f₀/∂w∂a = x² σ″, ∂²f₀/∂w_k² = a_k x² σ″_k,
 *   ∂²f₀/∂w_k∂a_k = x σ′_k, every other second derivative 0.
 */
export function ballLimitLoss(
  s: LimitShape,
  data: BallDataset,
  t: readonly Ball[],
  p: Precision,
  hessian: boolean,
): { loss: Ball; gradient: Ball[]; hessian: Ball[][] } {
  const P = limitParameterCount(s);
  const add = (x: Ball, y: Ball): Ball => ballAdd(x, y, p);
  const mul = (x: Ball, y: Ball): Ball => ballMul(x, y, p);
  const zero = exactBall(p, 0);
  const one = exactBall(p, 1);
  const order = hessian ? 3 : 2;
  const [w, c, a] = t as [Ball, Ball, Ball];
  let loss = zero;
  const grad: Ball[] = new Array<Ball>(P).fill(zero);
  const H: Ball[][] = Array.from({ length: P }, () => new Array<Ball>(P).fill(zero));
  const N = data.targets.length;
  for (let n = 0; n < N; n++) {
    const x = (data.inputs[n] as readonly Ball[])[0] as Ball;
    const rho = data.weights?.[n] ?? one;
    const x2 = mul(x, x);
    const sg = sigmaDerivatives(s.activation, mul(w, x), order, p);
    const [s0, s1, s2] = sg as [Ball, Ball, Ball];
    let f = add(mul(c, s0), mul(mul(a, x), s1));
    const Jf: Ball[] = new Array<Ball>(P).fill(zero);
    Jf[0] = add(mul(mul(c, x), s1), mul(mul(a, x2), s2));
    Jf[1] = s0;
    Jf[2] = mul(x, s1);
    const second: [number, number, Ball][] = [];
    if (hessian) {
      const s3 = sg[3] as Ball;
      second.push([0, 0, add(mul(mul(c, x2), s2), mul(mul(a, mul(x2, x)), s3))]);
      second.push([0, 1, mul(x, s1)]);
      second.push([0, 2, mul(x2, s2)]);
    }
    for (let k = 0; k < s.others; k++) {
      const wk = t[3 + 2 * k] as Ball;
      const ak = t[4 + 2 * k] as Ball;
      const sk = sigmaDerivatives(s.activation, mul(wk, x), hessian ? 2 : 1, p);
      f = add(f, mul(ak, sk[0] as Ball));
      Jf[3 + 2 * k] = mul(mul(ak, x), sk[1] as Ball);
      Jf[4 + 2 * k] = sk[0] as Ball;
      if (hessian) {
        second.push([3 + 2 * k, 3 + 2 * k, mul(mul(ak, x2), sk[2] as Ball)]);
        second.push([3 + 2 * k, 4 + 2 * k, mul(x, sk[1] as Ball)]);
      }
    }
    if (s.outputBias) {
      f = add(f, t[P - 1] as Ball);
      Jf[P - 1] = one;
    }
    const res = ballSub(f, data.targets[n] as Ball, p);
    const rr = mul(rho, res);
    loss = add(loss, mul(rr, res));
    for (let i = 0; i < P; i++) grad[i] = add(grad[i] as Ball, mul(rr, Jf[i] as Ball));
    if (!hessian) continue;
    for (let i = 0; i < P; i++) {
      const row = H[i] as Ball[];
      const rJi = mul(rho, Jf[i] as Ball);
      for (let j = i; j < P; j++) row[j] = add(row[j] as Ball, mul(rJi, Jf[j] as Ball));
    }
    for (const [i, j, v] of second) {
      const row = H[i] as Ball[];
      row[j] = add(row[j] as Ball, mul(rr, v));
    }
  }
  const Nb = exactBall(p, N);
  const two = exactBall(p, 2);
  const scale = (v: Ball): Ball => ballDiv(mul(v, two), Nb, p);
  for (let i = 0; i < P; i++) {
    const row = H[i] as Ball[];
    for (let j = i; j < P; j++) row[j] = scale(row[j] as Ball);
    for (let j = 0; j < i; j++) row[j] = (H[j] as Ball[])[i] as Ball;
  }
  return { loss: ballDiv(loss, Nb, p), gradient: grad.map(scale), hessian: H };
}

/** The binomial coefficients C(k, 0..k). */
function binomials(k: number): number[] {
  const row = [1];
  for (let j = 1; j <= k; j++) row.push(((row[j - 1] as number) * (k - j + 1)) / j);
  return row;
}

/**
 * Enclosures of φ^(k)(ε), k = 0 … K, for every ε ∈ [−ε₀, ε₀] and every θ₀ in the parameter balls `t`, where
 * φ(ε) = L(θ₀, ε) is the loss of the network with the pair at w_{i,j} = w ± ε, a_{i,j} = c/2 ± a/(2ε) (ε ≠ 0) and
 * φ(0) = L∞(θ₀). Per sample the pair's output is F(ε) = c E(ε) + a D(ε) with (z = w x, δ = x)
 *   E(ε) = [σ(z + εδ) + σ(z − εδ)]/2,   D(ε) = [σ(z + εδ) − σ(z − εδ)]/(2ε) = ½ ∫_{−1}^{1} δ σ′(z + tεδ) dt,
 * so F is smooth at ε = 0 (the removable singularity) and even in ε, and
 *   E^(j)(ε) = ½ δ^j [σ^(j)(z + εδ) + (−1)^j σ^(j)(z − εδ)],   D^(j)(ε) = ½ ∫_{−1}^{1} δ^(j+1) t^j σ^(j+1)(z + tεδ) dt.
 * With S_j ∋ σ^(j) over the ball Z = z ± ε₀|δ| (the activation's jet over the ball field), for j even
 * E^(j) ∈ δ^j S_j and D^(j) ∈ δ^(j+1) S_(j+1)/(j+1) (t^j ≥ 0, ∫t^j = 2/(j+1)); for j odd E^(j) ∈ δ^j (0 ± rad S_j)
 * (a half-difference of two points of S_j) and D^(j) ∈ δ^(j+1) (0 ± rad S_(j+1))/(j+1) (∫ t^j = 0, ∫|t|^j = 2/(j+1)).
 * `eps0` undefined means ε = 0 exactly, where the odd ones are exactly 0. Then g = F + (other neurons) + b − y, g^(j) = F^(j) for j ≥ 1, and
 * φ^(k) = (1/N) Σ ρ Σ_j C(k, j) g^(j) g^(k−j) (Leibniz), each factor enclosing its value at the same ε.
 */
export function ballEpsilonDerivatives(
  s: LimitShape,
  data: BallDataset,
  t: readonly Ball[],
  eps0: Decimal | undefined,
  K: number,
  p: Precision,
): Ball[] {
  const add = (x: Ball, y: Ball): Ball => ballAdd(x, y, p);
  const mul = (x: Ball, y: Ball): Ball => ballMul(x, y, p);
  const zero = exactBall(p, 0);
  const one = exactBall(p, 1);
  const [w, c, a] = t as [Ball, Ball, Ball];
  const P = limitParameterCount(s);
  const N = data.targets.length;
  const phi: Ball[] = new Array<Ball>(K + 1).fill(zero);
  const C = Array.from({ length: K + 1 }, (_, k) => binomials(k));
  for (let n = 0; n < N; n++) {
    const x = (data.inputs[n] as readonly Ball[])[0] as Ball;
    const rho = data.weights?.[n] ?? one;
    const z = mul(w, x);
    // Z ⊇ {z + sδ : |s| ≤ ε₀}: the ball 0 ± ε₀ times the ball δ = x, added to z.
    const Z = eps0 === undefined ? z : add(z, mul(ball(p, 0, eps0), x));
    const S = sigmaDerivatives(s.activation, Z, K + 1, p);
    const g: Ball[] = [];
    let dpow = one; // δ^j
    for (let j = 0; j <= K; j++) {
      const Sj = S[j] as Ball;
      const Sj1 = S[j + 1] as Ball;
      const dpow1 = mul(dpow, x);
      const jp1 = exactBall(p, j + 1);
      let E: Ball;
      let D: Ball;
      if (j % 2 === 0) {
        E = mul(dpow, Sj);
        D = ballDiv(mul(dpow1, Sj1), jp1, p);
      } else if (eps0 === undefined) {
        E = zero;
        D = zero;
      } else {
        E = mul(dpow, ball(p, 0, Sj.rad));
        D = ballDiv(mul(dpow1, ball(p, 0, Sj1.rad)), jp1, p);
      }
      g.push(add(mul(c, E), mul(a, D)));
      dpow = dpow1;
    }
    let g0 = g[0] as Ball;
    for (let k = 0; k < s.others; k++) {
      const wk = t[3 + 2 * k] as Ball;
      const ak = t[4 + 2 * k] as Ball;
      g0 = add(g0, mul(ak, sigmaDerivatives(s.activation, mul(wk, x), 0, p)[0] as Ball));
    }
    if (s.outputBias) g0 = add(g0, t[P - 1] as Ball);
    g[0] = ballSub(g0, data.targets[n] as Ball, p);
    for (let k = 0; k <= K; k++) {
      let acc = zero;
      const Ck = C[k] as number[];
      // Pair the symmetric terms j and k − j once (C(k, j) = C(k, k − j)).
      for (let j = 0; 2 * j <= k; j++) {
        const term = mul(g[j] as Ball, g[k - j] as Ball);
        const mult = 2 * j === k ? (Ck[j] as number) : 2 * (Ck[j] as number);
        acc = add(acc, mul(exactBall(p, mult), term));
      }
      phi[k] = add(phi[k] as Ball, mul(rho, acc));
    }
  }
  const Nb = exactBall(p, N);
  return phi.map((v) => ballDiv(v, Nb, p));
}
