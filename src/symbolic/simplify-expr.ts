import type { Expr, ExprFunction } from './expr.js';
import { renderExpr } from './expr.js';

/**
 * A readable form of a CAS expression for printing: products are collected into one rational coefficient times
 * powers of their factors, negative powers become a denominator, powers of integers and of π are reduced
 * (√2^(−2) = 1/2, 2·√2^(−1) = √2), and like terms of a sum are merged. `erf`'s ε⁰ coefficient
 * `a*delta*2*sqrt(2)^(-1)*exp(-sqrt(2)^(-2)*z^2)*sqrt(pi)^(-1) + c*erf(sqrt(2)^(-1)*z)` prints as
 * `sqrt(2)*a*delta*exp(-z^2/2)/sqrt(pi) + c*erf(z/sqrt(2))`.
 *
 * Only identities that hold wherever the original is real are used: (x^a)^b = x^(ab) only for integer b or a
 * base known to be positive (a positive number, π, exp(…), √ of a positive number), so √(z²) stays √(z²) rather
 * than becoming z. Sums inside products are not expanded (that would lengthen most expressions). The result is
 * a printing aid: the numeric checks and `--at` values use the CAS's own expression, and the tests compare both
 * forms at several points through an independent evaluator.
 *
 * Syntax: `simplifyExpr(e)`
 *
 * Example: `renderExpr(simplifyExpr(parseExpr('sqrt(2)^(-1)*exp(-sqrt(2)^(-2)*z^2)')))` is `exp(-z^2/2)/sqrt(2)`.
 *
 * See also: `renderExpr`, `latexExpr` (expr.ts).
 */
export function simplifyExpr(e: Expr): Expr {
  return sumToExpr(toSum(e));
}

interface Rat {
  readonly n: bigint;
  readonly d: bigint;
}
interface Factor {
  readonly base: Expr;
  readonly key: string;
  readonly exp: Rat;
  /** The base is known to be positive, so fractional powers of it may be combined. */
  readonly positive: boolean;
}
interface Term {
  readonly coef: Rat;
  readonly factors: readonly Factor[];
}

const ZERO: Rat = { n: 0n, d: 1n };
const ONE: Rat = { n: 1n, d: 1n };
/** Largest |exponent| of 10 or of a power kept exact (larger ones stay as written: no giant integers). */
const MAX_EXACT_EXPONENT = 400;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}
function rat(n: bigint, d: bigint = 1n): Rat {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g <= 1n ? { n, d } : { n: n / g, d: d / g };
}
const add = (a: Rat, b: Rat): Rat => rat(a.n * b.d + b.n * a.d, a.d * b.d);
const mul = (a: Rat, b: Rat): Rat => rat(a.n * b.n, a.d * b.d);
const neg = (a: Rat): Rat => ({ n: -a.n, d: a.d });
const isInt = (a: Rat): boolean => a.d === 1n;
function powInt(a: Rat, k: bigint): Rat | undefined {
  const m = k < 0n ? -k : k;
  if (m > BigInt(MAX_EXACT_EXPONENT)) return undefined;
  if (k < 0n && a.n === 0n) return undefined;
  const n = a.n ** m;
  const d = a.d ** m;
  return k < 0n ? rat(d, n) : rat(n, d);
}
/** Exact decimal text → rational; undefined for anything else. */
function parseRational(text: string): Rat | undefined {
  const m = /^(-)?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null || (m[2] ?? '') + (m[3] ?? '') === '') return undefined;
  const frac = m[3] ?? '';
  const e = Number(m[4] ?? '0') - frac.length;
  if (Math.abs(e) > MAX_EXACT_EXPONENT) return undefined;
  let n = BigInt(`${m[2] ?? ''}${frac}` || '0');
  if (m[1] === '-') n = -n;
  return e >= 0 ? rat(n * 10n ** BigInt(e)) : rat(n, 10n ** BigInt(-e));
}

const numberTerm = (c: Rat): Term => ({ coef: c, factors: [] });
function atom(base: Expr, positive: boolean, exp: Rat = ONE): Term {
  return { coef: ONE, factors: [{ base, key: renderExpr(base), exp, positive }] };
}

