/** The functions a formula may call (all of one argument). abs is the only non-smooth one (at 0). */
export const FORMULA_FUNCTIONS = [
  'exp',
  'log',
  'sqrt',
  'tanh',
  'sinh',
  'cosh',
  'sin',
  'cos',
  'sigmoid',
  'softplus',
  'erf',
  'erfc',
  'abs',
] as const;

export type FormulaFunction = (typeof FORMULA_FUNCTIONS)[number];

/**
 * A validated formula in x: the only shapes the evaluators accept. Number literals keep their decimal text, so
 * `0.1` is one tenth exactly in Decimal (and the nearest double in float64).
 */
export type FormulaNode =
  /** The variable x; `name`/`index` are set only by multi-variable parsing (`parseFormula(text, { variables })`). */
  | { readonly kind: 'variable'; readonly name?: string; readonly index?: number }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'constant'; readonly name: 'pi' | 'e' }
  | { readonly kind: 'negate'; readonly arg: FormulaNode }
  | {
      readonly kind: 'binary';
      readonly op: '+' | '-' | '*' | '/' | '^';
      readonly left: FormulaNode;
      readonly right: FormulaNode;
    }
  | { readonly kind: 'call'; readonly fn: FormulaFunction; readonly arg: FormulaNode };

/** Whether the node depends on x. */
export function dependsOnX(node: FormulaNode): boolean {
  switch (node.kind) {
    case 'variable':
      return true;
    case 'number':
    case 'constant':
      return false;
    case 'negate':
    case 'call':
      return dependsOnX(node.arg);
    case 'binary':
      return dependsOnX(node.left) || dependsOnX(node.right);
  }
}

/** Whether the formula calls abs somewhere (the only source of non-smooth points). */
export function usesAbs(node: FormulaNode): boolean {
  switch (node.kind) {
    case 'variable':
    case 'number':
    case 'constant':
      return false;
    case 'negate':
      return usesAbs(node.arg);
    case 'call':
      return node.fn === 'abs' || usesAbs(node.arg);
    case 'binary':
      return usesAbs(node.left) || usesAbs(node.right);
  }
}
