// @ts-check
/**
 * Forbids `<`, `>`, `<=`, `>=`, `==`, `!=`, `===` and `!==` when an operand is a decimal.js Decimal.
 * Decimal.valueOf() returns a string, so relational operators compare decimal strings lexicographically
 * (`new Decimal(10) > new Decimal(9)` is false) and equality operators compare object identity. Use
 * `.lt/.gt/.lte/.gte/.eq/.cmp` instead. Comparing against `null`/`undefined` stays allowed.
 */
const OPERATORS = new Set(['<', '>', '<=', '>=', '==', '!=', '===', '!==']);

/** @param {import('typescript').Type} type */
function isDecimal(type) {
  if (type.isUnion()) return type.types.some(isDecimal);
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  return symbol !== undefined && symbol.getName() === 'Decimal';
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'disallow comparing decimal.js values with operators (valueOf is a string)' },
    messages: {
      decimalComparison:
        'Decimal compared with "{{op}}": valueOf() is a string, so this compares text or identity. Use .lt/.gt/.lte/.gte/.eq/.cmp.',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) return {};
    const checker = services.program.getTypeChecker();
    /** @param {import('estree').Node} node */
    const typeOf = (node) => checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
    /** @param {import('estree').Node} node */
    const isNullish = (node) =>
      (node.type === 'Literal' && node.value === null) ||
      (node.type === 'Identifier' && node.name === 'undefined');
    return {
      /** @param {import('estree').BinaryExpression} node */
      BinaryExpression(node) {
        if (!OPERATORS.has(node.operator)) return;
        if (node.left.type === 'PrivateIdentifier') return;
        if (isNullish(node.left) || isNullish(node.right)) return;
        if (isDecimal(typeOf(node.left)) || isDecimal(typeOf(node.right))) {
          context.report({ node, messageId: 'decimalComparison', data: { op: node.operator } });
        }
      },
    };
  },
};
