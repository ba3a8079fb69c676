import type { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import { softmaxCrossEntropy } from '../network/cross-entropy.js';
import {
  multiOutputLoss,
  multiOutputSampleCount,
  type MultiOutputDataset,
} from '../network/multi-output-loss.js';
import { unflattenMultiOutput, type MultiOutputNetwork } from '../network/multi-output-params.js';
import { rowLength } from '../network/params.js';
import { roundTo, withGuard, type Precision } from '../precision/context.js';
import { pairExpansion } from './pair-expansion.js';

/**
 * Channel variables of a neuron pair i, j of a network with C outputs (docs/multi-output.md, "Channels with vector
 * readouts"): the scalar ones of mathematics.md §2 with vector readouts a_i, a_j ∈ R^C (the columns i, j of A):
 *
 *     w = (w_i + w_j)/2,  ε = ‖w_i − w_j‖/2,  Δ = (w_i − w_j)/(2ε),  c = a_i + a_j ∈ R^C,  a = ε(a_i − a_j) ∈ R^C
 *
 * so that w_i = w + εΔ, w_j = w − εΔ, a_i = c/2 + a/(2ε), a_j = c/2 − a/(2ε); the divergence is the vector
 * A = (a_i − a_j)/2 = a/(2ε). With C = 1 these are the scalar channel variables.
 */
export interface VectorChannel {
  readonly i: number;
  readonly j: number;
  readonly c: readonly Decimal[];
  readonly a: readonly Decimal[];
  readonly w: readonly Decimal[];
  /** Unit vector (hidden bias last when the layout has hidden biases). */
  readonly delta: readonly Decimal[];
  readonly eps: Decimal;
}

/** The pair's columns of the flat parameter vector (flat order of multi-output-params.ts). */
export interface PairColumns {
  readonly wi: readonly number[];
  readonly wj: readonly number[];
  /** Flat index of a[c][i], c = 0…C−1. */
  readonly ai: readonly number[];
  readonly aj: readonly number[];
}

/** Flat indices of neurons i and j (0-based) of a multi-output layout. */
export function pairColumns(net: MultiOutputNetwork, i: number, j: number): PairColumns {
  const { width: r, outputs: C } = net.layout;
  const m = rowLength(net.layout);
  if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < r && j < r && i !== j))
    throw new RangeError(`pairColumns: (${i}, ${j}) is not a pair of distinct neurons of 0…${r - 1}`);
  const row = (k: number): number[] => Array.from({ length: m }, (_, e) => k * m + e);
  const col = (k: number): number[] => Array.from({ length: C }, (_, c) => r * m + c * r + k);
  return { wi: row(i), wj: row(j), ai: col(i), aj: col(j) };
}

/** The channel variables of pair (i, j) at the flat point, in context p (ε > 0 required: w_i ≠ w_j). */
export function vectorChannelOf(
  net: MultiOutputNetwork,
  flat: readonly Decimal[],
  i: number,
  j: number,
  p: Precision,
): VectorChannel {
  const g = withGuard(p, 10);
  const cols = pairColumns(net, i, j);
  const at = (k: number): Decimal => new g.D(flat[k] as Decimal);
  const diff = cols.wi.map((k, e) => at(k).minus(at(cols.wj[e] as number)));
  const norm = diff.reduce((s, x) => s.plus(x.times(x)), new g.D(0)).sqrt();
  if (norm.isZero()) throw new RangeError('vectorChannelOf: w_i = w_j (ε = 0): no channel direction');
  const eps = norm.div(2);
  return {
    i,
    j,
    c: cols.ai.map((k, c) => roundTo(p, at(k).plus(at(cols.aj[c] as number)))),
    a: cols.ai.map((k, c) =>
      roundTo(
        p,
        at(k)
          .minus(at(cols.aj[c] as number))
          .times(eps),
      ),
    ),
    w: cols.wi.map((k, e) =>
      roundTo(
        p,
        at(k)
          .plus(at(cols.wj[e] as number))
          .div(2),
      ),
    ),
    delta: diff.map((x) => roundTo(p, x.div(norm))),
    eps: roundTo(p, eps),
  };
}

