import type { Decimal } from 'decimal.js';
import { resolveActivation, type Activation } from '../activations/index.js';
import { precision, withGuard, type Precision } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import { cas, casCoefficients, casIsZero } from './_internals/cas.js';
import { evaluateExpr, parseExpr, type Expr } from './expr.js';

/**
 * The hierarchical three-neuron channel (paper App. C.6; derivation in docs/mathematics.md, "Channels of three
 * neurons"). With z = w·x, p = ω₁·x, q = ω₂·x and the ω₂ displacement at order ε^m:
 *
 *     w₁,₂ = w ± εω₁ + ε^m ω₂,  w₃ = w,   a₁,₂ = d/ε² ± b/(2ε),  a₃ = c − 2d/ε²,
 *     F(ε) = a₁σ(z + εp + ε^m q) + a₂σ(z − εp + ε^m q) + a₃σ(z).
 *
 * For m = 2: F(ε) = c σ(z) + (b p + 2d q) σ′(z) + d p² σ″(z) + O(ε²), even in ε. For m = 1 the ε^{−1} coefficient
 * is 2d q σ′(z): the output diverges ∝ 1/ε. For m = 3 the ω₂ term drops out of the limit.
 */
export interface ThreeNeuronVariant {
  /** The order m of the ω₂ displacement. */
  readonly m: 1 | 2 | 3;
  /** The polynomial ε²F(ε) (Taylor polynomials with s_n = σ^(n)(z), n ≤ 5) as handed to nerdamer. */
  readonly casInput: string;
  /** Coefficients of ε^−2, ε^−1, ε^0, ε^1, ε^2, ε^3 of F, generic σ (s0, s1, …). */
  readonly coefficients: readonly { readonly power: number; readonly generic: Expr; readonly text: string }[];
}

/** The symbolic checks, each decided by nerdamer's `expand(lhs − rhs)` being the literal 0. */
export interface ThreeNeuronSymbolicChecks {
  /** m = 2: the ε^−2 and ε^−1 coefficients are 0. */
  readonly polesCancel: boolean;
  /** m = 2: ε^0 = c s0 + (b p + 2 d q) s1 + d p² s2 — the limit, with the second-derivative term d p² σ″. */
  readonly limitMatches: boolean;
  /** m = 2: the ε^1 and ε^3 coefficients are 0 (F is even in ε: the error of the limit is O(ε²)). */
  readonly oddPowersVanish: boolean;
  /** m = 2: ε² = (d q² + b p q) s2 + (b p³/6 + d p² q) s3 + (d/12) p⁴ s4. */
  readonly f2Matches: boolean;
  /** m = 1: ε^−2 = 0 and ε^−1 = 2 d q s1 — the divergence ∝ 1/ε. */
  readonly divergenceMatches: boolean;
  /** m = 3: ε^0 = c s0 + b p s1 + d p² s2 (the ω₂ term of order ε³ leaves the limit). */
  readonly higherOrderDropsOut: boolean;
}

/** The three variants and their checks. */
export interface ThreeNeuronExpansion {
  readonly variants: readonly ThreeNeuronVariant[];
  readonly checks: ThreeNeuronSymbolicChecks;
}

/** The limit of m = 2 in the generic form (s_n = σ^(n)(z)). */
export const THREE_NEURON_LIMIT = 'c*s0 + (b*p + 2*d*q)*s1 + d*p^2*s2';
/** The ε² coefficient of m = 2. */
export const THREE_NEURON_F2 = '(d*q^2 + b*p*q)*s2 + (b*p^3/6 + d*p^2*q)*s3 + (d/12)*p^4*s4';
/** The ε^−1 coefficient of m = 1. */
export const THREE_NEURON_DIVERGENCE = '2*d*q*s1';

/** Highest Taylor order of σ kept: h^n = O(ε^n), so ε²F is exact through ε⁵, i.e. F through ε³. */
const TAYLOR = 5;

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

