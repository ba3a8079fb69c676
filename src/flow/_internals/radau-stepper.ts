import type { FlowSystem } from './flow-system.js';
import { maxNormLog10, scaleBy, type StepAttempt, type Stepper } from './stepper.js';

/**
 * The 3-stage Radau IIA collocation method (order 5, L-stable, stiffly accurate; Hairer & Wanner, Solving ODEs
 * II, §IV.5), with the exact Hessian as Jacobian of θ′ = −∇L (J = −∇²L, re-evaluated at every Newton iterate). Coefficients are the closed forms in √6, computed in the field. The local error is estimated by step
 * doubling (one step of h against two of h/2: err ≈ ‖y_{h/2,h/2} − y_h‖/31 for order 5); the two half steps are
 * kept, and the next step is h·0.9·(tol/err)^{1/6} clamped to [0.2, 5]·h, so steps grow with t along a channel.
 */
export function radauStepper<T>(S: FlowSystem<T>, log10Tol: number): Stepper<T> {
  const F = S.F;
  const s6 = F.sqrt(F.fromInt(6));
  const q = (a: number, b: number, d: number): T => F.divInt(F.add(F.fromInt(a), F.mulInt(s6, b)), d);
  const A: T[][] = [
    [q(88, -7, 360), q(296, -169, 1800), q(-2, 3, 225)],
    [q(296, 169, 1800), q(88, 7, 360), q(-2, -3, 225)],
    [q(16, -1, 36), q(16, 1, 36), F.divInt(F.one, 9)],
  ];

  /**
   * One Radau step of size h by full Newton on the stage equations Z_i = h Σ_j a_ij f(y0 + Z_j): the Hessian is
   * re-evaluated at every stage value, so the iteration converges quadratically even when h·‖∇²L‖ is huge and the
   * Hessian turns over the step (as it does along a channel). Undefined when Newton does not converge.
   */
  const radau = (y0: readonly T[], h: T, tolLog: number): T[] | undefined => {
    const P = y0.length;
    let Z: T[][] = [0, 1, 2].map(() => new Array<T>(P).fill(F.zero));
    let prevNorm = Infinity;
    for (let it = 0; it < 25; it++) {
      const ev = Z.map((z) => S.gradientHessian(y0.map((v, r) => F.add(v, z[r] as T))));
      // M = I + h (A ⊗ I)·blockdiag(∇²L(Y_j)); R = −Z − h Σ_j a_ij ∇L(Y_j).
      const M: T[][] = Array.from({ length: 3 * P }, () => new Array<T>(3 * P).fill(F.zero));
      const R: T[] = [];
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const ha = F.mul(h, (A[i] as T[])[j] as T);
          const H = (ev[j] as { hessian: T[][] }).hessian;
          for (let r = 0; r < P; r++)
            for (let c = 0; c < P; c++) {
              const v = F.mul(ha, (H[r] as T[])[c] as T);
              (M[i * P + r] as T[])[j * P + c] = i === j && r === c ? F.add(F.one, v) : v;
            }
        }
        for (let r = 0; r < P; r++) {
          let acc = F.neg((Z[i] as T[])[r] as T);
          for (let j = 0; j < 3; j++) {
            const g = (ev[j] as { gradient: T[] }).gradient;
            acc = F.sub(acc, F.mul(F.mul(h, (A[i] as T[])[j] as T), g[r] as T));
          }
          R.push(acc);
        }
      }
      const dZ = S.solve(M, R);
      if (dZ === undefined) return undefined;
      Z = Z.map((z, i) => z.map((v, r) => F.add(v, dZ[i * P + r] as T)));
      const norm = maxNormLog10(S, dZ);
      if (norm < tolLog - 3 || norm === -Infinity) return y0.map((v, r) => F.add(v, (Z[2] as T[])[r] as T));
      // Stagnation well below the tolerance is the rounding floor of the working precision (float64 with
      // h·‖∇²L‖ ≫ 1), not divergence: the Newton error is then under 10^(tol − 1.5), a thirtieth of the step's
      // error allowance (Hairer & Wanner's κ·Tol with κ ≈ 0.03).
      if (norm >= prevNorm && norm < tolLog - 1) return y0.map((v, r) => F.add(v, (Z[2] as T[])[r] as T));
      if (it > 2 && norm > prevNorm) return undefined; // diverging
      prevNorm = norm;
    }
    return undefined;
  };

  return {
    name: 'implicit',
    step(y, h, hMax): StepAttempt<T> {
      const H = F.sign(F.sub(h, hMax)) <= 0 ? h : hMax;
      const tol = log10Tol + Math.max(0, maxNormLog10(S, y));
      const half = F.divInt(H, 2);
      const big = radau(y, H, tol);
      const mid = big === undefined ? undefined : radau(y, half, tol);
      const end = mid === undefined ? undefined : radau(mid, half, tol);
      if (big === undefined || end === undefined)
        return { accepted: false, hNext: scaleBy(S, H, 0.25), reason: 'Newton iteration did not converge' };
      const log10Err =
        maxNormLog10(
          S,
          end.map((v, i) => F.sub(v, big[i] as T)),
        ) - Math.log10(31);
      const excess = log10Err - tol;
      let factor = 0.9 * 10 ** (-excess / 6);
      if (!Number.isFinite(factor) || factor > 5) factor = 5;
      if (factor < 0.2) factor = 0.2;
      const hNext = scaleBy(S, H, factor);
      if (excess > 0) return { accepted: false, hNext, reason: `error 10^${log10Err.toFixed(1)} too large` };
      return { accepted: true, h: H, y: end, hNext, log10Error: log10Err };
    },
  };
}
