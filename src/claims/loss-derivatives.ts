import type { Decimal } from 'decimal.js';
import { toDataset64, type Dataset } from '../network/dataset.js';
import { lossAndDerivatives, type Network } from '../network/loss.js';
import { lossAndDerivatives64 } from '../network/loss64.js';
import { parameterCount } from '../network/params.js';
import { precision, type Precision } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import type { Claim, ClaimContext, Evidence, Verdict } from './claim.js';
import { referenceValue } from './_internals/reference-activation.js';
import { richardsonDerivatives } from './_internals/richardson-derivatives.js';
import { halfUlp } from './_internals/half-ulp.js';

/** Width 3, two inputs, hidden and output biases: every kind of parameter the loss code handles. */
const LAYOUT = { width: 3, inputDimension: 2, hiddenBias: true, outputBias: true } as const;
const SAMPLES = 6;
/** Random directions v for ∇L·v and vᵀ∇²Lv. */
const DIRECTIONS = 2;
/**
 * Float64 error model, with u = 2⁻⁵³ ≈ 1.1e-16: each entry is (2/N)·Σ of N = 6 per-sample terms; a term is a
 * product of at most 5 factors, among them σ^(k) (float64 closed forms within 10 u, as activation-derivatives
 * measures them) and the residual f − y (a 5-term sum), so it carries at most ~20 u of its own size, and the
 * accumulation adds N u: at most ~25 u of Σ|terms|. The Gauss–Newton and residual parts of a Hessian entry can
 * cancel, so Σ|terms| may exceed the quantity's scale (the largest |entry|, or the loss itself); allowing a factor
 * 4 of such cancellation gives 100 u ≈ 1.1e-14, used as 1e-14. Measured (`verify --claims loss-derivatives`,
 * seeds 1–6, the 7 registered activations; the evidence prints it as float64WorstOfScale): at most 4.9e-16 of the
 * scale (silu, seed 1), about 4 u — a factor 20 below the tolerance.
 */
const FLOAT64_TOLERANCE = 1e-14;
/**
 * The loss is also checked at this many digits: the working-precision rules of the loss kernels (10 guard digits,
 * ⌈d·log₂10⌉ + 4 bits) must scale with d, and at d = 40 alone a rule short by 10 % of its bits would still leave 6
 * of the 10 guard digits (it fails from d ≈ 95 on: 0.1·(d + 10) digits lost).
 */
const HIGH_DIGITS = 150;

/** A dyadic number k/256 with |k/256| ≤ bound: exact in float64, so both routes see the same point. */
function dyadic(rng: SeededRandom, bound: number): string {
  return String(rng.int(-bound * 256, bound * 256) / 256);
}

/**
 * The network loss code (mathematics.md §1: L = (1/N) Σ ρ_n (f(x_n) − y_n)², no ½) against an independent naive
 * route. The reference loss is the plain sum with σ from the activation's formula in decimal.js functions
 * (reference-activation.ts); ∇L·v and vᵀ∇²Lv along random directions come from Richardson-extrapolated central
 * differences of that naive loss in t ↦ L(θ + tv). The exact Decimal loss, gradient and Hessian (lossAndDerivatives)
 * must be correctly rounded to d digits (loss) and agree to d digits at the scale of the directional quantities;
 * the float64 twin (lossAndDerivatives64) must agree with the verified Decimal values entry by entry within
 * FLOAT64_TOLERANCE of each quantity's scale. Weighted samples (ρ_n ≠ 1) are used, so the weights are part of it.
 */
