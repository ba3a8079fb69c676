import type { Decimal } from 'decimal.js';
import { InputError } from '../errors.js';
import { precision, type Precision } from '../precision/context.js';

/** Softmax cross-entropy of one sample and its derivatives with respect to the logits. */
export interface SoftmaxCrossEntropy {
  /** ℓ = log Σ_c exp(f_c) − f_y ≥ 0. */
  readonly loss: Decimal;
  /** p = softmax(f). */
  readonly probabilities: readonly Decimal[];
  /**
   * ∂ℓ/∂f = p − e_y. The label's entry is formed as −Σ_{c≠y} p_c (no cancellation as p_y → 1), so the entries sum
   * to zero exactly up to the rounding of that one sum.
   */
  readonly gradient: readonly Decimal[];
}

/**
 * Softmax cross-entropy ℓ(f, y) = log Σ_c exp(f_c) − f_y for logits f ∈ R^C and a label y ∈ {0, …, C−1}, with the
 * log-sum-exp taken stably: with δ_c = f_c − f_y and M = max_c δ_c ≥ 0, ℓ = M + log Σ_c exp(δ_c − M). Where y is the
 * argmax (M = 0) the sum is 1 + t with t = Σ_{c≠y} exp(δ_c) and ℓ = log(1 + t) is summed as a series for small t,
 * so a tiny loss keeps its relative accuracy. Results are rounded to `p.digits`; the second derivative with respect
 * to the logits is diag(p) − p pᵀ (see {@link softmaxHessian}).
 *
 * Example: logits (0, 0) and label 0 give ℓ = log 2, p = (½, ½), ∂ℓ/∂f = (−½, ½).
 */
export function softmaxCrossEntropy(
  logits: readonly Decimal[],
  label: number,
  p: Precision,
): SoftmaxCrossEntropy {
  const C = logits.length;
  if (!Number.isInteger(label) || label < 0 || label >= C) {
    throw new InputError(`softmaxCrossEntropy: label ${String(label)} is not a class in 0…${C - 1}`);
  }
  const q = precision(Math.min(p.digits + 8, 1100));
  const fy = new q.D(logits[label] as Decimal);
  const delta = logits.map((f) => new q.D(f).minus(fy));
  const M = delta.reduce((a, b) => (b.gt(a) ? b : a));
  const e = delta.map((d) => d.minus(M).exp());
  let t = new q.D(0);
  e.forEach((v, c) => {
    if (c !== label) t = t.plus(v);
  });
  let loss: Decimal;
  if (M.isZero()) {
    // log(1 + t): 1 + t rounded to q digits would lose −log₁₀ t of them, so a small t takes the series.
    loss = log1p(t, q);
  } else {
    loss = M.plus(t.plus(e[label] as Decimal).ln());
  }
  const S = t.plus(e[label] as Decimal);
  const probabilities = e.map((v) => v.div(S));
  let rest = new q.D(0);
  probabilities.forEach((v, c) => {
    if (c !== label) rest = rest.plus(v);
  });
  const gradient = probabilities.map((v, c) => (c === label ? rest.neg() : v));
  const round = (x: Decimal): Decimal => new p.D(x).toSignificantDigits(p.digits);
  return { loss: round(loss), probabilities: probabilities.map(round), gradient: gradient.map(round) };
}

/**
 * log(1 + t) for t ≥ 0 in context q: the series t − t²/2 + t³/3 − … below 10⁻⁴ (each term is t times smaller, so at
 * most q/4 + 1 terms; relative error 10^−q), `ln` of 1 + t above (at most 4 digits lost to the rounding of 1 + t,
 * within the 8 guard digits the callers carry).
 */
function log1p(t: Decimal, q: Precision): Decimal {
  if (t.gte('1e-4')) return t.plus(1).ln();
  let sum = new q.D(0);
  let power = new q.D(t);
  const floor = t.times(new q.D(10).pow(-q.digits));
  for (let k = 1; power.gt(floor); k++) {
    sum = k % 2 === 1 ? sum.plus(power.div(k)) : sum.minus(power.div(k));
    power = power.times(t);
  }
  return sum;
}

/**
 * ∂²ℓ/∂f² = diag(p) − p pᵀ for probabilities p, with the diagonal as p_c·Σ_{c'≠c} p_{c'} (no cancellation as
 * p_c → 1). Rows sum to zero. Rounded to `p.digits`.
 */
export function softmaxHessian(probabilities: readonly Decimal[], p: Precision): Decimal[][] {
  const q = precision(Math.min(p.digits + 8, 1100));
  const P = probabilities.map((v) => new q.D(v));
  return P.map((pc, c) => {
    let others = new q.D(0);
    P.forEach((v, c2) => {
      if (c2 !== c) others = others.plus(v);
    });
    return P.map((pc2, c2) =>
      (c2 === c ? pc.times(others) : pc.times(pc2).neg()).toSignificantDigits(p.digits),
    ).map((v) => new p.D(v));
  });
}

/**
 * The float64 twin of {@link softmaxCrossEntropy}: loss, and p − e_y written into `gradient` (length C).
 * Stable for any logits (the maximum is subtracted; log1p where the label is the argmax).
 */
export function softmaxCrossEntropy64(
  logits: ArrayLike<number>,
  label: number,
  gradient: Float64Array,
): number {
  const C = logits.length;
  const fy = logits[label] as number;
  let M = 0;
  for (let c = 0; c < C; c++) M = Math.max(M, (logits[c] as number) - fy);
  let t = 0;
  for (let c = 0; c < C; c++) {
    const v = Math.exp((logits[c] as number) - fy - M);
    gradient[c] = v;
    if (c !== label) t += v;
  }
  const ey = gradient[label] as number;
  const S = t + ey;
  const loss = M === 0 ? Math.log1p(t) : M + Math.log(S);
  let rest = 0;
  for (let c = 0; c < C; c++) {
    if (c === label) continue;
    const v = (gradient[c] as number) / S;
    gradient[c] = v;
    rest += v;
  }
  gradient[label] = -rest;
  return loss;
}
