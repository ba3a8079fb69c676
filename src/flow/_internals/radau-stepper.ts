import type { Decimal } from 'decimal.js';
import { precision } from '../../precision/context.js';
import type { ScalarField } from '../../precision/jet/index.js';
import { radauTableau } from '../radau-tableau.js';
import { fixedPointField } from './fixed-point-field.js';
import type { FlowSystem } from './flow-system.js';
import { scaleBy, type StepAttempt, type Stepper, type StepperState } from './stepper.js';

/** Options of {@link radauStepper}. */
export interface RadauOptions {
  /**
   * log₁₀ of the local error allowed per step, componentwise relative to max(1, |θ_i|). The embedded estimate is
   * of order s only (the method's own error is O(h^{2s})), so, as in Hairer's RADAU, it is held to 0.1·tol^γ with
   * γ = max((s+1)/(2s), 0.7); the Newton iteration is stopped at 0.1·tol.
   */
  readonly log10Tolerance: number;
  /** Stages (odd). Default {@link radauStages}(log10Tolerance). */
  readonly stages?: number;
  /**
   * `stages`: Newton's method with the exact Hessian at every stage value of every iterate (quadratic convergence;
   * in Decimal a Hessian costs about 1.4 gradients, so two or three such iterations beat ten simplified ones).
   * `frozen`: simplified Newton with one Hessian, reused (with its LU) across the iterations and across steps while
   * the iteration contracts by 10³ or better, re-evaluated when it does not (RADAU5's strategy; float64 default).
   */
  readonly jacobian?: 'stages' | 'frozen';
}

/** The stage count for a tolerance: 3 (order 5) to 10⁻¹², 5 (order 9) to 10⁻²⁴, 7 (order 13) beyond. */
export function radauStages(log10Tolerance: number): number {
  const d = -log10Tolerance;
  return d <= 12 ? 3 : d <= 24 ? 5 : 7;
}

/** The arithmetic of the stage algebra: a field G with exact conversions from and to the system's T. */
interface Engine<T, G> {
  readonly F: ScalarField<G>;
  to(x: T): G;
  from(x: G): T;
  num(x: G): number;
  text(x: G): string;
  parse(s: string): G;
}

/**
 * Decimal systems do the stage algebra (residuals, the Newton matrix and its LU, the predictor) in binary fixed
 * point at the working digits: a bigint product costs ~0.05 µs against ~3 µs for decimal.js, and the LU of the
 * sP × sP Newton matrix is otherwise the largest cost after the Hessians. Fixed point has an absolute resolution
 * (2^−b ≤ 10^−(digits+3)): quantities that can be tiny and are then multiplied by a large h (∇L along a channel,
 * h up to 10¹¹) enter as h·∇L and h·∇²L, formed in Decimal first.
 */
function decimalEngine(S: FlowSystem<Decimal>): Engine<Decimal, bigint> {
  const G = fixedPointField(precision(S.F.digits), S.transcendentals);
  return {
    F: G,
    to: G.fromDecimal,
    from: G.toDecimal,
    num: G.toNumber,
    text: (x) => x.toString(),
    parse: (s) => BigInt(s),
  };
}

function identityEngine<T>(S: FlowSystem<T>): Engine<T, T> {
  return {
    F: S.F,
    to: (x) => x,
    from: (x) => x,
    num: (x) => S.F.toNumber(x),
    text: (x) => S.toText(x),
    parse: (s) => S.fromText(s),
  };
}

/**
 * Radau IIA with s stages (order 2s − 1, L-stable, stiffly accurate; Hairer & Wanner, Solving ODEs II, §IV.8),
 * the tableau derived at run time at the working precision ({@link radauTableau}), with the exact Hessian as
 * Jacobian of θ′ = −∇L (J = −∇²L):
 *
 * - stage equations Z_i = h Σ_j a_ij f(y₀ + Z_j) solved by Newton from the previous step's collocation polynomial
 *   extrapolated (zero on the first step), stopped by Hairer's η‖ΔZ‖ ≤ 0.1·tol test (η = θ/(1 − θ), θ the
 *   contraction of successive corrections);
 * - local error from the embedded formula of order s, err = (I − hγ̂₀J)⁻¹(hγ̂₀ f(y₀) + Σ e_i Z_i): the filter
 *   (I − hγ̂₀J)⁻¹ removes the stiff components, so the step follows the slow manifold (along a channel the steps grow
 *   in proportion to t), and on a first or rejected step the estimate is filtered once more through f;
 * - step size h·min(8, max(1/5, 0.9 / err^{1/(s+1)})) with Gustafsson's predictive correction after an accepted step;
 *   a Newton failure halves h.
 */
