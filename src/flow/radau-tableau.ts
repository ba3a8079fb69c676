import type { Decimal } from 'decimal.js';
import { roundTo, withGuard, type Precision } from '../precision/context.js';

/**
 * The s-stage Radau IIA collocation method (Hairer & Wanner, Solving ODEs II, §IV.5 and §IV.8), derived at run time
 * at any precision: order 2s − 1, L-stable, stiffly accurate (b is the last row of A, c_s = 1), with the embedded
 * formula of order s that RADAU5 and RADAU use for the local error estimate.
 */
export interface RadauTableau {
  readonly stages: number;
  /** 2s − 1. */
  readonly order: number;
  /** The nodes: the zeros of P*_s(x) − P*_{s−1}(x) (P*_n the shifted Legendre polynomials), ascending; c_s = 1. */
  readonly c: readonly Decimal[];
  /** a_ij = ∫₀^{c_i} ℓ_j(τ) dτ with ℓ_j the Lagrange polynomials on the nodes (condition C(s)). */
  readonly A: readonly (readonly Decimal[])[];
  /** b_j = ∫₀¹ ℓ_j = a_sj. */
  readonly b: readonly Decimal[];
  /** The real eigenvalue of A⁻¹ (the real zero of det(I − zA), the denominator of the (s−1, s) Padé approximant). */
  readonly realEigenvalue: Decimal;
  /**
   * γ̂₀ = 1/realEigenvalue: the weight of f(y₀) in the embedded method ŷ₁ = y₀ + h(γ̂₀ f(y₀) + Σ b̂_j f(Y_j)) of
   * order s, whose b̂ satisfy γ̂₀·[k = 1] + Σ_j b̂_j c_j^{k−1} = 1/k, k = 1…s.
   */
  readonly gamma0: Decimal;
  /**
   * e = (b̂ − b)ᵀ A⁻¹, so that ŷ₁ − y₁ = h γ̂₀ f(y₀) + Σ_i e_i Z_i in terms of the stage increments Z = h (A ⊗ I) F;
   * the estimate used is (I − h γ̂₀ J)⁻¹ (ŷ₁ − y₁), which stays bounded on stiff components.
   */
  readonly e: readonly Decimal[];
}

const cache = new Map<string, RadauTableau>();

/**
 * The Radau IIA tableau with `stages` stages (odd, 1…25) correct to `p.digits` digits: the nodes by Newton's method
 * on the integer-coefficient polynomial P*_s − P*_{s−1} from float64 brackets, then A, b, the real eigenvalue of A⁻¹
 * and the embedded weights by Gaussian elimination, all in Decimal with 20 + 2s guard digits (the Vandermonde
 * systems lose about 0.7·s digits). Cached per (stages, digits).
 */
