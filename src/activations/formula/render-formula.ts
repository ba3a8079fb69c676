import type { FormulaNode } from './formula-node.js';

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2, negate: 3, '^': 4, atom: 5 } as const;

function precedence(node: FormulaNode): number {
  switch (node.kind) {
    case 'binary':
      return PRECEDENCE[node.op];
    case 'negate':
      return PRECEDENCE.negate;
    default:
      return PRECEDENCE.atom;
  }
}

/**
 * A plain formula string for a node, with explicit operators (no implicit multiplication) and only the
 * parentheses the precedence needs; parsing it again gives the same tree (operands that would re-associate are
 * parenthesised, so evaluation order, and hence rounding, is preserved too).
 */
export function renderFormula(node: FormulaNode): string {
  switch (node.kind) {
    case 'variable':
      return node.name ?? 'x';
    case 'number':
      return node.text;
    case 'constant':
      return node.name;
    case 'call':
      return `${node.fn}(${renderFormula(node.arg)})`;
    case 'negate': {
      // -(x^2) prints as -x^2 (^ binds tighter than unary minus); -(-x) and -(a*b) keep their parentheses.
      const inner = renderFormula(node.arg);
      return precedence(node.arg) > PRECEDENCE.negate ? `-${inner}` : `-(${inner})`;
    }
    case 'binary': {
      const p = PRECEDENCE[node.op];
      const wrap = (child: FormulaNode, needs: boolean): string =>
        needs ? `(${renderFormula(child)})` : renderFormula(child);
      // ^ is right-associative: its left operand needs parentheses at equal precedence (and for unary minus,
      // since -x^2 means -(x^2)); + − * / are left-associative: the right operand needs them at equal precedence.
      const left =
        node.op === '^'
          ? wrap(node.left, precedence(node.left) <= p)
          : wrap(node.left, precedence(node.left) < p);
      const right =
        node.op === '^'
          ? wrap(node.right, precedence(node.right) < p)
          : wrap(node.right, precedence(node.right) <= p);
      return node.op === '+' || node.op === '-' ? `${left} ${node.op} ${right}` : `${left}${node.op}${right}`;
    }
  }
}
