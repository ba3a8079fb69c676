import { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';

/**
 * The syntax tree of a formula before validation: what the text says, whether or not the formula language has
 * room for it (unknown symbols and functions are checked afterwards, so a syntax error anywhere is reported first,
 * as mathjs did when it parsed formulas).
 */
export type FormulaSyntax =
  | { readonly type: 'number'; readonly text: string }
  | { readonly type: 'symbol'; readonly name: string }
  | { readonly type: 'string'; readonly shown: string }
  | {
      readonly type: 'operator';
      readonly op: string;
      readonly fn: string;
      readonly args: readonly FormulaSyntax[];
    }
  | { readonly type: 'call'; readonly name: string; readonly args: readonly FormulaSyntax[] }
  | { readonly type: 'unsupported'; readonly what: string };

/** Deepest formula tree accepted: the evaluators recurse over the tree (a sum of n terms is n deep). */
export const MAX_FORMULA_DEPTH = 1000;
/**
 * Deepest nesting of parentheses, signs, powers and function calls: the parser recurses about 14 frames per level,
 * and a CLI process (unoptimised frames) ran out of stack at about 500 nested parentheses or calls.
 */
export const MAX_FORMULA_NESTING = 200;
/** Most nodes accepted in one formula. */
export const MAX_FORMULA_NODES = 20_000;
/** Longest formula text accepted (characters). */
export const MAX_FORMULA_LENGTH = 100_000;

/**
 * A syntax error: the message names the problem and the 1-based character where the offending token starts,
 * in mathjs's words (`Unexpected end of expression (char 3)`), which the formula language's users already know.
 */
export class FormulaSyntaxError extends Error {
  override readonly name = 'FormulaSyntaxError';
}

type TokenType = 'delimiter' | 'number' | 'symbol' | 'end';

/** Operators mathjs knows that have no place in a formula: reported by name. */
const DELIMITERS: ReadonlySet<string> = new Set([
  ',', '(', ')', '[', ']', '{', '}', '"', "'", ';', '+', '-', '*', '.*', '/', './', '%', '^', '.^', '~', '!',
  '&', '|', '^|', '=', ':', '?', '?.', '??', '==', '!=', '<', '>', '<=', '>=', '<<', '>>', '>>>',
]); // prettier-ignore
const NAMED_DELIMITERS: ReadonlySet<string> = new Set(['mod', 'to', 'in', 'and', 'xor', 'or', 'not']);
const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '<', '>', '<=', '>=']);

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => /^[a-zA-Z_$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F]$/.test(c);
const isDecimalMark = (c: string, next: string): boolean =>
  c === '.' && next !== '/' && next !== '*' && next !== '^';

interface Built {
  readonly node: FormulaSyntax;
  readonly depth: number;
  readonly size: number;
  /** Written in parentheses: `(x)(2)` is a product, not a call, and `(2)3` a product of two numbers. */
  readonly paren?: boolean;
  /** A unary operator whose operand was written in parentheses: `-(2)` is not a signed constant for rule 2. */
  readonly argParen?: boolean;
}

/** Words mathjs read as constants rather than symbols: they end implicit products and take no arguments. */
const CONSTANT_WORDS: ReadonlySet<string> = new Set([
  'true',
  'false',
  'null',
  'undefined',
  'NaN',
  'Infinity',
]);

function isConstant(built: Built): boolean {
  if (built.paren === true) return false;
  const n = built.node;
  return n.type === 'number' || n.type === 'string' || (n.type === 'symbol' && CONSTANT_WORDS.has(n.name));
}

interface ParserState {
  readonly index: number;
  readonly token: string;
  readonly tokenType: TokenType;
  readonly nesting: number;
  readonly parenDepth: number;
  readonly size: number;
  readonly conditionalLevel: number | undefined;
}

/**
 * A recursive-descent parser for the formula language, with mathjs's precedence and its implicit multiplication
 * (`2x`, `2(x+1)`, `(x+1)(x-1)`, `1/2x` = (1/2)·x), so that every formula mathjs accepted gives the same tree
 * (test/activations/formula-parser-differential.test.ts compares both on a corpus and on fuzzed formulas). It builds
 * only the shapes a formula can have; constructs mathjs had but formulas never allowed (assignments, matrices,
 * comparisons, …) are recognised to name them in the error. Deliberately narrower than mathjs: `x%` (a percentage)
 * is an unsupported operator rather than x/100.
 */
