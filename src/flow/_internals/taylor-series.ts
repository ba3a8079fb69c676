import { jetArithmetic, type ScalarField } from '../../precision/jet/index.js';
import type { TaylorNetwork } from './flow-system.js';

/**
 * Taylor coefficients of σ(z(t)) and σ′(z(t)) built one order at a time, as the coefficients of z(t) become
 * known (the flow reveals z_q only after σ's coefficients of order < q are used).
 */
interface NodeSeries<T> {
  /** Called with z[0..q] known; returns [σ_q, σ′_q]. */
  next(z: readonly T[], q: number): readonly [T, T];
}

/** tanh: σ′ = 1 − σ², so σ_q = (1/q) Σ_{j=1..q} j z_j σ′_{q−j} and σ′_q = −Σ_{i=0..q} σ_i σ_{q−i} (q ≥ 1). */
function tanhSeries<T>(F: ScalarField<T>): NodeSeries<T> {
  const s0: T[] = [];
  const s1: T[] = [];
  return {
    next(z, q) {
      if (q === 0) {
        const [t, sech2] = F.tanhSech2(z[0] as T);
        s0.push(t);
        s1.push(sech2);
      } else {
        let acc = F.zero;
        for (let j = 1; j <= q; j++) acc = F.add(acc, F.mul(F.mulInt(z[j] as T, j), s1[q - j] as T));
        s0.push(F.divInt(acc, q));
        let b = F.zero;
        for (let i = 0; i <= q; i++) b = F.add(b, F.mul(s0[i] as T, s0[q - i] as T));
        s1.push(F.neg(b));
      }
      return [s0[q] as T, s1[q] as T];
    },
  };
}

/** Σ_{j=1..q} j a_j b_{q−j}: the recurrence of a composition's derivative (c′ = a′·b ⇒ c_q = (1/q)·this). */
function derivativeSum<T>(F: ScalarField<T>, a: readonly T[], b: readonly T[], q: number): T {
  let acc = F.zero;
  for (let j = 1; j <= q; j++) acc = F.add(acc, F.mul(F.mulInt(a[j] as T, j), b[q - j] as T));
  return acc;
}

/** σ(z₀) and σ′(z₀) from the activation's own jet (order 1). */
function valueAndSlope<T>(F: ScalarField<T>, net: TaylorNetwork<T>, z0: T): readonly [T, T] {
  const J = jetArithmetic(F, 1);
  const c = net.activation.jet(J, J.variable(z0));
  return [c[0] as T, c[1] as T];
}

/**
 * An activation whose slope σ′ has a recurrence of its own: σ_q = (1/q) Σ_{j=1..q} j z_j σ′_{q−j} (σ′ = dσ/dz),
 * and σ′_q from `slope` (called with σ₀…σ_q and σ′₀…σ′_{q−1} known), q ≥ 1; σ₀, σ′₀ from the activation's jet.
 */
function slopeSeries<T>(
  F: ScalarField<T>,
  net: TaylorNetwork<T>,
  slope: (z: readonly T[], s0: readonly T[], s1: readonly T[], q: number) => T,
): NodeSeries<T> {
  const s0: T[] = [];
  const s1: T[] = [];
  return {
    next(z, q) {
      if (q === 0) {
        const [value, d] = valueAndSlope(F, net, z[0] as T);
        s0.push(value);
        s1.push(d);
      } else {
        s0.push(F.divInt(derivativeSum(F, z, s1, q), q));
        s1.push(slope(z, s0, s1, q));
      }
      return [s0[q] as T, s1[q] as T];
    },
  };
}

/**
 * erf (the paper's erf(z/√2)): σ′ = √(2/π) e^(−z²/2) satisfies σ″ = u′σ′ with u = −z²/2, so with
 * u_q = −½ Σ_{i=0..q} z_i z_{q−i}: σ′_q = (1/q) Σ_{j=1..q} j u_j σ′_{q−j} (q ≥ 1). O(q) per order instead of the
 * generic O(q²).
 */
