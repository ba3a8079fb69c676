import type { Decimal } from 'decimal.js';
import { createRequire } from 'node:module';
import type { FactoryFunctionMap, MathJsInstance, MathNode } from 'mathjs';
import { InputError } from '../errors.js';
import { roundTo, withGuard, type Precision } from '../precision/context.js';
import { erf, tanh } from '../precision/special/index.js';

/** Functions of the expression grammar (all of one argument); sin and cos only appear for user formulas. */
export const EXPR_FUNCTIONS = ['exp', 'log', 'sqrt', 'tanh', 'cosh', 'sinh', 'erf', 'sin', 'cos'] as const;
export type ExprFunction = (typeof EXPR_FUNCTIONS)[number];

/**
 * A symbolic expression in the grammar of `flat-channels glu`: numbers (exact decimal text), symbols (z, delta,
 * c, a, s0, s1, …, w1, Delta1, x1, …), the constant pi, + − * / ^, unary minus and the functions above.
 */
export type Expr =
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'pi' }
  | { readonly kind: 'negate'; readonly arg: Expr }
  | {
      readonly kind: 'binary';
      readonly op: '+' | '-' | '*' | '/' | '^';
      readonly left: Expr;
      readonly right: Expr;
    }
  | { readonly kind: 'call'; readonly fn: ExprFunction; readonly arg: Expr };

let math: MathJsInstance | undefined;
/** An isolated mathjs instance in BigNumber mode (number literals keep their exact decimal text). */
export function symbolicMath(): MathJsInstance {
  // Loaded on first use (mathjs's CommonJS build, synchronously), so that importing the package does not load it.
  if (math === undefined) {
    const { all, create } = createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
    math = create(all as FactoryFunctionMap, { number: 'BigNumber' });
  }
  return math;
}

const num = (text: string): Expr => ({ kind: 'number', text });
const bin = (op: '+' | '-' | '*' | '/' | '^', left: Expr, right: Expr): Expr => ({
  kind: 'binary',
  op,
  left,
  right,
});
const call = (fn: ExprFunction, arg: Expr): Expr => ({ kind: 'call', fn, arg });

/** Reciprocal and quotient forms of the functions a CAS may print but the grammar does not have. */
const REWRITES: Readonly<Record<string, (u: Expr) => Expr>> = {
  sech: (u) => bin('/', num('1'), call('cosh', u)),
  csch: (u) => bin('/', num('1'), call('sinh', u)),
  coth: (u) => bin('/', call('cosh', u), call('sinh', u)),
  sec: (u) => bin('/', num('1'), call('cos', u)),
  csc: (u) => bin('/', num('1'), call('sin', u)),
  tan: (u) => bin('/', call('sin', u), call('cos', u)),
  cot: (u) => bin('/', call('cos', u), call('sin', u)),
};

const FUNCTIONS: ReadonlySet<string> = new Set(EXPR_FUNCTIONS);

/**
 * Parses CAS output (nerdamer's or SymPy's text, or the grammar itself) into an {@link Expr}. `e^u` becomes
 * exp(u) (in nerdamer `e` is Euler's number), sech/csch/coth/sec/csc/tan/cot are rewritten through the grammar's
 * functions, and symbols listed in `substitutions` are replaced by the given expressions (used to undo the √π
 * workaround). Throws Error on anything outside the grammar: CAS output is trusted only after this check.
 */
export function parseExpr(text: string, substitutions: Readonly<Record<string, Expr>> = {}): Expr {
  const root = symbolicMath().parse(text.replace(/\*\*/g, '^'));
  return convert(root, substitutions, text);
}

