import type { Activation } from '../activations/index.js';
import { cas, casCoefficients, casIsZero } from './_internals/cas.js';
import { casDerivatives, type DerivativeRoute } from './cas-derivatives.js';
import { isZeroExpr, parseExpr, substituteExpr, type Expr } from './expr.js';

/** Options of {@link gluExpansion}. */
export interface GluExpansionOptions {
  /** Highest power K of ε kept (0 … 12). Required. */
  readonly order: number;
  /**
   * Input dimension d of the vector form (w, Δ, x ∈ ℝ^d; symbols w1…wd, Delta1…Deltad, x1…xd). Default:
   * undefined, the scalar form in z = w·x and delta = Δ·x.
   */
  readonly dim?: number;
  /** Reuse an expansion computed before for the same activation, order and dim. Default true (benchmarks turn it
   * off to time the derivation). */
  readonly cache?: boolean;
}

/** The coefficient of ε^power in the two-neuron sum F(ε). */
export interface GluCoefficient {
  readonly power: number;
  /** The coefficient for a generic σ, in s0, s1, … (σ^(n) at z, or at w·x in the vector form). */
  readonly generic: Expr;
  /** The coefficient for the activation (equal to `generic` for a generic σ). */
  readonly expression: Expr;
}

/** The symbolic checks of an expansion, each decided by nerdamer's `expand(… − …)` being the literal 0. */
export interface GluSymbolicChecks {
  /** The ε^{−1} coefficient is 0. */
  readonly poleCancels: boolean;
  /** Every odd power's coefficient is 0. */
  readonly oddPowersVanish: boolean;
  /** ε⁰ equals c s0 + a δ s1 (the gated linear unit). */
  readonly limitIsGLU: boolean;
  /** ε² equals (c/2)δ² s2 + (a/6)δ³ s3; null when the order is below 2. */
  readonly f2Matches: boolean | null;
  /** Every even power k equals c δ^k s_k / k! + a δ^(k+1) s_(k+1) / (k+1)! (mathematics.md §2). */
  readonly closedFormMatches: boolean;
}

/** An ε-expansion of a_i σ(w_i·x) + a_j σ(w_j·x) with w_{i,j} = w ± εΔ, a_{i,j} = c/2 ± a/(2ε). */
export interface GluExpansion {
  /** `generic`, a registered name, or the user's formula. */
  readonly activation: string;
  readonly order: number;
  /** d for the vector form; undefined for the scalar form. */
  readonly dim: number | undefined;
  /** The polynomial ε·F(ε) (Taylor polynomials of degree order+1) as handed to nerdamer's expand and coeffs. */
  readonly casInput: string;
  /** Coefficients of ε^−1, ε^0, …, ε^order. */
  readonly coefficients: readonly GluCoefficient[];
  /** σ^(n) as expressions in x (n ≤ order + 1); empty for a generic σ. */
  readonly derivatives: readonly Expr[];
  /** How each σ^(n), n ≥ 1, was obtained from nerdamer (see casDerivatives); empty for a generic σ. */
  readonly derivativeRoutes: readonly DerivativeRoute[];
  readonly checks: GluSymbolicChecks;
}

/** Largest order accepted (nerdamer's expand grows quickly beyond; the CLI uses the same cap). */
export const MAX_GLU_ORDER = 12;
/** Largest dimension of the vector form. */
export const MAX_GLU_DIM = 4;

function factorial(n: number): bigint {
  let f = 1n;
  for (let i = 2n; i <= BigInt(n); i++) f *= i;
  return f;
}

/** δ in the form at hand: the symbol delta, or Δ·x = Delta1*x1 + … in the vector form. */
export function deltaText(dim: number | undefined): string {
  if (dim === undefined) return 'delta';
  return `(${Array.from({ length: dim }, (_, i) => `Delta${i + 1}*x${i + 1}`).join('+')})`;
}

/** z in the form at hand: the symbol z, or w·x = w1*x1 + … in the vector form. */
export function zText(dim: number | undefined): string {
  if (dim === undefined) return 'z';
  return `(${Array.from({ length: dim }, (_, i) => `w${i + 1}*x${i + 1}`).join('+')})`;
}

