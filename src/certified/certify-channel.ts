import type { Decimal } from 'decimal.js';
import { decimalOption, InputError, integerOption, knownOptions } from '../errors.js';
import { networkSymmetries } from '../network/neuron-pair.js';
import type { Problem } from '../network/problem.js';
import { withGuard, type Precision } from '../precision/context.js';
import { OutOfRangeError } from '../precision/out-of-range-error.js';
import {
  type Ball,
  BallDomainError,
  ballAdd,
  ballDiv,
  ballFromBounds,
  ballLower,
  ballMul,
  ballToString,
  ballUpper,
  exactBall,
} from '../precision/ball/index.js';
import { NonDifferentiableError } from '../precision/jet/index.js';
import { luSolve } from '../precision/linalg/index.js';
import { ballDataset, type BallDataset } from './ball-dataset.js';
import type { CertifiedInertia } from './certified-inertia.js';
import { krawczykCriticalPoint } from './krawczyk.js';
import { ballEpsilonDerivatives, ballLimitLoss, type LimitShape } from './_internals/ball-channel.js';

/**
 * An approximate GLU limit θ₀ of a channel (mathematics.md §2, one input dimension, Δ = +1): the pair's merged
 * input weight w and readouts c = a_i + a_j, a = ε(a_i − a_j); the other neurons' (w_k, a_k) in the network's order
 * without the pair; the output bias b when the network has one.
 */
export interface ChannelLimitPoint {
  readonly w: Decimal.Value;
  readonly c: Decimal.Value;
  readonly a: Decimal.Value;
  /** Default none (a width-2 network). */
  readonly others?: readonly { readonly w: Decimal.Value; readonly a: Decimal.Value }[];
  /** Default 0 (required to be absent when the network has no output bias). */
  readonly b?: Decimal.Value;
}

/** Options of {@link certifyChannel}. */
export interface CertifyChannelOptions {
  /** The two neurons (1-based) that merge into the GLU. Default the last two, [width − 1, width]. */
  readonly pair?: readonly [number, number];
  /** The largest ε₀ tried. Default 1. */
  readonly epsilonMax?: Decimal.Value;
  /** Certify exactly this ε₀ (no search; `epsilonMax` and `bisections` are then not used). Default: search. */
  readonly epsilon0?: Decimal.Value;
  /**
   * The Taylor order of the remainder: 4 (φ′(ε) = 2hε + φ⁗(ξ)ε³/6) or 6 (one term more, φ^(6)(ξ)ε⁵/120). Default:
   * both when h > 0, keeping the larger ε₀; 6 when h's sign is undecided (order 4 cannot help there).
   */
  readonly order?: 4 | 6;
  /** Bisection steps between a certified and a refused ε₀. Default 24. */
  readonly bisections?: number;
  /** First half-width of the Krawczyk box for L∞ (as certifyCriticalPoint). Default as there. */
  readonly radius?: Decimal.Value;
  /** Krawczyk boxes tried. Default 3. */
  readonly attempts?: number;
}

/** The certified critical point θ₀* of L∞: the Krawczyk box, its enclosure and its type. */
export interface CertifiedLimitPoint {
  /** Parameter names of L∞ in order: w, c, a, then w_k, a_k of each other neuron (k in network order), then b. */
  readonly names: readonly string[];
  /** The box centre x̃ (exact decimals at p digits), the canonical representative. */
  readonly center: readonly Decimal[];
  /** Half-width r: X = x̃ ± r holds exactly one critical point θ₀* of L∞. */
  readonly radius: Decimal;
  /** K(X) ∋ θ₀*. */
  readonly enclosure: readonly Ball[];
  readonly enclosureRadius: Decimal;
  /** L∞(θ₀*). */
  readonly loss: Ball;
  readonly inertia: CertifiedInertia;
  /** Whether the inertia of ∇²L∞ over X makes θ₀* a strict local minimum. */
  readonly strictMinimum: boolean;
  readonly symmetry: string;
}

