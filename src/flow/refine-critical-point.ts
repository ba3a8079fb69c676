import type { Decimal } from 'decimal.js';
import { decimalOption, integerOption, knownOptions, numberOption } from '../errors.js';
import { MAX_INTERNAL_DIGITS, roundTo, withGuard, type Precision } from '../precision/context.js';
import { inertia as inertiaOf, luSolve, symmetricEigen, type Inertia } from '../precision/linalg/index.js';
import { networkSymmetries } from '../network/channel-criteria.js';
import { closestOppositePair, type ChannelEvidence } from './channel-evidence.js';
import type { Objective } from './objective.js';

/** Options of {@link refineCriticalPoint}. */
export interface RefineOptions {
  /** Converged when ‖∇L‖∞ ≤ this. Default 10^−(digits − 10). */
  readonly gradientTolerance?: Decimal.Value;
  /** Newton / Levenberg–Marquardt iterations. Default 100. */
  readonly maxIterations?: number;
  /** Digits added to `p.digits` for evaluations and solves. Default 10. */
  readonly guardDigits?: number;
  /**
   * A channel is suspected when ‖θ‖∞ exceeds `maxNormGrowth` · max(1, ‖θ₀‖∞) (no finite critical point lies
   * there that Newton could be converging to; on a channel the iterates run off along the valley). Default 1e4.
   */
  readonly maxNormGrowth?: number;
  /**
   * Run to full precision: converged once the Newton step ‖s‖∞ ≤ this · max(1, ‖θ‖∞) (the step is then taken), not
   * at a gradient threshold. The step is the pseudo-inverse one, s = −H⁺∇L over the Hessian's eigenpairs with
   * |λ| above 10^−(working digits/2)·max(1, max|λ|): the zero modes of a degenerate critical set (a saddle line,
   * a permutation or duplication manifold) are left out, so Newton converges in the quotient, to the nearest point
   * of the set, instead of failing on a singular H. The caller chooses it together with `guardDigits`: a step of
   * 10^−(digits+5) needs a working precision of at least digits + 10 to be measurable. Default: off.
   */
  readonly stepTolerance?: Decimal.Value;
}

/** Common data of every refinement outcome (values rounded to the requested precision). */
export interface RefineState {
  readonly point: readonly Decimal[];
  readonly loss: Decimal;
  readonly gradNormInf: Decimal;
  readonly iterations: number;
  /** Objective evaluations (each with gradient and Hessian). */
  readonly evaluations: number;
}

/** The type of a critical point read off the Hessian inertia (zero eigenvalues make it `degenerate`). */
export type CriticalPointType = 'minimum' | 'maximum' | 'saddle' | 'degenerate';

/**
 * Outcome of {@link refineCriticalPoint}. `converged` means ‖∇L‖∞ ≤ tolerance at a point whose norm did not run
 * away; its `inertia` is that of the Hessian there (LDLᵀ with the default zero tolerance of linalg). A point on
 * a channel is never reported as converged: when the parameters grow past the bound, the outcome is
 * `channelSuspected` with the evidence.
 */
export type RefineOutcome =
  | (RefineState & {
      readonly kind: 'converged';
      readonly inertia: Inertia;
      readonly type: CriticalPointType;
    })
  | (RefineState & { readonly kind: 'channelSuspected'; readonly evidence: ChannelEvidence })
  | (RefineState & { readonly kind: 'maxIterations' })
  | (RefineState & { readonly kind: 'stalled'; readonly reason: string });

interface Eval {
  readonly loss: Decimal;
  readonly g: readonly Decimal[];
  readonly H: readonly (readonly Decimal[])[];
  readonly gInf: Decimal;
  readonly g2: Decimal;
}

function maxAbs(v: readonly Decimal[], zero: Decimal): Decimal {
  let m = zero;
  for (const x of v) if (x.abs().gt(m)) m = x.abs();
  return m;
}

/**
 * s = −H⁺g over the eigenpairs of the symmetric H with |λ| > 10^−(digits/2)·max(1, max|λ|); also the number of
 * eigenvalues left out (the zero modes). Undefined when the Jacobi iteration does not converge.
 */
function pseudoInverseStep(
  H: readonly (readonly Decimal[])[],
  g: readonly Decimal[],
  w: Precision,
): { step: Decimal[]; zeroModes: number } | undefined {
  const e = symmetricEigen(H, w);
  if (e.kind !== 'converged') return undefined;
  const zero = new w.D(0);
  const scale = e.values.reduce((mx, l) => (l.abs().gt(mx) ? l.abs() : mx), new w.D(1));
  const cut = scale.times(new w.D(10).pow(-Math.floor(w.digits / 2)));
  const n = g.length;
  const step = new Array<Decimal>(n).fill(zero);
  let zeroModes = 0;
  e.values.forEach((lambda, k) => {
    if (lambda.abs().lte(cut)) {
      zeroModes++;
      return;
    }
    let gk = zero;
    for (let i = 0; i < n; i++) gk = gk.plus((e.vectors[i]![k] as Decimal).times(g[i] as Decimal));
    const coef = gk.div(lambda);
    for (let i = 0; i < n; i++) step[i] = (step[i] as Decimal).minus(coef.times(e.vectors[i]![k] as Decimal));
  });
  return { step, zeroModes };
}

