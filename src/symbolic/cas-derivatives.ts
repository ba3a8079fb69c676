import type { Activation, FormulaNode } from '../activations/index.js';
import { parseFormula } from '../activations/index.js';
import { InputError } from '../errors.js';
import { cas } from './_internals/cas.js';
import { parseExpr, renderExpr, type Expr } from './expr.js';

/** Derivatives σ, σ′, …, σ^(K) of a concrete activation as expressions in x, from nerdamer's string API. */
export interface CasDerivatives {
  /** The formula handed to nerdamer (sigmoid, softplus, erfc rewritten; √constant replaced by a symbol). */
  readonly casInput: string;
  /** derivatives[n] = σ^(n)(x) as an expression of the grammar. */
  readonly derivatives: readonly Expr[];
}

/**
 * σ^(n)(x) for n = 0…order by repeated `diff(…, x)` through nerdamer's string API.
 *
 * Workaround (numerics.md, "Symbolic libraries"): nerdamer's `diff` mangles a symbolic constant under a square
 * root (`diff(x*sqrt(b),x)` → `sqrt(b^(1/2))`), which makes σ″ and higher of erf and gelu wrong. Before every
 * differentiation each `sqrt(…)` that does not contain x (√2 from the activation, √π that diff(erf) emits) is
 * replaced by a fresh plain symbol, and the symbols are substituted back only in the final expressions.
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
  for (let n = 1; n <= order; n++) {
    const prev = texts[n - 1] ?? '';
    texts.push(cas(`diff(${hide(prev)}, x)`));
  }
  return { casInput, derivatives: texts.map((t) => parseExpr(hide(t), roots)) };
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