/**
 * The certified sign of dL(θ₀*, ε)/dε on [from, epsilon0] from Taylor's theorem with Lagrange remainder:
 * φ′(ε)/ε = Σ_{i<m} φ^(2i)(0) ε^(2i−2)/(2i−1)! + φ^(2m)(ξ) ε^(2m−2)/(2m−1)!, ξ ∈ (0, ε), order = 2m.
 */
export interface ChannelDecrease {
  /** The lower end ε₁ of the certified range; 0 means the range is (0, ε₀]. */
  readonly from: Decimal;
  readonly epsilon0: Decimal;
  /** 2m: 4 (remainder φ⁗, the generic case h > 0) or 6 (remainder φ^(6), used when h is not decided). */
  readonly order: 4 | 6;
  /** Enclosures of φ^(2i)(0) at θ₀*, i = 1 … m − 1 (φ″(0) = 2h, φ⁗(0)). */
  readonly coefficients: readonly Ball[];
  /** An enclosure of φ^(2m)(ε) for |ε| ≤ ε₀ and θ₀ in K(X): the remainder's bound. */
  readonly remainder: Ball;
  /** A positive lower bound: of φ′(ε)/ε on the range when h > 0 is certified, else of (φ′(ε) − 2hε)/ε³ on (0, ε₀]. */
  readonly margin: Decimal;
  /** Which bound {@link margin} is, in words. */
  readonly bound: 'dL/dε ≥ ε·margin' | 'dL/dε − 2hε ≥ ε³·margin';
}

/** Outcome of {@link certifyChannel}. */
export type CertifiedChannel =
  | {
      readonly kind: 'certified';
      /** The pair (1-based). */
      readonly pair: readonly [number, number];
      readonly limit: CertifiedLimitPoint;
      /** h(θ₀*) = φ″(0)/2, a ball in (0, ∞). */
      readonly h: Ball;
      readonly decrease: ChannelDecrease;
      /** The theorem certified, in words. */
      readonly statement: string;
      /** The theorems applied to the enclosures. */
      readonly theorems: readonly string[];
      /** What the certificate does not say about gradient flow. */
      readonly notCertified: string;
    }
  | {
      readonly kind: 'not-certified';
      readonly reason: string;
      /** Present when the limit point was certified (whatever its type). */
      readonly limit?: CertifiedLimitPoint;
      readonly h?: Ball;
      /** What was certified of the decrease, if anything (e.g. on [ε₁, ε₀] when h's sign is undecided). */
      readonly decrease?: ChannelDecrease;
      /** What was certified, in words, when something was. */
      readonly statement?: string;
    };

const THEOREMS = [
  'Krawczyk (1969), Moore (1977): K(X) = x̃ − Y∇L∞(x̃) + (I − Y ∇²L∞(X))(X − x̃) ⊂ int X implies exactly one zero of ∇L∞ in X, lying in K(X)',
  'Sylvester’s law of inertia: the ball LDLᵀ of Vᵀ∇²L∞(X)V with positive pivots makes ∇²L∞(θ₀*) positive definite, so θ₀* is a strict local minimum of L∞',
  'φ(ε) = L(θ₀, ε) is even and C^∞ in ε (pair output c[σ(z+εδ)+σ(z−εδ)]/2 + a·½∫₋₁¹ δσ′(z+tεδ)dt), φ″(0) = 2h(θ₀)',
  'Taylor’s theorem with Lagrange remainder for φ′ at 0; φ^(k) over |ε| ≤ ε₀ enclosed by ball arithmetic on the activation’s jets over the ball z ± ε₀|x|',
];

const NOT_CERTIFIED_FLOW =
  'not certified: that gradient flow (or any optimiser) enters this channel or follows it; that along the flow the ' +
  'other coordinates stay at θ₀* (the valley floor at finite ε is O(ε²) away from θ₀*); the time laws of §2; and any ' +
  'statement in the directions transversal to the channel at finite ε (attraction in the full parameter space). ' +
  'The certificate is about the loss along the ray ε ↦ (θ₀*, ε) only.';

