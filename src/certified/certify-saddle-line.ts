import type { Decimal } from 'decimal.js';
import { integerOption, knownOptions, OptionError } from '../errors.js';
import type { Network } from '../network/loss.js';
import { rowLength } from '../network/params.js';
import type { Problem } from '../network/problem.js';
import { precision, type Precision } from '../precision/context.js';
import { OutOfRangeError } from '../precision/out-of-range-error.js';
import {
  type Ball,
  BallDomainError,
  ball,
  ballAdd,
  ballDiv,
  ballField,
  ballMagnitudeLower,
  ballMul,
  ballSub,
  exactBall,
} from '../precision/ball/index.js';
import { derivativesFromJet, jetArithmetic, NonDifferentiableError } from '../precision/jet/index.js';
import { symmetricEigen } from '../precision/linalg/index.js';
import { ballDataset, type BallDataset } from './ball-dataset.js';
import { ballLossAndDerivatives } from './ball-loss.js';
import { certifiedInertia } from './certified-inertia.js';
import {
  certifyCriticalPoint,
  type CertifiedCriticalPoint,
  type CertifyOptions,
} from './certify-critical-point.js';

/** Options of {@link certifySaddleLine}. */
export interface CertifySaddleLineOptions {
  /**
   * The closed interval [γ0, γ1] (γ0 < γ1, exact decimals) on which the transversal inertia is certified. An
   * interval containing 0 or 1 cannot be certified: there m further eigenvalues cross zero.
   */
  readonly gamma: readonly [Decimal.Value, Decimal.Value];
  /** The neuron k split, 0-based, in the canonical representative's order. Default: the last (width − 1). */
  readonly neuron?: number;
  /** Most subintervals of [γ0, γ1] (bisection where the inertia is not decided). Default 64. */
  readonly maxSubintervals?: number;
  /** Passed to {@link certifyCriticalPoint} for the parent. */
  readonly parent?: CertifyOptions;
}

/** The certified parent: a Krawczyk box X* and the enclosure K(X*) of the unique critical point θ* in it. */
export type CertifiedParent = Extract<CertifiedCriticalPoint, { readonly kind: 'certified' }>;

/**
 * One subinterval [lo, hi] of the γ interval: Q (exact decimals, approximate eigenvectors of VᵀH(θ*_γm)V at the
 * midpoint, as columns), the ball matrix `matrix` that contains QᵀVᵀ∇²L_{r+1}(θ*_γ)VQ for every γ ∈ [lo, hi], and the
 * pivots of its ball LDLᵀ (each excludes 0). V is the exact basis of t^⊥ described at {@link certifySaddleLine}.
 */
export interface SaddleLineSubinterval {
  readonly lo: Decimal;
  readonly hi: Decimal;
  readonly congruence: readonly (readonly Decimal[])[];
  readonly matrix: readonly (readonly Ball[])[];
  readonly pivots: readonly Ball[];
}

/**
 * Where the stable (plateau) segment of the line lies, by [FA00] Theorem 3: `inside` γ ∈ (0, 1) (B positive
 * definite), `outside` γ ∉ [0, 1] (B negative definite), `none` (B indefinite, or θ* not a minimum of L_r).
 */
export type PlateauSegment = 'inside' | 'outside' | 'none';