/**
 * Refines an approximate critical point of L (∇L = 0: minima, saddles and maxima alike) with the exact Hessian:
 * a full Newton step H·s = −∇L when it reduces ‖∇L‖₂, otherwise a Levenberg–Marquardt step
 * (H² + μI)·s = −H·∇L with μ increased until ‖∇L‖₂ decreases (this is Gauss–Newton on the residual ∇L, which
 * also handles singular Hessians, e.g. on saddle lines). Converges quadratically at nondegenerate critical
 * points; stops with `converged` at ‖∇L‖∞ ≤ 10^−(digits−10) (default), reporting the Hessian inertia. With
 * `stepTolerance` it instead runs to full precision: pseudo-inverse Newton steps (zero modes left out) until the
 * step itself is below the tolerance.
 *
 * Example: `refineCriticalPoint(objective, start, precision(50))` →
 * `{ kind: 'converged', type: 'minimum', inertia: { negative: 0, zero: 0, positive: 2, … }, … }`.
 */
export function refineCriticalPoint(
  objective: Objective,
  start: readonly Decimal.Value[],
  p: Precision,
  options: RefineOptions = {},
): RefineOutcome {
  const { maxIterations = 100, guardDigits = 10, maxNormGrowth = 1e4 } = options;
  const fn = 'refineCriticalPoint';
  knownOptions(fn, options, [
    'gradientTolerance',
    'maxIterations',
    'guardDigits',
    'maxNormGrowth',
    'stepTolerance',
  ]);
  integerOption(fn, 'maxIterations', maxIterations, 0, 1e6);
  integerOption(fn, 'guardDigits', guardDigits, 0, MAX_INTERNAL_DIGITS - p.digits);
  numberOption(fn, 'maxNormGrowth', maxNormGrowth, { above: 1 });
  for (const key of ['gradientTolerance', 'stepTolerance'] as const) {
    const v = options[key];
    if (v !== undefined) decimalOption(fn, key, v, p.D, 0);
  }
  const w = withGuard(p, guardDigits);
  const tol = new w.D(options.gradientTolerance ?? new w.D(10).pow(-(p.digits - 10)));
  const zero = new w.D(0);
  let theta = start.map((v) => new w.D(v));
  const n = theta.length;
  const initialNorm = maxAbs(theta, zero);
  const normBound = (initialNorm.gt(1) ? initialNorm : new w.D(1)).times(maxNormGrowth);
  let evaluations = 0;

  const evaluate = (x: readonly Decimal[]): Eval => {
    evaluations++;
    const v = objective.evaluate(x, w, { gradient: true, hessian: true });
    const g = v.gradient;
    const H = v.hessian;
    if (g === undefined || H === undefined)
      throw new Error('refineCriticalPoint: objective gave no derivatives');
    let g2 = zero;
    for (const gi of g) g2 = g2.plus(gi.times(gi));
    return { loss: v.loss, g, H, gInf: maxAbs(g, zero), g2 };
  };

  const state = (e: Eval, iterations: number): RefineState => ({
    point: theta.map((v) => roundTo(p, v)),
    loss: roundTo(p, e.loss),
    gradNormInf: roundTo(p, e.gInf),
    iterations,
    evaluations,
  });

  const channel = (e: Eval, iterations: number, reason: string): RefineOutcome => {
    const pair =
      objective.network === undefined
        ? undefined
        : closestOppositePair(
            objective.network.layout,
            theta,
            networkSymmetries(objective.network.activation),
          );
    const evidence: ChannelEvidence = {
      initialNormInf: initialNorm.toSignificantDigits(20).toString(),
      finalNormInf: maxAbs(theta, zero).toSignificantDigits(20).toString(),
      reason,
      ...(pair === undefined ? {} : { pair }),
    };
    return { kind: 'channelSuspected', ...state(e, iterations), evidence };
  };

  const converged = (e: Eval, it: number): RefineOutcome => {
    const inertia = inertiaOf(e.H, p);
    const type: CriticalPointType =
      inertia.zero > 0
        ? 'degenerate'
        : inertia.negative === 0
          ? 'minimum'
          : inertia.positive === 0
            ? 'maximum'
            : 'saddle';
    return { kind: 'converged', ...state(e, it), inertia, type };
  };

  const stepTol = options.stepTolerance === undefined ? undefined : new w.D(options.stepTolerance);
  let cur = evaluate(theta);
  let lambda = new w.D('1e-6');
  for (let it = 0; ; it++) {
    if (maxAbs(theta, zero).gt(normBound)) {
      return channel(cur, it, `‖θ‖∞ grew past ${maxNormGrowth}·max(1, ‖θ₀‖∞) while refining`);
    }
    let newtonStep: Decimal[] | undefined;
    if (stepTol !== undefined) {
      newtonStep = pseudoInverseStep(cur.H, cur.g, w)?.step;
      if (newtonStep !== undefined) {
        const thetaInf = maxAbs(theta, zero);
        const scale = thetaInf.gt(1) ? thetaInf : new w.D(1);
        const sInf = maxAbs(newtonStep, zero);
        if (sInf.lte(stepTol.times(scale))) {
          theta = theta.map((v, i) => v.plus((newtonStep as Decimal[])[i] as Decimal));
          return converged(evaluate(theta), it + 1);
        }
        // Quadratic convergence: once the step is below √(working unit) the gradient is at its rounding floor
        // and ‖∇L‖₂ no longer decreases reliably; the step is still the best estimate of the distance.
        if (sInf.lte(scale.times(new w.D(10).pow(-Math.floor(w.digits / 2))))) {
          theta = theta.map((v, i) => v.plus((newtonStep as Decimal[])[i] as Decimal));
          cur = evaluate(theta);
          if (it >= maxIterations) return { kind: 'maxIterations', ...state(cur, it) };
          continue;
        }
      }
    } else if (cur.gInf.lte(tol)) {
      // A small gradient alone is the false positive of a channel (the gradient there is O(ε³)): at a genuine
      // critical point the Newton step is as small as the distance to it, on a channel it is of the size of θ.
      const step = luSolve(cur.H, cur.g, w, { guardDigits });
      const thetaInf = maxAbs(theta, zero);
      if (step.kind === 'solved') {
        const sInf = maxAbs(step.x, zero);
        if (sInf.gt((thetaInf.gt(1) ? thetaInf : new w.D(1)).times('1e-6'))) {
          return channel(
            cur,
            it,
            `‖∇L‖∞ is below the tolerance but the Newton step ‖H⁻¹∇L‖∞ = ${sInf.toExponential(3)} is not ` +
              `small next to ‖θ‖∞ = ${thetaInf.toExponential(3)}: the critical point is far away`,
          );
        }
      }
      return converged(cur, it);
    }
    if (it >= maxIterations) return { kind: 'maxIterations', ...state(cur, it) };

    const tryStep = (s: readonly Decimal[]): { x: Decimal[]; e: Eval } | undefined => {
      const x = theta.map((v, i) => v.plus(s[i] as Decimal));
      const e = evaluate(x);
      return e.g2.lt(cur.g2) ? { x, e } : undefined;
    };

    let accepted: { x: Decimal[]; e: Eval } | undefined;
    if (newtonStep !== undefined) accepted = tryStep(newtonStep);
    else {
      const newton = luSolve(cur.H, cur.g, w, { guardDigits });
      if (newton.kind === 'solved') accepted = tryStep(newton.x.map((v) => v.neg()));
    }
    if (accepted === undefined) {
      // Levenberg–Marquardt on the residual ∇L: (H² + μI) s = −H ∇L, μ = λ·max diag(H²).
      const H2 = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j) => {
          let s = zero;
          for (let k = 0; k < n; k++) s = s.plus((cur.H[i]![k] as Decimal).times(cur.H[k]![j] as Decimal));
          return s;
        }),
      );
      let scale = zero;
      for (let i = 0; i < n; i++) if ((H2[i]![i] as Decimal).gt(scale)) scale = H2[i]![i] as Decimal;
      if (scale.isZero()) scale = new w.D(1);
      const rhs = cur.H.map((row) =>
        row.reduce((acc, h, k) => acc.minus(h.times(cur.g[k] as Decimal)), zero),
      );
      for (let tries = 0; tries < 40 && accepted === undefined; tries++) {
        const mu = lambda.times(scale);
        const A = H2.map((row, i) => row.map((v, j) => (i === j ? v.plus(mu) : v)));
        const sol = luSolve(A, rhs, w, { guardDigits });
        if (sol.kind === 'solved') accepted = tryStep(sol.x);
        if (accepted === undefined) lambda = lambda.times(10);
      }
      if (accepted === undefined) {
        return {
          kind: 'stalled',
          ...state(cur, it),
          reason:
            'no Newton or Levenberg–Marquardt step reduced ‖∇L‖ (precision exhausted or a flat direction)',
        };
      }
      lambda = lambda.div(10);
    }
    theta = accepted.x;
    cur = accepted.e;
  }
}