function erfSeries<T>(F: ScalarField<T>, net: TaylorNetwork<T>): NodeSeries<T> {
  const u: T[] = [F.zero]; // u_0 never enters the recurrence (j ≥ 1)
  return slopeSeries(F, net, (z, _s0, s1, q) => {
    u.push(F.neg(F.divInt(cauchy(F, z, z, q), 2)));
    return F.divInt(derivativeSum(F, u, s1, q), q);
  });
}

/** sigmoid: σ′ = σ − σ², so σ′_q = σ_q − Σ_{i=0..q} σ_i σ_{q−i} (q ≥ 1). */
function sigmoidSeries<T>(F: ScalarField<T>, net: TaylorNetwork<T>): NodeSeries<T> {
  return slopeSeries(F, net, (_z, s0, _s1, q) => F.sub(s0[q] as T, cauchy(F, s0, s0, q)));
}

/**
 * softplus: σ′ = S (the logistic sigmoid) and S′ = S − S² =: V, so S_q = (1/q) Σ_{j=1..q} j z_j V_{q−j} with
 * V_k = S_k − Σ_{i=0..k} S_i S_{k−i} (q ≥ 1).
 */
function softplusSeries<T>(F: ScalarField<T>, net: TaylorNetwork<T>): NodeSeries<T> {
  const v: T[] = [];
  return slopeSeries(F, net, (z, _s0, s1, q) => {
    while (v.length < q) v.push(F.sub(s1[v.length] as T, cauchy(F, s1, s1, v.length)));
    return F.divInt(derivativeSum(F, z, v, q), q);
  });
}

/** The series of a registered activation with a closed recurrence, or the generic one. */
function nodeSeries<T>(F: ScalarField<T>, net: TaylorNetwork<T>, order: number): NodeSeries<T> {
  const registered = net.activation.kind === 'registered';
  switch (registered ? net.activation.name : '') {
    case 'tanh':
      return tanhSeries(F);
    case 'erf':
      return erfSeries(F, net);
    case 'sigmoid':
      return sigmoidSeries(F, net);
    case 'softplus':
      return softplusSeries(F, net);
    default:
      return genericSeries(F, net, order);
  }
}

/**
 * Any smooth activation: with c_j = σ^(j)(z₀)/j! (one jet of σ at z₀, order K + 1) and δ = z − z₀,
 * σ(z) = Σ c_j δ^j and σ′(z) = Σ (j+1) c_{j+1} δ^j; the powers δ^j are built incrementally (O(K³) per node).
 */
function genericSeries<T>(F: ScalarField<T>, net: TaylorNetwork<T>, order: number): NodeSeries<T> {
  let c: readonly T[] = [];
  // pw[j][q] = coefficient q of δ^j (δ^j starts at order j).
  const pw: T[][] = [];
  return {
    next(z, q) {
      if (q === 0) {
        const J = jetArithmetic(F, order + 1);
        c = net.activation.jet(J, J.variable(z[0] as T));
        pw.push([F.one]);
        return [c[0] as T, c[1] as T];
      }
      (pw[0] as T[]).push(F.zero);
      pw.push(new Array<T>(q).fill(F.zero));
      (pw[1] as T[])[q] = z[q] as T;
      for (let j = 2; j <= q; j++) {
        let acc = F.zero;
        const prev = pw[j - 1] as T[];
        for (let i = 1; i <= q - j + 1; i++) acc = F.add(acc, F.mul(z[i] as T, prev[q - i] as T));
        (pw[j] as T[])[q] = acc;
      }
      let v0 = F.zero;
      let v1 = F.zero;
      for (let j = 1; j <= q; j++) {
        const pj = (pw[j] as T[])[q] as T;
        v0 = F.add(v0, F.mul(c[j] as T, pj));
        v1 = F.add(v1, F.mul(F.mulInt(c[j + 1] as T, j + 1), pj));
      }
      return [v0, v1];
    },
  };
}

/** Coefficient q of the product of two series known up to order q. */
function cauchy<T>(F: ScalarField<T>, a: readonly T[], b: readonly T[], q: number): T {
  let acc = F.zero;
  for (let i = 0; i <= q; i++) acc = F.add(acc, F.mul(a[i] as T, b[q - i] as T));
  return acc;
}

