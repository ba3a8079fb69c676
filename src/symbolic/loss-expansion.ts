import { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import type { Dataset } from '../network/dataset.js';
import { lossAndDerivatives } from '../network/loss.js';
import { precision, type Precision } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import { casCoefficients, casIsZero, cas } from './_internals/cas.js';
import { evaluateExpr, type Expr } from './expr.js';
import { gluExpansion } from './glu-expansion.js';

/** The symbolic part: per sample, (R + f₂ε² + f₄ε⁴)² = R² + ε²·2Rf₂ + ε⁴(f₂² + 2Rf₄) + O(ε⁶). */
export interface LossExpansionSymbolic {
  /** What nerdamer expanded. */
  readonly casInput: string;
  /** Per-sample coefficients of ε⁰, ε¹, …, ε⁴ (R = f₀ − y, the residual of the limit network). */
  readonly sampleCoefficients: readonly string[];
  /** ε² coefficient equals 2 R f₂ (so h = (1/N) Σ ρ 2 R f₂), and ε¹, ε³ vanish. */
  readonly hMatches: boolean;
  readonly oddVanish: boolean;
  /** ε⁴ coefficient equals f₂² + 2 R f₄. */
  readonly h4Matches: boolean;
}

/**
 * Derives the loss expansion L(θ₀, ε) = L(θ₀, 0) + ε² h(θ₀) + ε⁴ h₄(θ₀) + O(ε⁶) for the MSE without ½
 * (mathematics.md §2, paper eq. 13): the network output is P + F(ε) with P the other neurons and
 * F(ε) = f₀ + ε²f₂ + ε⁴f₄ + O(ε⁶) (no odd powers: gluExpansion), so each sample's squared residual is the square
 * of a polynomial in ε, expanded by nerdamer.
 */
export function lossExpansionSymbolic(): LossExpansionSymbolic {
  const casInput = '(R + f2*eps^2 + f4*eps^4)^2';
  const coeffs = casCoefficients(cas(`expand(${casInput})`), 'eps').slice(0, 5);
  const at = (k: number): string => coeffs[k] ?? '0';
  return {
    casInput,
    sampleCoefficients: coeffs,
    hMatches: casIsZero(`(${at(2)}) - 2*R*f2`),
    oddVanish: at(1) === '0' && at(3) === '0',
    h4Matches: casIsZero(`(${at(4)}) - (f2^2 + 2*R*f4)`),
  };
}

/** Options of {@link checkLossExpansion}. */
export interface LossExpansionCheckOptions {
  /** Significant digits of the comparison (at least 50 for a certificate). Default 50. */
  readonly digits?: number;
  /** Seed of the random network and dataset. Default 7. */
  readonly seed?: number;
  /** Number of samples. Default 6. */
  readonly samples?: number;
  /** The ε values (decimal strings, decreasing). Default 1e-2, 1e-3, 1e-4. */
  readonly epsilons?: readonly string[];
}

/** One ε of the numeric check. */
export interface LossExpansionStep {
  readonly eps: string;
  /** (L(θ₀, ε) − L(θ₀, 0)) / ε². */
  readonly quotient: string;
  /** ((L(θ₀, ε) − L(θ₀, 0)) / ε² − h) / ε², which must tend to h₄. */
  readonly remainderOverEps4: string;
}

/** The numeric confirmation on a constructed network and dataset. */
export interface LossExpansionCheck {
  readonly digits: number;
  readonly seed: number;
  readonly samples: number;
  readonly activation: string;
  readonly h: string;
  readonly h4: string;
  readonly lossAtInfinity: string;
  readonly steps: readonly LossExpansionStep[];
  /** max over ε of |remainderOverEps4 / h₄ − 1| / ε² (bounded: the remainder is h₄ε⁴ + O(ε⁶)). */
  readonly maxRemainderRatio: string;
  readonly passed: boolean;
}

/** Where the network of the loss check sits: one other neuron plus the pair, d = 2, no biases. */
export interface LossExpansionPoint {
  readonly other: { readonly w: readonly string[]; readonly a: string };
  readonly w: readonly string[];
  readonly Delta: readonly string[];
  readonly c: string;
  readonly a: string;
  readonly data: Dataset;
}

/** A random point and weighted dataset (d = 2) from a seed. */
export function lossExpansionPoint(p: Precision, seed: number, samples: number): LossExpansionPoint {
  const rng = new SeededRandom(seed);
  const vec = (): string[] => [rng.decimal(-1, 1), rng.decimal(-1, 1)];
  const other = { w: vec(), a: rng.decimal(-1, 1) };
  const w = vec();
  const Delta = vec();
  const c = rng.decimal(-2, 2);
  const a = rng.decimal(-2, 2);
  const inputs = Array.from({ length: samples }, () => vec().map((v) => new p.D(v)));
  const targets = Array.from({ length: samples }, () => new p.D(rng.decimal(-1, 1)));
  const weights = Array.from({ length: samples }, () => new p.D(rng.decimal(0.5, 1.5)));
  return { other, w, Delta, c, a, data: { inputs, targets, weights } };
}

/**
 * Checks on a network and dataset that (L(θ₀, ε) − L(θ₀, 0))/ε² → h with an ε⁴ remainder: L(θ₀, ε) is the exact
 * loss of the width-3 network (src/network/loss.ts) at w_{i,j} = w ± εΔ, a_{i,j} = c/2 ± a/(2ε); L(θ₀, 0), h and
 * h₄ come from the symbolic coefficients f₀, f₂, f₄ of gluExpansion evaluated at each sample.
 */
export function checkLossExpansion(
  activation: Activation,
  options: LossExpansionCheckOptions = {},
): LossExpansionCheck {
  const { digits = 50, seed = 7, samples = 6, epsilons = ['1e-2', '1e-3', '1e-4'] } = options;
  const p = precision(digits);
  const g = precision(digits + 30);
  const pt = lossExpansionPoint(g, seed, samples);
  const expansion = gluExpansion(activation, { order: 4 });
  const coef = (k: number): Expr => {
    const c = expansion.coefficients.find((x) => x.power === k);
    if (c === undefined) throw new Error(`loss expansion: coefficient ε^${k} missing`);
    return c.expression;
  };
  const [f0, f2, f4] = [coef(0), coef(2), coef(4)];
  const dot = (u: readonly Decimal.Value[], x: readonly Decimal[]): Decimal =>
    u.reduce<Decimal>((s, v, i) => s.plus(new g.D(v).times(x[i] ?? 0)), new g.D(0));
  let L0 = new g.D(0);
  let h = new g.D(0);
  let h4 = new g.D(0);
  const N = pt.data.targets.length;
  pt.data.inputs.forEach((x, n) => {
    const scope = { z: dot(pt.w, x), delta: dot(pt.Delta, x), c: pt.c, a: pt.a };
    const P = new g.D(pt.other.a).times(activation.value(dot(pt.other.w, x), g));
    const R = P.plus(evaluateExpr(f0, scope, g)).minus(pt.data.targets[n] ?? 0);
    const v2 = evaluateExpr(f2, scope, g);
    const v4 = evaluateExpr(f4, scope, g);
    const rho = pt.data.weights?.[n] ?? new g.D(1);
    L0 = L0.plus(rho.times(R).times(R));
    h = h.plus(rho.times(R).times(v2).times(2));
    h4 = h4.plus(rho.times(v2.times(v2).plus(R.times(v4).times(2))));
  });
  [L0, h, h4] = [L0.div(N), h.div(N), h4.div(N)];

  const net = {
    layout: { width: 3, inputDimension: 2, hiddenBias: false, outputBias: false },
    activation,
  };
  let worst = new g.D(0);
  const steps = epsilons.map((epsText) => {
    const eps = new g.D(epsText);
    const shift = (s: 1 | -1): Decimal[] =>
      pt.w.map((v, i) => new g.D(v).plus(eps.times(pt.Delta[i] ?? 0).times(s)));
    const half = new g.D(pt.c).div(2);
    const big = new g.D(pt.a).div(eps.times(2));
    const flat = [
      ...pt.other.w.map((v) => new g.D(v)),
      ...shift(1),
      ...shift(-1),
      new g.D(pt.other.a),
      half.plus(big),
      half.minus(big),
    ];
    // The pair cancels two terms of size |a/ε|; the loss needs that many more guard digits.
    const lost = Math.ceil(-Math.log10(Number(epsText))) * 3 + 10;
    const L = lossAndDerivatives(net, pt.data, flat, g, { gradient: false, guard: lost }).loss;
    const quotient = L.minus(L0).div(eps.pow(2));
    const rem = quotient.minus(h).div(eps.pow(2));
    const ratio = h4.isZero() ? rem.abs() : rem.div(h4).minus(1).abs().div(eps.pow(2));
    if (ratio.gt(worst)) worst = ratio;
    return {
      eps: epsText,
      quotient: quotient.toSignificantDigits(digits).toString(),
      remainderOverEps4: rem.toSignificantDigits(12).toString(),
    };
  });
  // |r(ε)/h₄ − 1| = O(ε²) with a constant of order h₆/h₄; 1000 leaves room for that constant, while a wrong h
  // (or a missing ε² term) would make the ratio grow like 1/ε² instead.
  const passed = worst.lt(1000);
  return {
    digits,
    seed,
    samples,
    activation: activation.name,
    h: h.toSignificantDigits(p.digits).toString(),
    h4: h4.toSignificantDigits(p.digits).toString(),
    lossAtInfinity: L0.toSignificantDigits(p.digits).toString(),
    steps,
    maxRemainderRatio: worst.toSignificantDigits(3).toString(),
    passed,
  };
}
