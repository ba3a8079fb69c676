import type { Decimal } from 'decimal.js';
import { integerOption, knownOptions } from '../errors.js';
import { OutOfRangeError } from '../precision/out-of-range-error.js';
import { MAX_INTERNAL_DIGITS, roundTo, withGuard, type Precision } from '../precision/context.js';
import {
  Accumulators,
  BF_ZERO,
  bfFromDecimal,
  bfMul,
  bfToDecimal,
  bfToDecimalScaled,
  workingBits,
  type BinaryFloat,
} from './_internals/binary-float.js';
import { binaryDerivativesOf } from './_internals/binary-activation.js';
import { activationAt, cachedBinary, exactDot, exactSum } from './_internals/binary-sample.js';
import { softmaxCrossEntropy, softmaxHessian } from './cross-entropy.js';
import { LOSS_PROGRESS_EVERY, type LossOptions, type LossResult } from './loss.js';
import { rowLength } from './params.js';
import {
  multiOutputParameterCount,
  unflattenMultiOutput,
  type MultiOutputNetwork,
} from './multi-output-params.js';

/** The two losses of a network with C outputs. */
export type MultiOutputLossKind = 'mse' | 'cross-entropy';

/**
 * Data for a network with C outputs at one precision: inputs (rows of dimension d), optional weights ρ_n ≥ 0, and
 * either C targets per sample (mean squared error) or one integer label in 0…C−1 per sample (softmax
 * cross-entropy).
 */
export type MultiOutputDataset =
  | {
      readonly loss: 'mse';
      readonly inputs: readonly (readonly Decimal[])[];
      readonly targets: readonly (readonly Decimal[])[];
      readonly weights?: readonly Decimal[];
    }
  | {
      readonly loss: 'cross-entropy';
      readonly inputs: readonly (readonly Decimal[])[];
      readonly labels: readonly number[];
      readonly weights?: readonly Decimal[];
    };

/** Number of samples of a multi-output dataset. */
export function multiOutputSampleCount(data: MultiOutputDataset): number {
  return data.loss === 'mse' ? data.targets.length : data.labels.length;
}

/**
 * Loss, exact gradient and Hessian of a two-layer network with C outputs, f(x) = A σ(W x̃) + b (x̃ = (x, 1) with
 * hidden biases), in the flat order of {@link flattenMultiOutput} (W row by row, A row by row, b):
 *
 * * mean squared error L = (1/N) Σ_n ρ_n ‖f(x_n) − y_n‖² (no ½, as the scalar loss): ∇L = (2/N) Σ ρ Σ_c r_c ∇f_c,
 *   ∇²L = (2/N) Σ ρ Σ_c (∇f_c ∇f_cᵀ + r_c ∇²f_c), r_c = f_c − y_c. With C = 1 every operation is the scalar
 *   kernel's ({@link lossAndDerivatives}), in the same order, so the results are the same Decimals.
 * * softmax cross-entropy with integer labels, the mean over samples L = (1/N) Σ_n ρ_n (log Σ_c e^{f_c(x_n)} −
 *   f_{y_n}(x_n)) (natural log, no temperature): ∇L = (1/N) Σ ρ Jᵀ(p − e_y), ∇²L = (1/N) Σ ρ (Jᵀ (diag p − ppᵀ) J +
 *   Σ_c (p − e_y)_c ∇²f_c), J = ∂f/∂θ, p = softmax(f). The W–W Gauss–Newton block is u_kj u_k'l G_kk' with
 *   G = Aᵀ(diag p − ppᵀ)A = Σ_c p_c (A_c − Ā)(A_c − Ā)ᵀ, Ā = Σ_c p_c A_c (a sum of squares: no cancellation).
 *
 * The per-sample arithmetic is the scalar kernel's (binary floats of W ≥ g.digits·log₂10 bits, exact sums, σ^(j)
 * with checked error bounds); the softmax of each sample is taken in Decimal with 8 more digits (a stable
 * log-sum-exp, {@link softmaxCrossEntropy}). Results are rounded to `p.digits`.
 */