function variant(m: 1 | 2 | 3): ThreeNeuronVariant {
  const taylor = (h: string): string =>
    Array.from({ length: TAYLOR + 1 }, (_, n) => `s${n}*(${h})^${n}/${factorial(n)}`).join('+');
  const shift = `eps^${m}*q`;
  // ε²a₁,₂ = d ± bε/2, ε²a₃ = cε² − 2d: ε²F is a polynomial in ε up to O(ε⁶).
  const casInput =
    `(d + b*eps/2)*(${taylor(`eps*p + ${shift}`)}) + (d - b*eps/2)*(${taylor(`-eps*p + ${shift}`)})` +
    ` + (c*eps^2 - 2*d)*s0`;
  const raw = casCoefficients(cas(`expand(${casInput})`), 'eps');
  const coefficients = Array.from({ length: 6 }, (_, k) => {
    const text = raw[k] ?? '0';
    return { power: k - 2, generic: parseExpr(text), text };
  });
  return { m, casInput, coefficients };
}

/**
 * The ε-expansion of the hierarchical three-neuron sum for a generic σ, derived with nerdamer (string API): Taylor's
 * theorem with symbolic s_n = σ^(n)(z) to n = 5 makes ε²F(ε) a polynomial in ε up to O(ε⁶) (every h = ±εp + ε^m q
 * is O(ε)), which nerdamer expands; `coeffs` gives F's coefficients of ε^−2 … ε^3. Every result is a CAS claim until
 * confirmed numerically ({@link checkThreeNeuronChannel}).
 */
export function threeNeuronExpansion(): ThreeNeuronExpansion {
  // Claims and the certificate ask for the same expansion; nerdamer takes about a second for it.
  cached ??= computeExpansion();
  return cached;
}

let cached: ThreeNeuronExpansion | undefined;

function computeExpansion(): ThreeNeuronExpansion {
  const variants = ([1, 2, 3] as const).map(variant);
  const at = (m: number, power: number): string =>
    variants[m - 1]?.coefficients.find((c) => c.power === power)?.text ?? '0';
  const zero = (m: number, power: number): boolean => casIsZero(at(m, power));
  const checks: ThreeNeuronSymbolicChecks = {
    polesCancel: zero(2, -2) && zero(2, -1),
    limitMatches: casIsZero(`(${at(2, 0)}) - (${THREE_NEURON_LIMIT})`),
    oddPowersVanish: zero(2, 1) && zero(2, 3),
    f2Matches: casIsZero(`(${at(2, 2)}) - (${THREE_NEURON_F2})`),
    divergenceMatches: zero(1, -2) && casIsZero(`(${at(1, -1)}) - (${THREE_NEURON_DIVERGENCE})`),
    higherOrderDropsOut:
      zero(3, -2) && zero(3, -1) && casIsZero(`(${at(3, 0)}) - (c*s0 + b*p*s1 + d*p^2*s2)`),
  };
  return { variants, checks };
}

/** Whether every symbolic check of {@link threeNeuronExpansion} holds. */
export function threeNeuronChecksHold(checks: ThreeNeuronSymbolicChecks): boolean {
  return Object.values(checks).every((v) => v === true);
}

/** Options of {@link checkThreeNeuronChannel}. */
export interface ThreeNeuronCheckOptions {
  /** Digits the remainder ratios must agree to between the ladder's two precisions. Default 50. */
  readonly digits?: number;
  /** Random points (z, p, q, c, b, d). Default 3. */
  readonly points?: number;
  /** Seed of the points. Default 1. */
  readonly seed?: number;
  /** Activations standing in for the generic σ (registered names, or activations). Default tanh and erf. */
  readonly activations?: readonly (string | Activation)[];
  /** The ε of the remainder ratios. Default 10⁻³, 10⁻⁴, 10⁻⁵, 10⁻⁶. */
  readonly epsilons?: readonly string[];
}

/** One point and activation of the numeric confirmation. */
export interface ThreeNeuronPointCheck {
  readonly activation: string;
  readonly point: Readonly<Record<string, string>>;
  /** m = 2: R(ε) = (F(ε) − F₀ − ε²F₂)/ε⁴ per ε, 12 digits — converging (to the ε⁴ coefficient) as ε shrinks. */
  readonly limitRemainders: readonly string[];
  /** m = 1: ε·F(ε) per ε, 12 digits — tends to 2dqσ′(z) (`divergence`), so F diverges ∝ 1/ε. */
  readonly scaledDivergent: readonly string[];
  /** 2dqσ′(z), 12 digits. */
  readonly divergence: string;
  /** m = 1: (εF(ε) − 2dqσ′(z) − εC₀ − ε²C₁)/ε³ per ε with C₀, C₁ nerdamer's ε⁰, ε¹ coefficients, 12 digits. */
  readonly divergentRemainders: readonly string[];
}