/** The merged neurons, 0-based, checked against the width (an InputError for a bad pair). */
function pairOf(width: number, pair: readonly [number, number] | undefined): [number, number] {
  if (pair === undefined) return [width - 2, width - 1];
  const [i, j] = pair;
  if (!Number.isInteger(i) || !Number.isInteger(j) || i === j || i < 1 || j < 1 || i > width || j > width) {
    throw new InputError(`certify --channel: the pair must be two different neurons from 1 to ${width}`);
  }
  return [i - 1, j - 1];
}

/**
 * Certifies a channel of a finite-data problem as far as [MvM+25]'s sufficient conditions go (mathematics.md §2):
 * for the GLU limit θ₀ of the neuron pair (c σ(w x) + a x σ′(w x), Δ = +1, the other neurons and b kept),
 *  1. the Krawczyk operator certifies a box X in which L∞ has exactly one critical point θ₀* (Newton first, from
 *     `approx`, on the canonical representative under the discrete symmetries), and the certified inertia of
 *     ∇²L∞ over X makes it a strict local minimum;
 *  2. h(θ₀*) = φ″(0)/2 is enclosed over K(X) and must be positive;
 *  3. φ(ε) = L(θ₀*, ε) (the network's loss with w_{i,j} = w ± ε, a_{i,j} = c/2 ± a/(2ε)) is even and smooth, so
 *     φ′(ε) = 2hε + φ⁗(ξ)ε³/6; with Φ₄ ∋ φ⁗ over |ε| ≤ ε₀ (and θ₀ ∈ K(X)), 2h + Φ₄ ε²/6 > 0 on (0, ε₀] makes φ
 *     strictly increasing in ε there, i.e. L strictly decreasing as ε → 0. ε₀ is the largest certified by
 *     bisection below `epsilonMax`.
 * When h's ball contains 0 (a realisable problem: L∞(θ₀*) = 0 forces h = 0) the expansion is carried to φ^(6):
 * the decrease is then certified on [ε₁, ε₀] with ε₁ ≈ √(|h|/φ⁗(0)) from h's radius, and on (0, ε₀] under the
 * hypothesis h ≥ 0; the outcome is `not-certified` (h > 0 is not), with what was certified.
 *
 * Scope: one input dimension, no hidden bias, a smooth activation, width ≥ 2. Population problems and other
 * layouts are `not-certified` with the reason; a bad pair is an InputError.
 */
export function certifyChannel(
  problem: Problem,
  approx: ChannelLimitPoint,
  p: Precision,
  options: CertifyChannelOptions = {},
): CertifiedChannel {
  const fn = 'certifyChannel';
  knownOptions(fn, options, ['pair', 'epsilonMax', 'epsilon0', 'order', 'bisections', 'radius', 'attempts']);
  if (options.order !== undefined && options.order !== 4 && options.order !== 6) {
    throw new InputError(`${fn}: order must be 4 or 6, got ${String(options.order)}`);
  }
  const { bisections = 24, attempts = 3 } = options;
  integerOption(fn, 'bisections', bisections, 0, 200);
  integerOption(fn, 'attempts', attempts, 1, 20);
  const epsilonMax = decimalOption(fn, 'epsilonMax', options.epsilonMax ?? 1, p.D, 0);
  if (!epsilonMax.isPositive()) throw new InputError(`${fn}: epsilonMax must be positive`);
  const epsilon0 =
    options.epsilon0 === undefined ? undefined : decimalOption(fn, 'epsilon0', options.epsilon0, p.D, 0);
  if (epsilon0 !== undefined && !epsilon0.isPositive())
    throw new InputError(`${fn}: epsilon0 must be positive`);
  if (options.radius !== undefined) decimalOption(fn, 'radius', options.radius, p.D, 0);
  const { layout, activation } = problem.network;
  if (layout.inputDimension !== 1 || layout.hiddenBias) {
    return {
      kind: 'not-certified',
      reason:
        'the channel certificate covers one input dimension without hidden biases (Δ = ±1); this problem has ' +
        `${layout.inputDimension} input(s)${layout.hiddenBias ? ' and hidden biases' : ''}`,
    };
  }
  if (layout.width < 2) throw new InputError(`${fn}: a channel needs width ≥ 2 (this network has width 1)`);
  const pair = pairOf(layout.width, options.pair);
  if (!activation.smooth) {
    return {
      kind: 'not-certified',
      reason: `${activation.name} is not smooth: the ε-expansion needs σ up to σ^(7)`,
    };
  }
  const others = approx.others ?? [];
  if (others.length !== layout.width - 2) {
    throw new InputError(
      `${fn}: the limit point needs ${layout.width - 2} other neuron(s) (w, a), got ${others.length}`,
    );
  }
  if (approx.b !== undefined && !layout.outputBias) {
    throw new InputError(`${fn}: the network has no output bias, but the limit point gives b`);
  }
  const outcome = ballDataset(problem, p);
  if (outcome.kind === 'not-certifiable') return { kind: 'not-certified', reason: outcome.reason };
  const shape: LimitShape = { activation, others: others.length, outputBias: layout.outputBias };
  try {
    return certify(shape, outcome.data, approx, [pair[0] + 1, pair[1] + 1], p, {
      epsilonMax,
      epsilon0,
      order: options.order,
      bisections,
      attempts,
      radius: options.radius,
    });
  } catch (e) {
    if (e instanceof BallDomainError || e instanceof OutOfRangeError || e instanceof NonDifferentiableError) {
      return { kind: 'not-certified', reason: `no enclosure: ${e.message}` };
    }
    throw e;
  }
}

