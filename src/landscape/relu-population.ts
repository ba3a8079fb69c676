import type { Decimal } from 'decimal.js';
import type { Objective, ObjectiveValue, ObjectiveValue64 } from '../flow/objective.js';
import { integrate64 } from '../flow/integrate64.js';
import type { Precision } from '../precision/context.js';

/**
 * ReLU networks on the Gaussian population x ~ N(0, I) in closed form (the paper's figure B13, docs/relu-population.md).
 *
 * Every function used here is a sum of gated linear units (u·x)·1[g·x > 0]: a ReLU neuron a·relu(w·x) is the unit with
 * gate w and vector a·w, and the gated linear unit c·relu(w·x) + (v·x)·1[w·x > 0] the unit with gate w and vector
 * c·w + v. For two inputs the second moment of two gates is, with φ the polar angle of a gate and θ = φ_h − φ_g
 * (wrapped to (−π, π]),
 *
 *     M(g, h) = E[x xᵀ 1[g·x > 0] 1[h·x > 0]] = (π − |θ|)/(2π) I + |sin θ|/(2π) · [[cos ψ, sin ψ], [sin ψ, −cos ψ]],
 *     ψ = φ_g + φ_h,
 *
 * so that E[(u·x)1[g·x>0] (u'·x)1[h·x>0]] = uᵀ M(g, h) u' and the loss (mean squared error without ½, as everywhere in
 * the toolkit) of a student Σ_j a_j relu(w_j·x) against a teacher unit (gate g*, vector u*) is
 * L = Σ_kl u_kᵀ M(g_k, g_l) u_l over the student's units and the teacher's with vector −u*. Its gradient is
 * ∂L/∂w_i = 2 a_i E_i, ∂L/∂a_i = 2 w_i·E_i with E_i = E[(f − y) 1[w_i·x > 0] x] = Σ_l M(w_i, g_l) u_l.
 */

/** A teacher c·relu(w·x) + (v·x)·1[w·x > 0] on two inputs: a gated linear unit (c = 1, v = 0 is one ReLU neuron). */
export interface GluTeacher {
  readonly gate: readonly [number, number];
  readonly c: number;
  readonly v: readonly [number, number];
}

/**
 * Our choice of teacher for figure B13 (the paper does not state its teacher): y = relu(x₁) − x₂·1[x₁ > 0], the gated
 * linear unit with gate (1, 0), c = 1, v = (0, −1). No finite two-neuron ReLU network computes it (it jumps by −x₂
 * across x₁ = 0, a ReLU network is continuous), so its infimum 0 is approached only at infinity — along the channel
 * the B13 start already lies on (that start computes ≈ −x₂·1[x₁ > 0], the unit with c = 0 and the same v).
 */
export const RELU_POPULATION_TEACHER: GluTeacher = { gate: [1, 0], c: 1, v: [0, -1] };

/** The start of figure B13: w₁ = (1, 0), w₂ = (1, 10⁻⁵), a₁ = 10⁵, a₂ = −10⁵, flat order (w₁, w₂, a₁, a₂). */
export const RELU_B13_START: readonly number[] = [1, 0, 1, 1e-5, 1e5, -1e5];

// ------------------------------------------------------------------------------------------------ general d, float64

function angle64(u: readonly number[], v: readonly number[]): { nu: number; nv: number; theta: number } {
  if (u.length !== v.length || u.length === 0)
    throw new RangeError('reluKernel: u and v need the same length ≥ 1');
  let uu = 0;
  let vv = 0;
  let uv = 0;
  let cross = 0;
  for (let i = 0; i < u.length; i++) {
    const ui = u[i] as number;
    const vi = v[i] as number;
    uu += ui * ui;
    vv += vi * vi;
    uv += ui * vi;
    for (let j = i + 1; j < u.length; j++) cross += (ui * (v[j] as number) - (u[j] as number) * vi) ** 2;
  }
  // θ = atan2(|u ∧ v|, u·v): accurate for small and for nearly opposite angles (acos is not).
  return { nu: Math.sqrt(uu), nv: Math.sqrt(vv), theta: Math.atan2(Math.sqrt(cross), uv) };
}