/**
 * The Taylor coefficients θ[0..K] of the gradient flow θ′ = −∇L(θ), θ(0) = y0, for a two-layer network:
 * with z_nk = w_k·x̃_n, r_n = Σ_k a_k σ(z_nk) + b − y_n and weights ω_n = 2ρ_n/N,
 *   ∂L/∂w_kj = Σ_n ω_n r_n a_k σ′(z_nk) x̃_nj,  ∂L/∂a_k = Σ_n ω_n r_n σ(z_nk),  ∂L/∂b = Σ_n ω_n r_n,
 * and θ[q+1] = −(∇L)[q]/(q + 1); every series product is a Cauchy product, so each order costs O(q) per node
 * (O(q²) for activations without a closed recurrence). `enough`, asked after each order, may end the series
 * before order K (the stepper's test that the orders so far already carry a step as long as it may take).
 */
export function taylorCoefficients<T>(
  F: ScalarField<T>,
  net: TaylorNetwork<T>,
  y0: readonly T[],
  K: number,
  enough?: (theta: readonly (readonly T[])[]) => boolean,
): T[][] {
  const { layout } = net;
  const r = layout.width;
  const m = net.inputs[0]?.length ?? 0;
  const P = y0.length;
  const aOff = r * m;
  const N = net.targets.length;
  const theta: T[][] = [[...y0]];
  // Per node (n, k): z, σ, σ′ and a_k σ′ series; per sample: r.
  const z: T[][] = Array.from({ length: N * r }, () => []);
  const s0: T[][] = Array.from({ length: N * r }, () => []);
  const as1: T[][] = Array.from({ length: N * r }, () => []);
  const s1: T[][] = Array.from({ length: N * r }, () => []);
  const res: T[][] = Array.from({ length: N }, () => []);
  const series: NodeSeries<T>[] = Array.from({ length: N * r }, () => nodeSeries(F, net, K));
  for (let q = 0; q < K; q++) {
    const th = theta[q] as T[];
    const grad = new Array<T>(P).fill(F.zero);
    for (let n = 0; n < N; n++) {
      const x = net.inputs[n] as readonly T[];
      let f = layout.outputBias ? (th[P - 1] as T) : F.zero;
      for (let k = 0; k < r; k++) {
        const node = n * r + k;
        let zq = F.zero;
        for (let j = 0; j < m; j++) zq = F.add(zq, F.mul(th[k * m + j] as T, x[j] as T));
        (z[node] as T[]).push(zq);
        const [v0, v1] = (series[node] as NodeSeries<T>).next(z[node] as T[], q);
        (s0[node] as T[]).push(v0);
        (s1[node] as T[]).push(v1);
        const ak = (i: number): T => (theta[i] as T[])[aOff + k] as T;
        let asq = F.zero;
        for (let i = 0; i <= q; i++) asq = F.add(asq, F.mul(ak(i), (s1[node] as T[])[q - i] as T));
        (as1[node] as T[]).push(asq);
        let fq = F.zero;
        for (let i = 0; i <= q; i++) fq = F.add(fq, F.mul(ak(i), (s0[node] as T[])[q - i] as T));
        f = F.add(f, fq);
      }
      if (q === 0) f = F.sub(f, net.targets[n] as T);
      (res[n] as T[]).push(f);
      const rn = res[n] as T[];
      const om = net.weights[n] as T;
      for (let k = 0; k < r; k++) {
        const node = n * r + k;
        const ra = F.mul(om, cauchy(F, rn, as1[node] as T[], q));
        for (let j = 0; j < m; j++) grad[k * m + j] = F.add(grad[k * m + j] as T, F.mul(ra, x[j] as T));
        grad[aOff + k] = F.add(grad[aOff + k] as T, F.mul(om, cauchy(F, rn, s0[node] as T[], q)));
      }
      if (layout.outputBias) grad[P - 1] = F.add(grad[P - 1] as T, F.mul(om, rn[q] as T));
    }
    theta.push(grad.map((g) => F.neg(F.divInt(g, q + 1))));
    if (enough?.(theta) === true) break;
  }
  return theta;
}