/** The flat point with pair (i, j) set from channel variables at the given ε (the other entries copied). */
export function withVectorChannel(
  net: MultiOutputNetwork,
  flat: readonly Decimal[],
  ch: Omit<VectorChannel, 'eps'>,
  eps: Decimal.Value,
  p: Precision,
): Decimal[] {
  const cols = pairColumns(net, ch.i, ch.j);
  const e = new p.D(eps);
  if (e.isZero()) throw new RangeError('withVectorChannel: ε must be nonzero');
  const out = flat.map((x) => new p.D(x));
  cols.wi.forEach((k, n) => {
    const s = e.times(ch.delta[n] as Decimal);
    out[k] = new p.D(ch.w[n] as Decimal).plus(s);
    out[cols.wj[n] as number] = new p.D(ch.w[n] as Decimal).minus(s);
  });
  cols.ai.forEach((k, c) => {
    const half = new p.D(ch.c[c] as Decimal).div(2);
    const big = new p.D(ch.a[c] as Decimal).div(e.times(2));
    out[k] = half.plus(big);
    out[cols.aj[c] as number] = half.minus(big);
  });
  return out;
}

/**
 * Coefficients f₀, f₂, …, f_{2(M−1)} ∈ R^C of the even ε-expansion of the pair's output at one input x̃
 * (z = w·x̃, δ = Δ·x̃): output c is the scalar pair with readouts (a_i)_c, (a_j)_c and the same input weights, so
 * f_m = c σ^(m)(z) δ^m/m! + a σ^(m+1)(z) δ^(m+1)/(m+1)! componentwise ({@link pairExpansion}); f₀ = c σ(z) + a δ σ′(z)
 * is the vector gated linear unit.
 */
export function vectorPairExpansion(
  act: Activation,
  ch: Pick<VectorChannel, 'c' | 'a' | 'w' | 'delta'>,
  input: readonly Decimal[],
  evenTerms: number,
  p: Precision,
): Decimal[][] {
  const g = withGuard(p, 10);
  const dot = (u: readonly Decimal[]): Decimal =>
    u.reduce((s, x, k) => s.plus(new g.D(x).times(input[k] ?? new g.D(1))), new g.D(0));
  const z = dot(ch.w);
  const delta = dot(ch.delta);
  const perOutput = ch.c.map((c, k) =>
    pairExpansion(act, { c, a: ch.a[k] as Decimal, z, delta }, evenTerms, p),
  );
  return Array.from({ length: evenTerms }, (_, m) => perOutput.map((f) => f[m] as Decimal));
}

/** The loss expansion of a channel: L(θ₀, ε) = L₀ + ε² h + ε⁴ h₄ + O(ε⁶) at fixed θ₀ = (others, c, a, w, Δ). */
export interface VectorLossExpansion {
  /** L(θ₀, 0): the loss of the network with the pair replaced by its vector GLU limit. */
  readonly limitLoss: Decimal;
  /** h = (1/N) Σ ρ ∂ℓ/∂f(f₀) · f₂. */
  readonly h: Decimal;
  /** h₄ = (1/N) Σ ρ (∂ℓ/∂f · f₄ + ½ f₂ᵀ ∂²ℓ/∂f² f₂). */
  readonly h4: Decimal;
}

/**
 * The loss expansion of {@link VectorLossExpansion} for both losses. The network output is P(x) + F(ε; x) with P
 * the other neurons (and b) and F = f₀ + ε²f₂ + ε⁴f₄ + O(ε⁶) ({@link vectorPairExpansion}); a sample's loss ℓ(f) is
 * expanded by Taylor in f: squared error ℓ = ‖f − y‖², ∂ℓ/∂f = 2(f − y), ∂²ℓ/∂f² = 2I (so h = (2/N) Σ ρ (f₀ − y)·f₂,
 * the sum over outputs of the scalar h); cross-entropy ∂ℓ/∂f = p − e_y, ∂²ℓ/∂f² = diag p − ppᵀ at p = softmax(f₀).
 * Computed with 10 guard digits and rounded to p.
 */
