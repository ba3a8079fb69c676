// An independent canonical form for polynomial expressions with rational coefficients (no CAS involved): used to
// compare coefficient expressions from nerdamer and SymPy term by term.
import type { Expr } from '../../src/symbolic/index.js';

interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
function frac(n: bigint, d: bigint): Fraction {
  if (d === 0n) throw new Error('division by zero');
  const g = gcd(n, d) || 1n;
  const s = d < 0n ? -1n : 1n;
  return { n: (s * n) / g, d: (s * d) / g };
}
const add = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.d + b.n * a.d, a.d * b.d);
const mul = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.n, a.d * b.d);

/** monomial key ("a^1*delta^3*s3^1", sorted) → coefficient "n/d"; zero coefficients dropped. */
export type Polynomial = Map<string, Fraction>;

function fromDecimal(text: string): Fraction {
  const m = /^(-?)(\d*)\.?(\d*)$/.exec(text);
  if (m === null) throw new Error(`not a plain decimal: ${text}`);
  const digits = (m[2] ?? '') + (m[3] ?? '');
  return frac(BigInt((m[1] ?? '') + (digits === '' ? '0' : digits)), 10n ** BigInt((m[3] ?? '').length));
}

function key(powers: Map<string, number>): string {
  return [...powers.entries()]
    .filter(([, p]) => p !== 0)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([s, p]) => `${s}^${p}`)
    .join('*');
}
function parseKey(k: string): Map<string, number> {
  const m = new Map<string, number>();
  if (k === '') return m;
  for (const part of k.split('*')) {
    const [s, p] = part.split('^');
    m.set(s ?? '', Number(p));
  }
  return m;
}
function constant(f: Fraction): Polynomial {
  return f.n === 0n ? new Map() : new Map([['', f]]);
}
function plus(a: Polynomial, b: Polynomial, sign = 1n): Polynomial {
  const out = new Map(a);
  for (const [k, v] of b) {
    const s = add(out.get(k) ?? frac(0n, 1n), frac(sign * v.n, v.d));
    if (s.n === 0n) out.delete(k);
    else out.set(k, s);
  }
  return out;
}
function times(a: Polynomial, b: Polynomial): Polynomial {
  let out: Polynomial = new Map();
  for (const [ka, va] of a) {
    for (const [kb, vb] of b) {
      const m = parseKey(ka);
      for (const [s, p] of parseKey(kb)) m.set(s, (m.get(s) ?? 0) + p);
      out = plus(out, new Map([[key(m), mul(va, vb)]]));
    }
  }
  return out;
}

/** The canonical polynomial of an expression built from rationals, symbols, + − *, division by constants and
 * non-negative integer powers; throws for anything else (functions, symbolic denominators). */
export function toPolynomial(e: Expr): Polynomial {
  switch (e.kind) {
    case 'number':
      return constant(fromDecimal(e.text));
    case 'symbol':
      return new Map([[`${e.name}^1`, frac(1n, 1n)]]);
    case 'negate':
      return plus(new Map(), toPolynomial(e.arg), -1n);
    case 'binary': {
      const l = toPolynomial(e.left);
      const r = toPolynomial(e.right);
      if (e.op === '+') return plus(l, r);
      if (e.op === '-') return plus(l, r, -1n);
      if (e.op === '*') return times(l, r);
      const c = r.size === 0 ? frac(0n, 1n) : r.get('');
      if (r.size > 1 || c === undefined) throw new Error('non-constant exponent or denominator');
      if (e.op === '/') return times(l, constant(frac(c.d, c.n)));
      if (c.d !== 1n || c.n < 0n) throw new Error('exponent must be a non-negative integer');
      let out = constant(frac(1n, 1n));
      for (let i = 0n; i < c.n; i++) out = times(out, l);
      return out;
    }
    default:
      throw new Error(`not a polynomial: ${e.kind}`);
  }
}

/** The polynomial as sorted text, for readable assertion diffs. */
export function polynomialText(p: Polynomial): string {
  return [...p.entries()]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${v.n}/${v.d}${k === '' ? '' : `*${k}`}`)
    .join(' + ');
}
