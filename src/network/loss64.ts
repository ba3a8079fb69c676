import type { Dataset64 } from './dataset.js';
import type { Network } from './loss.js';
import { parameterCount, rowLength } from './params.js';

export interface LossResult64 {
  readonly loss: number;
  readonly gradient?: Float64Array;
  /** Row-major P × P. */
  readonly hessian?: Float64Array;
}

/**
 * The float64 twin of {@link lossAndDerivatives} (same formulas, same flat parameter order), for sweeps and fast
 * paths. Trustworthy only where nothing cancels: on a channel with |A| ≳ 10⁴ its loss is wrong (see numerics.md).
 *
 * This is the inner loop of every float64 training run (rosenbrock-2d: 10 201 samples × width per evaluation), so
 * it allocates nothing per sample: the activation writes its derivatives into one reused buffer, and the loss and
 * gradient pass does not form the Jacobian row that only the Hessian needs.
 */
export function lossAndDerivatives64(
  net: Network,
  data: Dataset64,
  flat: Float64Array,
  options: { readonly gradient?: boolean; readonly hessian?: boolean } = {},
): LossResult64 {
  const { gradient = true, hessian = false } = options;
  const { layout } = net;
  const m = rowLength(layout);
  const P = parameterCount(layout);
  if (flat.length !== P)
    throw new RangeError(`lossAndDerivatives64: expected ${P} parameters, got ${flat.length}`);
  if (hessian) return withHessian(net, data, flat, gradient);
  const { activation } = net;
  const r = layout.width;
  const aOffset = r * m;
  const order = gradient ? 1 : 0;
  const { n: N, d, inputs, targets, weights } = data;
  const hiddenBias = layout.hiddenBias;
  const ds = new Float64Array(2);
  const s0 = new Float64Array(r);
  const as1 = new Float64Array(r);
  const xt = new Float64Array(m);
  const grad = new Float64Array(gradient ? P : 0);
  const b = layout.outputBias ? (flat[P - 1] as number) : 0;
  let loss = 0;
  for (let n = 0; n < N; n++) {
    const row = n * d;
    for (let j = 0; j < d; j++) xt[j] = inputs[row + j] as number;
    if (hiddenBias) xt[d] = 1;
    let f = b;
    for (let k = 0; k < r; k++) {
      const wk = k * m;
      let z = 0;
      for (let j = 0; j < m; j++) z += (flat[wk + j] as number) * (xt[j] as number);
      activation.derivatives64(z, order, ds);
      const ak = flat[aOffset + k] as number;
      const v = ds[0] as number;
      s0[k] = v;
      as1[k] = ak * (ds[1] as number);
      f += ak * v;
    }
    const res = f - (targets[n] as number);
    const rr = weights === undefined ? res : (weights[n] as number) * res;
    loss += rr * res;
    if (!gradient) continue;
    for (let k = 0; k < r; k++) {
      const wk = k * m;
      const c = as1[k] as number;
      // rr·(a_k σ′ x_j), associated as in the Hessian pass, so both passes give the same gradient bits.
      for (let j = 0; j < m; j++) grad[wk + j] = (grad[wk + j] as number) + rr * (c * (xt[j] as number));
      grad[aOffset + k] = (grad[aOffset + k] as number) + rr * (s0[k] as number);
    }
    if (layout.outputBias) grad[P - 1] = (grad[P - 1] as number) + rr;
  }
  if (!gradient) return { loss: loss / N };
  const scale = 2 / N;
  for (let i = 0; i < P; i++) grad[i] = (grad[i] as number) * scale;
  return { loss: loss / N, gradient: grad };
}

/** Loss, gradient (when asked for) and Hessian: Gauss–Newton part Σ ρ JJᵀ plus the residual-weighted σ″ terms. */
function withHessian(net: Network, data: Dataset64, flat: Float64Array, gradient: boolean): LossResult64 {
  const { layout, activation } = net;
  const m = rowLength(layout);
  const r = layout.width;
  const P = parameterCount(layout);
  const aOffset = r * m;
  const { n: N, d } = data;
  const xt = new Float64Array(m);
  const ds = new Float64Array(3);
  const s0 = new Float64Array(r);
  const s1 = new Float64Array(r);
  const s2 = new Float64Array(r);
  const J = new Float64Array(P);
  const grad = new Float64Array(P);
  const H = new Float64Array(P * P);
  const b = layout.outputBias ? (flat[P - 1] as number) : 0;
  let loss = 0;
  for (let n = 0; n < N; n++) {
    for (let j = 0; j < d; j++) xt[j] = data.inputs[n * d + j] as number;
    if (layout.hiddenBias) xt[d] = 1;
    const rho = data.weights === undefined ? 1 : (data.weights[n] as number);
    let f = b;
    for (let k = 0; k < r; k++) {
      let z = 0;
      for (let j = 0; j < m; j++) z += (flat[k * m + j] as number) * (xt[j] as number);
      activation.derivatives64(z, 2, ds);
      s0[k] = ds[0] as number;
      s1[k] = ds[1] as number;
      s2[k] = ds[2] as number;
      f += (flat[aOffset + k] as number) * (s0[k] as number);
    }
    const res = f - (data.targets[n] as number);
    loss += rho * res * res;
    for (let k = 0; k < r; k++) {
      const ad1 = (flat[aOffset + k] as number) * (s1[k] as number);
      for (let j = 0; j < m; j++) J[k * m + j] = ad1 * (xt[j] as number);
      J[aOffset + k] = s0[k] as number;
    }
    if (layout.outputBias) J[P - 1] = 1;
    const rr = rho * res;
    for (let i = 0; i < P; i++) grad[i] = (grad[i] as number) + rr * (J[i] as number);
    for (let i = 0; i < P; i++) {
      const rJi = rho * (J[i] as number);
      for (let j = i; j < P; j++) H[i * P + j] = (H[i * P + j] as number) + rJi * (J[j] as number);
    }
    for (let k = 0; k < r; k++) {
      const c2 = rr * (flat[aOffset + k] as number) * (s2[k] as number);
      const c1 = rr * (s1[k] as number);
      for (let j = 0; j < m; j++) {
        const row = (k * m + j) * P;
        for (let l = j; l < m; l++)
          H[row + k * m + l] = (H[row + k * m + l] as number) + c2 * (xt[j] as number) * (xt[l] as number);
        H[row + aOffset + k] = (H[row + aOffset + k] as number) + c1 * (xt[j] as number);
      }
    }
  }
  const scale = 2 / N;
  for (let i = 0; i < P; i++) {
    grad[i] = (grad[i] as number) * scale;
    for (let j = i; j < P; j++) {
      const v = (H[i * P + j] as number) * scale;
      H[i * P + j] = v;
      H[j * P + i] = v;
    }
  }
  return gradient ? { loss: loss / N, gradient: grad, hessian: H } : { loss: loss / N, hessian: H };
}