function toSum(e: Expr): Term[] {
  switch (e.kind) {
    case 'number': {
      const r = parseRational(e.text);
      return r === undefined ? [atom(e, !e.text.startsWith('-'))] : r.n === 0n ? [] : [numberTerm(r)];
    }
    case 'symbol':
      return [atom(e, false)];
    case 'pi':
      return [atom(e, true)];
    case 'negate':
      return toSum(e.arg).map((t) => ({ ...t, coef: neg(t.coef) }));
    case 'call':
      return [callTerm(e.fn, e.arg)];
    case 'binary': {
      switch (e.op) {
        case '+':
          return mergeLike([...toSum(e.left), ...toSum(e.right)]);
        case '-':
          return mergeLike([...toSum(e.left), ...toSum(e.right).map((t) => ({ ...t, coef: neg(t.coef) }))]);
        case '*': {
          const l = toSum(e.left);
          const r = toSum(e.right);
          if (l.length === 0 || r.length === 0) return [];
          return [normalize(mulTerms(asTerm(l), asTerm(r)))];
        }
        case '/': {
          const l = toSum(e.left);
          const r = toSum(e.right);
          if (l.length === 0) return r.length === 0 ? [atom(e, false)] : [];
          const inv = r.length === 0 ? undefined : invert(asTerm(r));
          if (inv === undefined) return [atom(e, false)];
          return [normalize(mulTerms(asTerm(l), inv))];
        }
        case '^': {
          const r = toSum(e.right);
          const exponent =
            r.length === 0 ? ZERO : r.length === 1 && r[0]?.factors.length === 0 ? r[0].coef : undefined;
          const base = toSum(e.left);
          if (exponent === undefined) return [atom(bin('^', sumToExpr(base), sumToExpr(r)), false)];
          if (exponent.n === 0n) return [numberTerm(ONE)];
          if (base.length === 0) return exponent.n > 0n ? [] : [atom(e, false)];
          const p = power(asTerm(base), exponent);
          return p === undefined
            ? [atom(bin('^', sumToExpr(base), ratExpr(exponent)), false)]
            : [normalize(p)];
        }
      }
    }
  }
}

function callTerm(fn: string, arg: Expr): Term {
  const inner = toSum(arg);
  if (fn === 'sqrt') {
    const p = inner.length === 1 ? power(inner[0] as Term, rat(1n, 2n)) : undefined;
    if (p !== undefined) return normalize(p);
    return atom({ kind: 'call', fn: 'sqrt', arg: sumToExpr(inner) }, false);
  }
  if (fn === 'exp' && inner.length === 0) return numberTerm(ONE);
  const call: Expr = { kind: 'call', fn: fn as ExprFunction, arg: sumToExpr(inner) };
  return atom(call, fn === 'exp' || fn === 'cosh');
}

/** A sum as one term: itself when it has one, otherwise an atomic factor (not expanded). */
function asTerm(s: readonly Term[]): Term {
  if (s.length === 1) return s[0] as Term;
  return atom(sumToExpr(s), false);
}

function mulTerms(a: Term, b: Term): Term {
  return { coef: mul(a.coef, b.coef), factors: [...a.factors, ...b.factors] };
}

function invert(t: Term): Term | undefined {
  if (t.coef.n === 0n) return undefined;
  return { coef: rat(t.coef.d, t.coef.n), factors: t.factors.map((f) => ({ ...f, exp: neg(f.exp) })) };
}

/** t^r, or undefined where no identity applies (then the power is kept as written). */
function power(t: Term, r: Rat): Term | undefined {
  if (isInt(r)) {
    const c = powInt(t.coef, r.n);
    if (c === undefined) return undefined;
    return { coef: c, factors: t.factors.map((f) => ({ ...f, exp: mul(f.exp, r) })) };
  }
  // A fractional power distributes only over positive factors and a positive coefficient.
  if (t.coef.n <= 0n || !t.factors.every((f) => f.positive)) return undefined;
  const numbers: Factor[] = [];
  if (t.coef.n !== 1n) numbers.push(integerFactor(t.coef.n, r));
  if (t.coef.d !== 1n) numbers.push(integerFactor(t.coef.d, neg(r)));
  return { coef: ONE, factors: [...numbers, ...t.factors.map((f) => ({ ...f, exp: mul(f.exp, r) }))] };
}

function integerFactor(n: bigint, exp: Rat): Factor {
  const base: Expr = { kind: 'number', text: n.toString() };
  return { base, key: n.toString(), exp, positive: true };
}

/** Merges equal factors, moves integer parts of powers of integers into the coefficient, drops x^0. */
function normalize(t: Term): Term {
  let coef = t.coef;
  const merged = new Map<string, Factor>();
  for (const f of t.factors) {
    const prev = merged.get(f.key);
    merged.set(f.key, prev === undefined ? f : { ...prev, exp: add(prev.exp, f.exp) });
  }
  const factors: Factor[] = [];
  for (const f of merged.values()) {
    if (f.exp.n === 0n) continue;
    const b = /^\d+$/.test(f.key) ? BigInt(f.key) : undefined;
    if (b === undefined || b < 2n) {
      if (b === 1n) continue;
      factors.push(f);
      continue;
    }
    // b^(p/q): the integer part (toward zero) into the coefficient, so that the fraction keeps its side.
    const k = f.exp.n / f.exp.d;
    let frac = add(f.exp, rat(-k));
    const c = powInt(rat(b), k);
    if (c === undefined) {
      factors.push(f);
      continue;
    }
    coef = mul(coef, c);
    // 2·2^(−1/2) = 2^(1/2) and 2^(1/2)/2 = 2^(−1/2): one unit of b from the coefficient turns the side.
    if (frac.n < 0n && coef.n % b === 0n) {
      coef = rat(coef.n / b, coef.d);
      frac = add(frac, ONE);
    } else if (frac.n > 0n && coef.d % b === 0n) {
      coef = rat(coef.n, coef.d / b);
      frac = add(frac, neg(ONE));
    }
    if (frac.n === 0n) continue;
    // A perfect power under a root: √4 = 2, 8^(1/3) = 2.
    const root = exactRoot(b, frac.d);
    const whole = root === undefined ? undefined : powInt(rat(root), frac.n);
    if (whole !== undefined) coef = mul(coef, whole);
    else factors.push({ ...f, exp: frac });
  }
  // Numeric constants (√2, π) first, then the rest in order of appearance.
  const constant = (f: Factor): boolean => f.base.kind === 'number' || f.base.kind === 'pi';
  return { coef, factors: [...factors.filter(constant), ...factors.filter((f) => !constant(f))] };
}