/** The numeric confirmation: the exact three-neuron sum in Decimal against the CAS coefficients. */
export interface ThreeNeuronNumericCheck {
  readonly digits: number;
  readonly seed: number;
  readonly epsilons: readonly string[];
  readonly checks: readonly ThreeNeuronPointCheck[];
  /**
   * The remainders' convergence law: successive differences R(ε_k) − R(ε_{k+1}) shrink by (ε_k/ε_{k+1})² = 100
   * for m = 2 (R = F₄ + O(ε²)) and by ε_k/ε_{k+1} = 10 for m = 1 (an O(ε) correction). Largest
   * |ratio/expected − 1| over points, activations and ε, 3 digits (its own size is (C₄/C₃)·ε for m = 1, larger
   * where C₃ happens to be small).
   */
  readonly maxLawDeviation: string;
  /**
   * The smallest ratio/expected, 3 digits; must be ≥ 1/2. A wrong CAS coefficient of order ε^j leaves a
   * remainder growing like ε^{j−4} (m = 2) or ε^{j−3} (m = 1), whose differences shrink by at most 10^{−1} per
   * decade — a ratio/expected of 10⁻² or less —, while a correct one converges at the expected rate or faster (a
   * ratio at or above the law when the leading correction is accidentally small).
   */
  readonly minShrink: string;
  /** Largest disagreement between the ladder's precisions p and p + 20 on any remainder, relative, 3 digits. */
  readonly ladderError: string;
  readonly passed: boolean;
}

interface Point {
  readonly z: string;
  readonly p: string;
  readonly q: string;
  readonly c: string;
  readonly b: string;
  readonly d: string;
}

/** The exact sum F(ε) of the construction at order m, evaluated directly from σ (no series) at precision g. */
export function threeNeuronSum(
  act: Activation,
  pt: Readonly<Record<'z' | 'p' | 'q' | 'c' | 'b' | 'd', Decimal.Value>>,
  eps: Decimal.Value,
  m: 1 | 2 | 3,
  g: Precision,
): Decimal {
  const D = g.D;
  const e = new D(eps);
  const [z, p, q, c, b, d] = [pt.z, pt.p, pt.q, pt.c, pt.b, pt.d].map((v) => new D(v)) as [
    Decimal,
    Decimal,
    Decimal,
    Decimal,
    Decimal,
    Decimal,
  ];
  const e2 = e.times(e);
  const shift = q.times(e.pow(m));
  const aPlus = d.div(e2).plus(b.div(e.times(2)));
  const aMinus = d.div(e2).minus(b.div(e.times(2)));
  const a3 = c.minus(d.times(2).div(e2));
  return aPlus
    .times(act.value(z.plus(e.times(p)).plus(shift), g))
    .plus(aMinus.times(act.value(z.minus(e.times(p)).plus(shift), g)))
    .plus(a3.times(act.value(z, g)));
}

/**
 * Confirms {@link threeNeuronExpansion} numerically: at seeded points and for stand-in activations, the exact sum
 * F(ε) (threeNeuronSum, σ evaluated directly) against the CAS coefficients with s_n from the activation's
 * derivatives. m = 2: R(ε) = (F − F₀ − ε²F₂)/ε⁴ must converge as ε shrinks (F even in ε, so R = F₄ + O(ε²)).
 * m = 1: εF(ε) → 2dqσ′(z), with (εF − 2dqσ′ − εC₀ − ε²C₁)/ε³ converging. F(ε) cancels terms of size |d|/ε² and the
 * remainders divide by ε⁴, so each is computed at digits + 4·log₁₀(1/ε_min) + 20 working digits and again 20 digits
 * higher (the precision ladder).
 */