export function radauStepper<T>(S: FlowSystem<T>, options: RadauOptions): Stepper<T> {
  if (S.F.kind === 'decimal')
    return radauWith(
      S,
      decimalEngine(S as unknown as FlowSystem<Decimal>) as unknown as Engine<T, bigint>,
      options,
    );
  return radauWith(S, identityEngine(S), options);
}

/** LU factors with row permutation of a dense matrix over G (partial pivoting); undefined when singular. */
interface Lu<G> {
  readonly lu: G[][];
  readonly perm: number[];
}

function luFactor<G>(F: ScalarField<G>, num: (x: G) => number, M: G[][]): Lu<G> | undefined {
  const n = M.length;
  const a = M.map((r) => r.slice());
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let piv = k;
    let best = Math.abs(num((a[k] as G[])[k] as G));
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(num((a[i] as G[])[k] as G));
      if (v > best) {
        best = v;
        piv = i;
      }
    }
    if (!(best > 0)) return undefined;
    if (piv !== k) {
      [a[k], a[piv]] = [a[piv] as G[], a[k] as G[]];
      [perm[k], perm[piv]] = [perm[piv] as number, perm[k] as number];
    }
    const rk = a[k] as G[];
    const d = rk[k] as G;
    for (let i = k + 1; i < n; i++) {
      const ri = a[i] as G[];
      if (F.sign(ri[k] as G) === 0) continue;
      const m = F.div(ri[k] as G, d);
      ri[k] = m;
      for (let j = k + 1; j < n; j++) ri[j] = F.sub(ri[j] as G, F.mul(m, rk[j] as G));
    }
  }
  return { lu: a, perm };
}

function luSolve<G>(F: ScalarField<G>, f: Lu<G>, b: readonly G[]): G[] {
  const n = b.length;
  const x = f.perm.map((i) => b[i] as G);
  for (let i = 1; i < n; i++) {
    const r = f.lu[i] as G[];
    let acc = x[i] as G;
    for (let j = 0; j < i; j++) acc = F.sub(acc, F.mul(r[j] as G, x[j] as G));
    x[i] = acc;
  }
  for (let i = n - 1; i >= 0; i--) {
    const r = f.lu[i] as G[];
    let acc = x[i] as G;
    for (let j = i + 1; j < n; j++) acc = F.sub(acc, F.mul(r[j] as G, x[j] as G));
    x[i] = F.div(acc, r[i] as G);
  }
  return x;
}

/** Most Newton iterations per attempt (quadratic / simplified). */
const MAX_ITERATIONS = { stages: 8, frozen: 7 } as const;
/** A kept Jacobian is reused on the next step when the last iteration contracted at least this much. */
const REUSE_THETA = 1e-3;
/**
 * The embedded estimate (order s) is held to 0.1·tol^γ with γ = max((s + 1)/(2s), this). Hairer's (s + 1)/(2s)
 * assumes the asymptotic relation err_true ≈ err_est^{2s/(s+1)}, which holds along the channel but not in the
 * transient of glu-teacher (t ≈ 10–100): at 30 digits with γ = 4/7 a run and its confirming run agreed to only 24
 * digits there (29 at t ≥ 10⁴); γ = 0.7 costs about 3.3× the steps.
 */
const ESTIMATE_EXPONENT_FLOOR = 0.7;
/** Simplified Newton contracting slower than this switches to the Hessians at the stage values. */
const SLOW_THETA = 0.1;

