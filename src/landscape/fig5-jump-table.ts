import type { Decimal } from 'decimal.js';
import type { Dataset } from '../network/dataset.js';
import type { Network } from '../network/loss.js';
import { neuronIndices, pairIndices } from '../network/neuron-pair.js';
import { parameterCount } from '../network/params.js';
import { precision, roundTo, withGuard, type Precision } from '../precision/context.js';
import type { Jump64Point } from './jump-channel.js';
import { fitPowerLaw, type PowerLawFit } from './power-law-fit.js';

/** The network's loss, its GLU limit's loss and the approximation error between the two, at one point. */
export interface GluApproximation {
  /** L = (1/N) Σ ρ_n (f(x_n) − y_n)². */
  readonly loss: Decimal;
  /**
   * The loss of the limit network: the pair (i, j) replaced by its GLU c σ(w·x̃) + (v·x̃) σ′(w·x̃), with
   * c = a_i + a_j, w = (w_i + w_j)/2, v = aΔ = (a_i − a_j)(w_i − w_j)/2 of the same point; the other neurons kept.
   * On a valley floor at divergence A it is L∞ + O(ε⁴) (the floor's u is O(ε²) from the limit's minimum, where
   * the limit loss is stationary).
   */
  readonly limitLoss: Decimal;
  /** √((1/N) Σ ρ_n (pair output − GLU output)²): the root-mean-square approximation error, O(ε²). */
  readonly approximationError: Decimal;
}

/**
 * {@link GluApproximation} at the flat point `flat` (decimal values, e.g. the shortest decimal strings of a float64
 * point) in Decimal at p digits: the pair's output a_i σ(w_i·x̃) + a_j σ(w_j·x̃) cancels two terms of size |A|, so
 * it is formed with log₁₀|A| + 10 guard digits, the rest with 10.
 */
export function gluApproximation(
  network: Network,
  data: Dataset,
  flat: readonly Decimal.Value[],
  i: number,
  j: number,
  p: Precision,
): GluApproximation {
  const { layout, activation } = network;
  if (flat.length !== parameterCount(layout))
    throw new RangeError(
      `gluApproximation: expected ${parameterCount(layout)} parameters, got ${flat.length}`,
    );
  const idx = pairIndices(layout, i, j);
  const A = new (precision(20).D)(flat[idx.ai] as Decimal.Value).minus(flat[idx.aj] as Decimal.Value).div(2);
  const lost = Math.max(0, Math.ceil(A.abs().plus(1).log(10).toNumber()));
  const g = withGuard(p, lost + 10);
  const D = g.D;
  const x = (k: number): Decimal => new D(flat[k] as Decimal.Value);
  const wi = idx.wi.map(x);
  const wj = idx.wj.map(x);
  const ai = x(idx.ai);
  const aj = x(idx.aj);
  const c = ai.plus(aj);
  const w = wi.map((y, k) => y.plus(wj[k] as Decimal).div(2));
  const v = wi.map((y, k) =>
    y
      .minus(wj[k] as Decimal)
      .times(ai.minus(aj))
      .div(2),
  );
  const others = Array.from({ length: layout.width }, (_, k) => k)
    .filter((k) => k !== i && k !== j)
    .map((k) => {
      const n = neuronIndices(layout, k);
      return { w: n.w.map(x), a: x(n.a) };
    });
  const bias = layout.outputBias ? x(parameterCount(layout) - 1) : new D(0);
  const dot = (row: readonly Decimal[], xt: readonly Decimal[]): Decimal =>
    row.reduce((s, r, k) => s.plus(r.times(xt[k] as Decimal)), new D(0));
  let sumL = new D(0);
  let sumLimit = new D(0);
  let sumErr = new D(0);
  let sumRho = new D(0);
  data.inputs.forEach((input, n) => {
    const xt = layout.hiddenBias ? [...input, new D(1)] : input;
    const rest = others.reduce((s, o) => s.plus(o.a.times(activation.value(dot(o.w, xt), g))), bias);
    const pair = ai.times(activation.value(dot(wi, xt), g)).plus(aj.times(activation.value(dot(wj, xt), g)));
    const [s0, s1] = activation.derivatives(dot(w, xt), 1, g) as [Decimal, Decimal];
    const glu = c.times(s0).plus(dot(v, xt).times(s1));
    const y = data.targets[n] as Decimal;
    const rho = data.weights?.[n] ?? new D(1);
    sumL = sumL.plus(rho.times(rest.plus(pair).minus(y).pow(2)));
    sumLimit = sumLimit.plus(rho.times(rest.plus(glu).minus(y).pow(2)));
    sumErr = sumErr.plus(rho.times(pair.minus(glu).pow(2)));
    sumRho = sumRho.plus(rho);
  });
  const N = data.inputs.length;
  return {
    loss: roundTo(p, sumL.div(N)),
    limitLoss: roundTo(p, sumLimit.div(N)),
    approximationError: roundTo(p, sumErr.div(N).sqrt()),
  };
}

/** One row of the Fig. 5 table (decimal strings: float64 values as their shortest strings, Decimal ones rounded). */
export interface Fig5Row {
  readonly A: string;
  readonly invEps: string;
  readonly c: string;
  readonly a: string;
  readonly cosDeltaW: string;
  /** Decimal (reportDigits): the loss, the limit network's loss, and L − L∞ with L∞ the last row's limitLoss. */
  readonly loss: string;
  readonly limitLoss: string;
  readonly lossAboveLimit: string;
  /** Decimal (reportDigits): the root-mean-square approximation error against the GLU limit. */
  readonly approximationError: string;
  /** float64: λ_max of the full Hessian; λ_min of the restricted one; ‖∇_u L‖₂ of the relaxation. */
  readonly lambdaMax: string;
  readonly restrictedLambdaMin: string;
  readonly gradientNorm: string;
}

