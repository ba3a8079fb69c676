import { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import type { Dataset } from '../network/dataset.js';
import { lossAndDerivatives, type Network } from '../network/loss.js';
import { precision } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import { casIsZero } from './_internals/cas.js';

/**
 * One identity of the saddle-line derivation: per sample, `lhs − rhs` expanded by nerdamer must be 0.
 * Symbols: P (output of the other neurons), A = a*_r, S0, S1, S2 = σ, σ′, σ″ at w*_r·x, X = one entry of x̃,
 * U = u·x̃, g = γ, y the target.
 */
export interface SaddleIdentity {
  readonly name: string;
  readonly lhs: string;
  readonly rhs: string;
  readonly holds: boolean;
}

// Per-sample network derivatives (hand-derived, the formulas of src/network/loss.ts): ∂f/∂a_k = σ(z_k),
// ∂f/∂w_kj = a_k σ′(z_k) x̃_j, ∂²f/∂w_kj∂w_kl = a_k σ″(z_k) x̃_j x̃_l, ∂L/∂θ = 2ρR ∂f/∂θ (per sample, before 1/N).
const R_STAR = '(P + A*S0 - y)';
const R_GAMMA = '(P + g*A*S0 + (1-g)*A*S0 - y)';

/**
 * The Fukumizu–Amari criticality statement as exact identities between per-sample gradient components at θ_γ
 * (width r+1, neuron r duplicated, output weights γa*_r and (1−γ)a*_r) and at θ* (width r). Summed over samples
 * they give ∇L_{r+1}(θ_γ) = Mᵧ ∇L_r(θ*) with Mᵧ linear, so θ* critical ⇒ θ_γ critical, for every γ; the residual
 * (hence the loss) is the same.
 */
export function criticalityIdentities(): readonly SaddleIdentity[] {
  const list: [string, string, string][] = [
    ['residual R(θ_γ) = R(θ*)', R_GAMMA, R_STAR],
    ['∂L/∂a_k(θ_γ) = ∂L/∂a_k(θ*), k < r (σ_k = Sk)', `2*${R_GAMMA}*Sk`, `2*${R_STAR}*Sk`],
    ['∂L/∂w_k(θ_γ) = ∂L/∂w_k(θ*), k < r', `2*${R_GAMMA}*Ak*S1k*X`, `2*${R_STAR}*Ak*S1k*X`],
    ['∂L/∂a_r(θ_γ) = ∂L/∂a_r(θ*)', `2*${R_GAMMA}*S0`, `2*${R_STAR}*S0`],
    ['∂L/∂a_{r+1}(θ_γ) = ∂L/∂a_r(θ*)', `2*${R_GAMMA}*S0`, `2*${R_STAR}*S0`],
    ['∂L/∂w_r(θ_γ) = γ ∂L/∂w_r(θ*)', `2*${R_GAMMA}*(g*A)*S1*X`, `g*2*${R_STAR}*A*S1*X`],
    ['∂L/∂w_{r+1}(θ_γ) = (1−γ) ∂L/∂w_r(θ*)', `2*${R_GAMMA}*((1-g)*A)*S1*X`, `(1-g)*2*${R_STAR}*A*S1*X`],
  ];
  return list.map(([name, lhs, rhs]) => ({ name, lhs, rhs, holds: casIsZero(`(${lhs}) - (${rhs})`) }));
}

/**
 * The curvature identity across the saddle line, per sample, for v = ((1−γ)u, −γu) on (w_r, w_{r+1}):
 * ∇f·v = 0 and vᵀ∇²f v = γ(1−γ) A σ″ (u·x̃)², so vᵀ∇²L v = (2/N) Σ ρ ((∇f·v)² + R vᵀ∇²f v) = γ(1−γ) uᵀBu with
 * B = (2/N) Σ ρ R a*_r σ″ x̃ x̃ᵀ.
 */
export function curvatureIdentities(): readonly SaddleIdentity[] {
  const gradV = `(g*A*S1*((1-g)*U) + (1-g)*A*S1*(-g*U))`;
  const hessV = `(g*A*S2*((1-g)*U)^2 + (1-g)*A*S2*(-g*U)^2)`;
  const list: [string, string, string][] = [
    ['∇f·v = 0 (the split direction does not change the output to first order)', gradV, '0'],
    ['vᵀ∇²f v = γ(1−γ) a*_r σ″ (u·x̃)²', hessV, 'g*(1-g)*A*S2*U^2'],
    [
      'vᵀ∇²L v per sample = γ(1−γ) · 2R a*_r σ″ (u·x̃)²',
      `2*(${gradV}^2 + ${R_GAMMA}*${hessV})`,
      `g*(1-g)*2*${R_STAR}*A*S2*U^2`,
    ],
  ];
  return list.map(([name, lhs, rhs]) => ({ name, lhs, rhs, holds: casIsZero(`(${lhs}) - (${rhs})`) }));
}

/** Options of {@link checkSaddleLine}. */
export interface SaddleLineCheckOptions {
  /** Digits of the comparison. Default 50. */
  readonly digits?: number;
  /** Seed of θ*, u and the dataset. Default 11. */
  readonly seed?: number;
  /** γ values (decimal strings), inside and outside [0, 1]. Default −0.75, 0.3, 1.6. */
  readonly gammas?: readonly string[];
}

/** Numeric confirmation on a random θ* (r = 2, d = 2, hidden biases) and dataset, at each γ. */
export interface SaddleLineCheck {
  readonly digits: number;
  readonly seed: number;
  readonly activation: string;
  readonly gammas: readonly string[];
  /** max over γ and components of |∇L_{r+1}(θ_γ) − Mᵧ∇L_r(θ*)| / ‖∇L_r(θ*)‖∞, and |L(θ_γ) − L(θ*)| / L(θ*). */
  readonly gradientMaxError: string;
  readonly lossMaxError: string;
  /** max over γ of |vᵀ∇²L(θ_γ)v − γ(1−γ)uᵀBu| / max(|uᵀBu|, ‖∇²L‖-scale). */
  readonly curvatureMaxError: string;
  /** uᵀBu and, per γ, vᵀ∇²L(θ_γ)v. */
  readonly uBu: string;
  readonly curvatures: readonly string[];
  readonly gradientPassed: boolean;
  readonly curvaturePassed: boolean;
}

/**
 * Builds θ* (width 2) and θ_γ (width 3, neuron 2 duplicated) and compares, with the exact gradients and Hessians of
 * src/network/loss.ts: the gradient map of {@link criticalityIdentities}, equal losses, and vᵀ∇²L(θ_γ)v against
 * γ(1−γ)uᵀBu with B summed independently from σ″ (not from the Hessian code).
 */
export function checkSaddleLine(
  activation: Activation,
  options: SaddleLineCheckOptions = {},
): SaddleLineCheck {
  const { digits = 50, seed = 11, gammas = ['-0.75', '0.3', '1.6'] } = options;
  const g = precision(digits + 20);
  const rng = new SeededRandom(seed);
  const m = 3; // d = 2 plus the bias entry
  const row = (): Decimal[] => Array.from({ length: m }, () => new g.D(rng.decimal(-1, 1)));
  const w1 = row();
  const w2 = row();
  const a1 = new g.D(rng.decimal(-1.5, 1.5));
  const a2 = new g.D(rng.decimal(-1.5, 1.5));
  const u = row();
  const N = 5;
  const inputs = Array.from({ length: N }, () =>
    [rng.decimal(-1.5, 1.5), rng.decimal(-1.5, 1.5)].map((v) => new g.D(v)),
  );
  const targets = Array.from({ length: N }, () => new g.D(rng.decimal(-1, 1)));
  const data: Dataset = { inputs, targets };
  const layout = (width: number): Network['layout'] => ({
    width,
    inputDimension: 2,
    hiddenBias: true,
    outputBias: false,
  });
  const star = lossAndDerivatives({ layout: layout(2), activation }, data, [...w1, ...w2, a1, a2], g, {
    guard: 20,
  });
  const gs = star.gradient ?? [];
  const gScale = gs.reduce((s, v) => Decimal.max(s, v.abs()), new g.D(0));

  // B = (2/N) Σ R a*_2 σ″(w*_2·x̃) x̃ x̃ᵀ; uᵀBu summed directly.
  let uBu = new g.D(0);
  inputs.forEach((x, n) => {
    const xt = [...x, new g.D(1)];
    const z1 = xt.reduce((s, v, j) => s.plus(v.times(w1[j] ?? 0)), new g.D(0));
    const z2 = xt.reduce((s, v, j) => s.plus(v.times(w2[j] ?? 0)), new g.D(0));
    const s2 = activation.derivatives(z2, 2, g);
    const R = a1
      .times(activation.value(z1, g))
      .plus(a2.times(s2[0] ?? 0))
      .minus(targets[n] ?? 0);
    const ux = xt.reduce((s, v, j) => s.plus(v.times(u[j] ?? 0)), new g.D(0));
    uBu = uBu.plus(
      R.times(a2)
        .times(s2[2] ?? 0)
        .times(ux)
        .times(ux),
    );
  });
  uBu = uBu.times(2).div(N);

  let gradErr = new g.D(0);
  let lossErr = new g.D(0);
  let curvErr = new g.D(0);
  const curvatures: string[] = [];
  for (const gText of gammas) {
    const gam = new g.D(gText);
    const flat = [...w1, ...w2, ...w2, a1, gam.times(a2), new g.D(1).minus(gam).times(a2)];
    const res = lossAndDerivatives({ layout: layout(3), activation }, data, flat, g, {
      hessian: true,
      guard: 20,
    });
    const G = res.gradient ?? [];
    const expected = [
      ...gs.slice(0, m),
      ...gs.slice(m, 2 * m).map((v) => v.times(gam)),
      ...gs.slice(m, 2 * m).map((v) => v.times(new g.D(1).minus(gam))),
      gs[2 * m] ?? new g.D(0),
      gs[2 * m + 1] ?? new g.D(0),
      gs[2 * m + 1] ?? new g.D(0),
    ];
    G.forEach((v, i) => {
      const e = v
        .minus(expected[i] ?? 0)
        .abs()
        .div(gScale);
      if (e.gt(gradErr)) gradErr = e;
    });
    const le = res.loss.minus(star.loss).abs().div(star.loss);
    if (le.gt(lossErr)) lossErr = le;
    const H = res.hessian ?? [];
    const v = new Array<Decimal>(flat.length).fill(new g.D(0));
    u.forEach((uj, j) => {
      v[m + j] = uj.times(new g.D(1).minus(gam));
      v[2 * m + j] = uj.times(gam).neg();
    });
    let vHv = new g.D(0);
    let hScale = new g.D(0);
    H.forEach((rowH, i) =>
      rowH.forEach((h, j) => {
        vHv = vHv.plus((v[i] ?? new g.D(0)).times(h).times(v[j] ?? 0));
        hScale = Decimal.max(hScale, h.abs());
      }),
    );
    curvatures.push(vHv.toSignificantDigits(digits).toString());
    const target = gam.times(new g.D(1).minus(gam)).times(uBu);
    const ce = vHv.minus(target).abs().div(Decimal.max(uBu.abs(), hScale));
    if (ce.gt(curvErr)) curvErr = ce;
  }
  const tol = new g.D(10).pow(-digits);
  const show = (x: Decimal): string => (x.isZero() ? '0' : x.toSignificantDigits(3).toExponential(2));
  return {
    digits,
    seed,
    activation: activation.name,
    gammas,
    gradientMaxError: show(gradErr),
    lossMaxError: show(lossErr),
    curvatureMaxError: show(curvErr),
    uBu: uBu.toSignificantDigits(digits).toString(),
    curvatures,
    gradientPassed: gradErr.lte(tol) && lossErr.lte(tol),
    curvaturePassed: curvErr.lte(tol),
  };
}
