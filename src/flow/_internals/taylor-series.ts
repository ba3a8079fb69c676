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
 * (O(q²) for activations without a closed recurrence).
 */
export function taylorCoefficients<T>(
  F: ScalarField<T>,
  net: TaylorNetwork<T>,
  y0: readonly T[],
  K: number,
): T[][] {
  const { layout } = net;
  const r = layout.width;
  const m = net.inputs[0]?.length ?? 0;
  const P = y0.length;
  const aOff = r * m;
  const N = net.targets.length;
  const fast = net.activation.name === 'tanh';
  const theta: T[][] = [[...y0]];
  // Per node (n, k): z, σ, σ′ and a_k σ′ series; per sample: r.
  const z: T[][] = Array.from({ length: N * r }, () => []);
  const s0: T[][] = Array.from({ length: N * r }, () => []);
  const as1: T[][] = Array.from({ length: N * r }, () => []);
  const s1: T[][] = Array.from({ length: N * r }, () => []);
  const res: T[][] = Array.from({ length: N }, () => []);
  const series: NodeSeries<T>[] = Array.from({ length: N * r }, () =>
    fast ? tanhSeries(F) : genericSeries(F, net, K),
  );
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
  }
  return theta;
}
