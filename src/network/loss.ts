import type { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import { roundTo, withGuard, type Precision } from '../precision/context.js';
import type { Dataset } from './dataset.js';
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

  let loss = zero;
  const grad: Decimal[] = gradient || hessian ? new Array<Decimal>(P).fill(zero) : [];
  const hess: Decimal[][] = hessian ? Array.from({ length: P }, () => new Array<Decimal>(P).fill(zero)) : [];

  for (let n = 0; n < N; n++) {
    const x = data.inputs[n];
    const y = data.targets[n];
    if (x === undefined || y === undefined) throw new RangeError(`lossAndDerivatives: sample ${n} missing`);
    const xt = layout.hiddenBias ? [...x.map((v) => new g.D(v)), new g.D(1)] : x.map((v) => new g.D(v));
    const rho = data.weights?.[n] === undefined ? new g.D(1) : new g.D(data.weights[n] as Decimal);
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
    const res = f.minus(y);
    loss = loss.plus(rho.times(res).times(res));
    if (!gradient && !hessian) continue;

    // J = ∇f at this sample, in the flat order.
    const J: Decimal[] = new Array<Decimal>(P).fill(zero);
    for (let k = 0; k < r; k++) {
      const sk = s[k] as readonly Decimal[];
      const ad1 = (params.a[k] as Decimal).times(sk[1] as Decimal);
      for (let j = 0; j < m; j++) J[k * m + j] = ad1.times(xt[j] as Decimal);
      J[aOffset + k] = sk[0] as Decimal;
    }
    if (layout.outputBias) J[P - 1] = new g.D(1);
    const rr = rho.times(res);
    for (let i = 0; i < P; i++) grad[i] = (grad[i] as Decimal).plus(rr.times(J[i] as Decimal));

    if (!hessian) continue;
    for (let i = 0; i < P; i++) {
      const rJi = rho.times(J[i] as Decimal);
      const row = hess[i] as Decimal[];
      for (let j = i; j < P; j++) row[j] = (row[j] as Decimal).plus(rJi.times(J[j] as Decimal));
    }
    for (let k = 0; k < r; k++) {
      const sk = s[k] as readonly Decimal[];
      const c2 = rr.times(params.a[k] as Decimal).times(sk[2] as Decimal);
      const c1 = rr.times(sk[1] as Decimal);
      for (let j = 0; j < m; j++) {
        const rowIdx = k * m + j;
        const row = hess[rowIdx] as Decimal[];
        for (let l = j; l < m; l++) {
          row[k * m + l] = (row[k * m + l] as Decimal).plus(
            c2.times(xt[j] as Decimal).times(xt[l] as Decimal),
          );
        }
        row[aOffset + k] = (row[aOffset + k] as Decimal).plus(c1.times(xt[j] as Decimal));
      }
    }
  }

  const scale = new g.D(2).div(N);
  const result: { loss: Decimal; gradient?: Decimal[]; hessian?: Decimal[][] } = {
    loss: roundTo(p, loss.div(N)),
  };
  if (gradient) result.gradient = grad.map((v) => roundTo(p, v.times(scale)));
  if (hessian) {
    const H = hess.map((row) => row.map((v) => roundTo(p, v.times(scale))));
    for (let i = 0; i < P; i++)
      for (let j = 0; j < i; j++) (H[i] as Decimal[])[j] = (H[j] as Decimal[])[i] as Decimal;
    result.hessian = H;
  }
  return result;
}