/** The arc-cosine kernel E[relu(u·x) relu(v·x)] = |u||v|(sin θ + (π − θ) cos θ)/(2π), x ~ N(0, I_d), float64. */
export function reluKernel64(u: readonly number[], v: readonly number[]): number {
  const { nu, nv, theta } = angle64(u, v);
  return (nu * nv * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta))) / (2 * Math.PI);
}

/** ∇_u E[relu(u·x) relu(v·x)] = E[relu(v·x) 1[u·x > 0] x] = ((π − θ) v + |v| sin θ · û)/(2π), float64. */
export function reluKernelGradient64(u: readonly number[], v: readonly number[]): number[] {
  const { nu, nv, theta } = angle64(u, v);
  if (nu === 0) throw new RangeError('reluKernelGradient64: u must be non-zero');
  return u.map(
    (ui, i) => ((Math.PI - theta) * (v[i] as number) + (nv * Math.sin(theta) * ui) / nu) / (2 * Math.PI),
  );
}

// ------------------------------------------------------------------------------------------------ general d, Decimal

function angleD(u: readonly Decimal.Value[], v: readonly Decimal.Value[], p: Precision) {
  if (u.length !== v.length || u.length === 0)
    throw new RangeError('reluKernel: u and v need the same length ≥ 1');
  const U = u.map((x) => new p.D(x));
  const V = v.map((x) => new p.D(x));
  let uu = new p.D(0);
  let vv = new p.D(0);
  let uv = new p.D(0);
  let cross = new p.D(0);
  for (let i = 0; i < U.length; i++) {
    uu = uu.plus((U[i] as Decimal).times(U[i] as Decimal));
    vv = vv.plus((V[i] as Decimal).times(V[i] as Decimal));
    uv = uv.plus((U[i] as Decimal).times(V[i] as Decimal));
    for (let j = i + 1; j < U.length; j++)
      cross = cross.plus(
        (U[i] as Decimal)
          .times(V[j] as Decimal)
          .minus((U[j] as Decimal).times(V[i] as Decimal))
          .pow(2),
      );
  }
  return { U, V, nu: uu.sqrt(), nv: vv.sqrt(), theta: p.D.atan2(cross.sqrt(), uv), pi: p.D.acos(-1) };
}

/** {@link reluKernel64} at precision p (no global Decimal configuration). */
export function reluKernel(u: readonly Decimal.Value[], v: readonly Decimal.Value[], p: Precision): Decimal {
  const { nu, nv, theta, pi } = angleD(u, v, p);
  return nu
    .times(nv)
    .times(theta.sin().plus(pi.minus(theta).times(theta.cos())))
    .div(pi.times(2));
}

/** {@link reluKernelGradient64} at precision p. */
export function reluKernelGradient(
  u: readonly Decimal.Value[],
  v: readonly Decimal.Value[],
  p: Precision,
): Decimal[] {
  const { U, V, nu, nv, theta, pi } = angleD(u, v, p);
  if (nu.isZero()) throw new RangeError('reluKernelGradient: u must be non-zero');
  return U.map((ui, i) =>
    pi
      .minus(theta)
      .times(V[i] as Decimal)
      .plus(nv.times(theta.sin()).times(ui).div(nu))
      .div(pi.times(2)),
  );
}

// ------------------------------------------------------------------------------------------- two inputs, any width

/** M(g, h) = E[x xᵀ 1[g·x > 0] 1[h·x > 0]] for two inputs at precision p, row-major [m11, m12, m22]. */
export function gatedSecondMoment(
  g: readonly Decimal.Value[],
  h: readonly Decimal.Value[],
  p: Precision,
): [Decimal, Decimal, Decimal] {
  const pi = p.D.acos(-1);
  const phiG = p.D.atan2(new p.D(g[1] ?? 0), new p.D(g[0] ?? 0));
  const phiH = p.D.atan2(new p.D(h[1] ?? 0), new p.D(h[0] ?? 0));
  let theta = phiH.minus(phiG).abs();
  if (theta.gt(pi)) theta = pi.times(2).minus(theta);
  const psi = phiG.plus(phiH);
  const diag = pi.minus(theta).div(pi.times(2));
  const s = theta.sin().abs().div(pi.times(2));
  return [diag.plus(s.times(psi.cos())), s.times(psi.sin()), diag.minus(s.times(psi.cos()))];
}