/** Outcome of {@link certifySaddleLine}. Every ball encloses the exact value; every statement is a theorem. */
export type CertifiedSaddleLine =
  | {
      readonly kind: 'certified';
      /** The parent's certificate (width r). */
      readonly parent: CertifiedParent;
      /** k, 0-based. */
      readonly neuron: number;
      readonly gamma: readonly [Decimal, Decimal];
      /** (a) every θ*_γ is a critical point of L_{r+1}. */
      readonly criticality: { readonly statement: string; readonly theorem: string };
      /** (b) B(θ*) enclosed over K(X*), its certified inertia and definiteness, and the plateau segment. */
      readonly B: {
        readonly matrix: readonly (readonly Ball[])[];
        readonly pivots: readonly Ball[];
        readonly negative: number;
        readonly positive: number;
        readonly definiteness: 'positive definite' | 'negative definite' | 'indefinite';
      };
      readonly segment: PlateauSegment;
      readonly segmentStatement: string;
      /**
       * (c) the inertia of ∇²L_{r+1}(θ*_γ), the same for every γ ∈ [γ0, γ1]: `zero` is 1 (the kernel is exactly the
       * line's tangent), `negative` + `positive` = P_{r+1} − 1.
       */
      readonly transversal: {
        readonly negative: number;
        readonly zero: 1;
        readonly positive: number;
        /** `local minimum`: not strict (the line is flat); `saddle`: `negative` descending directions. */
        readonly type: 'local minimum' | 'saddle';
        /** The line's tangent dθ_γ/dγ / a*_k = e_{a_k} − e_{a_{r+1}}, as flat indices (+1, −1) of the wide point. */
        readonly tangent: readonly [number, number];
        readonly subintervals: readonly SaddleLineSubinterval[];
      };
      /** The theorems applied, in order (a), (b), (c). */
      readonly theorems: readonly string[];
    }
  | {
      readonly kind: 'not-certified';
      /** Which step failed: the parent's certificate, B's definiteness or the transversal inertia. */
      readonly stage: 'parent' | 'B' | 'transversal';
      readonly reason: string;
    };

/** [FA00] Theorem 1 and how its identity is established here. */
export const SADDLE_LINE_CRITICALITY_THEOREM =
  '[FA00] Theorem 1 (mathematics.md §3): ∇L_{r+1}(θ_γ) = M_γ ∇L_r(θ*) for every θ* and γ, M_γ a fixed linear map ' +
  '(exact algebra, derived symbolically by the claim saddle-line-criticality, verdict proved); with ∇L_r(θ*) = 0 ' +
  'for the unique zero θ* in the Krawczyk box X*, ∇L_{r+1}(θ*_γ) = 0 for every γ';

/** Fukumizu–Amari's theorem 3 as applied to B's certified inertia. */
export const SADDLE_LINE_B_THEOREM =
  'B(θ*) lies in the ball matrix B(K(X*)) (ball arithmetic over the enclosure); its inertia by the ball LDLᵀ of ' +
  'certifiedInertia (Sylvester). [FA00] Theorem 3 (mathematics.md §3): for θ* a strict local minimum of L_r ' +
  '(positive definite Hessian), B positive definite ⇒ θ_γ is a local minimum for γ ∈ (0, 1) and a saddle outside ' +
  '[0, 1]; B negative definite ⇒ the reverse; B indefinite ⇒ a saddle for every γ ∉ {0, 1}';

/** The transversal-inertia argument (docs/certified.md, "Certified saddle lines"). */
export const SADDLE_LINE_TRANSVERSAL_THEOREM =
  'H(γ) = ∇²L_{r+1}(θ*_γ) is a quadratic polynomial in γ (the residuals and σ(w*·x̃) do not depend on γ, ∇f is ' +
  'linear in it), so on [γm − h, γm + h] H(γm + sh) = H_m + s(H₊ − H₋)/2 + s²(H₊ − 2H_m + H₋)/2, s ∈ [−1, 1], with ' +
  'H₋, H_m, H₊ enclosed over K(X*) at the nodes; H(γ)t = 0 exactly for t = e_{a_k} − e_{a_{r+1}} (θ* critical, ' +
  'a*_k ≠ 0); with V spanning t^⊥ and W = [V t], WᵀH(γ)W = diag(VᵀH(γ)V, 0), so if VᵀH(γ)V is nonsingular ' +
  '(ball LDLᵀ, certifiedInertia) then by Sylvester H(γ) has its inertia plus exactly one zero eigenvalue, kernel ' +
  'span(t); VᵀHV positive definite ⇒ θ*_γ is a local minimum (L(θ*_γ + Vy) ≥ L(θ*_γ) for small y, Taylor)';