export function radauTableau(stages: number, p: Precision): RadauTableau {
  if (!Number.isInteger(stages) || stages < 1 || stages > 25 || stages % 2 === 0)
    throw new RangeError(`radauTableau: stages must be odd in 1…25, got ${String(stages)}`);
  const key = `${stages}:${p.digits}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const s = stages;
  const g = withGuard(p, 20 + 2 * s);
  const D = g.D;
  const eps = new D(10).pow(-(g.digits - 4));

  // Nodes: R(x) = P*_s(x) − P*_{s−1}(x), P*_n(x) = Σ_k (−1)^{n+k} C(n, k) C(n+k, k) x^k.
  const R = legendreShifted(s).map((v, k) => v - (legendreShifted(s - 1)[k] ?? 0n));
  const c: Decimal[] = floatRoots(R, 0, 1, 400 * s).map((x0) => polish(R, x0, g, eps));
  if (c.length !== s) throw new Error(`radauTableau: found ${c.length} nodes for ${s} stages`);
  c[s - 1] = new D(1);

  // A: row i solves Σ_j a_ij c_j^{k−1} = c_i^k / k (k = 1…s), i.e. A Vᵀ = W with V_jk = c_j^{k−1}.
  const Vt = Array.from({ length: s }, (_, k) => c.map((cj) => cj.pow(k)));
  const A = c.map((ci) =>
    solve(
      Vt,
      Array.from({ length: s }, (_, k) => ci.pow(k + 1).div(k + 1)),
      D,
    ),
  );
  const b = (A[s - 1] as Decimal[]).slice();

  // det(I − zA) ∝ Σ_j (−z)^j (2s−1−j)! C(s, j); its one real zero (s odd) is the real eigenvalue of A⁻¹.
  const Q = Array.from(
    { length: s + 1 },
    (_, j) => (j % 2 === 0 ? 1n : -1n) * factorial(2 * s - 1 - j) * binomial(s, j),
  );
  const [u0] = floatRoots(Q, 0, 4 * s + 4, 4000);
  if (u0 === undefined) throw new Error('radauTableau: no real eigenvalue of A⁻¹ found');
  const realEigenvalue = polish(Q, u0, g, eps);
  const gamma0 = new D(1).div(realEigenvalue);

  // b̂: γ̂₀·[k = 1] + Σ_j b̂_j c_j^{k−1} = 1/k; e solves Aᵀ eᵀ = b̂ − b.
  const bHat = solve(
    Vt,
    Array.from({ length: s }, (_, k) => new D(1).div(k + 1).minus(k === 0 ? gamma0 : 0)),
    D,
  );
  const At = Array.from({ length: s }, (_, j) => A.map((row) => row[j] as Decimal));
  const e = solve(
    At,
    bHat.map((v, j) => v.minus(b[j] as Decimal)),
    D,
  );

  const r = (x: Decimal): Decimal => roundTo(p, x);
  const tableau: RadauTableau = {
    stages: s,
    order: 2 * s - 1,
    c: c.map(r),
    A: A.map((row) => row.map(r)),
    b: b.map(r),
    realEigenvalue: r(realEigenvalue),
    gamma0: r(gamma0),
    e: e.map(r),
  };
  cache.set(key, tableau);
  return tableau;
}

function factorial(n: number): bigint {
  let f = 1n;
  for (let k = 2; k <= n; k++) f *= BigInt(k);
  return f;
}

function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  return factorial(n) / (factorial(k) * factorial(n - k));
}

/** Coefficients (ascending powers) of the shifted Legendre polynomial P*_n(x) = P_n(2x − 1). */
function legendreShifted(n: number): bigint[] {
  return Array.from(
    { length: n + 1 },
    (_, k) => ((n + k) % 2 === 0 ? 1n : -1n) * binomial(n, k) * binomial(n + k, k),
  );
}

/** The simple real zeros of the polynomial in [lo, hi] (closed), located by sign changes on a grid and bisection. */
function floatRoots(coef: readonly bigint[], lo: number, hi: number, grid: number): number[] {
  const cf = coef.map(Number);
  const f = (x: number): number => cf.reduceRight((acc, v) => acc * x + v, 0);
  const roots: number[] = [];
  let x0 = lo;
  let f0 = f(x0);
  if (f0 === 0) roots.push(x0);
  for (let i = 1; i <= grid; i++) {
    const x1 = lo + ((hi - lo) * i) / grid;
    const f1 = f(x1);
    if (f1 === 0) roots.push(x1);
    else if (f0 !== 0 && f0 < 0 !== f1 < 0) {
      let a = x0;
      let b = x1;
      let fa = f0;
      for (let k = 0; k < 200 && b - a > 4 * Number.EPSILON * Math.max(1, Math.abs(a)); k++) {
        const m = (a + b) / 2;
        const fm = f(m);
        if (fm === 0) {
          a = b = m;
          break;
        }
        if (fa < 0 === fm < 0) {
          a = m;
          fa = fm;
        } else b = m;
      }
      roots.push((a + b) / 2);
    }
    x0 = x1;
    f0 = f1;
  }
  return roots;
}

/** Newton's method in Decimal from a float64 approximation of a simple zero (quadratic: a few iterations). */
function polish(coef: readonly bigint[], x0: number, g: Precision, eps: Decimal): Decimal {
  const D = g.D;
  const cd = coef.map((v) => new D(v.toString()));
  let x = new D(x0);
  for (let it = 0; it < 60; it++) {
    let f = new D(0);
    let df = new D(0);
    for (let k = cd.length - 1; k >= 0; k--) {
      df = df.times(x).plus(f);
      f = f.times(x).plus(cd[k] as Decimal);
    }
    const dx = f.div(df);
    x = x.minus(dx);
    if (dx.abs().lte(eps.times(x.abs().plus(1)))) return x;
  }
  throw new Error(`radauTableau: Newton did not converge from ${x0}`);
}

/** Solves M x = rhs by Gaussian elimination with partial pivoting (small dense systems, Decimal). */
function solve(M: readonly (readonly Decimal[])[], rhs: readonly Decimal[], D: Precision['D']): Decimal[] {
  const n = rhs.length;
  const a = M.map((row, i) => [...row, rhs[i] as Decimal]);
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++)
      if (((a[i] as Decimal[])[k] as Decimal).abs().gt(((a[piv] as Decimal[])[k] as Decimal).abs())) piv = i;
    [a[k], a[piv]] = [a[piv] as Decimal[], a[k] as Decimal[]];
    const rk = a[k] as Decimal[];
    const d = rk[k] as Decimal;
    if (d.isZero()) throw new Error('radauTableau: singular system');
    for (let i = k + 1; i < n; i++) {
      const ri = a[i] as Decimal[];
      const m = (ri[k] as Decimal).div(d);
      for (let j = k; j <= n; j++) ri[j] = (ri[j] as Decimal).minus(m.times(rk[j] as Decimal));
    }
  }
  const x = new Array<Decimal>(n).fill(new D(0));
  for (let i = n - 1; i >= 0; i--) {
    const ri = a[i] as Decimal[];
    let acc = ri[n] as Decimal;
    for (let j = i + 1; j < n; j++) acc = acc.minus((ri[j] as Decimal).times(x[j] as Decimal));
    x[i] = acc.div(ri[i] as Decimal);
  }
  return x;
}