/** A unit of the population function: (vector·x)·1[gate·x > 0]. */
interface UnitD {
  readonly gate: readonly Decimal[];
  readonly vector: readonly Decimal[];
}

const quadForm = (m: readonly Decimal[], u: readonly Decimal[], v: readonly Decimal[]): Decimal =>
  (u[0] as Decimal)
    .times(m[0] as Decimal)
    .times(v[0] as Decimal)
    .plus((u[0] as Decimal).times(m[1] as Decimal).times(v[1] as Decimal))
    .plus((u[1] as Decimal).times(m[1] as Decimal).times(v[0] as Decimal))
    .plus((u[1] as Decimal).times(m[2] as Decimal).times(v[1] as Decimal));

function checkTheta(fn: string, theta: readonly unknown[]): number {
  const r = theta.length / 3;
  if (!Number.isInteger(r) || r < 1)
    throw new RangeError(
      `${fn}: θ must hold (w₁…w_r ∈ ℝ², a₁…a_r), a multiple of 3 numbers; got ${theta.length}`,
    );
  return r;
}

/**
 * Population loss and gradient of a width-r ReLU student on two inputs without biases, θ = (w₁…w_r, a₁…a_r)
 * (w_j ∈ ℝ², the library's flat order), against a {@link GluTeacher}, at precision p: the exact formula of the
 * module comment, each expectation in closed form. Cancellation between large readouts costs digits (at a = 10⁵
 * about 10), so ask for enough.
 */
export function reluPopulationLoss(
  theta: readonly Decimal.Value[],
  teacher: GluTeacher,
  p: Precision,
): { loss: Decimal; gradient: Decimal[] } {
  const r = checkTheta('reluPopulationLoss', theta);
  const T = theta.map((x) => new p.D(x));
  const units: UnitD[] = [];
  for (let j = 0; j < r; j++) {
    const w = [T[2 * j] as Decimal, T[2 * j + 1] as Decimal];
    const a = T[2 * r + j] as Decimal;
    units.push({ gate: w, vector: w.map((x) => x.times(a)) });
  }
  const g = teacher.gate.map((x) => new p.D(x));
  units.push({
    gate: g,
    vector: g.map((x, i) =>
      x
        .times(teacher.c)
        .plus(teacher.v[i] as number)
        .neg(),
    ),
  });
  let loss = new p.D(0);
  const gradient: Decimal[] = [];
  const E: Decimal[][] = [];
  for (let k = 0; k < units.length; k++) {
    const e = [new p.D(0), new p.D(0)];
    for (let l = 0; l < units.length; l++) {
      const m = gatedSecondMoment((units[k] as UnitD).gate, (units[l] as UnitD).gate, p);
      const ul = (units[l] as UnitD).vector;
      loss = loss.plus(quadForm(m, (units[k] as UnitD).vector, ul));
      e[0] = (e[0] as Decimal)
        .plus((m[0] as Decimal).times(ul[0] as Decimal))
        .plus(m[1].times(ul[1] as Decimal));
      e[1] = (e[1] as Decimal).plus(m[1].times(ul[0] as Decimal)).plus(m[2].times(ul[1] as Decimal));
    }
    E.push(e);
  }
  for (let j = 0; j < r; j++) {
    const a = T[2 * r + j] as Decimal;
    gradient.push(...(E[j] as Decimal[]).map((x) => x.times(a).times(2)));
  }
  for (let j = 0; j < r; j++) {
    const e = E[j] as Decimal[];
    gradient.push(
      (T[2 * j] as Decimal)
        .times(e[0] as Decimal)
        .plus((T[2 * j + 1] as Decimal).times(e[1] as Decimal))
        .times(2),
    );
  }
  return { loss, gradient };
}