/**
 * Certifies the saddle line of neuron k through a critical point of a finite-data problem of width r (issue 17,
 * item 5). First the parent: `certifyCriticalPoint(problem, approx, p, options.parent)` gives a box X* with exactly
 * one critical point θ* of L_r, enclosed in K = K(X*). Then, for θ*_γ = (w*_1…w*_r, w*_k; a*_1…γa*_k…a*_r,
 * (1 − γ)a*_k) (src/landscape/saddle-line.ts, splitNeuron):
 *
 * (a) criticality: for the unique critical point θ* of L_r in X*, every θ*_γ with γ ∈ [γ0, γ1] (indeed γ ∈ ℝ) is a
 *     critical point of L_{r+1}, with loss L_r(θ*) ∈ parent.loss — from the exact identity
 *     ∇L_{r+1}(θ_γ) = M_γ∇L_r(θ*) ([FA00] Theorem 1, `saddle-line-criticality` proved symbolically) and the
 *     Krawczyk certificate; no further computation is needed.
 * (b) B = (1/N) Σ ρ_n a*_k σ″(w*_k·x̃_n) x̃_n x̃_nᵀ · 2(f(x_n) − y_n) in ball arithmetic over K, its inertia by
 *     {@link certifiedInertia}; with the parent's certified type, [FA00] Theorem 3 gives the plateau segment.
 * (c) the inertia of ∇²L_{r+1}(θ*_γ) uniformly on [γ0, γ1]: on each subinterval the Hessian is the exact quadratic
 *     interpolant of three ball Hessians over K (see {@link SADDLE_LINE_TRANSVERSAL_THEOREM}), restricted by the
 *     exact basis V = {e_i : i ∉ {a_k, a_{r+1}}} ∪ {e_{a_k} + e_{a_{r+1}}} of t^⊥, congruent by the midpoint's
 *     approximate eigenvectors Q (QᵀVᵀHVQ, three matrices before s enters, so that the fast-varying large entries do
 *     not swamp the small eigenvalue), and decided by the ball LDLᵀ of certifiedInertia. Undecided subintervals are
 *     bisected, up to `maxSubintervals` in all.
 *
 * Outcome `certified` with every enclosure and theorem, or `not-certified` with the stage and reason: the parent not
 * certified (or its type undecided, or a*_k not separated from 0: the line is then one point), B's inertia undecided,
 * or the transversal inertia undecided after `maxSubintervals` (e.g. an interval containing 0 or 1).
 * Throws an OptionError for an unknown option, a bad neuron or an empty interval.
 *
 * Example: certifySaddleLine(loadProblem('test/fixtures/saddle-line/two-param-misfit.json'), refined.point,
 * precision(60), { gamma: ['1.5', '3'] }) → certified, B ∈ −0.04207… ± 3e−57 (negative definite: segment
 * `outside`), transversal (neg 0, zero 1, pos 3) on [1.5, 3]: each θ*_γ a local minimum.
 */
export function certifySaddleLine(
  problem: Problem,
  approx: readonly Decimal.Value[],
  p: Precision,
  options: CertifySaddleLineOptions,
): CertifiedSaddleLine {
  const FN = 'certifySaddleLine';
  knownOptions(FN, options, ['gamma', 'neuron', 'maxSubintervals', 'parent']);
  const width = problem.network.layout.width;
  const k = integerOption(FN, 'neuron', options.neuron ?? width - 1, 0, width - 1);
  const maxSubintervals = integerOption(FN, 'maxSubintervals', options.maxSubintervals ?? 64, 1, 4096);
  const [g0, g1] = gammaInterval(FN, options.gamma, p);
  const parentCert = certifyCriticalPoint(problem, approx, p, options.parent);
  if (parentCert.kind === 'not-certified') {
    return {
      kind: 'not-certified',
      stage: 'parent',
      reason: `the parent is not certified: ${parentCert.reason}`,
    };
  }
  if (parentCert.type.kind === 'undecided') {
    return {
      kind: 'not-certified',
      stage: 'parent',
      reason: `the parent's type is undecided (${parentCert.type.reason})`,
    };
  }
  try {
    return saddleLineFromParent(problem, parentCert, k, g0, g1, maxSubintervals, p);
  } catch (e) {
    if (e instanceof BallDomainError || e instanceof OutOfRangeError || e instanceof NonDifferentiableError) {
      return { kind: 'not-certified', stage: 'transversal', reason: `no enclosure: ${e.message}` };
    }
    throw e;
  }
}

