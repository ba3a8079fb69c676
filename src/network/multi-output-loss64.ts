import { softmaxCrossEntropy64 } from './cross-entropy.js';
import type { LossResult64 } from './loss64.js';
import { rowLength } from './params.js';
import { multiOutputParameterCount, type MultiOutputNetwork } from './multi-output-params.js';

/**
 * A multi-output dataset in float64: inputs row-major (n × d), and C targets per sample row-major (n × C) for the
 * squared error or one label per sample for cross-entropy.
 */
export type MultiOutputDataset64 =
  | {
      readonly loss: 'mse';
      readonly n: number;
      readonly d: number;
      readonly inputs: Float64Array;
      readonly targets: Float64Array;
      readonly weights?: Float64Array;
    }
  | {
      readonly loss: 'cross-entropy';
      readonly n: number;
      readonly d: number;
      readonly inputs: Float64Array;
      readonly labels: Int32Array;
      readonly weights?: Float64Array;
    };

/**
 * The float64 twin of {@link multiOutputLoss} (same formulas, same flat order). For the squared error with C = 1 the
 * operations are those of the scalar Hessian pass of {@link lossAndDerivatives64}, in the same order. Trustworthy
 * only where nothing cancels (see numerics.md).
 */
export function multiOutputLoss64(
  net: MultiOutputNetwork,
  data: MultiOutputDataset64,
  flat: Float64Array,
  options: { readonly gradient?: boolean; readonly hessian?: boolean } = {},
): LossResult64 {
  const { gradient = true, hessian = false } = options;
  const { layout, activation } = net;
  const m = rowLength(layout);
  const r = layout.width;
  const C = layout.outputs;
  const P = multiOutputParameterCount(layout);
  if (flat.length !== P)
    throw new RangeError(`multiOutputLoss64: expected ${P} parameters, got ${flat.length}`);
  const aOffset = r * m;
  const bOffset = aOffset + C * r;
  const { n: N, d } = data;
  const order = hessian ? 2 : gradient ? 1 : 0;
  const xt = new Float64Array(m);
  const ds = new Float64Array(3);
  const s0 = new Float64Array(r);
  const s1 = new Float64Array(r);
  const s2 = new Float64Array(r);
  const f = new Float64Array(C);
  const gam = new Float64Array(C);
  const Jc = new Float64Array(r * m + r + 1);
  const u = new Float64Array(r * m);
  const gbar = new Float64Array(r);
  const B = new Float64Array(C * r);
  const G = new Float64Array(r * r);
  const grad = new Float64Array(P);
  const H = new Float64Array(hessian ? P * P : 0);
  const mse = data.loss === 'mse';
  let loss = 0;
  for (let n = 0; n < N; n++) {
    for (let j = 0; j < d; j++) xt[j] = data.inputs[n * d + j] as number;
    if (layout.hiddenBias) xt[d] = 1;
    const rho = data.weights === undefined ? 1 : (data.weights[n] as number);
    for (let k = 0; k < r; k++) {
      let z = 0;
      for (let j = 0; j < m; j++) z += (flat[k * m + j] as number) * (xt[j] as number);
      activation.derivatives64(z, order, ds);
      s0[k] = ds[0] as number;
      s1[k] = order >= 1 ? (ds[1] as number) : 0;
      s2[k] = order >= 2 ? (ds[2] as number) : 0;
    }
    for (let c = 0; c < C; c++) {
      let fc = layout.outputBias ? (flat[bOffset + c] as number) : 0;
      for (let k = 0; k < r; k++) fc += (flat[aOffset + c * r + k] as number) * (s0[k] as number);
      f[c] = fc;
    }
    if (mse) {
      for (let c = 0; c < C; c++) {
        const res = (f[c] as number) - (data.targets[n * C + c] as number);
        loss += rho * res * res;
        gam[c] = rho * res;
      }
      if (!gradient && !hessian) continue;
      for (let c = 0; c < C; c++) {
        const rr = gam[c] as number;
        for (let k = 0; k < r; k++) {
          const ad1 = (flat[aOffset + c * r + k] as number) * (s1[k] as number);
          for (let j = 0; j < m; j++) Jc[k * m + j] = ad1 * (xt[j] as number);
          Jc[r * m + k] = s0[k] as number;
        }
        Jc[r * m + r] = 1;
        const nSup = r * m + r + (layout.outputBias ? 1 : 0);
        const at = (t: number): number =>
          t < r * m ? t : t < r * m + r ? aOffset + c * r + (t - r * m) : bOffset + c;
        for (let t = 0; t < nSup; t++) grad[at(t)] = (grad[at(t)] as number) + rr * (Jc[t] as number);
        if (!hessian) continue;
        for (let t = 0; t < nSup; t++) {
          const rJi = rho * (Jc[t] as number);
          const row = at(t) * P;
          for (let t2 = t; t2 < nSup; t2++)
            H[row + at(t2)] = (H[row + at(t2)] as number) + rJi * (Jc[t2] as number);
        }
      }
      if (!hessian) continue;
      for (let c = 0; c < C; c++) {
        const rr = gam[c] as number;
        for (let k = 0; k < r; k++) {
          const c2 = rr * (flat[aOffset + c * r + k] as number) * (s2[k] as number);
          const c1 = rr * (s1[k] as number);
          for (let j = 0; j < m; j++) {
            const row = (k * m + j) * P;
            for (let l = j; l < m; l++)
              H[row + k * m + l] =
                (H[row + k * m + l] as number) + c2 * (xt[j] as number) * (xt[l] as number);
            H[row + aOffset + c * r + k] = (H[row + aOffset + c * r + k] as number) + c1 * (xt[j] as number);
          }
        }
      }
      continue;
    }
    const label = data.labels[n] as number;
    loss += rho * softmaxCrossEntropy64(f, label, gam);
    if (!gradient && !hessian) continue;
    for (let k = 0; k < r; k++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += (gam[c] as number) * (flat[aOffset + c * r + k] as number);
      gbar[k] = rho * s;
      for (let j = 0; j < m; j++) {
        u[k * m + j] = (s1[k] as number) * (xt[j] as number);
        grad[k * m + j] = (grad[k * m + j] as number) + (gbar[k] as number) * (u[k * m + j] as number);
      }
    }
    for (let c = 0; c < C; c++) {
      const rg = rho * (gam[c] as number);
      for (let k = 0; k < r; k++)
        grad[aOffset + c * r + k] = (grad[aOffset + c * r + k] as number) + rg * (s0[k] as number);
      if (layout.outputBias) grad[bOffset + c] = (grad[bOffset + c] as number) + rg;
    }
    if (!hessian) continue;
    // gam holds p − e_y: p_y = 1 + gam_y, and 1 − p_y = −gam_y = Σ_{c≠y} p_c without cancellation.
    const pr = (c: number): number => (c === label ? 1 + (gam[c] as number) : (gam[c] as number));
    for (let k = 0; k < r; k++) {
      let mean = 0;
      for (let c = 0; c < C; c++) mean += pr(c) * (flat[aOffset + c * r + k] as number);
      for (let c = 0; c < C; c++) B[c * r + k] = (flat[aOffset + c * r + k] as number) - mean;
    }
    for (let k = 0; k < r; k++) {
      for (let k2 = k; k2 < r; k2++) {
        let s = 0;
        for (let c = 0; c < C; c++) s += pr(c) * (B[c * r + k] as number) * (B[c * r + k2] as number);
        G[k * r + k2] = rho * s;
      }
    }
    const hf = (c: number, c2: number): number =>
      rho * (c === c2 ? pr(c) * (c === label ? -(gam[c] as number) : 1 - pr(c)) : -pr(c) * pr(c2));
    for (let k = 0; k < r; k++) {
      const c2k = (gbar[k] as number) * (s2[k] as number);
      for (let j = 0; j < m; j++) {
        const i = k * m + j;
        const ui = u[i] as number;
        const row = i * P;
        for (let k2 = k; k2 < r; k2++) {
          const Gu = (G[k * r + k2] as number) * ui;
          for (let l = k2 === k ? j : 0; l < m; l++) {
            H[row + k2 * m + l] = (H[row + k2 * m + l] as number) + Gu * (u[k2 * m + l] as number);
            if (k2 === k)
              H[row + k * m + l] =
                (H[row + k * m + l] as number) + c2k * (xt[j] as number) * (xt[l] as number);
          }
        }
        for (let c = 0; c < C; c++) {
          const hu = rho * pr(c) * (B[c * r + k] as number) * ui;
          for (let k2 = 0; k2 < r; k2++)
            H[row + aOffset + c * r + k2] =
              (H[row + aOffset + c * r + k2] as number) + hu * (s0[k2] as number);
          H[row + aOffset + c * r + k] =
            (H[row + aOffset + c * r + k] as number) + rho * (gam[c] as number) * ui;
          if (layout.outputBias) H[row + bOffset + c] = (H[row + bOffset + c] as number) + hu;
        }
      }
    }
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < r; k++) {
        const row = (aOffset + c * r + k) * P;
        for (let c2 = c; c2 < C; c2++) {
          const hs = hf(c, c2) * (s0[k] as number);
          for (let k2 = c2 === c ? k : 0; k2 < r; k2++)
            H[row + aOffset + c2 * r + k2] =
              (H[row + aOffset + c2 * r + k2] as number) + hs * (s0[k2] as number);
        }
        if (layout.outputBias)
          for (let c2 = 0; c2 < C; c2++)
            H[row + bOffset + c2] = (H[row + bOffset + c2] as number) + hf(c, c2) * (s0[k] as number);
      }
      if (layout.outputBias)
        for (let c2 = c; c2 < C; c2++)
          H[(bOffset + c) * P + bOffset + c2] = (H[(bOffset + c) * P + bOffset + c2] as number) + hf(c, c2);
    }
  }
  const scale = mse ? 2 / N : 1 / N;
  for (let i = 0; i < P; i++) {
    grad[i] = (grad[i] as number) * scale;
    if (!hessian) continue;
    for (let j = i; j < P; j++) {
      const v = (H[i * P + j] as number) * scale;
      H[i * P + j] = v;
      H[j * P + i] = v;
    }
  }
  const out: { loss: number; gradient?: Float64Array; hessian?: Float64Array } = { loss: loss / N };
  if (gradient) out.gradient = grad;
  if (hessian) out.hessian = H;
  return out;
}