/** Names of L∞'s parameters in flat order. */
function limitNames(shape: LimitShape): string[] {
  const names = ['w', 'c', 'a'];
  for (let k = 1; k <= shape.others; k++) names.push(`w_${k}`, `a_${k}`);
  if (shape.outputBias) names.push('b');
  return names;
}

/**
 * The canonical representative of a limit point: for an odd σ the GLU with w < 0 is flipped ((w, c, a) →
 * (−w, −c, a): σ(−wx) = −σ(wx), σ′ even) and so is each other neuron with w_k < 0 ((w_k, a_k) → (−w_k, −a_k));
 * the other neurons are sorted by (w_k, a_k).
 */
function canonicalLimit(flat: readonly Decimal[], shape: LimitShape, signFlip: boolean): Decimal[] {
  let [w, c] = flat as [Decimal, Decimal];
  const a = flat[2] as Decimal;
  if (signFlip && w.isNeg()) {
    w = w.neg();
    c = c.neg();
  }
  const rest = Array.from({ length: shape.others }, (_, k) => {
    let wk = flat[3 + 2 * k] as Decimal;
    let ak = flat[4 + 2 * k] as Decimal;
    if (signFlip && wk.isNeg()) {
      wk = wk.neg();
      ak = ak.neg();
    }
    return [wk, ak] as const;
  });
  rest.sort((x, y) => x[0].cmp(y[0]) || x[1].cmp(y[1]));
  return [w, c, a, ...rest.flat(), ...flat.slice(3 + 2 * shape.others)];
}

/** Newton on ∇L∞ (midpoints of the ball evaluation) at q digits until the step is below 10^−(q − 5) relative. */
function refineLimit(
  shape: LimitShape,
  data: BallDataset,
  start: readonly Decimal[],
  q: Precision,
): Decimal[] {
  let x = start.map((v) => new q.D(v));
  const tol = new q.D(10).pow(-(q.digits - 5));
  for (let it = 0; it < 60; it++) {
    const e = ballLimitLoss(
      shape,
      data,
      x.map((v) => exactBall(q, v)),
      q,
      true,
    );
    const s = luSolve(
      e.hessian.map((row) => row.map((b) => b.mid)),
      e.gradient.map((b) => b.mid),
      q,
    );
    if (s.kind !== 'solved') return x;
    x = x.map((v, i) => v.minus(s.x[i] as Decimal));
    const size = s.x.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new q.D(0));
    const scale = x.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new q.D(1));
    if (size.lte(tol.times(scale))) break;
  }
  return x;
}

interface Settings {
  readonly epsilonMax: Decimal;
  readonly epsilon0: Decimal | undefined;
  readonly order: 4 | 6 | undefined;
  readonly bisections: number;
  readonly attempts: number;
  readonly radius: Decimal.Value | undefined;
}