function gammaInterval(
  fn: string,
  gamma: readonly [Decimal.Value, Decimal.Value] | undefined,
  p: Precision,
): [Decimal, Decimal] {
  if (!Array.isArray(gamma) || gamma.length !== 2) {
    throw new OptionError(fn, 'gamma', 'gamma must be an interval [γ0, γ1] of two numbers');
  }
  let lo: Decimal;
  let hi: Decimal;
  try {
    lo = new p.D(gamma[0]);
    hi = new p.D(gamma[1]);
  } catch {
    throw new OptionError(
      fn,
      'gamma',
      `gamma must be two finite numbers, got ${String(gamma[0])}, ${String(gamma[1])}`,
    );
  }
  if (!lo.isFinite() || !hi.isFinite() || !lo.lt(hi)) {
    throw new OptionError(
      fn,
      'gamma',
      `gamma must be [γ0, γ1] with γ0 < γ1, got [${lo.toString()}, ${hi.toString()}]`,
    );
  }
  return [lo, hi];
}

function saddleLineFromParent(
  problem: Problem,
  parent: CertifiedParent,
  k: number,
  g0: Decimal,
  g1: Decimal,
  maxSubintervals: number,
  p: Precision,
): CertifiedSaddleLine {
  const outcome = ballDataset(problem, p);
  if (outcome.kind === 'not-certifiable')
    return { kind: 'not-certified', stage: 'parent', reason: outcome.reason };
  const data = outcome.data;
  const net = problem.network;
  const { layout } = net;
  const r = layout.width;
  const m = rowLength(layout);
  const K = parent.enclosure;
  const ak = K[r * m + k] as Ball;
  if (ballMagnitudeLower(ak).isZero()) {
    return {
      kind: 'not-certified',
      stage: 'parent',
      reason: `a*_${k + 1} is not separated from 0 (${ak.mid.toExponential(2)} ± ${ak.rad.toExponential(1)}): with a zero readout the saddle line is one point`,
    };
  }

  // (b) B over K and its certified inertia.
  let Bmatrix: Ball[][];
  try {
    Bmatrix = ballSaddleMatrixB(net, data, K, k, p);
  } catch (e) {
    if (e instanceof BallDomainError || e instanceof OutOfRangeError || e instanceof NonDifferentiableError) {
      return { kind: 'not-certified', stage: 'B', reason: `no enclosure of B: ${e.message}` };
    }
    throw e;
  }
  const Binertia = certifiedInertia(Bmatrix, p);
  if (Binertia.kind === 'undecided') {
    return { kind: 'not-certified', stage: 'B', reason: `B's inertia is undecided: ${Binertia.reason}` };
  }
  const definiteness =
    Binertia.negative === 0
      ? 'positive definite'
      : Binertia.positive === 0
        ? 'negative definite'
        : 'indefinite';
  const isMinimum = parent.type.kind === 'strict local minimum';
  const segment: PlateauSegment = !isMinimum
    ? 'none'
    : definiteness === 'positive definite'
      ? 'inside'
      : definiteness === 'negative definite'
        ? 'outside'
        : 'none';
  const segmentStatement = !isMinimum
    ? `θ* is a ${parent.type.kind === 'saddle' ? 'saddle' : parent.type.kind} of L_r, not a minimum: L_{r+1}(split_γ(θ)) = L_r(θ) for every θ near θ*, so no θ*_γ is a local minimum (no plateau segment)`
    : segment === 'inside'
      ? 'θ*_γ is a local minimum for γ ∈ (0, 1) (a plateau-saddle segment) and a saddle for γ ∉ [0, 1]'
      : segment === 'outside'
        ? 'θ*_γ is a local minimum for γ < 0 and γ > 1 and a saddle for γ ∈ (0, 1): stable segment γ ∉ [0, 1]'
        : 'θ*_γ is a saddle for every γ ∉ {0, 1}: no stable segment';

  // (c) the transversal inertia on [g0, g1].
  const wide: Network = { ...net, layout: { ...layout, width: r + 1 } };
  const aK = (r + 1) * m + k;
  const aNew = (r + 1) * m + r;
  const P = K.length + m + 1;
  // V: the exact basis of t^⊥ — e_i for i ∉ {a_k, a_new}, then e_{a_k} + e_{a_new} — as index lists (coefficients 1).
  const V: number[][] = [];
  for (let i = 0; i < P; i++) if (i !== aK && i !== aNew) V.push([i]);
  V.push([aK, aNew]);
  const wideAt = (gamma: Decimal): Ball[] => {
    const g = exactBall(p, gamma);
    const w = K.slice(0, r * m);
    const a = K.slice(r * m, r * m + r).map((v, i) => (i === k ? ballMul(g, ak, p) : v));
    const oneMinus = exactBall(p, new (wideContext(p).D)(1).minus(gamma));
    return [...w, ...K.slice(k * m, (k + 1) * m), ...a, ballMul(oneMinus, ak, p), ...K.slice(r * m + r)];
  };
  const restricted = new Map<string, Ball[][]>();
  const nodeMatrix = (gamma: Decimal): Ball[][] => {
    const key = gamma.toString();
    const cached = restricted.get(key);
    if (cached !== undefined) return cached;
    const H = ballLossAndDerivatives(wide, data, wideAt(gamma), p, { hessian: true }).hessian as Ball[][];
    const M = V.map((ci) =>
      V.map((cj) => {
        let s = exactBall(p, 0);
        for (const i of ci) for (const j of cj) s = ballAdd(s, (H[i] as Ball[])[j] as Ball, p);
        return s;
      }),
    );
    restricted.set(key, M);
    return M;
  };

  const done: SaddleLineSubinterval[] = [];
  const stack: [Decimal, Decimal][] = [[g0, g1]];
  let count = 1;
  let signature: [number, number] | undefined;
  while (stack.length > 0) {
    const [lo, hi] = stack.pop() as [Decimal, Decimal];
    const mid = midpoint(lo, hi, p);
    const decided = subintervalInertia(nodeMatrix(lo), nodeMatrix(mid), nodeMatrix(hi), p);
    if (decided.kind === 'decided') {
      const s: [number, number] = [decided.negative, decided.positive];
      if (signature !== undefined && (signature[0] !== s[0] || signature[1] !== s[1])) {
        // Impossible for a nonsingular continuous family; a defect, reported rather than hidden.
        return {
          kind: 'not-certified',
          stage: 'transversal',
          reason: `inconsistent inertia across subintervals (${signature.join('/')} vs ${s.join('/')})`,
        };
      }
      signature = s;
      done.push({ lo, hi, congruence: decided.congruence, matrix: decided.matrix, pivots: decided.pivots });
      continue;
    }
    if (count >= maxSubintervals) {
      // The subinterval rounded outward to two digits below its width (it lies inside what is printed).
      const dp = Math.max(0, 2 - hi.minus(lo).e);
      return {
        kind: 'not-certified',
        stage: 'transversal',
        reason:
          `the transversal inertia is undecided on γ ∈ [${lo.toDecimalPlaces(dp, 3).toString()}, ` +
          `${hi.toDecimalPlaces(dp, 2).toString()}] (width ${hi.minus(lo).toExponential(1)}) after ${count} subintervals ` +
          `(${decided.reason}); the Hessian may be singular across the line there (γ = 0 and 1 always are)`,
      };
    }
    count++;
    stack.push([mid, hi], [lo, mid]);
  }
  done.sort((x, y) => x.lo.cmp(y.lo));
  const [negative, positive] = signature as [number, number];
  const theorems = [SADDLE_LINE_CRITICALITY_THEOREM, SADDLE_LINE_B_THEOREM, SADDLE_LINE_TRANSVERSAL_THEOREM];
  return {
    kind: 'certified',
    parent,
    neuron: k,
    gamma: [g0, g1],
    criticality: {
      statement:
        `for the unique critical point θ* of L_${r} in the box X* = x̃ ± ${parent.radius.toString()}, every θ*_γ with ` +
        `γ ∈ [${g0.toString()}, ${g1.toString()}] (indeed every γ ∈ ℝ) is a critical point of L_${r + 1}, ` +
        `with the same loss L_${r}(θ*)`,
      theorem: SADDLE_LINE_CRITICALITY_THEOREM,
    },
    B: {
      matrix: Bmatrix,
      pivots: Binertia.pivots,
      negative: Binertia.negative,
      positive: Binertia.positive,
      definiteness,
    },
    segment,
    segmentStatement,
    transversal: {
      negative,
      zero: 1,
      positive,
      type: negative === 0 ? 'local minimum' : 'saddle',
      tangent: [aK, aNew],
      subintervals: done,
    },
    theorems,
  };
}