function check(ctx: ClaimContext): Verdict {
  const act = ctx.activation;
  if (!act.smooth) {
    return {
      kind: 'not-applicable',
      summary: `${act.name} is not smooth: the Hessian needs σ″ everywhere`,
      evidence: { activation: act.name },
    };
  }
  const d = ctx.digits;
  const W = precision(d + 40);
  const rng = new SeededRandom(ctx.seed);
  const net: Network = { layout: LAYOUT, activation: act };
  const P = parameterCount(LAYOUT);
  const theta = Array.from({ length: P }, () => dyadic(rng, 1.5));
  const data: Dataset = {
    inputs: Array.from({ length: SAMPLES }, () => [dyadic(rng, 2), dyadic(rng, 2)].map((v) => new W.D(v))),
    targets: Array.from({ length: SAMPLES }, () => new W.D(dyadic(rng, 1))),
    weights: Array.from({ length: SAMPLES }, () => new W.D(String(rng.int(128, 384) / 256))),
  };
  const naive = (t: Decimal, v: readonly Decimal[], w: Precision): Decimal =>
    naiveLoss(act, data, theta, v, t, w);

  const p = precision(d);
  const exact = lossAndDerivatives(
    net,
    data,
    theta.map((s) => new p.D(s)),
    p,
    { hessian: true },
  );
  const grad = exact.gradient ?? [];
  const hess = exact.hessian ?? [];
  const failures: string[] = [];
  const undecided: string[] = [];
  let worst = 0;
  const note = (what: string, err: Decimal, tol: Decimal): void => {
    const ratio = err.div(tol).toNumber();
    if (!(ratio <= worst)) worst = Number.isNaN(ratio) ? Infinity : ratio;
    if (!(ratio <= 1)) failures.push(`${what} off by ${ratio.toPrecision(3)}× its tolerance`);
  };

  // The loss: correctly rounded to d digits (checked against the naive sum at d + 40 digits).
  const L = naive(new W.D(0), [], W);
  note('loss', new W.D(exact.loss).minus(L).abs(), halfUlp(L, d, W));

  // The loss at HIGH_DIGITS: correctly rounded there too (naive sum at HIGH_DIGITS + 40 digits; the data are dyadic,
  // hence exact at any precision).
  const hp = precision(HIGH_DIGITS);
  const HW = precision(HIGH_DIGITS + 40);
  const highLoss = lossAndDerivatives(
    net,
    data,
    theta.map((s) => new hp.D(s)),
    hp,
    { gradient: false },
  ).loss;
  // Decimal operations take the precision of their receiver: the naive sum needs the data as HW numbers.
  const highData: Dataset = {
    inputs: data.inputs.map((x) => x.map((v) => new HW.D(v))),
    targets: data.targets.map((y) => new HW.D(y)),
    weights: (data.weights ?? []).map((r) => new HW.D(r)),
  };
  const LH = naiveLoss(act, highData, theta, [], new HW.D(0), HW);
  note(`loss at ${HIGH_DIGITS} digits`, new HW.D(highLoss).minus(LH).abs(), halfUlp(LH, HIGH_DIGITS, HW));

  // Directional first and second derivatives.
  for (let k = 0; k < DIRECTIONS; k++) {
    const v = Array.from({ length: P }, () => new W.D(rng.decimal(-1, 1)));
    const ref = richardsonDerivatives(
      (t) => naive(t, v, W),
      new W.D(0),
      2,
      W.digits,
      new W.D(10).pow(-(d + 10)),
    );
    const gv = grad.reduce((s, gi, i) => s.plus(new W.D(gi).times(v[i] ?? 0)), new W.D(0));
    let vHv = new W.D(0);
    let gScale = new W.D(0);
    let hScale = new W.D(0);
    for (let i = 0; i < P; i++) {
      gScale = gScale.plus(new W.D(grad[i] ?? 0).times(v[i] ?? 0).abs());
      for (let j = 0; j < P; j++) {
        const term = new W.D(hess[i]?.[j] ?? 0).times(v[i] ?? 0).times(v[j] ?? 0);
        vHv = vHv.plus(term);
        hScale = hScale.plus(term.abs());
      }
    }
    // Each entry is correctly rounded to d digits, so the sum errs by at most 10^(1−d) of the sum of |terms|.
    const unit = new W.D(10).pow(1 - d);
    for (const [what, computed, reference, refErr, scale] of [
      [`∇L·v (direction ${k + 1})`, gv, ref.values[1], ref.errors[1], gScale],
      [`vᵀ∇²Lv (direction ${k + 1})`, vHv, ref.values[2], ref.errors[2], hScale],
    ] as const) {
      if (reference === undefined || refErr === undefined)
        throw new Error('loss-derivatives: reference missing');
      const tol = unit.times(scale);
      if (refErr.gt(tol.div(10))) {
        undecided.push(`${what}: reference error ${refErr.toSignificantDigits(2).toString()}`);
        continue;
      }
      note(what, computed.minus(reference).abs(), tol);
    }
  }

  // The float64 twin against the verified Decimal values.
  const at64 = lossAndDerivatives64(net, toDataset64(data), Float64Array.from(theta, Number), {
    hessian: true,
  });
  const maxAbs = (xs: readonly Decimal[]): Decimal =>
    xs.reduce((m, x) => (x.abs().gt(m) ? x.abs() : m), new W.D(0));
  const tol64 = new W.D(FLOAT64_TOLERANCE);
  // The float64 errors in units of their scales (the measurement behind FLOAT64_TOLERANCE, printed as evidence).
  let worst64 = 0;
  const note64 = (what: string, err: Decimal, scale: Decimal): void => {
    const rel = scale.isZero() ? (err.isZero() ? 0 : Infinity) : err.div(scale).toNumber();
    if (!(rel <= worst64)) worst64 = Number.isNaN(rel) ? Infinity : rel;
    note(what, err, tol64.times(scale));
  };
  note64('float64 loss', new W.D(at64.loss).minus(exact.loss).abs(), exact.loss.abs());
  const gScale64 = maxAbs(grad);
  grad.forEach((gi, i) =>
    note64(`float64 ∂L/∂θ_${i + 1}`, new W.D(at64.gradient?.[i] ?? NaN).minus(gi).abs(), gScale64),
  );
  // The gradient-only pass is a separate loop in loss64.ts (the one training runs take): check it too.
  const grad64 = lossAndDerivatives64(net, toDataset64(data), Float64Array.from(theta, Number), {
    gradient: true,
  });
  note64('float64 loss (gradient pass)', new W.D(grad64.loss).minus(exact.loss).abs(), exact.loss.abs());
  grad.forEach((gi, i) =>
    note64(
      `float64 ∂L/∂θ_${i + 1} (gradient pass)`,
      new W.D(grad64.gradient?.[i] ?? NaN).minus(gi).abs(),
      gScale64,
    ),
  );
  const hScale64 = maxAbs(hess.flat());
  hess.forEach((row, i) =>
    row.forEach((hij, j) =>
      note64(
        `float64 ∂²L/∂θ_${i + 1}∂θ_${j + 1}`,
        new W.D(at64.hessian?.[i * P + j] ?? NaN).minus(hij).abs(),
        hScale64,
      ),
    ),
  );

  const evidence: Evidence = {
    activation: act.name,
    network: 'width 3, 2 inputs, hidden and output biases (15 parameters), 6 weighted samples, dyadic values',
    digits: d,
    seed: ctx.seed,
    reference: `naive weighted sum with σ from the formula ${JSON.stringify(act.formula)} (decimal.js functions) at ${W.digits} digits; ∇L·v and vᵀ∇²Lv by Richardson-extrapolated differences along ${DIRECTIONS} random directions`,
    loss: exact.loss.toString(),
    tolerance: `loss correctly rounded to ${d} digits (and to ${HIGH_DIGITS}); directional sums within 10^(1−d) of the sum of |terms|; float64 within ${FLOAT64_TOLERANCE} of each quantity's scale`,
    worstRatioToTolerance: worst.toPrecision(2),
    float64WorstOfScale: worst64.toExponential(1),
    failures: failures.length === 0 ? null : failures.slice(0, 5).join('; '),
    undecided: undecided.length === 0 ? null : undecided.join('; '),
  };
  if (failures.length > 0) {
    return {
      kind: 'refuted',
      summary: `${failures[0] ?? ''}${failures.length > 1 ? ` (and ${failures.length - 1} more)` : ''}`,
      evidence,
    };
  }
  if (undecided.length > 0) {
    return {
      kind: 'inconclusive',
      summary: `the reference was not accurate enough: ${undecided[0] ?? ''}`,
      evidence,
    };
  }
  return {
    kind: 'verified',
    summary: `loss, ∇L and ∇²L (Decimal at ${d} digits, the loss also at ${HIGH_DIGITS}, and float64) agree with a naive loss and its Richardson differences (worst at ${worst.toPrecision(2)} of the tolerance)`,
    evidence,
  };
}