function certify(
  shape: LimitShape,
  data: BallDataset,
  approx: ChannelLimitPoint,
  pair: readonly [number, number],
  p: Precision,
  settings: Settings,
): CertifiedChannel {
  const names = limitNames(shape);
  const start = [
    approx.w,
    approx.c,
    approx.a,
    ...(approx.others ?? []).flatMap((o) => [o.w, o.a]),
    ...(shape.outputBias ? [approx.b ?? 0] : []),
  ].map((v) => new p.D(v));
  const signFlip = networkSymmetries(shape.activation).signFlip;
  const q = withGuard(p, 10);
  const refined = refineLimit(shape, data, canonicalLimit(start, shape, signFlip), q);
  const center = canonicalLimit(refined, shape, signFlip).map(
    (v) => new p.D(v.toSignificantDigits(p.digits)),
  );
  const kraw = krawczykCriticalPoint(
    {
      at: (x) => ballLimitLoss(shape, data, x, p, true),
      hessianOver: (X) => ballLimitLoss(shape, data, X, p, true).hessian,
    },
    center,
    p,
    settings.radius,
    settings.attempts,
  );
  if (kraw.kind !== 'certified') {
    return { kind: 'not-certified', reason: `no certified critical point of L∞ near θ₀: ${kraw.reason}` };
  }
  const K = kraw.enclosure;
  const at0 = ballEpsilonDerivatives(shape, data, K, undefined, 4, p);
  const symmetry =
    'the canonical representative of θ₀ is certified (the other neurons sorted by (w_k, a_k)' +
    (signFlip
      ? '; w > 0, with (w, c, a) → (−w, −c, a) and (w_k, a_k) → (−w_k, −a_k) giving the same limit network (σ odd)'
      : '') +
    '); the images under these symmetries are certified with it';
  const limit: CertifiedLimitPoint = {
    names,
    center,
    radius: kraw.radius,
    enclosure: K,
    enclosureRadius: kraw.enclosureRadius,
    loss: at0[0] as Ball,
    inertia: kraw.inertia,
    strictMinimum: kraw.type.kind === 'strict local minimum',
    symmetry,
  };
  const typeText =
    kraw.type.kind === 'saddle'
      ? `a saddle with ${kraw.type.descending} descending direction(s)`
      : kraw.type.kind === 'undecided'
        ? `of undecided type (${kraw.type.reason})`
        : `a ${kraw.type.kind}`;
  if (!limit.strictMinimum) {
    return {
      kind: 'not-certified',
      reason: `the critical point θ₀* of L∞ in the box x̃ ± ${kraw.radius.toExponential(0)} is ${typeText}, not a strict local minimum`,
      limit,
    };
  }
  const phi2 = at0[2] as Ball;
  const h = ballDiv(phi2, exactBall(p, 2), p);
  const boxText = `the unique critical point θ₀* of L∞ in the box x̃ ± ${kraw.radius.toExponential(0)} (it lies in K(X), radius ${kraw.enclosureRadius.toExponential(1)})`;
  if (ballUpper(h, 30).isNeg()) {
    return {
      kind: 'not-certified',
      reason: `h(θ₀*) ∈ ${ballToString(h)} is negative: L(θ₀*, ε) increases as ε → 0 (the channel repels in ε)`,
      limit,
      h,
    };
  }
  if (ballLower(h, 30).isPos()) {
    // Both remainders; the one that certifies the larger ε₀ is kept (φ⁗(0) is a point value, so the order-6 test
    // suffers less from the width of the remainder's enclosure over the ε-ball).
    const phi4 = at0[4] as Ball;
    const d4 =
      settings.order === 6
        ? undefined
        : largestEpsilon(settings, (eps) => decreaseOrder4(shape, data, K, phi2, eps, p));
    const d6 =
      settings.order === 4
        ? undefined
        : largestEpsilon(settings, (eps) => decreaseOrder6(shape, data, K, phi2, phi4, eps, p));
    const decrease = d4 === undefined ? d6 : d6 === undefined ? d4 : d6.epsilon0.gt(d4.epsilon0) ? d6 : d4;
    if (decrease === undefined) {
      return {
        kind: 'not-certified',
        reason:
          `h(θ₀*) ∈ ${ballToString(h)} > 0, but ` +
          (settings.epsilon0 !== undefined
            ? `ε₀ = ${settings.epsilon0.toString()} is not certified`
            : `no ε₀ in [${settings.epsilonMax.toExponential(2)}·2^−60, ${settings.epsilonMax.toExponential(2)}] is certified`) +
          ': the remainder bound (φ⁗ or φ^(6) over |ε| ≤ ε₀) is too wide for dL/dε > 0 on (0, ε₀]',
        limit,
        h,
      };
    }
    const statement =
      `For ${boxText}: θ₀* is a strict local minimum of L∞; h(θ₀*) ∈ ${ballToString(h)} > 0; ` +
      `and for every ε ∈ (0, ${decrease.epsilon0.toString()}], dL(θ₀*, ε)/dε ≥ ε·${decrease.margin.toExponential(3)} > 0 ` +
      `(Taylor to order ${decrease.order}), ` +
      `so L(θ₀*, ε) is strictly decreasing as ε decreases to 0 on that range (towards L∞(θ₀*) ∈ ${ballToString(limit.loss)}).`;
    return {
      kind: 'certified',
      pair,
      limit,
      h,
      decrease,
      statement,
      theorems: THEOREMS,
      notCertified: NOT_CERTIFIED_FLOW,
    };
  }
  // h's ball contains 0: carry the expansion one order further (order 4 cannot decide the sign of 2h + O(ε²)).
  const phi4 = at0[4] as Ball;
  const decrease = largestEpsilon(settings, (eps) => decreaseOrder6(shape, data, K, phi2, phi4, eps, p));
  const realisable =
    `h(θ₀*) ∈ ${ballToString(h)}: its sign is not decided, so h > 0 is not certified. ` +
    `L∞(θ₀*) ∈ ${ballToString(limit.loss)} and |h| ≤ 2√(L∞·(1/N)Σρf₂²) by Cauchy–Schwarz: if the GLU fits the data ` +
    'exactly (a realisable problem such as glu-teacher, L∞(θ₀*) = 0) then h = 0 exactly and the sufficient condition ' +
    'h > 0 of [MvM+25] fails; the decrease then comes from the ε⁴ term';
  if (decrease === undefined) {
    return { kind: 'not-certified', reason: `${realisable}, whose sign was not certified either`, limit, h };
  }
  const statement =
    `For ${boxText}: θ₀* is a strict local minimum of L∞; h(θ₀*) ∈ ${ballToString(h)} (sign undecided); ` +
    `for every ε ∈ [${decrease.from.toExponential(2)}, ${decrease.epsilon0.toString()}], dL(θ₀*, ε)/dε > 0; ` +
    `and dL(θ₀*, ε)/dε − 2h(θ₀*)ε ≥ ε³·${decrease.margin.toExponential(3)} > 0 for every ε ∈ (0, ${decrease.epsilon0.toString()}], ` +
    'so if h(θ₀*) ≥ 0 (true when L∞(θ₀*) = 0 exactly, which ball arithmetic cannot decide) L(θ₀*, ε) is strictly ' +
    'decreasing as ε decreases to 0 on that whole range.';
  return { kind: 'not-certified', reason: realisable, limit, h, decrease, statement };
}