/** A context wide enough that sums and halvings of the γ interval's decimals are exact. */
function wideContext(p: Precision): Precision {
  return precision(p.digits + 60);
}

/** (lo + hi)/2 exactly (the interpolation below needs the exact midpoint). */
function midpoint(lo: Decimal, hi: Decimal, p: Precision): Decimal {
  const W = wideContext(p).D;
  const mid = new W(lo).plus(hi).times('0.5');
  if (!mid.times(2).eq(new W(lo).plus(hi))) throw new Error('certifySaddleLine: γ subdivision is not exact');
  return mid;
}

type Decided =
  | {
      readonly kind: 'decided';
      readonly negative: number;
      readonly positive: number;
      readonly pivots: readonly Ball[];
      readonly congruence: readonly (readonly Decimal[])[];
      readonly matrix: readonly (readonly Ball[])[];
    }
  | { readonly kind: 'undecided'; readonly reason: string };

/**
 * The inertia shared by every VᵀH(γ)V, γ ∈ [lo, hi], from the restricted ball Hessians at lo, the midpoint and hi:
 * Q ≈ eigenvectors of the midpoint matrix (any Q; exact decimals), C_j = QᵀM_jQ, then the exact quadratic in
 * s = (γ − γm)/h ∈ [−1, 1], C(s) = C_m + s(C₊ − C₋)/2 + s²(C₊ − 2C_m + C₋)/2 with s ∈ 0 ± 1, s² ∈ ½ ± ½ (an
 * enclosure of every C(s) entrywise), decided by certifiedInertia. Since Q is nonsingular when the inertia is
 * decided (the LDLᵀ of the congruent matrix is nonsingular), the inertia is that of VᵀH(γ)V.
 */