/**
 * The ε-expansion of the two-neuron sum to order K, for a generic σ (`'generic'`) or a concrete activation.
 *
 * Derivation (structural, then computed by nerdamer): by Taylor's theorem with symbolic coefficients
 * s_n = σ^(n)(z), σ(z ± εδ) = Σ_{n≤K+1} s_n (±εδ)^n / n! + O(ε^{K+2}); with ε a_{i,j} = (cε ± a)/2,
 * ε F(ε) = ((cε + a) σ(z+εδ) + (cε − a) σ(z−εδ)) / 2 is a polynomial in ε up to O(ε^{K+2}), which nerdamer
 * expands; `coeffs` gives its coefficients, and the coefficient of ε^{k+1} in εF is that of ε^k in F (the
 * coefficient of ε^0 in εF is the pole's). In the vector form δ = Δ·x is written out, so the expansion of
 * (εΔ·x)^n is the multinomial expansion of the directional Taylor series. For a concrete σ, s_n is replaced by
 * nerdamer's σ^(n) (see casDerivatives). Every result is a CAS claim until confirmed numerically
 * (checkGluExpansion).
 */
export function gluExpansion(activation: Activation | 'generic', options: GluExpansionOptions): GluExpansion {
  const { order, dim, cache: useCache = true } = options;
  if (!useCache) return computeExpansion(activation, order, dim);
  // Cached by activation name (formulas are named by their text), order and dim: claims and certificates ask for
  // the same expansions repeatedly, and nerdamer takes a good fraction of a second for each.
  const cacheKey = `${activation === 'generic' ? 'generic' : `${activation.kind}:${activation.name}`}|${order}|${dim ?? ''}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const result = computeExpansion(activation, order, dim);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(cacheKey, result);
  return result;
}

const cache = new Map<string, GluExpansion>();
const MAX_CACHED = 64;

function computeExpansion(
  activation: Activation | 'generic',
  order: number,
  dim: number | undefined,
): GluExpansion {
  if (!Number.isInteger(order) || order < 0 || order > MAX_GLU_ORDER) {
    throw new RangeError(`gluExpansion: order must be an integer in 0…${MAX_GLU_ORDER}`);
  }
  if (dim !== undefined && (!Number.isInteger(dim) || dim < 1 || dim > MAX_GLU_DIM)) {
    throw new RangeError(`gluExpansion: dim must be an integer in 1…${MAX_GLU_DIM}`);
  }
  const delta = deltaText(dim);
  const taylor = (sign: string): string =>
    Array.from(
      { length: order + 2 },
      (_, n) => `s${n}*(${sign}eps*${delta})^${n}/${factorial(n).toString()}`,
    ).join('+');
  const casInput = `((c*eps+a)*(${taylor('')}) + (c*eps-a)*(${taylor('-')}))/2`;
  const expanded = cas(`expand(${casInput})`);
  const raw = casCoefficients(expanded, 'eps');
  const texts = Array.from({ length: order + 2 }, (_, m) => raw[m] ?? '0');

  const concrete = activation === 'generic' ? undefined : casDerivatives(activation, order + 1);
  const derivatives = concrete?.derivatives ?? [];
  const zExpr = parseExpr(zText(dim));
  const sigmaMap: Record<string, Expr> = {};
  derivatives.forEach((d, n) => (sigmaMap[`s${n}`] = substituteExpr(d, { x: zExpr })));

  const coefficients = texts.map((text, m) => {
    const generic = parseExpr(text);
    return {
      power: m - 1,
      generic,
      expression: activation === 'generic' ? generic : substituteExpr(generic, sigmaMap),
    };
  });

  const at = (power: number): string => texts[power + 1] ?? '0';
  const closed = (k: number): string =>
    `c*${delta}^${k}*s${k}/${factorial(k).toString()} + a*${delta}^${k + 1}*s${k + 1}/${factorial(k + 1).toString()}`;
  const evenPowers = coefficients.filter((c) => c.power >= 0 && c.power % 2 === 0).map((c) => c.power);
  const checks: GluSymbolicChecks = {
    poleCancels: isZeroExpr(coefficients[0]?.generic ?? { kind: 'number', text: '1' }),
    oddPowersVanish: coefficients.every((c) => c.power % 2 === 0 || isZeroExpr(c.generic)),
    limitIsGLU: casIsZero(`(${at(0)}) - (c*s0 + a*${delta}*s1)`),
    f2Matches: order < 2 ? null : casIsZero(`(${at(2)}) - ((c/2)*${delta}^2*s2 + (a/6)*${delta}^3*s3)`),
    closedFormMatches: evenPowers.every((k) => casIsZero(`(${at(k)}) - (${closed(k)})`)),
  };
  return {
    activation: activation === 'generic' ? 'generic' : activation.name,
    order,
    dim,
    casInput,
    coefficients,
    derivatives,
    derivativeRoutes: concrete?.routes ?? [],
    checks,
  };
}