/** The fitted laws of a Fig. 5 table (95 % Student-t intervals, from fitPowerLaw). */
export interface Fig5Fits {
  /** approximation error ∝ ε^p: the exponent is p. */
  readonly error: PowerLawFit;
  /** λ_max ∝ (1/ε)^q: the exponent is q. */
  readonly lambdaMax: PowerLawFit;
  /** L − L∞ ∝ ε^s over the rows but the last (whose L − L∞ is O(ε⁴) by the choice of L∞). */
  readonly lossAboveLimit: PowerLawFit | undefined;
}

/**
 * The Fig. 5 rows of float64 jump points (jumpChannel64) of the pair (i, j): each point's float64 values, and its
 * loss, limit loss and approximation error recomputed in Decimal at reportDigits (+ guards) from its parameters'
 * shortest decimal strings. L∞ is the last row's limit loss (error O(ε⁴) there).
 */
export function fig5Rows(
  network: Network,
  data: (q: Precision) => Dataset,
  points: readonly Jump64Point[],
  pair: readonly [number, number],
  reportDigits = 12,
): Fig5Row[] {
  const R = precision(reportDigits);
  const values = points.map((pt) =>
    gluApproximation(
      network,
      data(precision(reportDigits + 10)),
      Array.from(pt.params, String),
      pair[0],
      pair[1],
      R,
    ),
  );
  const last = values[values.length - 1];
  if (last === undefined) return [];
  return points.map((pt, k) => {
    const v = values[k] as GluApproximation;
    return {
      A: String(pt.A),
      invEps: String(pt.invEps),
      c: String(pt.c),
      a: String(pt.a),
      cosDeltaW: String(pt.cosDeltaW),
      loss: v.loss.toString(),
      limitLoss: v.limitLoss.toString(),
      lossAboveLimit: roundTo(R, v.loss.minus(last.limitLoss)).toString(),
      approximationError: v.approximationError.toString(),
      lambdaMax: String(pt.lambdaMax),
      restrictedLambdaMin: String(pt.restrictedLambdaMin),
      gradientNorm: String(pt.gradientNorm),
    };
  });
}

/** The fits of {@link Fig5Fits} from the rows (at least 3; L − L∞ needs 4 rows with L − L∞ > 0). */
export function fig5Fits(rows: readonly Fig5Row[]): Fig5Fits {
  const eps = rows.map((r) => 1 / Number(r.invEps));
  const inv = rows.map((r) => Number(r.invEps));
  const early = rows.slice(0, -1);
  const above = early.map((r) => Number(r.lossAboveLimit));
  return {
    error: fitPowerLaw(
      eps,
      rows.map((r) => Number(r.approximationError)),
    ),
    lambdaMax: fitPowerLaw(
      inv,
      rows.map((r) => Number(r.lambdaMax)),
    ),
    lossAboveLimit:
      early.length >= 3 && above.every((y) => y > 0) ? fitPowerLaw(eps.slice(0, -1), above) : undefined,
  };
}

/** The `format` of docs/data/fig5-jump.json. */
export const FIG5_FORMAT = 'flat-channels-fig5-jump';

/** docs/data/fig5-jump.json, as examples/fig5-jump.ts writes it (numbers as decimal strings). */
export interface Fig5Document {
  readonly format: typeof FIG5_FORMAT;
  readonly version: 1;
  readonly toolkit: string;
  /** rosenbrock8dSpec's options. */
  readonly problem: { readonly samples: number; readonly dataSeed: number; readonly initSeed: number };
  readonly training: {
    readonly protocol: 'paper';
    readonly maxTau: number;
    readonly newtonIterations: number;
    /** Every seed trained, with what the paper's criteria called its end point. */
    readonly tried: readonly {
      readonly initSeed: number;
      readonly class: string;
      readonly weightnorm: string;
    }[];
    readonly cpuSeconds: number;
  };
  readonly jump: {
    /** The pair, 1-based, the first with a_i > 0. */
    readonly pair: readonly [number, number];
    /** The trained end point (flat order) the jump starts from. */
    readonly start: readonly string[];
    readonly fromA: string;
    readonly toA: string;
    readonly gradientTolerance: number;
    readonly cpuSeconds: number;
  };
  readonly rows: readonly Fig5Row[];
  /** Each row's point (flat order, shortest decimal strings of the float64 values). */
  readonly params: readonly (readonly string[])[];
  readonly fits: {
    readonly error: { readonly exponent: string; readonly interval: readonly [string, string] };
    readonly lambdaMax: { readonly exponent: string; readonly interval: readonly [string, string] };
    readonly lossAboveLimit?: { readonly exponent: string; readonly interval: readonly [string, string] };
  };
}

/** A fit as stored: exponent and 95 % interval to 4 decimals. */
export function storedFit(fit: PowerLawFit): { exponent: string; interval: [string, string] } {
  return {
    exponent: fit.exponent.toFixed(4),
    interval: [fit.interval[0].toFixed(4), fit.interval[1].toFixed(4)],
  };
}
