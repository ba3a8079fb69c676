import type { Activation, FormulaNode } from '../activations/index.js';
import { parseFormula } from '../activations/index.js';
import { InputError } from '../errors.js';
import { cas } from './_internals/cas.js';
import { precision } from '../precision/context.js';
import { evaluateExpr, parseExpr, renderExpr, type Expr } from './expr.js';

/** Derivatives σ, σ′, …, σ^(K) of a concrete activation as expressions in x, from nerdamer's string API. */
export interface CasDerivatives {
  /** The formula handed to nerdamer (sigmoid, softplus, erfc rewritten; √constant replaced by a symbol). */
  readonly casInput: string;
  /** derivatives[n] = σ^(n)(x) as an expression of the grammar. */
  readonly derivatives: readonly Expr[];
  /** routes[n − 1]: how σ^(n) was obtained (`inconsistent`: neither route passed; the numeric checks will fail). */
  readonly routes: readonly DerivativeRoute[];
}

/**
 * σ^(n)(x) for n = 0…order by repeated `diff(…, x)` through nerdamer's string API.
 *
 * Workaround (numerics.md, "Symbolic libraries"): nerdamer's `diff` mangles a symbolic constant under a square
 * root (`diff(x*sqrt(b),x)` → `sqrt(b^(1/2))`), which makes σ″ and higher of erf and gelu wrong. Before every
 * differentiation each `sqrt(…)` that does not contain x (√2 from the activation, √π that diff(erf) emits) is
 * replaced by a fresh plain symbol, and the symbols are substituted back only in the final expressions.
 *
 * A second nerdamer bug: re-parsing a printed fractional power of a non-constant breaks the next `diff`
 * (`diff((1+x^2)^(-1/2)*x, x)` contains `sqrt((1+x^2)^(-1/2))^(-1)`, i.e. (1+x²)^(1/4)), while nerdamer's own
 * `diff(f, x, n)` gets those right (and erf wrong). So each σ^(n) is first taken stepwise and tested for
 * self-consistency against central differences of σ^(n−1) (60 digits, h = 1e−15, three points); when that fails
 * the nested `diff(f, x, n)` is tried and the more consistent one kept. The route is recorded; the jets of the
 * activation stay an independent check (checkGluExpansion).
 * Throws InputError for a formula that is not smooth (abs) — the expansion needs every derivative.
 */
export function casDerivatives(activation: Activation, order: number): CasDerivatives {
  if (!activation.smooth) {
    throw new InputError(
      `${activation.name} is not smooth: the ε-expansion needs σ to be differentiable to every order`,
    );
  }
  const roots: Record<string, Expr> = {};
  const hide = (text: string): string =>
    text.replace(/sqrt\(([^()x]*)\)/g, (_m, inner: string) => {
      const key = inner.replace(/\s+/g, '');
      const existing = Object.entries(roots).find(([, e]) => renderExpr(e) === `sqrt(${key})`);
      if (existing !== undefined) return existing[0];
      const name = `QROOT${Object.keys(roots).length}`;
      roots[name] = parseExpr(`sqrt(${key})`);
      return name;
    });
  const casInput = hide(toCasText(parseFormula(activation.formula)));
  const texts: string[] = [cas(casInput)];
  const derivatives: Expr[] = [parseExpr(hide(texts[0] ?? ''), roots)];
  const routes: DerivativeRoute[] = [];
  for (let n = 1; n <= order; n++) {
    const stepText = cas(`diff(${hide(texts[n - 1] ?? '')}, x)`);
    const step = parseExpr(hide(stepText), roots);
    const previous = derivatives[n - 1] as Expr;
    const stepError = consistency(previous, step);
    if (stepError <= CONSISTENT) {
      texts.push(stepText);
      derivatives.push(step);
      routes.push('stepwise');
      continue;
    }
    // Second route: nerdamer's own n-th derivative of the formula, which does not re-parse printed powers.
    const nestedText = cas(`diff(${casInput}, x, ${n})`);
    const nested = parseExpr(hide(nestedText), roots);
    const nestedError = consistency(previous, nested);
    const useNested = nestedError < stepError;
    texts.push(useNested ? nestedText : stepText);
    derivatives.push(useNested ? nested : step);
    routes.push(useNested ? 'nested' : 'inconsistent');
  }
  return { casInput, derivatives, routes };
}

/** How σ^(n) was obtained (see casDerivatives). */
export type DerivativeRoute = 'stepwise' | 'nested' | 'inconsistent';

/** Points and tolerance of the self-consistency test: central differences at 60 digits, h = 1e-15. */
const POINTS = ['-0.6', '0.3', '1.1'] as const;
const CONSISTENT = 1e-20;

/**
 * Largest relative difference between `next` and the central difference of `previous` (h = 10^−15, 60 digits,
 * so the difference is O(h²) ≈ 10^−30 when next = previous′). Points where an expression is undefined are skipped;
 * with no evaluable point the result is 0 (nothing contradicts `next`).
 */
function consistency(previous: Expr, next: Expr): number {
  const p = precision(60);
  const h = new p.D('1e-15');
  let worst = 0;
  for (const x of POINTS) {
    try {
      const X = new p.D(x);
      const fd = evaluateExpr(previous, { x: X.plus(h).toString() }, p)
        .minus(evaluateExpr(previous, { x: X.minus(h).toString() }, p))
        .div(h.times(2));
      const v = evaluateExpr(next, { x }, p);
      const err = v.minus(fd).abs().div(v.abs().plus(fd.abs()).plus(1e-30)).toNumber();
      worst = Math.max(worst, err);
    } catch {
      // outside the domain (e.g. log(x) at a negative point): this point says nothing
    }
  }
  return worst;
}

/** A FormulaNode as nerdamer input: functions nerdamer lacks are written out. */
function toCasText(node: FormulaNode): string {
  switch (node.kind) {
    case 'variable':
      return 'x';
    case 'number':
      return `(${node.text})`;
    case 'constant':
      return node.name === 'pi' ? 'pi' : 'exp(1)';
    case 'negate':
      return `(-(${toCasText(node.arg)}))`;
    case 'binary':
      return `((${toCasText(node.left)})${node.op}(${toCasText(node.right)}))`;
    case 'call': {
      const u = toCasText(node.arg);
      switch (node.fn) {
        case 'sigmoid':
          return `(1/(1+exp(-(${u}))))`;
        case 'softplus':
          return `log(1+exp(${u}))`;
        case 'erfc':
          return `(1-erf(${u}))`;
        case 'abs':
          throw new InputError('abs is not smooth: the ε-expansion needs every derivative');
        default:
          return `${node.fn}(${u})`;
      }
    }
  }
}