function radauWith<T, G>(S: FlowSystem<T>, E: Engine<T, G>, options: RadauOptions): Stepper<T> {
  const F = E.F;
  const T_ = S.F;
  const { log10Tolerance } = options;
  const s = options.stages ?? radauStages(log10Tolerance);
  const mode = options.jacobian ?? (S.F.kind === 'decimal' ? 'stages' : 'frozen');
  const tab = radauTableau(s, precision(S.F.kind === 'decimal' ? Math.ceil(S.F.digits) + 5 : 30));
  const toG = (x: Decimal): G => F.fromDecimalString(x.toString());
  const c = tab.c.map(toG);
  const a = tab.A.map((row) => row.map(toG));
  const e = tab.e.map(toG);
  const gamma0 = toG(tab.gamma0);
  const tolNewton = 0.1 * 10 ** log10Tolerance;
  const log10TolEstimate =
    Math.log10(0.1) + log10Tolerance * Math.max((s + 1) / (2 * s), ESTIMATE_EXPONENT_FLOOR);
  const tolEstimate = 10 ** log10TolEstimate;
  const maxIt = MAX_ITERATIONS[mode];

  // Carried state (see StepperState).
  let hPrev: T | undefined;
  let Zprev: G[][] | undefined;
  let errPrev = 0;
  let rejected = false;
  /** The kept Hessian (frozen mode) and the last LU of its Newton matrix with the h it was formed for. */
  let jac: T[][] | undefined;
  let jacLu: { h: string; lu: Lu<G> } | undefined;

  const scaled = (h: T, v: T): G => E.to(T_.mul(h, v));
  const newtonMatrix = (hH: readonly G[][][]): G[][] => {
    const P = (hH[0] as G[][]).length;
    const M: G[][] = Array.from({ length: s * P }, () => new Array<G>(s * P).fill(F.zero));
    for (let i = 0; i < s; i++)
      for (let j = 0; j < s; j++) {
        const aij = (a[i] as G[])[j] as G;
        const H = hH[j] as G[][];
        for (let r = 0; r < P; r++) {
          const row = M[i * P + r] as G[];
          const Hr = H[r] as G[];
          for (let q = 0; q < P; q++) row[j * P + q] = F.mul(aij, Hr[q] as G);
          if (i === j) row[j * P + r] = F.add(row[j * P + r] as G, F.one);
        }
      }
    return M;
  };

  /** Stage increments predicted from the last accepted step's collocation polynomial (zero without one). */
  const predict = (H: T, P: number): G[][] => {
    if (hPrev === undefined || Zprev === undefined || (Zprev[0] as G[]).length !== P)
      return Array.from({ length: s }, () => new Array<G>(P).fill(F.zero));
    const ratio = F.div(E.to(H), E.to(hPrev));
    const nodes = [F.zero, ...c];
    const Zs = Zprev[s - 1] as G[];
    return c.map((ci) => {
      const tau = F.add(F.one, F.mul(ci, ratio));
      const out = Zs.map((z) => F.neg(z));
      for (let j = 1; j <= s; j++) {
        let w = F.one;
        for (let m = 0; m <= s; m++)
          if (m !== j) w = F.div(F.mul(w, F.sub(tau, nodes[m] as G)), F.sub(nodes[j] as G, nodes[m] as G));
        const Zj = Zprev?.[j - 1] as G[];
        for (let r = 0; r < P; r++) out[r] = F.add(out[r] as G, F.mul(w, Zj[r] as G));
      }
      return out;
    });
  };

  const fail = (H: T, factor: number, reason: string): StepAttempt<T> => {
    rejected = true;
    return { accepted: false, hNext: scaleBy(S, H, factor), reason };
  };

  return {
    name: 'implicit',
    step(y, h, hMax): StepAttempt<T> {
      const H = T_.sign(T_.sub(h, hMax)) <= 0 ? h : hMax;
      const P = y.length;
      const y0 = y.map(E.to);
      const scale = y0.map((v) => Math.max(1, Math.abs(E.num(v))));
      const norm = (v: readonly G[], sc: readonly number[] = scale): number => {
        let m = 0;
        for (let r = 0; r < v.length; r++) m = Math.max(m, Math.abs(E.num(v[r] as G)) / (sc[r] as number));
        return m;
      };
      const first = hPrev === undefined;

      // At y₀: ∇L (for the error estimate) and the Hessian (the estimate's filter; the frozen Jacobian).
      let g0: T[];
      let H0: T[][];
      const newJacobian = mode === 'stages' || jac === undefined;
      if (newJacobian) {
        const ev = S.gradientHessian(y);
        g0 = ev.gradient;
        H0 = ev.hessian;
        if (mode === 'frozen') {
          jac = H0;
          jacLu = undefined;
        }
      } else {
        g0 = S.gradient(y);
        H0 = jac as T[][];
      }
      const hg0 = g0.map((v) => scaled(H, v));
      const hH0 = H0.map((row) => row.map((v) => scaled(H, v)));

      // Newton on the stage equations.
      const Z = predict(H, P);
      const zeroStart = Z.every((z) => z.every((v) => F.sign(v) === 0));
      let dPrev = Infinity;
      let theta = 1;
      let converged = false;
      let iterations = 0;
      let frozenLu: Lu<G> | undefined;
      if (mode === 'frozen') {
        const key = T_.toString(H);
        if (jacLu !== undefined && jacLu.h === key) frozenLu = jacLu.lu;
        else {
          frozenLu = luFactor(F, E.num, newtonMatrix(Array.from({ length: s }, () => hH0)));
          if (frozenLu !== undefined) jacLu = { h: key, lu: frozenLu };
        }
        if (frozenLu === undefined) return fail(H, 0.5, 'the Newton matrix is singular');
      }
      // Simplified Newton turns into Newton with the Hessians at the stage values when it contracts slowly (along a
      // channel the Hessian's small eigenvalues change by O(1) over a step the error estimate allows).
      let exact = mode === 'stages';
      for (let it = 0; it < maxIt; it++) {
        iterations = it + 1;
        const hG: G[][] = [];
        const hH: G[][][] = [];
        for (let j = 0; j < s; j++) {
          if (it === 0 && zeroStart) {
            hG.push(hg0);
            hH.push(hH0);
            continue;
          }
          const Yj = y0.map((v, r) => E.from(F.add(v, (Z[j] as G[])[r] as G)));
          if (exact) {
            const ev = S.gradientHessian(Yj);
            hG.push(ev.gradient.map((v) => scaled(H, v)));
            hH.push(ev.hessian.map((row) => row.map((v) => scaled(H, v))));
          } else hG.push(S.gradient(Yj).map((v) => scaled(H, v)));
        }
        // R = −Z − (A ⊗ I)·h∇L(Y).
        const R: G[] = [];
        for (let i = 0; i < s; i++) {
          const ai = a[i] as G[];
          for (let r = 0; r < P; r++) {
            let acc = F.neg((Z[i] as G[])[r] as G);
            for (let j = 0; j < s; j++) acc = F.sub(acc, F.mul(ai[j] as G, (hG[j] as G[])[r] as G));
            R.push(acc);
          }
        }
        const lu = exact ? luFactor(F, E.num, newtonMatrix(hH)) : frozenLu;
        if (lu === undefined) return fail(H, 0.5, 'the Newton matrix is singular');
        const dZ = luSolve(F, lu, R);
        for (let i = 0; i < s; i++)
          for (let r = 0; r < P; r++) (Z[i] as G[])[r] = F.add((Z[i] as G[])[r] as G, dZ[i * P + r] as G);
        let d = 0;
        for (let i = 0; i < s; i++) d = Math.max(d, norm(dZ.slice(i * P, i * P + P)));
        if (d === 0) {
          converged = true;
          break;
        }
        if (it > 0) {
          theta = d / dPrev;
          if (theta >= 1) {
            // Stagnation far below the tolerance is the rounding floor of the working precision, not divergence.
            if (d < tolNewton * 30) {
              converged = true;
              break;
            }
            if (exact) break;
            exact = true;
            dPrev = d;
            continue;
          }
        }
        const eta = theta / (1 - theta);
        if (it > 0 ? eta * d <= tolNewton : d <= tolNewton * 1e-3) {
          converged = true;
          break;
        }
        // Predicted not to converge within the iterations left (Hairer & Wanner's test): escalate.
        if (!exact && it > 0 && (theta > SLOW_THETA || theta ** (maxIt - 1 - it) * eta * d > tolNewton))
          exact = true;
        dPrev = d;
      }
      if (!converged) {
        if (!newJacobian) {
          // An old Jacobian: retry the same step with a new one before shrinking it.
          jac = undefined;
          jacLu = undefined;
          rejected = true;
          return { accepted: false, hNext: H, reason: 'Newton did not converge with the kept Jacobian' };
        }
        return fail(H, 0.5, 'Newton iteration did not converge');
      }

      const Zs = Z[s - 1] as G[];
      const y1 = y0.map((v, r) => F.add(v, Zs[r] as G));
      // The embedded estimate, filtered by (I + hγ̂₀∇²L(y₀))⁻¹.
      const filter = luFactor(
        F,
        E.num,
        hH0.map((row, r) => row.map((v, q) => (r === q ? F.add(F.one, F.mul(gamma0, v)) : F.mul(gamma0, v)))),
      );
      if (filter === undefined) return fail(H, 0.5, 'the error filter matrix is singular');
      const eZ = (): G[] =>
        Array.from({ length: P }, (_, r) => {
          let acc = F.zero;
          for (let i = 0; i < s; i++) acc = F.add(acc, F.mul(e[i] as G, (Z[i] as G[])[r] as G));
          return acc;
        });
      const ez = eZ();
      let errVec = luSolve(
        F,
        filter,
        ez.map((v, r) => F.sub(v, F.mul(gamma0, hg0[r] as G))),
      );
      const errScale = y0.map((v, r) => Math.max(scale[r] as number, Math.abs(E.num(y1[r] as G))));
      let err = norm(errVec, errScale) / tolEstimate;
      if (err >= 1 && (first || rejected)) {
        const g = S.gradient(y0.map((v, r) => E.from(F.add(v, errVec[r] as G))));
        errVec = luSolve(
          F,
          filter,
          ez.map((v, r) => F.sub(v, F.mul(gamma0, scaled(H, g[r] as T)))),
        );
        err = norm(errVec, errScale) / tolEstimate;
      }
      const log10Error = Math.log10(Math.max(err, 1e-300)) + log10TolEstimate;

      // Step size (RADAU5): safety reduced when Newton needed many iterations; growth ≤ 8, shrink ≥ 1/5.
      const safe = 0.9 * Math.min(1, (2 * maxIt + 1) / (2 * maxIt + iterations));
      const expo = 1 / (s + 1);
      let quot = Math.max(1 / 8, Math.min(5, err ** expo / safe));
      if (!Number.isFinite(quot)) quot = 5;
      if (err >= 1) {
        rejected = true;
        return {
          accepted: false,
          hNext: scaleBy(S, H, first ? 0.1 : 1 / quot),
          reason: `error 10^${log10Error.toFixed(1)} too large`,
        };
      }
      if (!first && !rejected && errPrev > 0 && err > 0) {
        const ratio = T_.toNumber(T_.div(hPrev as T, H));
        let gus = (ratio * ((err * err) / errPrev) ** expo) / safe;
        gus = Math.max(1 / 8, Math.min(5, gus));
        quot = Math.max(quot, gus);
      }
      let factor = 1 / quot;
      // After a rejection the step does not grow at once (RADAU5).
      if (rejected) factor = Math.min(factor, 1);
      if (mode === 'frozen') {
        if (factor >= 1 && factor <= 1.2) factor = 1; // keep h (and the LU)
        if (theta > REUSE_THETA) {
          jac = undefined;
          jacLu = undefined;
        }
      }
      hPrev = H;
      Zprev = Z;
      errPrev = Math.max(1e-2, err);
      rejected = false;
      return {
        accepted: true,
        h: H,
        y: y1.map(E.from),
        hNext: factor === 1 ? H : scaleBy(S, H, factor),
        log10Error,
      };
    },

    state(): StepperState {
      return {
        stages: s,
        hPrevious: hPrev === undefined ? null : S.toText(hPrev),
        increments: Zprev === undefined ? [] : Zprev.flat().map(E.text),
        errorPrevious: errPrev,
        rejected,
        jacobian: jac === undefined ? null : jac.flat().map((v) => S.toText(v)),
      };
    },

    restore(st: StepperState): void {
      if (st.stages !== s) throw new RangeError(`radau: a state of ${st.stages} stages for ${s}`);
      hPrev = st.hPrevious === null ? undefined : S.fromText(st.hPrevious);
      if (st.increments.length === 0) Zprev = undefined;
      else {
        const P = st.increments.length / s;
        Zprev = Array.from({ length: s }, (_, i) => st.increments.slice(i * P, i * P + P).map(E.parse));
      }
      errPrev = st.errorPrevious;
      rejected = st.rejected;
      jacLu = undefined;
      const kept = st.jacobian;
      if (kept === null || mode !== 'frozen') jac = undefined;
      else {
        const P = Math.round(Math.sqrt(kept.length));
        jac = Array.from({ length: P }, (_, r) => kept.slice(r * P, r * P + P).map((v) => S.fromText(v)));
      }
    },
  };
}