/** The population loss of the gated linear unit c·relu(w·x) + (v·x)·1[w·x > 0] against the teacher, precision p. */
export function gluPopulationLoss(
  glu: {
    readonly w: readonly Decimal.Value[];
    readonly c: Decimal.Value;
    readonly v: readonly Decimal.Value[];
  },
  teacher: GluTeacher,
  p: Precision,
): Decimal {
  const w = glu.w.map((x) => new p.D(x));
  const u = w.map((x, i) => x.times(glu.c).plus(glu.v[i] as Decimal.Value));
  const g = teacher.gate.map((x) => new p.D(x));
  const us = g.map((x, i) => x.times(teacher.c).plus(teacher.v[i] as number));
  const half = (z: Decimal[]): Decimal =>
    (z[0] as Decimal)
      .pow(2)
      .plus((z[1] as Decimal).pow(2))
      .div(2);
  return half(u)
    .plus(half(us))
    .minus(quadForm(gatedSecondMoment(w, g, p), u, us).times(2));
}

// ------------------------------------------------------------------------------------------- width 2, float64, stable

const TWO_PI = 2 * Math.PI;

/** x − sin x without cancellation (series below 0.25). */
function xMinusSin(x: number): number {
  if (Math.abs(x) >= 0.25) return x - Math.sin(x);
  const x2 = x * x;
  // x³/3! − x⁵/5! + x⁷/7! − x⁹/9! + x¹¹/11! (the next term is below 10⁻¹⁶ relative at x = 0.25)
  return (
    ((x * x2) / 6) * (1 - (x2 / 20) * (1 - (x2 / 42) * (1 - (x2 / 72) * (1 - (x2 / 110) * (1 - x2 / 156)))))
  );
}

/** M(g, h) in float64 from the polar angles, [m11, m12, m22]. */
function moment64(phiG: number, theta: number): [number, number, number] {
  const t = Math.abs(theta);
  const diag = (Math.PI - t) / TWO_PI;
  const s = Math.abs(Math.sin(theta)) / TWO_PI;
  const psi = 2 * phiG + theta;
  return [diag + s * Math.cos(psi), s * Math.sin(psi), diag - s * Math.cos(psi)];
}

const wrap = (t: number): number => (t > Math.PI ? t - TWO_PI : t <= -Math.PI ? t + TWO_PI : t);

/**
 * Loss and gradient (written into `gradient` when given) of the width-2 ReLU student on two inputs, θ = (w₁, w₂, a₁,
 * a₂), against the teacher, in float64 — written around the pair so that large opposite readouts do not cancel:
 * with u₁ = a₁w₁, s = a₁w₁ + a₂w₂ and Δ = M(w₁, w₂) − I/2 (computed from θ₁₂ = ∠(w₁, w₂) directly, O(θ₁₂)),
 * L = |u₁|²(2|θ₁₂| − sin 2|θ₁₂|)/(2π) + 2u₁ᵀΔs + |s|²/2 − 2u₁ᵀ(M₁* − M₂*)u* − 2sᵀM₂*u* + |u*|²/2.
 * At the B13 start (a = ±10⁵) it agrees with the quadrature reference to 4·10⁻¹³ absolute (tested to 10⁻¹¹; the
 * teacher cross term u₁ᵀ(M₁* − M₂*)u* keeps an error ulp(1)·|a|).
 */