class Parser {
  private index = 0;
  private token = '';
  private tokenType: TokenType = 'end';
  private nesting = 0;
  private size = 0;

  constructor(private readonly text: string) {}

  parse(): FormulaSyntax {
    if (this.text.length > MAX_FORMULA_LENGTH) {
      throw new InputError(
        `formula too long: ${this.text.length} characters (at most ${MAX_FORMULA_LENGTH})`,
      );
    }
    try {
      return this.parseAll();
    } catch (e) {
      // A last guard for a caller that is already deep in its own stack: one InputError line, not a RangeError.
      if (e instanceof RangeError && /call stack/i.test(e.message))
        throw new InputError('formula nested too deeply: the parser ran out of stack');
      throw e;
    }
  }

  private parseAll(): FormulaSyntax {
    this.next();
    if (this.at('') && this.typeIs('end')) this.fail('Unexpected end of expression');
    let built = this.assignment();
    if (this.at('\n') || this.at(';')) {
      // Several expressions: still read the rest, so that a later syntax error is the one reported.
      while (this.at('\n') || this.at(';')) {
        this.next();
        if (!this.typeIs('end') && !this.at('\n') && !this.at(';')) this.assignment();
      }
      built = this.leaf({ type: 'unsupported', what: 'several expressions' });
    }
    if (!this.typeIs('end')) {
      if (this.typeIs('delimiter')) this.fail(`Unexpected operator ${this.token}`);
      this.fail(`Unexpected part "${this.token}"`);
    }
    return built.node;
  }

  /** Method calls, not field reads, so that TypeScript does not narrow the token across `next()`. */
  private at(token: string): boolean {
    return this.token === token;
  }

  private typeIs(type: TokenType): boolean {
    return this.tokenType === type;
  }

  // ---- tokens ------------------------------------------------------------------------------------------

  private char(offset = 0): string {
    return this.text.charAt(this.index + offset);
  }

  /** The next token after an operator, where a line break is only white space. */
  private nextOperand(): void {
    do this.next();
    while (this.at('\n'));
  }

  private next(): void {
    this.token = '';
    this.tokenType = 'end';
    for (;;) {
      if (this.char() === '#') while (this.char() !== '\n' && this.char() !== '') this.index++;
      const c = this.char();
      if (c === ' ' || c === '\t' || c === '\u00A0' || (c === '\n' && this.parenDepth > 0)) this.index++;
      else break;
    }
    const c1 = this.char();
    if (c1 === '') return;
    this.tokenType = 'delimiter';
    if (c1 === '\n') {
      this.token = c1;
      this.index++;
      return;
    }
    const c3 = this.text.slice(this.index, this.index + 3);
    const c2 = c3.slice(0, 2);
    if (c3.length === 3 && DELIMITERS.has(c3)) {
      this.token = c3;
      this.index += 3;
      return;
    }
    if (c2.length === 2 && DELIMITERS.has(c2) && (c2 !== '?.' || !isDigit(this.char(2)))) {
      this.token = c2;
      this.index += 2;
      return;
    }
    if (DELIMITERS.has(c1)) {
      this.token = c1;
      this.index++;
      return;
    }
    if (isDigit(c1) || c1 === '.') {
      this.number();
      return;
    }
    if (isLetter(c1) || this.mathSymbolAt(0)) {
      const start = this.index;
      while (isLetter(this.char()) || isDigit(this.char()) || this.mathSymbolAt(0)) {
        this.index += this.mathSymbolAt(0) ? 2 : 1;
      }
      this.token = this.text.slice(start, this.index);
      this.tokenType = NAMED_DELIMITERS.has(this.token) ? 'delimiter' : 'symbol';
      return;
    }
    this.token = this.text.slice(this.index);
    this.index = this.text.length;
    this.fail(`Syntax error in part "${this.token}"`);
  }