export function multiOutputLoss(
  net: MultiOutputNetwork,
  data: MultiOutputDataset,
  flat: readonly Decimal[],
  p: Precision,
  options: LossOptions = {},
): LossResult {
  const { gradient = true, hessian = false, guard = 10 } = options;
  const onProgress = options.onProgress;
  knownOptions('multiOutputLoss', options, ['gradient', 'hessian', 'guard', 'onProgress']);
  integerOption('multiOutputLoss', 'guard', guard, 0, MAX_INTERNAL_DIGITS - p.digits - 8);
  const { layout, activation } = net;
  const g = withGuard(p, guard);
  const params = unflattenMultiOutput(
    layout,
    flat.map((v) => new g.D(v)),
  );
  const m = rowLength(layout);
  const r = layout.width;
  const C = layout.outputs;
  const P = multiOutputParameterCount(layout);
  const aOffset = r * m;
  const bOffset = aOffset + C * r;
  const order = hessian ? 2 : gradient ? 1 : 0;
  const N = multiOutputSampleCount(data);
  if (N === 0) throw new RangeError('multiOutputLoss: empty dataset');
  if (data.inputs.length !== N) throw new RangeError('multiOutputLoss: inputs and targets differ in count');
  const mse = data.loss === 'mse';

  const W = workingBits(g.digits);
  const Wx = W + 16;
  const toBf = (v: Decimal): BinaryFloat => cachedBinary(v, Wx, W);
  const wBf = params.w.map((row) => row.map((v) => cachedBinary(v, Wx, Wx)));
  const aX = params.a.map((row) => row.map((v) => cachedBinary(v, Wx, Wx)));
  const aBf = params.a.map((row) => row.map((v) => toBf(v)));
  const bX = params.b?.map((v) => cachedBinary(v, Wx, Wx));
  const GRAD = 1;
  const HESS = 1 + P;
  const hIndex = (i: number, j: number): number => HESS + i * P + j;
  const sums = new Accumulators(HESS + (hessian ? P * P : 0), W);
  const ONE_BF: BinaryFloat = { m: 1n, e: 0 };
  const kernel = binaryDerivativesOf(activation);
  const xtX: BinaryFloat[] = new Array<BinaryFloat>(m).fill(ONE_BF);
  const xtBf: BinaryFloat[] = new Array<BinaryFloat>(m).fill(ONE_BF);
  const xxBf: BinaryFloat[] = new Array<BinaryFloat>(m * m).fill(BF_ZERO);
  const sBf: BinaryFloat[][] = Array.from({ length: r }, () => []);
  // Indices where ∇f_c can be nonzero: all of W, row c of A, b_c (ascending, so pairs i ≤ j follow the scalar order).
  const support: number[][] = Array.from({ length: C }, (_, c) => [
    ...Array.from({ length: r * m }, (_, i) => i),
    ...Array.from({ length: r }, (_, k) => aOffset + c * r + k),
    ...(layout.outputBias ? [bOffset + c] : []),
  ]);
  const J: BinaryFloat[] = new Array<BinaryFloat>(r * m + r + 1).fill(BF_ZERO);
  const u: BinaryFloat[] = new Array<BinaryFloat>(r * m).fill(BF_ZERO);
  const saturates = activation.kind === 'registered' && activation.smooth;
  let underflowAt: number | undefined;

  for (let n = 0; n < N; n++) {
    if (onProgress !== undefined && n > 0 && n % LOSS_PROGRESS_EVERY === 0) onProgress(n, N);
    const x = data.inputs[n];
    if (x === undefined) throw new RangeError(`multiOutputLoss: sample ${n} missing`);
    for (let j = 0; j < x.length; j++) {
      xtX[j] = cachedBinary(x[j] as Decimal, Wx, Wx);
      xtBf[j] = cachedBinary(x[j] as Decimal, Wx, W);
    }
    const rhoDec = data.weights?.[n];
    const rho = rhoDec === undefined ? ONE_BF : toBf(rhoDec);
    for (let k = 0; k < r; k++) {
      const z = exactDot(wBf[k] as BinaryFloat[], xtX, m, Wx);
      const sk = activationAt(activation, kernel, z, order, W, g);
      sBf[k] = sk;
      if (saturates && underflowAt === undefined && sk.some((s) => s.m === 0n) && z.m !== 0n) {
        if (z.t > 0 || (z.m < 0n ? -z.m : z.m).toString(2).length + z.e > 10) underflowAt = n;
      }
    }
    // f_c (minus y_c for the squared error) as exact sums of exact products, as the scalar kernel forms f − y.
    const outputSum = (c: number, target: Decimal | undefined): BinaryFloat => {
      const terms: BinaryFloat[] = [];
      if (bX !== undefined) terms.push(bX[c] as BinaryFloat);
      for (let k = 0; k < r; k++) {
        const a = (aX[c] as BinaryFloat[])[k] as BinaryFloat;
        const s0 = (sBf[k] as BinaryFloat[])[0] as BinaryFloat;
        terms.push({ m: a.m * s0.m, e: a.e + s0.e });
      }
      if (target !== undefined) {
        const yX = cachedBinary(target, Wx, Wx);
        terms.push({ m: -yX.m, e: yX.e });
      }
      return exactSum(terms, W);
    };

    if (mse) {
      const y = data.targets[n];
      if (y === undefined || y.length !== C)
        throw new RangeError(`multiOutputLoss: sample ${n} needs ${C} targets`);
      const rr: BinaryFloat[] = [];
      for (let c = 0; c < C; c++) {
        const res = outputSum(c, y[c] as Decimal);
        const rrc = bfMul(rho, res, W);
        rr.push(rrc);
        sums.add(0, bfMul(rrc, res, W));
      }
      if (!gradient && !hessian) continue;
      const gn: BinaryFloat[][] = [];
      for (let c = 0; c < C; c++) {
        // ∇f_c on its support, as the scalar kernel's J.
        const ac = aBf[c] as BinaryFloat[];
        const sup = support[c] as number[];
        for (let k = 0; k < r; k++) {
          const sk = sBf[k] as BinaryFloat[];
          const ad1 = bfMul(ac[k] as BinaryFloat, sk[1] as BinaryFloat, W);
          for (let j = 0; j < m; j++) J[k * m + j] = bfMul(ad1, xtBf[j] as BinaryFloat, W);
          J[r * m + k] = sk[0] as BinaryFloat;
        }
        if (layout.outputBias) J[r * m + r] = ONE_BF;
        const rrc = rr[c] as BinaryFloat;
        for (let t = 0; t < sup.length; t++)
          sums.add(GRAD + (sup[t] as number), bfMul(rrc, J[t] as BinaryFloat, W));
        if (hessian) gn.push(J.slice(0, sup.length));
      }
      if (!hessian) continue;
      for (let c = 0; c < C; c++) {
        const Jc = gn[c] as BinaryFloat[];
        const sup = support[c] as number[];
        for (let t = 0; t < sup.length; t++) {
          const rJi = bfMul(rho, Jc[t] as BinaryFloat, W);
          const i = sup[t] as number;
          for (let t2 = t; t2 < sup.length; t2++)
            sums.add(hIndex(i, sup[t2] as number), bfMul(rJi, Jc[t2] as BinaryFloat, W));
        }
      }
      for (let j = 0; j < m; j++) {
        for (let l = j; l < m; l++)
          xxBf[j * m + l] = bfMul(xtBf[j] as BinaryFloat, xtBf[l] as BinaryFloat, W);
      }
      for (let c = 0; c < C; c++) {
        const rrc = rr[c] as BinaryFloat;
        const ac = aBf[c] as BinaryFloat[];
        for (let k = 0; k < r; k++) {
          const sk = sBf[k] as BinaryFloat[];
          const c2 = bfMul(bfMul(rrc, ac[k] as BinaryFloat, W), sk[2] as BinaryFloat, W);
          const c1 = bfMul(rrc, sk[1] as BinaryFloat, W);
          for (let j = 0; j < m; j++) {
            const rowIdx = k * m + j;
            for (let l = j; l < m; l++)
              sums.add(hIndex(rowIdx, k * m + l), bfMul(c2, xxBf[j * m + l] as BinaryFloat, W));
            sums.add(hIndex(rowIdx, aOffset + c * r + k), bfMul(c1, xtBf[j] as BinaryFloat, W));
          }
        }
      }
      continue;
    }

    // Softmax cross-entropy: the logits exactly, the softmax in Decimal (8 more digits), the rest in binary.
    const label = data.labels[n];
    if (label === undefined || !Number.isInteger(label) || label < 0 || label >= C)
      throw new RangeError(`multiOutputLoss: sample ${n}: label ${String(label)} is not in 0…${C - 1}`);
    const logits = Array.from({ length: C }, (_, c) => bfToDecimal(outputSum(c, undefined), g));
    const ce = softmaxCrossEntropy(logits, label, withGuard(g, 8));
    sums.add(0, bfMul(rho, bfFromDecimal(ce.loss, W), W));
    if (!gradient && !hessian) continue;
    const rg = ce.gradient.map((v) => bfMul(rho, bfFromDecimal(v, W), W));
    // ḡ_k = Σ_c ρ γ_c A_ck: the readout of the logit gradient through each neuron.
    const gbar = Array.from({ length: r }, (_, k) =>
      exactSum(
        rg.map((v, c) => bfMul(v, (aBf[c] as BinaryFloat[])[k] as BinaryFloat, W)),
        W,
      ),
    );
    for (let k = 0; k < r; k++) {
      const sk = sBf[k] as BinaryFloat[];
      for (let j = 0; j < m; j++) {
        u[k * m + j] = bfMul(sk[1] as BinaryFloat, xtBf[j] as BinaryFloat, W);
        sums.add(GRAD + k * m + j, bfMul(gbar[k] as BinaryFloat, u[k * m + j] as BinaryFloat, W));
      }
    }
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < r; k++)
        sums.add(
          GRAD + aOffset + c * r + k,
          bfMul(rg[c] as BinaryFloat, (sBf[k] as BinaryFloat[])[0] as BinaryFloat, W),
        );
      if (layout.outputBias) sums.add(GRAD + bOffset + c, rg[c] as BinaryFloat);
    }
    if (!hessian) continue;
    const prob = ce.probabilities.map((v) => bfFromDecimal(v, W));
    const rp = prob.map((v) => bfMul(rho, v, W));
    // B_ck = A_ck − Ā_k, Ā_k = Σ_c p_c A_ck; G_kk' = ρ Σ_c p_c B_ck B_ck'; (H_f A)_{ck} = ρ p_c B_ck.
    const B = aBf.map((row) =>
      row.map((a, k) => {
        const terms = prob.map((pc, c) => {
          const t = bfMul(pc, (aBf[c] as BinaryFloat[])[k] as BinaryFloat, W);
          return { m: -t.m, e: t.e };
        });
        return exactSum([a, ...terms], W);
      }),
    );
    const G: BinaryFloat[] = new Array<BinaryFloat>(r * r).fill(BF_ZERO);
    for (let k = 0; k < r; k++) {
      for (let k2 = k; k2 < r; k2++) {
        G[k * r + k2] = exactSum(
          B.map((row, c) =>
            bfMul(bfMul(rp[c] as BinaryFloat, row[k] as BinaryFloat, W), row[k2] as BinaryFloat, W),
          ),
          W,
        );
      }
    }
    const HA = B.map((row, c) => row.map((v) => bfMul(rp[c] as BinaryFloat, v, W)));
    const Hf = softmaxHessian(ce.probabilities, g).map((row) =>
      row.map((v) => bfMul(rho, bfFromDecimal(v, W), W)),
    );
    for (let k = 0; k < r; k++) {
      const sk = sBf[k] as BinaryFloat[];
      const c2 = bfMul(gbar[k] as BinaryFloat, sk[2] as BinaryFloat, W);
      for (let j = 0; j < m; j++) {
        const i = k * m + j;
        const ui = u[i] as BinaryFloat;
        // W–W: Gauss–Newton u_kj u_k'l G_kk', plus ḡ_k σ″_k x_j x_l on the diagonal block.
        for (let k2 = k; k2 < r; k2++) {
          const Gu = bfMul(G[k * r + k2] as BinaryFloat, ui, W);
          for (let l = k2 === k ? j : 0; l < m; l++) {
            sums.add(hIndex(i, k2 * m + l), bfMul(Gu, u[k2 * m + l] as BinaryFloat, W));
            if (k2 === k)
              sums.add(
                hIndex(i, k * m + l),
                bfMul(bfMul(c2, xtBf[j] as BinaryFloat, W), xtBf[l] as BinaryFloat, W),
              );
          }
        }
        // W–A and W–b: (H_f A)_{c k} u_kj σ_k' (+ ρ γ_c u_kj when k' = k), (H_f A)_{c k} u_kj.
        for (let c = 0; c < C; c++) {
          const hu = bfMul((HA[c] as BinaryFloat[])[k] as BinaryFloat, ui, W);
          for (let k2 = 0; k2 < r; k2++) {
            sums.add(
              hIndex(i, aOffset + c * r + k2),
              bfMul(hu, (sBf[k2] as BinaryFloat[])[0] as BinaryFloat, W),
            );
          }
          sums.add(hIndex(i, aOffset + c * r + k), bfMul(rg[c] as BinaryFloat, ui, W));
          if (layout.outputBias) sums.add(hIndex(i, bOffset + c), hu);
        }
      }
    }
    // A–A, A–b, b–b: (H_f)_{cc'} σ_k σ_k', (H_f)_{cc'} σ_k, (H_f)_{cc'}.
    for (let c = 0; c < C; c++) {
      const hrow = Hf[c] as BinaryFloat[];
      for (let k = 0; k < r; k++) {
        const i = aOffset + c * r + k;
        const s0 = (sBf[k] as BinaryFloat[])[0] as BinaryFloat;
        for (let c2 = c; c2 < C; c2++) {
          const hs = bfMul(hrow[c2] as BinaryFloat, s0, W);
          for (let k2 = c2 === c ? k : 0; k2 < r; k2++)
            sums.add(
              hIndex(i, aOffset + c2 * r + k2),
              bfMul(hs, (sBf[k2] as BinaryFloat[])[0] as BinaryFloat, W),
            );
        }
        if (layout.outputBias) {
          for (let c2 = 0; c2 < C; c2++)
            sums.add(hIndex(i, bOffset + c2), bfMul(hrow[c2] as BinaryFloat, s0, W));
        }
      }
      if (layout.outputBias) {
        for (let c2 = c; c2 < C; c2++) sums.add(hIndex(bOffset + c, bOffset + c2), hrow[c2] as BinaryFloat);
      }
    }
  }

  // Each sum is converted once, scaled by 1/N (or 2/N for the squared error's derivatives), cut to g digits and
  // rounded to p.
  const value = (i: number, k: number): Decimal =>
    roundTo(p, bfToDecimalScaled(sums.get(i), k, N, g.digits, g));
  const scale = mse ? 2 : 1;
  const result: { loss: Decimal; gradient?: Decimal[]; hessian?: Decimal[][] } = { loss: value(0, 1) };
  if (gradient) result.gradient = Array.from({ length: P }, (_, i) => value(GRAD + i, scale));
  if (hessian) {
    const zero = new g.D(0);
    const H: Decimal[][] = Array.from({ length: P }, () => new Array<Decimal>(P).fill(zero));
    for (let i = 0; i < P; i++) {
      const row = H[i] as Decimal[];
      for (let j = i; j < P; j++) row[j] = value(hIndex(i, j), scale);
      for (let j = 0; j < i; j++) row[j] = (H[j] as Decimal[])[i] as Decimal;
    }
    result.hessian = H;
  }
  if (
    underflowAt !== undefined &&
    [result.loss, ...(result.gradient ?? []), ...(result.hessian ?? []).flat()].some((v) => v.isZero())
  ) {
    throw new OutOfRangeError(
      `multiOutputLoss: ${activation.name} or a derivative underflows the Decimal range at sample ${underflowAt + 1} (|w·x| too large), and a result that depends on it would be an exact 0`,
    );
  }
  return result;
}
