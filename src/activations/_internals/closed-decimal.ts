import type { Decimal } from 'decimal.js';
import type { Precision } from '../../precision/context.js';
import { erf, normalCdf, normalPdf, sigmoid, softplus, tanh } from '../../precision/special/index.js';

/**
 * Closed forms of σ, σ′, σ″, σ‴ for the registered activations in Decimal (the fast path of
 * `Activation.derivatives` for orders ≤ {@link CLOSED_ORDER}; higher orders use jets).
 *
 * Each form starts from one or two correctly rounded special-function values at the working precision `g` (the
 * caller's digits plus guard digits) and combines them with a few products that never subtract nearly equal
 * numbers, except where the derivative itself has a zero (tanh‴ at tanh² = 1/3, σ‴ at σ(1 − σ) = 1/6, …): there
 * the result is accurate in absolute terms at the scale of the other derivatives, as the jet path is.
 * Tails keep relative accuracy: 1 − σ is σ(−x), sech² x = 4σ(2x)σ(−2x), φ and Φ come from their own functions.
 */
export const CLOSED_ORDER = 3;

/** A closed form: [σ(x), …, σ^(order)(x)] at `g` digits, recording each special-function evaluation. */
export type ClosedForm = (
  x: Decimal,
  order: number,
  g: Precision,
  record: (name: string) => void,
) => Decimal[];

const SQRT2 = new Map<number, Decimal>();

/** √2 at g.digits (cached per precision). */
function sqrt2(g: Precision): Decimal {
  let r = SQRT2.get(g.digits);
  if (r === undefined) {
    r = new g.D(2).sqrt();
    SQRT2.set(g.digits, r);
  }
  return r;
}

/** The logistic pair at x: s = σ(x), q = 1 − σ(x) = σ(−x), d = q − s = −tanh(x/2), each relatively accurate. */
export interface LogisticPair {
  readonly s: Decimal;
  readonly q: Decimal;
  readonly d: Decimal;
}

/** {@link LogisticPair} from one special-function value: tanh(x/2) for |x| < 1 (d is then not a difference),
 * σ(−|x|) beyond (the small one of s and q, relatively accurate in the tail; |d| ≥ 0.46). */
export function logisticPair(x: Decimal, g: Precision, record: (name: string) => void): LogisticPair {
  const one = new g.D(1);
  if (x.abs().lt(1)) {
    record('tanh');
    const t = tanh(new g.D(x).div(2), g);
    return { s: one.plus(t).div(2), q: one.minus(t).div(2), d: t.neg() };
  }
  record('sigmoid');
  const small = sigmoid(new g.D(x).abs().neg(), g);
  const big = one.minus(small);
  return x.isNeg() ? { s: small, q: big, d: big.minus(small) } : { s: big, q: small, d: small.minus(big) };
}

/** tanh and its derivatives. |x| < 1/2: t = tanh x, sech² = 1 − t² ≥ 0.78; beyond: e = σ(−2|x|), |t| = 1 − 2e,
 * sech² = 4e(1 − e) (relatively accurate however small). */
export const tanhClosed: ClosedForm = (x, order, g, record) => {
  if (order === 0) {
    record('tanh');
    return [tanh(x, g)];
  }
  const one = new g.D(1);
  let t: Decimal;
  let s2: Decimal;
  if (x.abs().lt(0.5)) {
    record('tanh');
    t = tanh(x, g);
    s2 = one.minus(t.times(t));
  } else {
    record('sigmoid');
    const e = sigmoid(new g.D(x).abs().times(-2), g);
    const a = one.minus(e.times(2));
    t = x.isNeg() ? a.neg() : a;
    s2 = e.times(4).times(one.minus(e));
  }
  const out = [t, s2];
  if (order >= 2) out.push(t.times(s2).times(-2));
  if (order >= 3) out.push(s2.times(t.times(t).times(6).minus(2)));
  return out;
};

