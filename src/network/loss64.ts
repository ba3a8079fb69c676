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
 */
export function lossAndDerivatives64(
  net: Network,
  data: Dataset64,
  flat: Float64Array,
  options: { readonly gradient?: boolean; readonly hessian?: boolean } = {},
): LossResult64 {
  const { gradient = true, hessian = false } = options;
  const { layout, activation } = net;
  const m = rowLength(layout);
  const r = layout.width;
  const P = parameterCount(layout);
  if (flat.length !== P)
    throw new RangeError(`lossAndDerivatives64: expected ${P} parameters, got ${flat.length}`);
  const aOffset = r * m;
  const order = hessian ? 2 : gradient ? 1 : 0;
  const { n: N, d } = data;
  const xt = new Float64Array(m);
  const s0 = new Float64Array(r);
  const s1 = new Float64Array(r);
  const s2 = new Float64Array(r);
  const J = new Float64Array(P);
  const grad = new Float64Array(gradient || hessian ? P : 0);
  const H = new Float64Array(hessian ? P * P : 0);
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
      const ds = activation.derivatives64(z, order);
      s0[k] = ds[0] as number;
      s1[k] = order >= 1 ? (ds[1] as number) : 0;
      s2[k] = order >= 2 ? (ds[2] as number) : 0;
      f += (flat[aOffset + k] as number) * (s0[k] as number);
    }
    const res = f - (data.targets[n] as number);
    loss += rho * res * res;
    if (!gradient && !hessian) continue;
    for (let k = 0; k < r; k++) {
      const ad1 = (flat[aOffset + k] as number) * (s1[k] as number);
      for (let j = 0; j < m; j++) J[k * m + j] = ad1 * (xt[j] as number);
      J[aOffset + k] = s0[k] as number;
    }
    if (layout.outputBias) J[P - 1] = 1;
    const rr = rho * res;
    for (let i = 0; i < P; i++) grad[i] = (grad[i] as number) + rr * (J[i] as number);
    if (!hessian) continue;
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
  const result: { loss: number; gradient?: Float64Array; hessian?: Float64Array } = { loss: loss / N };
  if (gradient) result.gradient = grad.map((v) => v * scale);
  if (hessian) {
    for (let i = 0; i < P; i++) {
      for (let j = i; j < P; j++) {
        const v = (H[i * P + j] as number) * scale;
        H[i * P + j] = v;
        H[j * P + i] = v;
      }
    }
    result.hessian = H;
  }
  return result;
}