  /** A mathematical alphanumeric symbol (U+1D400…, a surrogate pair) as mathjs admits in names. */
  private mathSymbolAt(offset: number): boolean {
    const high = this.char(offset);
    const low = this.char(offset + 1);
    return (
      high === '\uD835' &&
      /^[\uDC00-\uDFFF]$/.test(low) &&
      /^[^\uDC55\uDC9D\uDCA0\uDCA1\uDCA3\uDCA4\uDCA7\uDCA8\uDCAD\uDCBA\uDCBC\uDCC4\uDD06\uDD0B\uDD0C\uDD15\uDD1D\uDD3A\uDD3F\uDD45\uDD47-\uDD49\uDD51\uDEA6\uDEA7\uDFCC\uDFCD]$/.test(
        low,
      )
    );
  }

  private number(): void {
    this.tokenType = 'number';
    const start = this.index;
    const prefix = this.text.slice(this.index, this.index + 2);
    if (prefix === '0b' || prefix === '0o' || prefix === '0x') {
      this.index += 2;
      const alphanumeric = (): boolean => isLetter(this.char()) || isDigit(this.char());
      while (alphanumeric()) this.index++;
      if (this.char() === '.') {
        this.index++;
        while (alphanumeric()) this.index++;
      }
      this.token = this.text.slice(start, this.index);
      return;
    }
    if (this.char() === '.') {
      this.index++;
      if (!isDigit(this.char())) {
        this.token = '.';
        this.tokenType = 'delimiter';
        return;
      }
    } else {
      while (isDigit(this.char())) this.index++;
      if (isDecimalMark(this.char(), this.char(1))) this.index++;
    }
    while (isDigit(this.char())) this.index++;
    if (this.char() === 'e' || this.char() === 'E') {
      const after = this.char(1);
      if (isDigit(after) || after === '-' || after === '+') {
        this.index++;
        if (this.char() === '+' || this.char() === '-') this.index++;
        this.token = this.text.slice(start, this.index);
        if (!isDigit(this.char())) this.fail(`Digit expected, got "${this.char()}"`);
        while (isDigit(this.char())) this.index++;
        this.token = this.text.slice(start, this.index);
        if (isDecimalMark(this.char(), this.char(1))) this.fail(`Digit expected, got "${this.char()}"`);
      } else if (isDecimalMark(after, this.char(2))) {
        this.token = this.text.slice(start, this.index);
        this.index++;
        this.fail(`Digit expected, got "${this.char()}"`);
      }
    }
    this.token = this.text.slice(start, this.index);
  }

  private fail(message: string): never {
    throw new FormulaSyntaxError(`${message} (char ${this.index - this.token.length + 1})`);
  }

  // ---- nodes -------------------------------------------------------------------------------------------

  private leaf(node: FormulaSyntax): Built {
    return this.counted(node, 1);
  }

  private counted(node: FormulaSyntax, depth: number, childSize = 0): Built {
    this.size++;
    if (depth > MAX_FORMULA_DEPTH) {
      throw new InputError(
        `formula nested too deeply: more than ${MAX_FORMULA_DEPTH} levels (a sum of n terms is n levels deep)`,
      );
    }
    if (this.size > MAX_FORMULA_NODES) {
      throw new InputError(`formula too large: more than ${MAX_FORMULA_NODES} operations and operands`);
    }
    return { node, depth, size: childSize + 1 };
  }

  private operator(op: string, fn: string, args: readonly Built[]): Built {
    const depth = 1 + Math.max(...args.map((a) => a.depth));
    return this.counted(
      { type: 'operator', op, fn, args: args.map((a) => a.node) },
      depth,
      args.reduce((s, a) => s + a.size, 0),
    );
  }