/** σ′ = sq, σ″ = sq(q − s), σ‴ = sq(1 − 6sq). */
export const sigmoidClosed: ClosedForm = (x, order, g, record) => {
  if (order === 0) {
    record('sigmoid');
    return [sigmoid(x, g)];
  }
  const { s, q, d } = logisticPair(x, g, record);
  const sq = s.times(q);
  const out = [s, sq];
  if (order >= 2) out.push(sq.times(d));
  if (order >= 3) out.push(sq.times(new g.D(1).minus(sq.times(6))));
  return out;
};

/** softplus′ = σ, then σ′, σ″. */
export const softplusClosed: ClosedForm = (x, order, g, record) => {
  record('softplus');
  const out = [softplus(x, g)];
  if (order === 0) return out;
  const { s, q, d } = logisticPair(x, g, record);
  const sq = s.times(q);
  out.push(s);
  if (order >= 2) out.push(sq);
  if (order >= 3) out.push(sq.times(d));
  return out;
};

/** The paper's erf(x/√2): derivative 2φ(x), then −x·2φ, (x² − 1)·2φ. */
export const erfHalfClosed: ClosedForm = (x, order, g, record) => {
  record('erf');
  const out = [erf(new g.D(x).div(sqrt2(g)), g)];
  if (order === 0) return out;
  record('exp');
  const d = normalPdf(x, g).times(2);
  out.push(d);
  if (order >= 2) out.push(d.times(x).neg());
  if (order >= 3) out.push(new g.D(x).times(x).minus(1).times(d));
  return out;
};

/** gelu = xΦ: gelu′ = Φ + xφ, gelu″ = φ(2 − x²), gelu‴ = xφ(x² − 4) (Φ relatively accurate in the lower tail). */
export const geluClosed: ClosedForm = (x, order, g, record) => {
  record('erfc');
  const cdf = normalCdf(x, g);
  const out = [cdf.times(x)];
  if (order === 0) return out;
  record('exp');
  const pdf = normalPdf(x, g);
  const xpdf = pdf.times(x);
  const x2 = new g.D(x).times(x);
  out.push(cdf.plus(xpdf));
  if (order >= 2) out.push(pdf.times(new g.D(2).minus(x2)));
  if (order >= 3) out.push(xpdf.times(x2.minus(4)));
  return out;
};

/** silu = xσ: silu′ = s(1 + xq), silu″ = sq(2 + x(q − s)), silu‴ = sq((q − s)(3 + x(q − s)) − 2x·sq). */
export const siluClosed: ClosedForm = (x, order, g, record) => {
  if (order === 0) {
    record('sigmoid');
    return [sigmoid(x, g).times(x)];
  }
  const { s, q, d } = logisticPair(x, g, record);
  const sq = s.times(q);
  const out = [s.times(x), s.times(q.times(x).plus(1))];
  if (order >= 2) out.push(sq.times(d.times(x).plus(2)));
  if (order >= 3) out.push(sq.times(d.times(d.times(x).plus(3)).minus(sq.times(x).times(2))));
  return out;
};

/** g = σ(4x) + softplus(x): g′ = 4s₄q₄ + s, g″ = 16s₄q₄(q₄ − s₄) + sq, g‴ = 64s₄q₄(1 − 6s₄q₄) + sq(q − s). */
export const gClosed: ClosedForm = (x, order, g, record) => {
  const x4 = new g.D(x).times(4);
  record('softplus');
  const sp = softplus(x, g);
  if (order === 0) {
    record('sigmoid');
    return [sigmoid(x4, g).plus(sp)];
  }
  const four = logisticPair(x4, g, record);
  const one = logisticPair(x, g, record);
  const sq4 = four.s.times(four.q);
  const sq = one.s.times(one.q);
  const out = [four.s.plus(sp), sq4.times(4).plus(one.s)];
  if (order >= 2) out.push(sq4.times(four.d).times(16).plus(sq));
  if (order >= 3) {
    out.push(
      sq4
        .times(new g.D(1).minus(sq4.times(6)))
        .times(64)
        .plus(sq.times(one.d)),
    );
  }
  return out;
};