/** ε² as a ball over [0, ε₀²]. */
function squareRange(eps: Decimal, p: Precision): Ball {
  const e = exactBall(p, eps);
  return ballFromBounds(p, new p.D(0), ballUpper(ballMul(e, e, p), p.digits));
}

/** Order 4: φ′(ε)/ε ∈ φ″(0) + Φ₄·[0, ε₀²]/6; certified if its lower bound is positive. */
function decreaseOrder4(
  shape: LimitShape,
  data: BallDataset,
  K: readonly Ball[],
  phi2: Ball,
  eps: Decimal,
  p: Precision,
): ChannelDecrease | undefined {
  const remainder = ballEpsilonDerivatives(shape, data, K, eps, 4, p)[4] as Ball;
  const U = squareRange(eps, p);
  const P = ballAdd(phi2, ballDiv(ballMul(remainder, U, p), exactBall(p, 6), p), p);
  const margin = ballLower(P, 20);
  if (!margin.isPos()) return undefined;
  return {
    from: new p.D(0),
    epsilon0: eps,
    order: 4,
    coefficients: [phi2],
    remainder,
    margin,
    bound: 'dL/dε ≥ ε·margin',
  };
}

/**
 * Order 6: φ′(ε)/ε = φ″(0) + u·Q(u), Q(u) = φ⁗(0)/6 + φ^(6)(ξ)u/120, u = ε² ∈ (0, ε₀²]. When φ″(0) > 0 is certified,
 * the ball φ″(0) + U·Q(U) over U = [0, ε₀²] must be positive (the range is then (0, ε₀]). Otherwise Q > 0 on
 * [0, ε₀²] is required: then φ′ − φ″(0)ε > 0 on (0, ε₀], and φ′ > 0 wherever u > −lower(φ″(0))/lower(Q), which
 * gives ε₁.
 */
