import type { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import { integerOption, knownOptions } from '../errors.js';
import { OutOfRangeError } from '../precision/out-of-range-error.js';
import { MAX_INTERNAL_DIGITS, roundTo, withGuard, type Precision } from '../precision/context.js';
import type { Dataset } from './dataset.js';
import {
  Accumulators,
  BF_ZERO,
  bfMul,
  bfToDecimalScaled,
  workingBits,
  type BinaryFloat,
} from './_internals/binary-float.js';
import { binaryDerivativesOf } from './_internals/binary-activation.js';
import { activationAt, cachedBinary, exactDot, exactSum } from './_internals/binary-sample.js';
import { parameterCount, rowLength, unflatten, type Layout } from './params.js';

/** A two-layer network: its layout and activation. */
export interface Network {
  readonly layout: Layout;
  readonly activation: Activation;
}

/** What to compute besides the loss. */
export interface LossOptions {
  /** Compute ∇L. Default true. */
  readonly gradient?: boolean;
  /** Compute ∇²L. Default false. */
  readonly hessian?: boolean;
  /**
   * Guard digits for the sums over samples and neurons. Default 10, enough for sums of up to ~10⁸ terms when
   * outputs do not cancel; on a channel, where two terms of size |A| cancel, callers add about 3·log₁₀|A| digits.
   */
  readonly guard?: number;
  /**
   * Called with (samples done, samples in all) every {@link LOSS_PROGRESS_EVERY} samples while the sums run (not
   * at 0 nor at the end), so a command can show progress on 10⁵–10⁶ samples. Default: none.
   */
  readonly onProgress?: (done: number, total: number) => void;
}

/** How many samples {@link lossAndDerivatives} sums between two calls of `onProgress` (a call costs nothing
 * beside ~4096 samples of binary work: no measurable slowdown, see test/network/loss-progress.test.ts). */
export const LOSS_PROGRESS_EVERY = 4096;

export interface LossResult {
  readonly loss: Decimal;
  readonly gradient?: readonly Decimal[];
  /** Row-major, symmetric, in the flat parameter order. */
  readonly hessian?: readonly (readonly Decimal[])[];
}

/**
 * Loss L = (1/N) Σ_n ρ_n r_n², r_n = f(x_n) − y_n, and its exact gradient and Hessian (hand-derived, mathematics.md §1):
 *   ∂f/∂a_k = σ(z_k),  ∂f/∂w_kj = a_k σ′(z_k) x̃_j,  ∂f/∂b = 1,
 *   ∂²f/∂w_kj∂w_kl = a_k σ″(z_k) x̃_j x̃_l,  ∂²f/∂w_kj∂a_k = σ′(z_k) x̃_j  (all other second derivatives vanish),
 *   ∇L = (2/N) Σ ρ r ∇f,   ∇²L = (2/N) Σ ρ (∇f ∇fᵀ + r ∇²f),
 * with z_k = w_k·x̃ and x̃ = (x, 1) when hidden biases are on. Results are rounded to `p.digits`.
 */
export function lossAndDerivatives(
  net: Network,
  data: Dataset,
  flat: readonly Decimal[],
  p: Precision,
  options: LossOptions = {},
): LossResult {
  const { gradient = true, hessian = false, guard = 10 } = options;
  const onProgress = options.onProgress;
  knownOptions('lossAndDerivatives', options, ['gradient', 'hessian', 'guard', 'onProgress']);
  integerOption('lossAndDerivatives', 'guard', guard, 0, MAX_INTERNAL_DIGITS - p.digits);
  const { layout, activation } = net;
  const g = withGuard(p, guard);
  const params = unflatten(
    layout,
    flat.map((v) => new g.D(v)),
  );
  const m = rowLength(layout);
  const r = layout.width;
  const P = parameterCount(layout);
  const aOffset = r * m;
  const order = hessian ? 2 : gradient ? 1 : 0;
  const zero = new g.D(0);
  const N = data.targets.length;
  if (N === 0) throw new RangeError('lossAndDerivatives: empty dataset');

  // Everything per sample runs in binary: inputs, targets and weights are read once per Decimal (cached, see
  // binary-sample.ts) with Wx = W + 16 bits; z_k = w_k·x̃ is formed exactly from them; σ^(j)(z_k) come from the
  // activation's binary closed forms as balls whose radius is checked against 2^−W (binary-activation.ts), or from
  // `Activation.derivatives` where there is none; f and the residual are exact sums of those products. The sums over
  // samples then use W-bit products (W ≥ g.digits·log₂10, the precision of g-digit decimals) added exactly at a
  // resolution below W bits of the sum (binary-float.ts). No Decimal is built per sample.
  const W = workingBits(g.digits);
  const Wx = W + 16;
  const toBf = (v: Decimal): BinaryFloat => cachedBinary(v, Wx, W);
  const wBf = params.w.map((row) => row.map((v) => cachedBinary(v, Wx, Wx)));
  const aX = params.a.map((v) => cachedBinary(v, Wx, Wx));
  const aBf = params.a.map((v) => toBf(v));
  const bX = params.b === undefined ? undefined : cachedBinary(params.b, Wx, Wx);
  // Sums: [0] the loss, [1, P] the gradient, then the upper triangle of the Hessian row by row.
  const GRAD = 1;
  const HESS = 1 + P;
  const hIndex = (i: number, j: number): number => HESS + i * P + j;
  const sums = new Accumulators(HESS + (hessian ? P * P : 0), W);
  const ONE_BF: BinaryFloat = { m: 1n, e: 0 };
  const J: BinaryFloat[] = new Array<BinaryFloat>(P).fill(BF_ZERO);
  const xxBf: BinaryFloat[] = new Array<BinaryFloat>(m * m).fill(BF_ZERO);
  const kernel = binaryDerivativesOf(activation);
  const xtX: BinaryFloat[] = new Array<BinaryFloat>(m).fill(ONE_BF);
  const xtBf: BinaryFloat[] = new Array<BinaryFloat>(m).fill(ONE_BF);
  const sBf: BinaryFloat[][] = Array.from({ length: r }, () => []);
  const terms: BinaryFloat[] = [];
  // The registered smooth activations have no exact zero of σ, σ′, σ″ at |z| ≥ 1000 (their zeros lie within a few
  // units of 0; see the activation command), so an exact 0 there is a value below the Decimal range: erf′(1e9) is
  // e^(−1e18)·2/√π. Summed with other samples it changes no digit, but an entry made only of such terms came out
  // as an exact 0 (∂L/∂w with one input of 5e9 under erf): the first such sample is kept to refuse that below.
  const saturates = activation.kind === 'registered' && activation.smooth;
  let underflowAt: number | undefined;

  for (let n = 0; n < N; n++) {
    if (onProgress !== undefined && n > 0 && n % LOSS_PROGRESS_EVERY === 0) onProgress(n, N);
    const x = data.inputs[n];
    const y = data.targets[n];
    if (x === undefined || y === undefined) throw new RangeError(`lossAndDerivatives: sample ${n} missing`);
    for (let j = 0; j < x.length; j++) {
      xtX[j] = cachedBinary(x[j] as Decimal, Wx, Wx);
      xtBf[j] = cachedBinary(x[j] as Decimal, Wx, W);
    }
    const rhoDec = data.weights?.[n];
    const rho = rhoDec === undefined ? ONE_BF : toBf(rhoDec);
    // σ^(j)(z_k) for j ≤ order, per neuron; f = b + Σ a_k σ(z_k) − y exactly (up to the σ's own radii).
    terms.length = 0;
    if (bX !== undefined) terms.push(bX);
    for (let k = 0; k < r; k++) {
      const z = exactDot(wBf[k] as BinaryFloat[], xtX, m, Wx);
      const sk = activationAt(activation, kernel, z, order, W, g);
      sBf[k] = sk;
      if (saturates && underflowAt === undefined && sk.some((s) => s.m === 0n) && z.m !== 0n) {
        if (z.t > 0 || (z.m < 0n ? -z.m : z.m).toString(2).length + z.e > 10) underflowAt = n;
      }
      const a = aX[k] as BinaryFloat;
      const s0 = sk[0] as BinaryFloat;
      terms.push({ m: a.m * s0.m, e: a.e + s0.e });
    }
    const yX = cachedBinary(y, Wx, Wx);
    terms.push({ m: -yX.m, e: yX.e });
    const res = exactSum(terms, W);
    const rr = bfMul(rho, res, W);
    sums.add(0, bfMul(rr, res, W));
    if (!gradient && !hessian) continue;

    // J = ∇f at this sample, in the flat order.
    for (let k = 0; k < r; k++) {
      const sk = sBf[k] as BinaryFloat[];
      const ad1 = bfMul(aBf[k] as BinaryFloat, sk[1] as BinaryFloat, W);
      for (let j = 0; j < m; j++) J[k * m + j] = bfMul(ad1, xtBf[j] as BinaryFloat, W);
      J[aOffset + k] = sk[0] as BinaryFloat;
    }
    if (layout.outputBias) J[P - 1] = ONE_BF;
    for (let i = 0; i < P; i++) sums.add(GRAD + i, bfMul(rr, J[i] as BinaryFloat, W));

    if (!hessian) continue;
    for (let i = 0; i < P; i++) {
      const rJi = bfMul(rho, J[i] as BinaryFloat, W);
      for (let j = i; j < P; j++) sums.add(hIndex(i, j), bfMul(rJi, J[j] as BinaryFloat, W));
    }
    for (let j = 0; j < m; j++) {
      for (let l = j; l < m; l++) xxBf[j * m + l] = bfMul(xtBf[j] as BinaryFloat, xtBf[l] as BinaryFloat, W);
    }
    for (let k = 0; k < r; k++) {
      const sk = sBf[k] as BinaryFloat[];
      const c2 = bfMul(bfMul(rr, aBf[k] as BinaryFloat, W), sk[2] as BinaryFloat, W);
      const c1 = bfMul(rr, sk[1] as BinaryFloat, W);
      for (let j = 0; j < m; j++) {
        const rowIdx = k * m + j;
        for (let l = j; l < m; l++)
          sums.add(hIndex(rowIdx, k * m + l), bfMul(c2, xxBf[j * m + l] as BinaryFloat, W));
        sums.add(hIndex(rowIdx, aOffset + k), bfMul(c1, xtBf[j] as BinaryFloat, W));
      }
    }
  }

  // Each sum is converted once, scaled by 1/N or 2/N exactly and cut to g digits, then rounded to p.
  const value = (i: number, k: number): Decimal =>
    roundTo(p, bfToDecimalScaled(sums.get(i), k, N, g.digits, g));
  const scale = 2;
  const result: { loss: Decimal; gradient?: Decimal[]; hessian?: Decimal[][] } = {
    loss: value(0, 1),
  };
  if (gradient) result.gradient = Array.from({ length: P }, (_, i) => value(GRAD + i, scale));
  if (hessian) {
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
      `lossAndDerivatives: ${activation.name} or a derivative underflows the Decimal range at sample ${underflowAt + 1} (|w·x| too large), and a result that depends on it would be an exact 0`,
    );
  }
  return result;
}