/** L(θ + t v) by the plain weighted sum over samples with σ from the independent reference. */
function naiveLoss(
  act: ClaimContext['activation'],
  data: Dataset,
  theta: readonly string[],
  v: readonly Decimal[],
  t: Decimal,
  w: Precision,
): Decimal {
  const th = theta.map((s, i) => new w.D(s).plus(v[i] === undefined ? 0 : t.times(v[i])));
  const m = LAYOUT.inputDimension + 1;
  const aOff = LAYOUT.width * m;
  let sum = new w.D(0);
  data.inputs.forEach((x, n) => {
    const xt = [...x, new w.D(1)];
    let f = th[aOff + LAYOUT.width] ?? new w.D(0);
    for (let k = 0; k < LAYOUT.width; k++) {
      let z = new w.D(0);
      for (let j = 0; j < m; j++) z = z.plus((th[k * m + j] ?? new w.D(0)).times(xt[j] ?? 0));
      f = f.plus((th[aOff + k] ?? new w.D(0)).times(referenceValue(act, z, w)));
    }
    const r = f.minus(data.targets[n] ?? 0);
    sum = sum.plus((data.weights?.[n] ?? new w.D(1)).times(r).times(r));
  });
  return sum.div(data.targets.length);
}

/** Half a unit in the d-th significant digit of `v`. */
export const lossDerivatives: Claim = {
  id: 'loss-derivatives',
  title: 'The loss, its gradient and Hessian agree with a naive loss and its differences',
  statement:
    'For a width-3 network with biases on weighted samples, the exact loss L = (1/N) Σ ρ_n (f(x_n) − y_n)² is ' +
    'correctly rounded, and ∇L and ∇²L (Decimal and float64) agree with Richardson-extrapolated differences of a ' +
    'naive loss evaluated with an independent σ (a self-check of the numeric core).',
  latex:
    'L(\\theta)=\\frac1N\\sum_n\\rho_n\\big(f(x_n;\\theta)-y_n\\big)^2,\\quad \\nabla L\\cdot v=\\tfrac{d}{dt}L(\\theta+tv)\\big|_0,\\quad v^\\top\\nabla^2L\\,v=\\tfrac{d^2}{dt^2}L(\\theta+tv)\\big|_0',
  hypotheses: ['σ smooth'],
  source:
    'toolkit self-check (docs/mathematics.md §1 conventions; MLPGradientFlow.jl’s lesson: test the loss itself)',
  check,
};
