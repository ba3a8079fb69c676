import type { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import { decimalOption, InputError, integerOption, knownOptions } from '../errors.js';
import { toDataset64, type Dataset, type Dataset64 } from '../network/dataset.js';
import { rowLength, type Layout } from '../network/params.js';
import { MAX_INTERNAL_DIGITS, precision, roundTo, withGuard, type Precision } from '../precision/context.js';
import { certifyByLadder } from '../precision/ladder.js';
import { choleskySolve } from '../precision/linalg/index.js';
import { limitSlope64 } from './_internals/limit-slope64.js';
import { pairExpansion } from './pair-expansion.js';

/**
 * The limit network of one input dimension, with neurons i, j replaced by the GLU c σ(w x) + a x σ′(w x)
 * (Δ = +1, v = a; mathematics.md §2) and every other neuron fixed. `glu` = false drops the a-term: the
 * one-neuron (width r − 1) network c σ(w x), whose critical points are the saddle lines' bases (§3, §5).
 */
export interface LimitModel {
  readonly activation: Activation;
  readonly layout: Layout;
  /** Dataset at a given precision (for a population loss: quadrature nodes and weights). */
  readonly data: (q: Precision) => Dataset;
  /** Output of the neurons other than the pair at each sample (default none), at precision q. */
  readonly others?: (q: Precision) => readonly Decimal[];
  /** Default true. */
  readonly glu?: boolean;
  /** The dataset in float64 for the bracketing scan. Default: `data` at 17 digits, rounded to doubles. */
  readonly data64?: () => Dataset64;
}

/** ℓ(w) and what it is made of, at one w (values rounded to the evaluating precision). */
export interface LimitEvaluation {
  readonly w: Decimal;
  /** ℓ(w, 0) = min over the readouts of the limit loss. */
  readonly loss: Decimal;
  readonly c: Decimal;
  /** The GLU's linear readout (a = v for Δ = +1); 0 for the one-neuron model. */
  readonly a: Decimal;
  /** The output bias, when the layout has one (solved with the readouts). */
  readonly b?: Decimal;
  /** dℓ/dw (envelope theorem: ∂L/∂w at the optimal readouts). */
  readonly slope: Decimal;
  /** d²ℓ/dw² = L_ww − L_wβ L_ββ⁻¹ L_βw (Schur complement over the readouts β). */
  readonly curvature: Decimal;
}

/** A critical point of ℓ(w, 0), w > 0 (ℓ is even in w for odd σ; in general the scan covers w > 0 only). */
export interface LimitCriticalPoint extends LimitEvaluation {
  /**
   * `minimum`: ℓ″ > 0. `saddle`: ℓ″ < 0, a maximum of ℓ in w but a saddle of the limit loss, which is strictly
   * convex in the readouts (L_ββ = 2G is positive definite), so no critical point is a maximum of the full limit
   * loss. `degenerate`: |ℓ″| below the zero tolerance.
   */
  readonly kind: 'minimum' | 'saddle' | 'degenerate';
  /** h(θ₀) = (1/N) Σ ρ f₂ · 2(f₀ − y), the ε² coefficient of the loss (GLU model only; 0 for one neuron). */
  readonly h: Decimal;
}

/** Options of {@link limitCriticalPoints}. */
export interface LimitScanOptions {
  /** Smallest w scanned. Default 0.05 (w = 0 is always critical for odd σ and is not reported). */
  readonly wMin?: Decimal.Value;
  /** Largest w scanned. Default 10. */
  readonly wMax?: Decimal.Value;
  /** Scan points, geometrically spaced in [wMin, wMax]. Default 48. */
  readonly scanPoints?: number;
  /** Newton iterations per bracket before giving up. Default 60. */
  readonly maxIterations?: number;
  /** Guard digits of the working precision. Default 10. */
  readonly guardDigits?: number;
}

/** Thrown as an input error for layouts the one-dimensional scan does not cover. */
export function checkLimitLayout(layout: Layout): void {
  if (rowLength(layout) !== 1) {
    throw new InputError(
      'infinity: the scan in w needs one input dimension without hidden biases ' +
        `(this problem has rows of ${rowLength(layout)} entries)`,
    );
  }
}

/**
 * Evaluates ℓ(w, 0) with its slope and curvature at working precision q (no rounding to a coarser context).
 * Readouts β = (c, a[, b]) solve the normal equations G β = g of the least-squares problem (Cholesky).
 */
export function evaluateLimit(model: LimitModel, w: Decimal.Value, q: Precision): LimitEvaluation {
  checkLimitLayout(model.layout);
  const glu = model.glu ?? true;
  const bias = model.layout.outputBias;
  const data = model.data(q);
  const others = model.others?.(q);
  const W = new q.D(w);
  const N = data.targets.length;
  const n = 1 + (glu ? 1 : 0) + (bias ? 1 : 0);
  const zero = new q.D(0);
  const G = Array.from({ length: n }, () => new Array<Decimal>(n).fill(zero));
  const rhs = new Array<Decimal>(n).fill(zero);
  type Node = { rho: Decimal; x: Decimal; t: Decimal; phi: Decimal[]; dphi: Decimal[]; d2phi: Decimal[] };
  const nodes: Node[] = [];
  for (let k = 0; k < N; k++) {
    const x = new q.D((data.inputs[k] as readonly Decimal[])[0] as Decimal);
    const rho = data.weights?.[k] === undefined ? new q.D(1) : new q.D(data.weights[k] as Decimal);
    const t = new q.D(data.targets[k] as Decimal).minus(others?.[k] ?? zero);
    const s = model.activation.derivatives(W.times(x), glu ? 3 : 2, q);
    const [s0, s1, s2, s3] = [s[0], s[1], s[2], s[3] ?? zero] as Decimal[];
    const x2 = x.times(x);
    // Features φ and their w-derivatives: σ(wx) → xσ′, x²σ″; xσ′(wx) → x²σ″, x³σ‴; bias 1 → 0, 0.
    const phi = [s0 as Decimal];
    const dphi = [x.times(s1 as Decimal)];
    const d2phi = [x2.times(s2 as Decimal)];
    if (glu) {
      phi.push(x.times(s1 as Decimal));
      dphi.push(x2.times(s2 as Decimal));
      d2phi.push(x2.times(x).times(s3 as Decimal));
    }
    if (bias) {
      phi.push(new q.D(1));
      dphi.push(zero);
      d2phi.push(zero);
    }
    for (let i = 0; i < n; i++) {
      const rp = rho.times(phi[i] as Decimal);
      rhs[i] = (rhs[i] as Decimal).plus(rp.times(t));
      for (let j = i; j < n; j++)
        (G[i] as Decimal[])[j] = ((G[i] as Decimal[])[j] as Decimal).plus(rp.times(phi[j] as Decimal));
    }
    nodes.push({ rho, x, t, phi, dphi, d2phi });
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) (G[i] as Decimal[])[j] = (G[j] as Decimal[])[i] as Decimal;
  const solved = choleskySolve(G, rhs, q, { guardDigits: 10 });
  if (solved.kind !== 'solved') {
    throw new RangeError(`evaluateLimit: the readout Gram matrix is singular at w = ${W.toString()}`);
  }
  const beta = solved.x;
  // ℓ = (1/N) Σ ρ r² from the residuals (not Σρt² − gᵀβ, which cancels when the fit is good).
  let loss = zero;
  let Lw = zero;
  let Lww = zero;
  const Lwb = new Array<Decimal>(n).fill(zero);
  for (const nd of nodes) {
    let f = zero;
    let fw = zero;
    let fww = zero;
    for (let i = 0; i < n; i++) {
      const bi = beta[i] as Decimal;
      f = f.plus(bi.times(nd.phi[i] as Decimal));
      fw = fw.plus(bi.times(nd.dphi[i] as Decimal));
      fww = fww.plus(bi.times(nd.d2phi[i] as Decimal));
    }
    const r = f.minus(nd.t);
    loss = loss.plus(nd.rho.times(r).times(r));
    Lw = Lw.plus(nd.rho.times(r).times(fw));
    Lww = Lww.plus(nd.rho.times(fw.times(fw).plus(r.times(fww))));
    for (let i = 0; i < n; i++) {
      Lwb[i] = (Lwb[i] as Decimal).plus(
        nd.rho.times(fw.times(nd.phi[i] as Decimal).plus(r.times(nd.dphi[i] as Decimal))),
      );
    }
  }
  // L_ββ = (2/N)G, L_wβ = (2/N)Lwb, L_ww = (2/N)Lww ⇒ ℓ″ = (2/N)(Lww − Lwbᵀ G⁻¹ Lwb).
  const y = choleskySolve(G, Lwb, q, { guardDigits: 10 });
  if (y.kind !== 'solved') throw new RangeError('evaluateLimit: singular Gram matrix');
  let schur = Lww;
  for (let i = 0; i < n; i++) schur = schur.minus((Lwb[i] as Decimal).times(y.x[i] as Decimal));
  const two = new q.D(2).div(N);
  const out = {
    w: W,
    loss: loss.div(N),
    c: beta[0] as Decimal,
    a: glu ? (beta[1] as Decimal) : zero,
    slope: Lw.times(two),
    curvature: schur.times(two),
  };
  return bias ? { ...out, b: beta[n - 1] as Decimal } : out;
}

/**
 * h(θ₀) = (1/N) Σ_n ρ_n f₂(x_n) · 2(f₀(x_n) − y_n) for the GLU point (c, a, w) with Δ = +1 (δ = x), using the
 * even expansion coefficients [f₀, f₂] of `pairExpansion`.
 */
export function limitH(model: LimitModel, pt: LimitEvaluation, q: Precision): Decimal {
  const data = model.data(q);
  const others = model.others?.(q);
  let h = new q.D(0);
  const N = data.targets.length;
  for (let k = 0; k < N; k++) {
    const x = new q.D((data.inputs[k] as readonly Decimal[])[0] as Decimal);
    const rho = data.weights?.[k] === undefined ? new q.D(1) : new q.D(data.weights[k] as Decimal);
    const [f0, f2] = pairExpansion(
      model.activation,
      { c: pt.c, a: pt.a, z: pt.w.times(x), delta: x },
      2,
      q,
    ) as [Decimal, Decimal];
    const r = f0
      .plus(others?.[k] ?? 0)
      .plus(pt.b ?? 0)
      .minus(data.targets[k] as Decimal);
    h = h.plus(rho.times(f2).times(r).times(2));
  }
  return h.div(N);
}

/**
 * Critical points of ℓ(w, 0) for w in [wMin, wMax]: sign changes of the slope on a geometric grid are refined by
 * safeguarded Newton (bisection when a step leaves the bracket) until the step is below 10^−(digits+2)|w|, all at
 * `p.digits + guardDigits`; values are rounded to `p`. A bracket is kept only if the slope changes sign at its ends at
 * working precision too (a float64 sign change can be rounding noise where the slope is tiny). A critical point whose
 * slope does not change sign on the grid (a double root, or two roots within one grid cell) is missed; refine the
 * grid to look for them.
 */
export function limitCriticalPoints(
  model: LimitModel,
  p: Precision,
  options: LimitScanOptions = {},
): LimitCriticalPoint[] {
  const { wMin = '0.05', wMax = 10, scanPoints = 48, maxIterations = 60, guardDigits = 10 } = options;
  const fn = 'limitCriticalPoints';
  knownOptions(fn, options, ['wMin', 'wMax', 'scanPoints', 'maxIterations', 'guardDigits']);
  integerOption(fn, 'guardDigits', guardDigits, 0, MAX_INTERNAL_DIGITS - p.digits);
  integerOption(fn, 'maxIterations', maxIterations, 1, 1e6);
  integerOption(fn, 'scanPoints', scanPoints, 3, 1e6);
  const q = withGuard(p, guardDigits);
  const lo = decimalOption(fn, 'wMin', wMin, q.D, 0);
  const hi = decimalOption(fn, 'wMax', wMax, q.D, 0);
  if (!lo.isPositive() || !hi.gt(lo)) throw new InputError('infinity: need 0 < wMin < wMax');
  if (!Number.isInteger(scanPoints) || scanPoints < 3)
    throw new InputError('infinity: need at least 3 scan points');
  // Bracket sign changes of the slope in float64 (fast), then refine each bracket in Decimal.
  const d64 = model.data64?.() ?? toDataset64(model.data(precision(17)));
  const o64 =
    model.others === undefined
      ? undefined
      : Float64Array.from(model.others(precision(17)), (v) => v.toNumber());
  const glu = model.glu ?? true;
  // The scan runs in float64: both ends must be ordinary doubles, and the grid fine enough that a sign change of
  // the slope between two scan points is not likely to hide a pair of roots (a ratio of at most 2 between
  // neighbours). A coarser or out-of-range scan is refused rather than reported as "no critical points".
  const l0 = Math.log(lo.toNumber());
  const l1 = Math.log(hi.toNumber());
  if (!Number.isFinite(l0) || !Number.isFinite(l1) || lo.lt('1e-300') || hi.gt('1e300')) {
    throw new InputError(
      `infinity: the scanned range [${lo.toString()}, ${hi.toString()}] must lie within [1e-300, 1e300] (the scan runs in float64)`,
    );
  }
  const needed = Math.ceil((l1 - l0) / Math.LN2) + 1;
  if (scanPoints < needed) {
    throw new InputError(
      `infinity: ${scanPoints} scan points over [${lo.toString()}, ${hi.toString()}] are too coarse ` +
        `(neighbours more than a factor 2 apart); use at least --scan ${needed} or a narrower range`,
    );
  }
  const ws = Array.from({ length: scanPoints }, (_, k) => Math.exp(l0 + ((l1 - l0) * k) / (scanPoints - 1)));
  const slopes = ws.map((x) => limitSlope64(model.activation, d64, o64, glu, model.layout.outputBias, x));
  // A non-finite slope at a scan point (the GLU's features degenerate there, e.g. σ′(wx) ≈ 0 at every sample for
  // large w) brackets nothing, and its interval is skipped below; a scan where no slope is finite cannot find any
  // critical point and is refused rather than reported as "no critical points".
  if (!slopes.some((s) => Number.isFinite(s))) {
    throw new InputError(
      `infinity: the slope of the limit loss is not finite in float64 anywhere on [${lo.toString()}, ${hi.toString()}]; narrow the scanned range`,
    );
  }
  const tol = new q.D(10).pow(-(p.digits + 2));
  const out: LimitCriticalPoint[] = [];
  for (let k = 0; k + 1 < ws.length; k++) {
    const s0 = slopes[k] as number;
    const s1 = slopes[k + 1] as number;
    if (!(s0 * s1 <= 0) || s1 === 0) continue;
    // Regula falsi (Illinois) in float64 to about 1e−13, then Newton in Decimal, safeguarded by the bracket:
    // from a double-precision start two or three Newton steps reach the working precision.
    const slope64 = (x: number): number =>
      limitSlope64(model.activation, d64, o64, glu, model.layout.outputBias, x);
    const start = regulaFalsi64(slope64, ws[k] as number, ws[k + 1] as number, s0, s1);
    let lo = new q.D(ws[k] as number);
    let hi = new q.D(ws[k + 1] as number);
    // The float64 sign change may be rounding noise where the slope is tiny (e.g. where σ saturates on every
    // sample): keep the bracket only if the slope changes sign at working precision too. A bracket kept here holds a
    // root of the slope, which the safeguarded iteration below cannot leave.
    const sLo = evaluateLimit(model, lo, q).slope;
    const sHi = evaluateLimit(model, hi, q).slope;
    if (sLo.isZero() || sHi.isZero() ? false : sLo.isNeg() === sHi.isNeg()) continue;
    const loNeg = sLo.isNeg();
    const quadratic = new q.D(10).pow(-(Math.ceil(q.digits / 2) + 3));
    let cur = evaluateLimit(model, start, q);
    let last = false;
    for (let it = 0; it < maxIterations && !last && !cur.slope.isZero(); it++) {
      if (cur.slope.isNeg() === loNeg) lo = cur.w;
      else hi = cur.w;
      const step = cur.curvature.isZero() ? undefined : cur.slope.div(cur.curvature);
      let next = step === undefined ? undefined : cur.w.minus(step);
      if (next === undefined || !next.gt(lo) || !next.lt(hi)) next = lo.plus(hi).div(2);
      const size = next.minus(cur.w).abs();
      if (size.lte(tol.times(cur.w.abs()))) break;
      // Quadratic convergence: once a step is below √tol the next iterate is exact to working precision.
      last = step !== undefined && size.lte(quadratic.times(cur.w.abs()));
      cur = evaluateLimit(model, next, q);
    }
    out.push(classify(model, cur, p, q));
  }
  return out;
}

function classify(model: LimitModel, pt: LimitEvaluation, p: Precision, q: Precision): LimitCriticalPoint {
  const h = (model.glu ?? true) ? limitH(model, pt, q) : new q.D(0);
  const zeroTol = new q.D(10).pow(-Math.floor(p.digits / 2));
  const kind = pt.curvature.abs().lte(zeroTol) ? 'degenerate' : pt.curvature.isPos() ? 'minimum' : 'saddle';
  const r = (x: Decimal): Decimal => roundTo(p, x);
  const base = {
    w: r(pt.w),
    loss: r(pt.loss),
    c: r(pt.c),
    a: r(pt.a),
    slope: r(pt.slope),
    curvature: r(pt.curvature),
    kind,
    h: r(h),
  } as const;
  return pt.b === undefined ? base : { ...base, b: r(pt.b) };
}

/** Outcome of {@link certifiedLimitCriticalPoints}. */
export type CertifiedLimitOutcome =
  | {
      readonly kind: 'certified';
      readonly points: readonly LimitCriticalPoint[];
      /** The two working precisions (digits) whose results agreed when rounded to `p`. */
      readonly workingDigits: readonly [number, number];
      /** Values reported as 0 because they are 0 to within `bound` (e.g. a at a one-neuron saddle). */
      readonly zeros: readonly { readonly point: number; readonly field: string; readonly bound: Decimal }[];
    }
  | {
      readonly kind: 'uncertain';
      readonly reason: string;
      readonly workingDigits: readonly [number, number];
    };

const FIELDS = ['w', 'loss', 'c', 'a', 'h', 'curvature'] as const;

/**
 * {@link limitCriticalPoints} confirmed by the precision ladder: computed at p + 10 and p + 30 digits (a population
 * dataset is re-realised at each precision, so its quadrature is confirmed too) and accepted only if the same
 * critical points appear and every reported value agrees when rounded to `p` (values below 10^−(p) of the largest
 * one count as zeros), else `uncertain`.
 */
export function certifiedLimitCriticalPoints(
  model: LimitModel,
  p: Precision,
  options: LimitScanOptions = {},
): CertifiedLimitOutcome {
  const kinds: LimitCriticalPoint[][] = [];
  const outcome = certifyByLadder(
    (q) => {
      const pts = limitCriticalPoints(model, q, { ...options, guardDigits: options.guardDigits ?? 10 });
      kinds.push(pts);
      return pts.flatMap((pt) => FIELDS.map((f) => pt[f]));
    },
    p,
    {
      guard: 10,
      step: 20,
      // One comparison (p + 10 against p + 30): a value that is 0 in truth (the readout a at a saddle that is a
      // one-neuron critical point) never agrees in relative terms and is reported as 0 with its bound instead.
      maxWorkingDigits: p.digits + 30,
      scale: (values) => values.reduce((m, x) => (x.abs().gt(m) ? x.abs() : m), new p.D(0)),
    },
  );
  if (outcome.kind !== 'certified') {
    return { kind: 'uncertain', reason: outcome.reason, workingDigits: outcome.workingDigits };
  }
  const last = kinds[kinds.length - 1] ?? [];
  const v = outcome.values;
  const points = last.map((pt, i): LimitCriticalPoint => {
    const at = (k: number): Decimal => v[i * FIELDS.length + k] as Decimal;
    const base = {
      ...pt,
      w: at(0),
      loss: at(1),
      c: at(2),
      a: at(3),
      h: at(4),
      curvature: at(5),
      slope: roundTo(p, pt.slope),
    };
    return pt.b === undefined ? base : { ...base, b: roundTo(p, pt.b) };
  });
  const zeros = outcome.unresolvedZeros.map((z) => ({
    point: Math.floor(z.index / FIELDS.length),
    field: FIELDS[z.index % FIELDS.length] as string,
    bound: z.bound,
  }));
  return { kind: 'certified', points, workingDigits: outcome.workingDigits, zeros };
}

/** A root of f in [a, b] (f(a) = fa, f(b) = fb of opposite signs) by the Illinois variant of regula falsi. */
function regulaFalsi64(f: (x: number) => number, a: number, b: number, fa: number, fb: number): number {
  let side = 0;
  for (let it = 0; it < 100 && Math.abs(b - a) > 1e-13 * Math.abs(a + b); it++) {
    const c = (a * fb - b * fa) / (fb - fa);
    const fc = f(c);
    if (!Number.isFinite(fc)) return (a + b) / 2;
    if (fc === 0) return c;
    if (fc < 0 === fb < 0) {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
  }
  return (a * fb - b * fa) / (fb - fa);
}

/**
 * The limit model of neurons i, j (0-based) of `network` at `flat`: the other neurons keep their values from
 * `flat` (their output is subtracted from the targets); the output bias, if any, is solved with the readouts.
 */
export function limitModelOf(
  network: { readonly layout: Layout; readonly activation: Activation },
  data: (q: Precision) => Dataset,
  flat: (q: Precision) => readonly Decimal[],
  pair: readonly [number, number],
  glu = true,
): LimitModel {
  checkLimitLayout(network.layout);
  const { width } = network.layout;
  const [i, j] = pair;
  if (i === j || i < 0 || j < 0 || i >= width || j >= width) {
    throw new InputError(`--pair: need two different neurons from 1 to ${width}`);
  }
  const rest = Array.from({ length: width }, (_, k) => k).filter((k) => k !== i && k !== j);
  const base = { activation: network.activation, layout: network.layout, data, glu };
  if (rest.length === 0) return base;
  return {
    ...base,
    others: (q) => {
      const theta = flat(q);
      return data(q).inputs.map((x) =>
        rest.reduce(
          (s, k) =>
            s.plus(
              (theta[width + k] as Decimal).times(
                network.activation.value((theta[k] as Decimal).times(x[0] as Decimal), q),
              ),
            ),
          new q.D(0),
        ),
      );
    },
  };
}