export function reluPairLoss64(
  theta: ArrayLike<number>,
  teacher: GluTeacher,
  gradient?: Float64Array,
): number {
  if (theta.length !== 6)
    throw new RangeError(`reluPairLoss64: θ must be (w₁, w₂, a₁, a₂) ∈ ℝ⁶, got ${theta.length}`);
  const [w1x, w1y, w2x, w2y, a1, a2] = Array.from(theta) as [number, number, number, number, number, number];
  const phi1 = Math.atan2(w1y, w1x);
  const phi2 = Math.atan2(w2y, w2x);
  const dx = w2x - w1x;
  const dy = w2y - w1y;
  // θ₁₂ from w₁ ∧ (w₂ − w₁) and w₁·w₂: accurate when the pair is merged.
  const t12 = Math.atan2(w1x * dy - w1y * dx, w1x * w1x + w1y * w1y + w1x * dx + w1y * dy);
  const T = Math.abs(t12);
  const sT = Math.abs(Math.sin(t12)) / TWO_PI;
  const psi = 2 * phi1 + t12;
  // Δ = −|θ|/(2π) I + |sin θ|/(2π) R(ψ)
  const d11 = -T / TWO_PI + sT * Math.cos(psi);
  const d12 = sT * Math.sin(psi);
  const d22 = -T / TWO_PI - sT * Math.cos(psi);
  const u1x = a1 * w1x;
  const u1y = a1 * w1y;
  const sx = a1 * w1x + a2 * w2x;
  const sy = a1 * w1y + a2 * w2y;
  const gs = teacher.gate;
  const phiS = Math.atan2(gs[1], gs[0]);
  const usx = teacher.c * gs[0] + teacher.v[0];
  const usy = teacher.c * gs[1] + teacher.v[1];
  const m1 = moment64(phi1, wrap(phiS - phi1));
  const m2 = moment64(phi2, wrap(phiS - phi2));
  const m1u = [m1[0] * usx + m1[1] * usy, m1[1] * usx + m1[2] * usy] as const;
  const m2u = [m2[0] * usx + m2[1] * usy, m2[1] * usx + m2[2] * usy] as const;
  const du1 = [d11 * u1x + d12 * u1y, d12 * u1x + d22 * u1y] as const;
  const ds = [d11 * sx + d12 * sy, d12 * sx + d22 * sy] as const;
  const loss =
    ((u1x * u1x + u1y * u1y) * xMinusSin(2 * T)) / TWO_PI +
    2 * (u1x * ds[0] + u1y * ds[1]) +
    (sx * sx + sy * sy) / 2 -
    2 * (u1x * (m1u[0] - m2u[0]) + u1y * (m1u[1] - m2u[1])) -
    2 * (sx * m2u[0] + sy * m2u[1]) +
    (usx * usx + usy * usy) / 2;
  if (gradient !== undefined) {
    // E₁ = −Δu₁ + (I/2 + Δ)s − M₁*u*,  E₂ = Δu₁ + s/2 − M₂*u*
    const e1x = -du1[0] + sx / 2 + ds[0] - m1u[0];
    const e1y = -du1[1] + sy / 2 + ds[1] - m1u[1];
    const e2x = du1[0] + sx / 2 - m2u[0];
    const e2y = du1[1] + sy / 2 - m2u[1];
    gradient[0] = 2 * a1 * e1x;
    gradient[1] = 2 * a1 * e1y;
    gradient[2] = 2 * a2 * e2x;
    gradient[3] = 2 * a2 * e2y;
    gradient[4] = 2 * (w1x * e1x + w1y * e1y);
    gradient[5] = 2 * (w2x * e2x + w2y * e2y);
  }
  return loss;
}

/** The pair's channel coordinates: w = (w₁ + w₂)/2, ε = |w₁ − w₂|/2, c = a₁ + a₂, v = (a₁ − a₂)(w₁ − w₂)/2. */
export interface PairCoordinates {
  readonly w: [number, number];
  readonly eps: number;
  readonly c: number;
  readonly v: [number, number];
}

export function pairCoordinates(theta: ArrayLike<number>): PairCoordinates {
  const [w1x, w1y, w2x, w2y, a1, a2] = Array.from(theta) as [number, number, number, number, number, number];
  const h = (a1 - a2) / 2;
  return {
    w: [(w1x + w2x) / 2, (w1y + w2y) / 2],
    eps: Math.hypot(w1x - w2x, w1y - w2y) / 2,
    c: a1 + a2,
    v: [h * (w1x - w2x), h * (w1y - w2y)],
  };
}

/** {@link gluPopulationLoss} in float64. */
export function gluPopulationLoss64(glu: PairCoordinates, teacher: GluTeacher): number {
  const ux = glu.c * glu.w[0] + glu.v[0];
  const uy = glu.c * glu.w[1] + glu.v[1];
  const usx = teacher.c * teacher.gate[0] + teacher.v[0];
  const usy = teacher.c * teacher.gate[1] + teacher.v[1];
  const phi = Math.atan2(glu.w[1], glu.w[0]);
  const m = moment64(phi, wrap(Math.atan2(teacher.gate[1], teacher.gate[0]) - phi));
  return (
    (ux * ux + uy * uy) / 2 +
    (usx * usx + usy * usy) / 2 -
    2 * (ux * (m[0] * usx + m[1] * usy) + uy * (m[1] * usx + m[2] * usy))
  );
}