export function vectorLossExpansion(
  net: MultiOutputNetwork,
  data: MultiOutputDataset,
  flat: readonly Decimal[],
  ch: Pick<VectorChannel, 'i' | 'j' | 'c' | 'a' | 'w' | 'delta'>,
  p: Precision,
): VectorLossExpansion {
  const g = withGuard(p, 10);
  const { layout, activation } = net;
  const C = layout.outputs;
  const params = unflattenMultiOutput(
    layout,
    flat.map((x) => new g.D(x)),
  );
  const N = multiOutputSampleCount(data);
  const zero = new g.D(0);
  let L0 = zero;
  let h = zero;
  let h4 = zero;
  data.inputs.forEach((x, n) => {
    const input = layout.hiddenBias ? [...x, new g.D(1)] : [...x];
    // Other neurons and the output biases.
    const out = Array.from({ length: C }, (_, c) => new g.D(params.b?.[c] ?? 0));
    params.w.forEach((row, k) => {
      if (k === ch.i || k === ch.j) return;
      const s = activation.value(
        row.reduce((acc, wk, e) => acc.plus(wk.times(input[e] as Decimal)), zero),
        g,
      );
      for (let c = 0; c < C; c++) out[c] = (out[c] as Decimal).plus((params.a[c]?.[k] as Decimal).times(s));
    });
    const [f0, f2, f4] = vectorPairExpansion(activation, ch, input, 3, g) as [
      Decimal[],
      Decimal[],
      Decimal[],
    ];
    const f = out.map((o, c) => o.plus(f0[c] as Decimal));
    const rho = data.weights === undefined ? new g.D(1) : new g.D(data.weights[n] as Decimal);
    let ell: Decimal;
    let d1: Decimal[];
    let quad: Decimal; // f₂ᵀ ∂²ℓ f₂
    if (data.loss === 'mse') {
      const y = data.targets[n] as readonly Decimal[];
      const r = f.map((v, c) => v.minus(y[c] as Decimal));
      ell = r.reduce((s, v) => s.plus(v.times(v)), zero);
      d1 = r.map((v) => v.times(2));
      quad = f2.reduce((s, v) => s.plus(v.times(v)), zero).times(2);
    } else {
      const ce = softmaxCrossEntropy(f, data.labels[n] as number, g);
      ell = ce.loss;
      d1 = [...ce.gradient];
      const pr = ce.probabilities;
      const pf = pr.reduce((s, v, c) => s.plus(v.times(f2[c] as Decimal)), zero);
      quad = pr.reduce((s, v, c) => s.plus(v.times((f2[c] as Decimal).pow(2))), zero).minus(pf.times(pf));
    }
    const dot = (u: readonly Decimal[]): Decimal =>
      d1.reduce((s, v, c) => s.plus(v.times(u[c] as Decimal)), zero);
    L0 = L0.plus(rho.times(ell));
    h = h.plus(rho.times(dot(f2)));
    h4 = h4.plus(rho.times(dot(f4).plus(quad.div(2))));
  });
  return { limitLoss: roundTo(p, L0.div(N)), h: roundTo(p, h.div(N)), h4: roundTo(p, h4.div(N)) };
}

/** The loss at fixed θ₀ and finite ε (the pair rebuilt from its channel variables), for checking the expansion. */
export function vectorChannelLoss(
  net: MultiOutputNetwork,
  data: MultiOutputDataset,
  flat: readonly Decimal[],
  ch: Omit<VectorChannel, 'eps'>,
  eps: Decimal.Value,
  p: Precision,
): Decimal {
  // The pair cancels two terms of size |a/ε|: log₁₀|a/ε| more digits keep the loss faithful.
  const big = ch.a.reduce((m, x) => (new p.D(x).abs().gt(m) ? new p.D(x).abs() : m), new p.D(1));
  const lost = Math.max(0, Math.ceil(big.div(new p.D(eps).abs()).log(10).toNumber()));
  const g = withGuard(p, 2 * lost + 10);
  const point = withVectorChannel(net, flat, ch, eps, g);
  return roundTo(p, multiOutputLoss(net, data, point, g, { gradient: false, guard: 2 * lost + 10 }).loss);
}