function convert(node: MathNode, subs: Readonly<Record<string, Expr>>, source: string): Expr {
  const fail = (what: string): never => {
    throw new Error(`expression outside the grammar (${what}) in "${source.slice(0, 200)}"`);
  };
  switch (node.type) {
    case 'ParenthesisNode':
      return convert((node as unknown as { content: MathNode }).content, subs, source);
    case 'ConstantNode': {
      const value: unknown = (node as unknown as { value: unknown }).value;
      if (typeof value === 'object' && value !== null && 'toFixed' in value) {
        const text = (value as { toFixed(): string }).toFixed();
        return num(text);
      }
      if (/^-?Infinity$|^NaN$/.test(node.toString()))
        throw new InputError(
          `"${source.slice(0, 200)}": the constant ${node.toString()} is not a finite number`,
        );
      return fail(`constant ${node.toString()}`);
    }
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      const sub = subs[name];
      if (sub !== undefined) return sub;
      if (name === 'pi') return { kind: 'pi' };
      if (name === 'e') return call('exp', num('1'));
      return { kind: 'symbol', name };
    }
    case 'OperatorNode': {
      const op = node as unknown as { fn: string; args: MathNode[] };
      const [l, r] = op.args;
      if (op.fn === 'unaryMinus' && l !== undefined) return { kind: 'negate', arg: convert(l, subs, source) };
      if (op.fn === 'unaryPlus' && l !== undefined) return convert(l, subs, source);
      if (l === undefined || r === undefined) return fail(`operator ${op.fn}`);
      if (op.fn === 'pow' && l.type === 'SymbolNode' && (l as unknown as { name: string }).name === 'e') {
        return call('exp', convert(r, subs, source));
      }
      const map: Readonly<Record<string, '+' | '-' | '*' | '/' | '^'>> = {
        add: '+',
        subtract: '-',
        multiply: '*',
        divide: '/',
        pow: '^',
      };
      const b = map[op.fn];
      if (b === undefined) return fail(`operator ${op.fn}`);
      return bin(b, convert(l, subs, source), convert(r, subs, source));
    }
    case 'FunctionNode': {
      const f = node as unknown as { fn: { name?: string }; args: MathNode[] };
      const name = f.fn.name ?? '';
      const [arg] = f.args;
      if (arg === undefined || f.args.length !== 1) return fail(`call of ${name}`);
      const u = convert(arg, subs, source);
      const rewrite = REWRITES[name];
      if (rewrite !== undefined) return rewrite(u);
      if (name === 'ln') return call('log', u);
      if (!FUNCTIONS.has(name)) return fail(`function ${name}`);
      return call(name as ExprFunction, u);
    }
    default:
      return fail(node.type);
  }
}

const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, negate: 3, '^': 4, atom: 5 } as const;
function prec(e: Expr): number {
  if (e.kind === 'binary') return PREC[e.op];
  if (e.kind === 'negate') return PREC.negate;
  if (e.kind === 'number' && e.text.startsWith('-')) return PREC.negate;
  return PREC.atom;
}

function startsNegative(e: Expr): boolean {
  if (e.kind === 'negate') return true;
  if (e.kind === 'number') return e.text.startsWith('-');
  if (e.kind === 'binary' && e.op !== '^') return startsNegative(e.left);
  return false;
}

/** The expression as text of the grammar (also valid input for nerdamer, mathjs and SymPy). */
export function renderExpr(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'symbol':
      return e.name;
    case 'pi':
      return 'pi';
    case 'call':
      return `${e.fn}(${renderExpr(e.arg)})`;
    case 'negate':
      return prec(e.arg) > PREC.negate ? `-${renderExpr(e.arg)}` : `-(${renderExpr(e.arg)})`;
    case 'binary': {
      const p = PREC[e.op];
      const wrap = (x: Expr, needs: boolean): string => (needs ? `(${renderExpr(x)})` : renderExpr(x));
      const left = e.op === '^' ? wrap(e.left, prec(e.left) <= p) : wrap(e.left, prec(e.left) < p);
      // A right operand that starts with a minus sign is parenthesised (a*(-2*b), not a*-2*b).
      const right =
        e.op === '^'
          ? wrap(e.right, prec(e.right) < p || startsNegative(e.right))
          : wrap(
              e.right,
              prec(e.right) < p ||
                (prec(e.right) === p && e.op !== '+' && e.op !== '*') ||
                startsNegative(e.right),
            );
      return `${left}${e.op === '+' || e.op === '-' ? ` ${e.op} ` : e.op}${right}`;
    }
  }
}

/** How {@link latexExpr} prints symbols: s_n as σ^(n)(arg), delta as δ, Delta1 as Δ_1, x1 as x_1. */
export interface LatexOptions {
  /** The argument printed for σ^(n) (default `z`). */
  readonly sigmaArgument?: string;
}

function latexSymbol(name: string, sigmaArgument: string): string {
  const s = /^s(\d+)$/.exec(name);
  if (s !== null) {
    const n = Number(s[1]);
    const mark = n === 0 ? '' : n <= 3 ? "'".repeat(n) : `^{(${n})}`;
    return `\\sigma${mark}(${sigmaArgument})`;
  }
  if (name === 'delta') return '\\delta';
  if (name === 'eps') return '\\varepsilon';
  const indexed = /^([A-Za-z]+)(\d+)$/.exec(name);
  if (indexed !== null) {
    const base = indexed[1] === 'Delta' ? '\\Delta' : (indexed[1] ?? '');
    return `${base}_{${indexed[2] ?? ''}}`;
  }
  return name;
}