function subintervalInertia(Mlo: Ball[][], Mmid: Ball[][], Mhi: Ball[][], p: Precision): Decided {
  const n = Mmid.length;
  const eig = symmetricEigen(
    Mmid.map((row) => row.map((b) => b.mid)),
    p,
  );
  if (eig.kind !== 'converged') return { kind: 'undecided', reason: 'the Jacobi iteration did not converge' };
  const Q = eig.vectors.map((row) => row.map((v) => exactBall(p, v)));
  const zero = exactBall(p, 0);
  const congruent = (M: Ball[][]): Ball[][] => {
    const T = M.map((row) =>
      Array.from({ length: n }, (_, c) =>
        row.reduce((s, h, b) => ballAdd(s, ballMul(h, (Q[b] as Ball[])[c] as Ball, p), p), zero),
      ),
    );
    return Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, c) =>
        Q.reduce((s, row, a) => ballAdd(s, ballMul(row[i] as Ball, (T[a] as Ball[])[c] as Ball, p), p), zero),
      ),
    );
  };
  const [Cl, Cm, Ch] = [congruent(Mlo), congruent(Mmid), congruent(Mhi)];
  const half = exactBall(p, '0.5');
  const s = ball(p, 0, 1);
  const s2 = ball(p, '0.5', '0.5');
  const C = Cm.map((row, i) =>
    row.map((cm, j) => {
      const l = (Cl[i] as Ball[])[j] as Ball;
      const h = (Ch[i] as Ball[])[j] as Ball;
      const d1 = ballMul(ballSub(h, l, p), half, p);
      const d2 = ballMul(ballSub(ballAdd(h, l, p), ballMul(cm, exactBall(p, 2), p), p), half, p);
      return ballAdd(ballAdd(cm, ballMul(s, d1, p), p), ballMul(s2, d2, p), p);
    }),
  );
  const inertia = certifiedInertia(C, p);
  return inertia.kind === 'decided'
    ? {
        kind: 'decided',
        negative: inertia.negative,
        positive: inertia.positive,
        pivots: inertia.pivots,
        congruence: eig.vectors,
        matrix: C,
      }
    : { kind: 'undecided', reason: inertia.reason };
}