/**
 * The population objective of the width-2 student (flow machinery): evaluate at precision p by
 * {@link reluPopulationLoss}; evaluate64 by {@link reluPairLoss64}, its Hessian by central differences of the exact
 * gradient (used only as the Jacobian of the implicit stepper's Newton iteration).
 */
export function reluPopulationObjective(teacher: GluTeacher = RELU_POPULATION_TEACHER): Objective {
  return {
    evaluate(flat, p, options = {}): ObjectiveValue {
      const r = reluPopulationLoss(flat, teacher, p);
      if (options.hessian === true) throw new RangeError('reluPopulationObjective: no Decimal Hessian');
      return options.gradient === false ? { loss: r.loss } : { loss: r.loss, gradient: r.gradient };
    },
    evaluate64(flat, options = {}): ObjectiveValue64 {
      const g = new Float64Array(6);
      const loss = reluPairLoss64(flat, teacher, g);
      if (options.hessian !== true) return options.gradient === false ? { loss } : { loss, gradient: g };
      const H = new Float64Array(36);
      const gp = new Float64Array(6);
      const gm = new Float64Array(6);
      const eps = pairCoordinates(flat).eps;
      for (let j = 0; j < 6; j++) {
        const h = j < 4 ? 1e-4 * Math.max(eps, 1e-12) : 1e-6 * Math.max(1, Math.abs(flat[j] as number));
        const x = Float64Array.from(flat);
        x[j] = (flat[j] as number) + h;
        reluPairLoss64(x, teacher, gp);
        x[j] = (flat[j] as number) - h;
        reluPairLoss64(x, teacher, gm);
        for (let i = 0; i < 6; i++) H[i * 6 + j] = ((gp[i] as number) - (gm[i] as number)) / (2 * h);
      }
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < i; j++) {
          const m = ((H[i * 6 + j] as number) + (H[j * 6 + i] as number)) / 2;
          H[i * 6 + j] = m;
          H[j * 6 + i] = m;
        }
      return { loss, gradient: g, hessian: H };
    },
  };
}

/** One recorded state of {@link reluPopulationRun}. */
export interface ReluPopulationRecord extends PairCoordinates {
  readonly t: number;
  readonly loss: number;
  readonly a1: number;
  readonly a2: number;
  /** The population loss of the pair's gated linear unit (c, w, v): the loss at ε → 0 with (c, w, v) fixed. */
  readonly gluLoss: number;
  readonly theta: readonly number[];
}

/**
 * Gradient flow dθ/dt = −∇L on the population loss from `start` (default the B13 start), float64 (integrate64:
 * Radau IIA once stiff; λ_max ∼ a² ≈ 10¹⁰ here), recorded at the times `times` (increasing).
 */
export function reluPopulationRun(
  times: readonly number[],
  options: {
    start?: readonly number[];
    teacher?: GluTeacher;
    log10Tolerance?: number;
    maxSteps?: number;
  } = {},
): ReluPopulationRecord[] {
  const {
    start = RELU_B13_START,
    teacher = RELU_POPULATION_TEACHER,
    log10Tolerance = -10,
    maxSteps = 100_000,
  } = options;
  const objective = reluPopulationObjective(teacher);
  const record = (t: number, th: Float64Array): ReluPopulationRecord => {
    const pc = pairCoordinates(th);
    return {
      ...pc,
      t,
      loss: reluPairLoss64(th, teacher),
      a1: th[4] as number,
      a2: th[5] as number,
      gluLoss: gluPopulationLoss64(pc, teacher),
      theta: Array.from(th),
    };
  };
  let theta: Float64Array = Float64Array.from(start);
  let t = 0;
  const out: ReluPopulationRecord[] = [record(0, theta)];
  for (const T of times) {
    if (!(T > t)) throw new RangeError('reluPopulationRun: times must be positive and increasing');
    const r = integrate64(objective, theta, { maxTime: T - t, log10Tolerance, maxSteps });
    if (r.stop !== 'maxTime')
      throw new Error(`reluPopulationRun: the flow stopped (${r.stop}) at t = ${t + r.t}`);
    theta = r.theta;
    t = T;
    out.push(record(t, theta));
  }
  return out;
}
