import type { Decimal } from 'decimal.js';
import { precision } from '../../precision/context.js';
import { gaussLegendre } from './gauss-legendre.js';

/** A sample of the integrand: F(s) > 0 at s, with whatever state the caller needs to sample near it. */
export interface PowerSample<T> {
  readonly s: Decimal;
  readonly F: Decimal;
  readonly state: T;
}

/** Options of {@link integrateLogPower}. */
export interface LogPowerOptions {
  /** Gauss–Legendre nodes of the main rule per piece (the check rule has 2 fewer). Default 6. */
  readonly nodes?: number;
  /** Relative tolerance: refine until the summed error estimate is at most relTol·|integral|. Default 1e-13. */
  readonly relTol?: number | string;
  /**
   * What the integral is added to (e.g. the time already elapsed before the interval): the tolerance is
   * relTol·|offset + integral|, so an interval that adds little to a large total is not refined for nothing.
   * Default 0.
   */
  readonly offset?: Decimal.Value;
  /**
   * μ of the substitution y = e^{μs} (= A^μ for s = ln|A|). Default 2: a flow-time density along a channel is
   * |A|^κ times a series in A⁻² (κ = 4 generic, 6 for a realisable GLU target), so in y = A² the integrand
   * F/(μy) is a polynomial of degree κ/2 − 1 plus terms in 1/y, 1/y², … that are small wherever the series is in
   * its asymptotic regime: Gauss–Legendre integrates the polynomial exactly. (A substitution by the fitted power
   * itself, y = |A|^κ, leaves the corrections as branch terms y^(−2/κ) that the nodes, all near the top of a
   * decade-wide piece, resolve only to 4–5 digits.)
   */
  readonly power?: number;
  /** Relative accuracy of a sample of F; |piece|·sampleRelError is added to each piece's error. Default 0. */
  readonly sampleRelError?: Decimal.Value;
  /** Largest width of a first piece in s (a decade of |A| when s = ln|A|). Default ln 10. */
  readonly pieceWidth?: number;
  /** Most pieces before giving up refining (the result then carries its larger error). Default 48. */
  readonly maxPieces?: number;
}

/** ∫F ds with its error estimate (sum over the pieces of |main rule − check rule|). */
export interface LogPowerIntegral {
  readonly value: Decimal;
  readonly error: Decimal;
  readonly pieces: number;
  /** Integrand samples taken (nodes and piece ends, not counting the two given ends). */
  readonly samples: number;
}

interface Piece<T> {
  readonly a: PowerSample<T>;
  readonly b: PowerSample<T>;
  readonly main: Decimal;
  readonly error: Decimal;
}

/**
 * ∫_{s_a}^{s_b} F(s) ds for a positive integrand close to a power of e^s (F ≈ C e^{κs}: the flow-time density
 * along a channel floor, s = ln|A|). The interval is cut into pieces of width ≤ pieceWidth (a decade); on each, in
 * y = e^{μ(s − s_a)} (see `power`), Gauss–Legendre rules of `nodes` and `nodes − 2` nodes are compared: their
 * difference, which estimates the error of the smaller rule, is the piece's error estimate (conservative for the
 * larger rule, whose value is used), plus the samples' own inaccuracy. While the summed estimate exceeds
 * relTol·|offset + integral|, the piece with the largest estimate is bisected in s (its midpoint is sampled). With
 * maxPieces reached, the result carries its larger estimate: the caller prints only the digits it supports.
 * `sample(s, near)` returns F at s, given the nearer known sample (for a predictor), or undefined on failure.
 */
export function integrateLogPower<T>(
  from: PowerSample<T>,
  to: PowerSample<T>,
  sample: (s: Decimal, near: PowerSample<T>) => PowerSample<T> | undefined,
  options: LogPowerOptions = {},
): LogPowerIntegral | undefined {
  const {
    nodes = 6,
    relTol = 1e-13,
    offset = 0,
    power = 2,
    sampleRelError = 0,
    pieceWidth = Math.LN10,
    maxPieces = 48,
  } = options;
  const q = precision(40);
  const mu = new q.D(power);
  let samples = 0;
  const at = (s: Decimal, a: PowerSample<T>, b: PowerSample<T>): PowerSample<T> | undefined => {
    samples++;
    return sample(s, s.minus(a.s).lt(b.s.minus(s)) ? a : b);
  };
  const rule = (a: PowerSample<T>, b: PowerSample<T>, n: number): Decimal | undefined => {
    const sa = new q.D(a.s);
    const width = new q.D(b.s).minus(sa);
    // y = e^{μ(s − s_a)} ∈ [1, e^{μ(s_b − s_a)}]; ds = dy/(μy); F ds = (F/(μy)) dy.
    const ya = new q.D(1);
    const yb = mu.times(width).exp();
    const gl = gaussLegendre(n, q);
    const half = yb.minus(ya).div(2);
    const mid = yb.plus(ya).div(2);
    let sum = new q.D(0);
    for (let k = 0; k < n; k++) {
      const y = mid.plus(half.times(gl.nodes[k] as Decimal));
      const s = sa.plus(y.ln().div(mu));
      const f = at(s, a, b);
      if (f === undefined) return undefined;
      const jac = new q.D(1).div(mu.times(y));
      sum = sum.plus(new q.D(gl.weights[k] as Decimal).times(f.F).times(jac));
    }
    return sum.times(half);
  };
  const piece = (a: PowerSample<T>, b: PowerSample<T>): Piece<T> | undefined => {
    const main = rule(a, b, nodes);
    const check = rule(a, b, Math.max(1, nodes - 2));
    if (main === undefined || check === undefined) return undefined;
    return { a, b, main, error: main.minus(check).abs().plus(main.abs().times(sampleRelError)) };
  };
  // First pieces: equal widths ≤ pieceWidth.
  const total = new q.D(to.s).minus(from.s);
  const count = Math.max(1, Math.ceil(total.div(pieceWidth).toNumber() - 1e-9));
  const ends: PowerSample<T>[] = [from];
  for (let k = 1; k < count; k++) {
    const s = new q.D(from.s).plus(total.times(k).div(count));
    const e = at(s, ends[k - 1] as PowerSample<T>, to);
    if (e === undefined) return undefined;
    ends.push(e);
  }
  ends.push(to);
  const pieces: Piece<T>[] = [];
  for (let k = 0; k < count; k++) {
    const p = piece(ends[k] as PowerSample<T>, ends[k + 1] as PowerSample<T>);
    if (p === undefined) return undefined;
    pieces.push(p);
  }
  const tol = new q.D(relTol);
  for (;;) {
    const value = pieces.reduce((s, p) => s.plus(p.main), new q.D(0));
    const error = pieces.reduce((s, p) => s.plus(p.error), new q.D(0));
    if (!error.gt(value.plus(offset).abs().times(tol)) || pieces.length >= maxPieces)
      return { value, error, pieces: pieces.length, samples };
    let worst = 0;
    pieces.forEach((p, k) => {
      if (p.error.gt((pieces[worst] as Piece<T>).error)) worst = k;
    });
    const w = pieces[worst] as Piece<T>;
    const m = at(new q.D(w.a.s).plus(w.b.s).div(2), w.a, w.b);
    if (m === undefined) return undefined;
    const left = piece(w.a, m);
    const right = piece(m, w.b);
    if (left === undefined || right === undefined) return undefined;
    pieces.splice(worst, 1, left, right);
  }
}