/**
 * B = (1/N) Σ_n ρ_n a_k σ″(w_k·x̃_n) x̃_n x̃_nᵀ · 2(f(x_n) − y_n) (mathematics.md §3; the formula of
 * landscape/saddle-line.ts saddleMatrixB) in ball arithmetic over the parameter balls `flat` (width r): it encloses
 * B(θ) for every θ in the box.
 */
export function ballSaddleMatrixB(
  net: Network,
  data: BallDataset,
  flat: readonly Ball[],
  k: number,
  p: Precision,
): Ball[][] {
  const { layout, activation } = net;
  const m = rowLength(layout);
  const r = layout.width;
  const F = ballField(p);
  const J = jetArithmetic(F, 2);
  const zero = exactBall(p, 0);
  const one = exactBall(p, 1);
  const N = data.targets.length;
  const B: Ball[][] = Array.from({ length: m }, () => new Array<Ball>(m).fill(zero));
  for (let n = 0; n < N; n++) {
    const x = data.inputs[n] as readonly Ball[];
    const xt = Array.from({ length: m }, (_, j) => x[j] ?? one);
    let f = layout.outputBias ? (flat[r * (m + 1)] as Ball) : zero;
    let s2k = zero;
    for (let i = 0; i < r; i++) {
      let z = zero;
      for (let j = 0; j < m; j++) z = ballAdd(z, ballMul(flat[i * m + j] as Ball, xt[j] as Ball, p), p);
      const s = derivativesFromJet(F, activation.jet(J, J.variable(z)));
      f = ballAdd(f, ballMul(flat[r * m + i] as Ball, s[0] as Ball, p), p);
      if (i === k) s2k = s[2] as Ball;
    }
    const res = ballSub(f, data.targets[n] as Ball, p);
    const rho = data.weights?.[n] ?? one;
    const coef = ballMul(
      ballMul(ballMul(rho, flat[r * m + k] as Ball, p), s2k, p),
      ballMul(res, exactBall(p, 2), p),
      p,
    );
    for (let i = 0; i < m; i++) {
      const row = B[i] as Ball[];
      for (let j = 0; j < m; j++) {
        row[j] = ballAdd(row[j] as Ball, ballMul(coef, ballMul(xt[i] as Ball, xt[j] as Ball, p), p), p);
      }
    }
  }
  const Nb = exactBall(p, N);
  return B.map((row) => row.map((v) => ballDiv(v, Nb, p)));
}