/** The exact q-th root of b, if it is an integer. */
function exactRoot(b: bigint, q: bigint): bigint | undefined {
  if (q > 64n) return undefined;
  const guess = BigInt(Math.round(Number(b) ** (1 / Number(q))));
  for (const r of [guess - 1n, guess, guess + 1n]) if (r > 1n && r ** q === b) return r;
  return undefined;
}

function termKey(t: Term): string {
  // Sorted: x*y and y*x are like terms; the printed order stays that of appearance.
  return t.factors
    .map((f) => `${f.key}^${f.exp.n}/${f.exp.d}`)
    .sort()
    .join('*');
}

function mergeLike(terms: readonly Term[]): Term[] {
  const out: Term[] = [];
  const index = new Map<string, number>();
  for (const t of terms) {
    if (t.coef.n === 0n) continue;
    const key = termKey(t);
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, out.length);
      out.push(t);
    } else {
      const prev = out[at] as Term;
      out[at] = { ...prev, coef: add(prev.coef, t.coef) };
    }
  }
  return out.filter((t) => t.coef.n !== 0n);
}

const bin = (op: '+' | '-' | '*' | '/' | '^', left: Expr, right: Expr): Expr => ({
  kind: 'binary',
  op,
  left,
  right,
});
const numExpr = (n: bigint): Expr => ({ kind: 'number', text: n.toString() });
function ratExpr(r: Rat): Expr {
  if (r.d === 1n) return numExpr(r.n);
  const q = bin('/', numExpr(r.n < 0n ? -r.n : r.n), numExpr(r.d));
  return r.n < 0n ? { kind: 'negate', arg: q } : q;
}

/** base^e for e > 0: base, sqrt(base), base^k, sqrt(base)^k or base^(p/q). */
function powerExpr(f: Factor, e: Rat): Expr {
  if (e.n === 1n && e.d === 1n) return f.base;
  if (e.d === 2n) {
    const root: Expr = { kind: 'call', fn: 'sqrt', arg: f.base };
    return e.n === 1n ? root : bin('^', root, numExpr(e.n));
  }
  return bin('^', f.base, ratExpr(e));
}

function product(parts: readonly Expr[]): Expr | undefined {
  return parts.reduce<Expr | undefined>((acc, x) => (acc === undefined ? x : bin('*', acc, x)), undefined);
}

/**
 * The term as an expression; `signed`: with its sign on the first factor (`-c*z/2`, not `-(c*z/2)`), otherwise its
 * absolute value (the sum places the sign as ` - `).
 */
function termToExpr(t: Term, signed: boolean): Expr {
  const negative = signed && t.coef.n < 0n;
  const n = t.coef.n < 0n ? -t.coef.n : t.coef.n;
  const up = t.factors.filter((f) => f.exp.n > 0n).map((f) => powerExpr(f, f.exp));
  const down = t.factors.filter((f) => f.exp.n < 0n).map((f) => powerExpr(f, neg(f.exp)));
  const parts = n === 1n && up.length > 0 ? up : [numExpr(n), ...up];
  const [first, ...rest] = parts as [Expr, ...Expr[]];
  const lead: Expr = !negative
    ? first
    : first.kind === 'number'
      ? { kind: 'number', text: `-${first.text}` }
      : { kind: 'negate', arg: first };
  const numerator = product([lead, ...rest]) as Expr;
  const denominator = product(t.coef.d === 1n ? down : [numExpr(t.coef.d), ...down]);
  return denominator === undefined ? numerator : bin('/', numerator, denominator);
}

function sumToExpr(terms: readonly Term[]): Expr {
  if (terms.length === 0) return { kind: 'number', text: '0' };
  let acc: Expr | undefined;
  for (const t of terms) {
    acc = acc === undefined ? termToExpr(t, true) : bin(t.coef.n < 0n ? '-' : '+', acc, termToExpr(t, false));
  }
  return acc as Expr;
}