export function checkThreeNeuronChannel(
  expansion: ThreeNeuronExpansion,
  options: ThreeNeuronCheckOptions = {},
): ThreeNeuronNumericCheck {
  const {
    digits = 50,
    points = 3,
    seed = 1,
    activations = ['tanh', 'erf'],
    epsilons = ['1e-3', '1e-4', '1e-5', '1e-6'],
  } = options;
  const minEps = Math.min(...epsilons.map(Number));
  const working = precision(digits + Math.ceil(4 * Math.log10(1 / minEps)) + 20);
  const ladder = withGuard(working, 20);
  const coef = (m: number, power: number): Expr => {
    const c = expansion.variants[m - 1]?.coefficients.find((k) => k.power === power);
    if (c === undefined) throw new Error(`threeNeuronExpansion: no coefficient ε^${power} for m = ${m}`);
    return c.generic;
  };
  const rng = new SeededRandom(seed);
  const checks: ThreeNeuronPointCheck[] = [];
  let deviation = 0;
  let shrink = Infinity;
  let ladderError = 0;
  for (let i = 0; i < points; i++) {
    const pt: Point = {
      z: rng.decimal(-1.5, 1.5),
      p: rng.decimal(-1.5, 1.5),
      q: rng.decimal(-1.5, 1.5),
      c: rng.decimal(-2, 2),
      b: rng.decimal(-2, 2),
      d: rng.decimal(-2, 2),
    };
    for (const given of activations) {
      const act = typeof given === 'string' ? resolveActivation(given) : given;
      const remainders = (
        g: Precision,
      ): { limit: Decimal[]; scaled: Decimal[]; divergent: Decimal[]; div: Decimal } => {
        const scope: Record<string, Decimal.Value> = { ...pt };
        act.derivatives(pt.z, TAYLOR, g).forEach((v, n) => (scope[`s${n}`] = v));
        const val = (m: number, power: number): Decimal => evaluateExpr(coef(m, power), scope, g, 0);
        const F0 = val(2, 0);
        const F2 = val(2, 2);
        const div = val(1, -1);
        const C0 = val(1, 0);
        const C1 = val(1, 1);
        const limit: Decimal[] = [];
        const scaled: Decimal[] = [];
        const divergent: Decimal[] = [];
        for (const es of epsilons) {
          const e = new g.D(es);
          const F = threeNeuronSum(act, pt, e, 2, g);
          limit.push(F.minus(F0).minus(e.pow(2).times(F2)).div(e.pow(4)));
          const G = threeNeuronSum(act, pt, e, 1, g).times(e);
          scaled.push(G);
          divergent.push(G.minus(div).minus(e.times(C0)).minus(e.pow(2).times(C1)).div(e.pow(3)));
        }
        return { limit, scaled, divergent, div };
      };
      const lo = remainders(working);
      const hi = remainders(ladder);
      for (const series of ['limit', 'divergent'] as const) {
        const r = lo[series];
        const diffs = r.slice(1).map((x, k) => (r[k] as Decimal).minus(x));
        diffs.slice(1).forEach((x, k) => {
          const ratio = (diffs[k] as Decimal).div(x);
          const ideal = new working.D(epsilons[k] as string).div(epsilons[k + 1] as string);
          const expected = series === 'limit' ? ideal.pow(2) : ideal;
          const share = ratio.div(expected).toNumber();
          deviation = Math.max(deviation, Math.abs(share - 1));
          shrink = Math.min(shrink, share);
        });
        r.forEach((x, k) => {
          const y = hi[series][k] as Decimal;
          const scale = ladder.D.max(y.abs(), new ladder.D(10).pow(-digits));
          ladderError = Math.max(ladderError, x.minus(y).abs().div(scale).toNumber());
        });
      }
      const show = (x: Decimal): string => x.toSignificantDigits(12).toString();
      checks.push({
        activation: act.name,
        point: { ...pt },
        limitRemainders: lo.limit.map(show),
        scaledDivergent: lo.scaled.map(show),
        divergence: show(lo.div),
        divergentRemainders: lo.divergent.map(show),
      });
    }
  }
  const passed = shrink >= 0.5 && ladderError <= 10 ** -digits;
  return {
    digits,
    seed,
    epsilons,
    checks,
    maxLawDeviation: deviation.toPrecision(3),
    minShrink: shrink.toPrecision(3),
    ladderError: ladderError.toPrecision(3),
    passed,
  };
}