/** The expression in LaTeX. */
export function latexExpr(e: Expr, options: LatexOptions = {}): string {
  const { sigmaArgument = 'z' } = options;
  const go = (x: Expr): string => latexExpr(x, options);
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'symbol':
      return latexSymbol(e.name, sigmaArgument);
    case 'pi':
      return '\\pi';
    case 'call':
      if (e.fn === 'sqrt') return `\\sqrt{${go(e.arg)}}`;
      if (e.fn === 'exp') return `e^{${go(e.arg)}}`;
      if (e.fn === 'erf') return `\\operatorname{erf}\\left(${go(e.arg)}\\right)`;
      return `\\${e.fn}\\left(${go(e.arg)}\\right)`;
    case 'negate':
      return prec(e.arg) > PREC.negate ? `-${go(e.arg)}` : `-\\left(${go(e.arg)}\\right)`;
    case 'binary': {
      if (e.op === '/') return `\\frac{${go(e.left)}}{${go(e.right)}}`;
      if (e.op === '^') {
        const base = prec(e.left) <= PREC['^'] ? `\\left(${go(e.left)}\\right)` : go(e.left);
        return `${base}^{${go(e.right)}}`;
      }
      const p = PREC[e.op];
      const left = prec(e.left) < p ? `\\left(${go(e.left)}\\right)` : go(e.left);
      const right =
        prec(e.right) < p || (prec(e.right) === p && e.op === '-') || startsNegative(e.right)
          ? `\\left(${go(e.right)}\\right)`
          : go(e.right);
      return e.op === '*' ? `${left}\\,${right}` : `${left} ${e.op} ${right}`;
    }
  }
}

/** Replaces symbols by expressions. */
export function substituteExpr(e: Expr, map: Readonly<Record<string, Expr>>): Expr {
  switch (e.kind) {
    case 'symbol':
      return map[e.name] ?? e;
    case 'number':
    case 'pi':
      return e;
    case 'negate':
      return { kind: 'negate', arg: substituteExpr(e.arg, map) };
    case 'call':
      return { kind: 'call', fn: e.fn, arg: substituteExpr(e.arg, map) };
    case 'binary':
      return bin(e.op, substituteExpr(e.left, map), substituteExpr(e.right, map));
  }
}

/** The symbols an expression uses, sorted. */
export function exprSymbols(e: Expr): string[] {
  const out = new Set<string>();
  const walk = (x: Expr): void => {
    if (x.kind === 'symbol') out.add(x.name);
    else if (x.kind === 'negate' || x.kind === 'call') walk(x.arg);
    else if (x.kind === 'binary') {
      walk(x.left);
      walk(x.right);
    }
  };
  walk(e);
  return [...out].sort();
}

/**
 * Evaluates an expression at `scope` (symbol → decimal value) with `guard` extra digits and rounds to p.digits.
 * The result is faithful to about p.digits when the expression does not cancel more than `guard` digits; callers
 * certify with a precision ladder. Throws Error for an unbound symbol or a point outside the domain.
 */
export function evaluateExpr(
  e: Expr,
  scope: Readonly<Record<string, Decimal.Value>>,
  p: Precision,
  guard = 20,
): Decimal {
  const g = withGuard(p, guard);
  const D = g.D;
  let pi: Decimal | undefined;
  const go = (x: Expr): Decimal => {
    switch (x.kind) {
      case 'number':
        return new D(x.text);
      case 'symbol': {
        const v = scope[x.name];
        if (v === undefined) throw new Error(`evaluateExpr: no value for symbol ${x.name}`);
        return new D(v);
      }
      case 'pi':
        pi ??= new D(-1).acos();
        return pi;
      case 'negate':
        return go(x.arg).neg();
      case 'binary': {
        const l = go(x.left);
        if (x.op === '^') {
          const r = go(x.right);
          if (r.isInteger()) return l.pow(r);
          if (!l.gt(0)) throw new Error(`evaluateExpr: ${String(l)}^${String(r)} is not real`);
          return l.ln().times(r).exp();
        }
        const r = go(x.right);
        if (x.op === '+') return l.plus(r);
        if (x.op === '-') return l.minus(r);
        if (x.op === '*') return l.times(r);
        if (r.isZero()) throw new Error('evaluateExpr: division by zero');
        return l.div(r);
      }
      case 'call': {
        const u = go(x.arg);
        switch (x.fn) {
          case 'exp':
            return u.exp();
          case 'log':
            if (!u.gt(0)) throw new Error(`evaluateExpr: log of ${String(u)}`);
            return u.ln();
          case 'sqrt':
            if (u.lt(0)) throw new Error(`evaluateExpr: sqrt of ${String(u)}`);
            return u.sqrt();
          case 'tanh':
            return tanh(u, g);
          case 'erf':
            return erf(u, g);
          case 'cosh':
            return u.cosh();
          case 'sinh':
            return u.sinh();
          case 'sin':
            return u.sin();
          case 'cos':
            return u.cos();
        }
      }
    }
  };
  return roundTo(p, go(e));
}

/** Whether an expression is the literal 0. */
export function isZeroExpr(e: Expr): boolean {
  return e.kind === 'number' && /^-?0(\.0*)?$/.test(e.text);
}