  /** Guards the parser's own recursion (nested parentheses, unary signs, powers) before the stack does. */
  private enter<T>(parse: () => T): T {
    this.nesting++;
    if (this.nesting > MAX_FORMULA_NESTING) {
      throw new InputError(
        `formula nested too deeply: more than ${MAX_FORMULA_NESTING} levels of parentheses, signs, powers or calls`,
      );
    }
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  private parenDepth = 0;
  /** Inside the first branch of a conditional at this nesting, ':' ends the branch rather than making a range. */
  private conditionalLevel: number | undefined;

  private assignment(): Built {
    const node = this.conditional();
    if (this.at('=')) {
      const n = node.node;
      const definesFunction = n.type === 'call' && n.args.every((a) => a.type === 'symbol');
      const assigns =
        node.paren !== true &&
        ((n.type === 'symbol' && !CONSTANT_WORDS.has(n.name)) ||
          (n.type === 'unsupported' && n.what === 'indexing or property access'));
      if (!assigns && !definesFunction) this.fail('Invalid left hand side of assignment operator =');
      this.nextOperand();
      this.enter(() => this.assignment());
      return this.leaf({
        type: 'unsupported',
        what: definesFunction ? 'a function definition' : 'an assignment',
      });
    }
    return node;
  }

  private conditional(): Built {
    let node = this.comparison();
    while (this.at('?')) {
      const outer = this.conditionalLevel;
      this.conditionalLevel = this.parenDepth;
      this.nextOperand();
      this.enter(() => this.assignment());
      if (!this.at(':')) this.fail('False part of conditional expression expected');
      this.conditionalLevel = undefined;
      this.nextOperand();
      this.enter(() => this.assignment());
      node = this.leaf({ type: 'unsupported', what: 'a conditional (a ? b : c)' });
      this.conditionalLevel = outer;
    }
    return node;
  }

  /** Comparisons: one is an unsupported operator, a chain (a < b < c) a comparison, as mathjs named them. */
  private comparison(): Built {
    let node = this.range();
    let count = 0;
    let first: string | undefined;
    while (COMPARISONS.has(this.token)) {
      first ??= this.token;
      count++;
      this.nextOperand();
      const right = this.range();
      node = this.operator(first, 'compare', [node, right]);
    }
    if (count > 1) return this.leaf({ type: 'unsupported', what: 'a comparison' });
    return node;
  }

  private range(): Built {
    const node = this.addSubtract();
    if (this.at(':') && this.conditionalLevel !== this.parenDepth) {
      this.nextOperand();
      this.addSubtract();
      return this.leaf({ type: 'unsupported', what: 'a range' });
    }
    if (['&', '|', '^|', '<<', '>>', '>>>', 'and', 'or', 'xor', 'to', 'in', '??'].includes(this.token)) {
      // Operators of mathjs's other levels (logic, bits, units): no formula has room for them.
      const op = this.token;
      this.nextOperand();
      this.addSubtract();
      return this.operator(op, 'other', [node, node]);
    }
    return node;
  }

  private addSubtract(): Built {
    let node = this.multiplyDivide();
    while (this.at('+') || this.at('-')) {
      const op = this.token;
      this.nextOperand();
      const right = this.multiplyDivide();
      node = this.operator(op, op === '+' ? 'add' : 'subtract', [node, right]);
    }
    return node;
  }

  private multiplyDivide(): Built {
    let node = this.implicitMultiplication();
    for (;;) {
      const op = this.token;
      const fn =
        op === '*' ? 'multiply' : op === '/' ? 'divide' : op === '%' || op === 'mod' ? 'mod' : undefined;
      const dotted = op === '.*' || op === './';
      if (fn === undefined && !dotted) return node;
      this.nextOperand();
      const right = this.implicitMultiplication();
      node = this.operator(op, fn ?? 'other', [node, right]);
    }
  }

  /**
   * mathjs's postfix percentage: a '%' after which no operand can follow (`x%`, but not `x % 3`). mathjs read it
   * as x/100; here it is kept to be rejected as an unsupported operator, after its operand has been checked.
   */
  private unaryPercentage(): Built {
    const node = this.unary();
    if (!this.at('%')) return node;
    const saved = this.save();
    this.nextOperand();
    try {
      this.unary();
    } catch (e) {
      if (!(e instanceof FormulaSyntaxError)) throw e;
      this.restore(saved);
      this.nextOperand();
      return this.operator('%', 'percentage', [node]);
    }
    this.restore(saved);
    return node;
  }

  private implicitMultiplication(): Built {
    let node = this.rule2();
    let last = node;
    for (;;) {
      const lastIsOperator = last.paren !== true && last.node.type === 'operator';
      if (
        this.typeIs('symbol') ||
        (this.typeIs('number') &&
          !isConstant(last) &&
          (!lastIsOperator || (last.node.type === 'operator' && last.node.op === '!'))) ||
        (this.at('(') && this.typeIs('delimiter'))
      ) {
        last = this.rule2();
        node = this.operator('*', 'multiply', [node, last]);
      } else return node;
    }
  }

  /** mathjs's "rule 2": in `number / number symbol` the division binds first, so 1/2x is (1/2)·x. */
  private rule2(): Built {
    let node = this.unaryPercentage();
    let last = node;
    for (;;) {
      if (!this.at('/') || !isRule2Operand(last)) return node;
      const saved = this.save();
      this.nextOperand();
      if (!this.typeIs('number')) {
        this.restore(saved);
        return node;
      }
      const atNumber = this.save();
      this.nextOperand();
      const isSymbol = this.typeIs('symbol') || (this.typeIs('delimiter') && this.at('('));
      this.restore(atNumber);
      if (!isSymbol) {
        this.restore(saved);
        return node;
      }
      last = this.unaryPercentage();
      node = this.operator('/', 'divide', [node, last]);
    }
  }

  private save(): ParserState {
    return {
      index: this.index,
      token: this.token,
      tokenType: this.tokenType,
      nesting: this.nesting,
      parenDepth: this.parenDepth,
      size: this.size,
      conditionalLevel: this.conditionalLevel,
    };
  }

  private restore(state: ParserState): void {
    this.index = state.index;
    this.token = state.token;
    this.tokenType = state.tokenType;
    this.nesting = state.nesting;
    this.parenDepth = state.parenDepth;
    this.size = state.size;
    this.conditionalLevel = state.conditionalLevel;
  }

  private unary(): Built {
    const op = this.token;
    if (this.typeIs('delimiter') && (op === '-' || op === '+' || op === '~' || op === 'not')) {
      this.nextOperand();
      const arg = this.enter(() => this.unary());
      const fn = op === '-' ? 'unaryMinus' : op === '+' ? 'unaryPlus' : 'other';
      const built = this.operator(op, fn, [arg]);
      return arg.paren === true ? { ...built, argParen: true } : built;
    }
    return this.pow();
  }

  private pow(): Built {
    const node = this.postfix();
    if (this.at('^') || this.at('.^')) {
      const op = this.token;
      this.nextOperand();
      const exponent = this.enter(() => this.unary());
      return this.operator(op, op === '^' ? 'pow' : 'other', [node, exponent]);
    }
    return node;
  }

  /** Factorial and transpose (x!, x'): recognised to be named as unsupported. */
  private postfix(): Built {
    let node = this.primary();
    while (this.at('!') || this.at("'")) {
      const op = this.token;
      this.next();
      node = this.accessors(this.operator(op, 'other', [node]));
    }
    return node;
  }

  private primary(): Built {
    if (this.typeIs('symbol') || (this.typeIs('delimiter') && NAMED_DELIMITERS.has(this.token))) {
      const name = this.token;
      this.next();
      return this.accessors(this.leaf({ type: 'symbol', name }));
    }
    if (this.at('"') || this.at("'")) return this.accessors(this.string());
    if (this.at('[')) return this.accessors(this.bracketed('[', ']', 'a matrix or vector'));
    if (this.at('{')) return this.accessors(this.bracketed('{', '}', 'an object'));
    if (this.typeIs('number')) {
      const token = this.token;
      const text = numberLiteralText(token);
      if (typeof text !== 'string') throw new FormulaSyntaxError(text.message);
      this.next();
      return this.leaf({ type: 'number', text });
    }
    if (this.at('(')) {
      this.nesting++;
      this.parenDepth++;
      this.next();
      const inner = this.enter(() => this.assignment());
      if (!this.at(')')) this.fail('Parenthesis ) expected');
      this.nesting--;
      this.parenDepth--;
      this.next();
      return this.accessors({ ...inner, paren: true });
    }
    if (this.typeIs('end')) this.fail('Unexpected end of expression');
    this.fail('Value expected');
  }

  /** Function calls `f(a, b)` after a name; indexing and properties after anything (unsupported). */
  private accessors(start: Built): Built {
    let node = start;
    for (;;) {
      if (this.at('?.')) this.fail('optional chaining is not allowed');
      if (this.at('(') && this.typeIs('delimiter')) {
        const n = node.node;
        const method = n.type === 'unsupported' && n.what === 'indexing or property access';
        if (!method && (n.type !== 'symbol' || isConstant(node) || node.paren === true)) return node;
        const name = n.type === 'symbol' ? n.name : '';
        this.nesting++;
        this.parenDepth++;
        this.next();
        const args: Built[] = [];
        if (!this.at(')')) {
          args.push(this.enter(() => this.assignment()));
          while (this.at(',')) {
            this.next();
            args.push(this.enter(() => this.assignment()));
          }
        }
        if (!this.at(')')) this.fail('Parenthesis ) expected');
        this.nesting--;
        this.parenDepth--;
        this.next();
        if (method) {
          node = this.leaf({ type: 'unsupported', what: 'a method call' });
          continue;
        }
        const depth = 1 + Math.max(0, ...args.map((a) => a.depth));
        node = this.counted(
          { type: 'call', name, args: args.map((a) => a.node) },
          depth,
          args.reduce((s, a) => s + a.size, 0),
        );
      } else if (this.at('[')) {
        this.bracketed('[', ']', 'indexing');
        node = this.leaf({ type: 'unsupported', what: 'indexing or property access' });
      } else if (this.at('.')) {
        this.next();
        if (!this.typeIs('symbol') && !NAMED_DELIMITERS.has(this.token)) {
          this.fail('Property name expected after dot');
        }
        this.next();
        node = this.leaf({ type: 'unsupported', what: 'indexing or property access' });
      } else return node;
    }
  }

  /** `[…]` or `{…}`: parsed only to report a syntax error inside first, then named as unsupported. */
  private bracketed(open: string, close: string, what: string): Built {
    this.nesting++;
    this.parenDepth++;
    this.next();
    while (!this.at(close)) {
      if (this.typeIs('end')) this.fail(`Parenthesis ${close} expected`);
      if (this.at(',') || this.at(';') || this.at(':')) this.next();
      else this.enter(() => this.assignment());
    }
    this.nesting--;
    this.parenDepth--;
    this.next();
    void open;
    return this.leaf({ type: 'unsupported', what });
  }

  private string(): Built {
    const quote = this.token;
    const start = this.index;
    while (this.char() !== '' && this.char() !== quote) this.index += this.char() === '\\' ? 2 : 1;
    const body = this.text.slice(start, this.index);
    this.next();
    if (!this.at(quote)) this.fail(`End of string ${quote} expected`);
    this.next();
    return this.leaf({ type: 'string', shown: `"${body}"` });
  }
}

function isRule2Operand(built: Built): boolean {
  if (isConstant(built)) return true;
  const n = built.node;
  const arg = n.type === 'operator' && n.args.length === 1 ? n.args[0] : undefined;
  return (
    built.paren !== true &&
    built.argParen !== true &&
    n.type === 'operator' &&
    (n.op === '-' || n.op === '+' || n.op === '~') &&
    arg !== undefined &&
    (arg.type === 'number' ||
      arg.type === 'string' ||
      (arg.type === 'symbol' && CONSTANT_WORDS.has(arg.name)))
  );
}

/** Parses formula text into its syntax tree. Throws FormulaSyntaxError, or InputError past the size limits. */
export function parseFormulaSyntax(text: string): FormulaSyntax {
  return new Parser(text).parse();
}

/**
 * The canonical text of a number literal: decimal.js's rendering (exponent form below 1e-7 and from 1e21, as
 * mathjs's BigNumbers printed; an overflow is 'Infinity', rejected later as out of range), or an error when it
 * is no number (decimal.js's error). Hexadecimal, octal and binary literals are read as integers, as mathjs read them.
 */
function numberLiteralText(token: string): string | Error {
  try {
    return new Decimal(token).toString();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}