function decreaseOrder6(
  shape: LimitShape,
  data: BallDataset,
  K: readonly Ball[],
  phi2: Ball,
  phi4: Ball,
  eps: Decimal,
  p: Precision,
): ChannelDecrease | undefined {
  const remainder = ballEpsilonDerivatives(shape, data, K, eps, 6, p)[6] as Ball;
  const U = squareRange(eps, p);
  const Q = ballAdd(
    ballDiv(phi4, exactBall(p, 6), p),
    ballDiv(ballMul(remainder, U, p), exactBall(p, 120), p),
    p,
  );
  const common = { epsilon0: eps, order: 6, coefficients: [phi2, phi4], remainder } as const;
  const low = ballLower(phi2, 20);
  if (low.isPos()) {
    const margin = ballLower(ballAdd(phi2, ballMul(U, Q, p), p), 20);
    if (!margin.isPos()) return undefined;
    return { ...common, from: new p.D(0), margin, bound: 'dL/dε ≥ ε·margin' };
  }
  const margin = ballLower(Q, 20);
  if (!margin.isPos()) return undefined;
  // ε₁² = −lower(φ″(0))/lower(Q), rounded up (a larger ε₁ is still certified).
  const from = new p.D(low.neg().div(margin).sqrt().times('1.01').toSignificantDigits(3, 0));
  if (!from.lt(eps)) return undefined;
  return { ...common, from, margin, bound: 'dL/dε − 2hε ≥ ε³·margin' };
}

/**
 * The largest ε₀ ≤ epsilonMax that `test` certifies: epsilonMax itself, else halvings until one passes (at most 60),
 * then `bisections` bisection steps between the passing and the refused value (values with 3 significant digits).
 * With a fixed `epsilon0`, only that value.
 */
function largestEpsilon(
  settings: Settings,
  test: (eps: Decimal) => ChannelDecrease | undefined,
): ChannelDecrease | undefined {
  const safe = (eps: Decimal): ChannelDecrease | undefined => {
    try {
      return test(eps);
    } catch (e) {
      if (e instanceof BallDomainError || e instanceof OutOfRangeError) return undefined;
      throw e;
    }
  };
  if (settings.epsilon0 !== undefined) return safe(settings.epsilon0);
  let hi = settings.epsilonMax;
  let best = safe(hi);
  if (best !== undefined) return best;
  let lo = hi;
  for (let k = 0; k < 60 && best === undefined; k++) {
    hi = lo;
    lo = lo.div(2).toSignificantDigits(3, 1);
    best = safe(lo);
  }
  if (best === undefined) return undefined;
  for (let k = 0; k < settings.bisections; k++) {
    const mid = lo.plus(hi).div(2).toSignificantDigits(3, 1);
    if (mid.lte(lo) || mid.gte(hi)) break;
    const r = safe(mid);
    if (r !== undefined) {
      best = r;
      lo = mid;
    } else hi = mid;
  }
  return best;
}
