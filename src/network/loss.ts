import type { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import { roundTo, withGuard, type Precision } from '../precision/context.js';
import type { Dataset } from './dataset.js';
import {
  Accumulators,
  BF_ZERO,
  bfFromDecimal,
  bfMul,
  bfToDecimal,
  workingBits,
  type BinaryFloat,
} from './_internals/binary-float.js';
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
}

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

  // The sums over samples run in binary floating point with BigInt mantissas of W bits (W ≥ g.digits·log₂10): the
  // same precision as g-digit decimals, without a Decimal allocation per operation (see binary-float.ts). The
  // network output f and the residual stay Decimal (they may cancel and are few); everything else is a product of
  // W-bit factors added exactly at a resolution below W bits of the sum.
  const W = workingBits(g.digits);
  const toBf = (v: Decimal): BinaryFloat => bfFromDecimal(v, W);
  const aBf = params.a.map((v) => toBf(v));
  // Sums: [0] the loss, [1, P] the gradient, then the upper triangle of the Hessian row by row.
  const GRAD = 1;
  const HESS = 1 + P;
  const hIndex = (i: number, j: number): number => HESS + i * P + j;
  const sums = new Accumulators(HESS + (hessian ? P * P : 0), W);
  const one = new g.D(1);
  const ONE_BF = toBf(one);
  const J: BinaryFloat[] = new Array<BinaryFloat>(P).fill(BF_ZERO);
  const xxBf: BinaryFloat[] = new Array<BinaryFloat>(m * m).fill(BF_ZERO);

  for (let n = 0; n < N; n++) {
    const x = data.inputs[n];
    const y = data.targets[n];
    if (x === undefined || y === undefined) throw new RangeError(`lossAndDerivatives: sample ${n} missing`);
    const xt = layout.hiddenBias ? [...x.map((v) => new g.D(v)), one] : x.map((v) => new g.D(v));
    const rhoDec = data.weights?.[n];
    const rho = rhoDec === undefined ? ONE_BF : toBf(new g.D(rhoDec));
    // σ^(j)(z_k) for j ≤ order, per neuron.
    const s: (readonly Decimal[])[] = [];
    let f = params.b ?? zero;
    for (let k = 0; k < r; k++) {
      const wk = params.w[k] as readonly Decimal[];
      let z = zero;
      for (let j = 0; j < m; j++) z = z.plus((wk[j] as Decimal).times(xt[j] as Decimal));
      const sk = activation.derivatives(z, order, g);
      s.push(sk);
      f = f.plus((params.a[k] as Decimal).times(sk[0] as Decimal));
    }
    const res = toBf(f.minus(y));
    const rr = bfMul(rho, res, W);
    sums.add(0, bfMul(rr, res, W));
    if (!gradient && !hessian) continue;

    // J = ∇f at this sample, in the flat order.
    const xtBf = xt.map(toBf);
    const sBf = s.map((sk) => sk.map(toBf));
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

  const sum = (i: number): Decimal => bfToDecimal(sums.get(i), g);
  const scale = new g.D(2).div(N);
  const result: { loss: Decimal; gradient?: Decimal[]; hessian?: Decimal[][] } = {
    loss: roundTo(p, sum(0).div(N)),
  };
  if (gradient) result.gradient = Array.from({ length: P }, (_, i) => roundTo(p, sum(GRAD + i).times(scale)));
  if (hessian) {
    const H: Decimal[][] = Array.from({ length: P }, () => new Array<Decimal>(P).fill(zero));
    for (let i = 0; i < P; i++) {
      const row = H[i] as Decimal[];
      for (let j = i; j < P; j++) row[j] = roundTo(p, sum(hIndex(i, j)).times(scale));
      for (let j = 0; j < i; j++) row[j] = (H[j] as Decimal[])[i] as Decimal;
    }
    result.hessian = H;
  }
  return result;
}
