import { JetDomainError } from './jet-domain-error.js';
import { NonDifferentiableError } from './non-differentiable-error.js';
import type { ScalarField } from './scalar-field.js';

/**
 * A jet: the truncated power series u(t) = Σ_{k=0}^{K} u_k t^k, stored as its Taylor coefficients
 * [u_0, u_1, …, u_K] (u_k = u^(k)(0)/k!, see {@link derivativesFromJet}). K = length − 1 is the jet's order.
 */
export type Jet<T> = readonly T[];

/**
 * Taylor-mode automatic differentiation over a scalar field (Decimal at a precision, or float64).
 *
 * Every operation maps jets to the jet of the result, truncated at the order of its inputs (binary operations
 * use the lower order of the two). Non-linear functions use the standard O(K²) recurrences obtained from a
 * first-order differential equation the function satisfies, so each node evaluates special functions only at its
 * base point u_0 — once, or twice where the recurrence needs a companion value (erf needs e^(−u₀²), sin needs
 * cos, softplus needs σ) — and every further coefficient costs only multiplications and additions:
 *
 *     exp       y′ = u′y                      y_k = (1/k) Σ_{j=1..k} j u_j y_{k−j}
 *     log       u y′ = u′                     y_k = (u_k − (1/k) Σ_{j=1..k−1} j y_j u_{k−j}) / u_0
 *     sqrt      y² = u                        y_k = (u_k − Σ_{j=1..k−1} y_j y_{k−j}) / (2 y_0)
 *     u^r       u y′ = r u′ y                 y_k = Σ_{j=1..k} (r j − (k − j)) u_j y_{k−j} / (k u_0)
 *     a / b     b y = a                       y_k = (a_k − Σ_{j=1..k} b_j y_{k−j}) / b_0
 *     tanh      y′ = (1 − y²) u′              y_k = (1/k) Σ j u_j w_{k−j},  w = 1 − y² (w_0 = sech² u_0)
 *     sigmoid   y′ = y (1 − y) u′             y_k = (1/k) Σ j u_j w_{k−j},  w = y·(1 − y) (1 − y_0 = σ(−u_0))
 *     softplus  y′ = σ(u) u′                  y_k = (1/k) Σ j u_j s_{k−j},  s the sigmoid jet
 *     erf       y′ = (2/√π) e^(−u²) u′        y_k = (2/√π)(1/k) Σ j u_j g_{k−j}, g = exp(−u²) by the exp rule
 *     sin, cos  s′ = c u′, c′ = −s u′         (and sinh, cosh with + signs)
 *
 * Companion values such as sech² u_0 or 1 − σ(u_0) come from the field without cancellation (not as 1 − y_0²),
 * which keeps the coefficients of tanh or σ relatively accurate far out in the tails.
 *
 * Accuracy contract (Decimal): with exact inputs, each coefficient is accurate to about `field.digits` significant
 * digits minus the digits lost to cancellation inside the recurrences, i.e. minus log₁₀ of (the size of the
 * largest term summed for it) / (its size). The loss is small (a digit or two up to order ~30) for the registered
 * activations away from zeros of a coefficient, and unbounded near such a zero (gelu‴(2) = 0 comes out as
 * rounding noise at the scale of the other coefficients). No error bound is computed here: callers that need
 * certified digits build the field with guard digits and confirm with a precision ladder (the same computation at
 * p and p + 20 digits must agree after rounding to p; see certifyByLadder).
 *
 * Points where a function is not differentiable (|u| or relu(u) at a sign change of u, u^r with u_0 = 0) raise
 * {@link NonDifferentiableError}; points outside a function's domain raise {@link JetDomainError}.
 *
 * Composition: a univariate function known by its Taylor coefficients at u_0 is applied to u with
 * {@link JetArithmetic.compose} (O(K³)); compositions of the functions above are simply nested calls.
 */
export class JetArithmetic<T> {
  constructor(
    readonly field: ScalarField<T>,
    /** Order K of the jets made by {@link constant} and {@link variable}. */
    readonly order: number,
  ) {
    if (!Number.isInteger(order) || order < 0)
      throw new RangeError(`jet order must be a non-negative integer`);
  }

  /** The jet of a constant c: [c, 0, …, 0]. */
  constant(c: T): Jet<T> {
    const y = new Array<T>(this.order + 1).fill(this.field.zero);
    y[0] = c;
    return y;
  }

  /** The jet of the independent variable at x_0: [x_0, 1, 0, …, 0] (u(t) = x_0 + t). */
  variable(x0: T): Jet<T> {
    const y = this.constant(x0) as T[];
    if (this.order >= 1) y[1] = this.field.one;
    return y;
  }

  add(a: Jet<T>, b: Jet<T>): Jet<T> {
    const F = this.field;
    const n = Math.min(a.length, b.length);
    const y = new Array<T>(n);
    for (let k = 0; k < n; k++) y[k] = F.add(a[k]!, b[k]!);
    return y;
  }

  sub(a: Jet<T>, b: Jet<T>): Jet<T> {
    const F = this.field;
    const n = Math.min(a.length, b.length);
    const y = new Array<T>(n);
    for (let k = 0; k < n; k++) y[k] = F.sub(a[k]!, b[k]!);
    return y;
  }

  neg(a: Jet<T>): Jet<T> {
    return a.map((v) => this.field.neg(v));
  }

  /** c·a for a scalar c. */
  scale(a: Jet<T>, c: T): Jet<T> {
    return a.map((v) => this.field.mul(v, c));
  }

  /** a + c for a scalar c (only the constant term changes). */
  addConstant(a: Jet<T>, c: T): Jet<T> {
    const y = a.slice();
    y[0] = this.field.add(a[0]!, c);
    return y;
  }

  /** The Cauchy product: y_k = Σ_{j=0..k} a_j b_{k−j}. */
  mul(a: Jet<T>, b: Jet<T>): Jet<T> {
    const F = this.field;
    const n = Math.min(a.length, b.length);
    const y = new Array<T>(n);
    for (let k = 0; k < n; k++) {
      let s = F.mul(a[0]!, b[k]!);
      for (let j = 1; j <= k; j++) s = F.add(s, F.mul(a[j]!, b[k - j]!));
      y[k] = s;
    }
    return y;
  }

  div(a: Jet<T>, b: Jet<T>): Jet<T> {
    const F = this.field;
    const n = Math.min(a.length, b.length);
    const b0 = b[0]!;
    if (F.sign(b0) === 0) throw new JetDomainError('div', 'division by zero', F.toString(b0));
    const y = new Array<T>(n);
    for (let k = 0; k < n; k++) {
      let s: T = a[k]!;
      for (let j = 1; j <= k; j++) s = F.sub(s, F.mul(b[j]!, y[k - j]!));
      y[k] = F.div(s, b0);
    }
    return y;
  }

  /** u^n for an integer n, by repeated squaring (no division by u_0, so u_0 = 0 is fine for n ≥ 0). */
  powInt(u: Jet<T>, n: number): Jet<T> {
    if (!Number.isSafeInteger(n)) throw new RangeError(`powInt: exponent must be a safe integer, got ${n}`);
    const one = this.constantLike(u, this.field.one);
    if (n === 0) return one;
    if (n < 0) {
      if (this.field.sign(u[0]!) === 0) {
        throw new JetDomainError('pow', 'negative power of zero', this.field.toString(u[0]!));
      }
      return this.div(one, this.powInt(u, -n));
    }
    let result: Jet<T> | undefined;
    let base = u;
    for (let e = n; ;) {
      if (e % 2 === 1) result = result === undefined ? base : this.mul(result, base);
      e = Math.floor(e / 2);
      if (e === 0) break;
      base = this.mul(base, base);
    }
    return result ?? one;
  }

  /**
   * u^r for a scalar r. Integer r (up to 2^31) goes to {@link powInt}; otherwise u_0 must be positive, or zero
   * with u = u_m t^m + … (u_m > 0, m even), in which case u^r ~ t^(m·r) and the coefficients below m·r are 0 while
   * order ⌈m·r⌉ is undefined.
   */
  pow(u: Jet<T>, r: T): Jet<T> {
    const F = this.field;
    if (F.isInteger(r) && Math.abs(F.toNumber(r)) <= 2 ** 31) return this.powInt(u, F.toNumber(r));
    const u0 = u[0]!;
    const s0 = F.sign(u0);
    if (s0 < 0) throw new JetDomainError('pow', 'non-integer power of a negative number', F.toString(u0));
    if (s0 === 0) {
      if (F.sign(r) < 0) throw new JetDomainError('pow', 'negative power of zero', F.toString(u0));
      return this.powAtZero(u, r);
    }
    const n = u.length;
    const y = new Array<T>(n);
    y[0] = F.pow(u0, r);
    const rp1 = F.add(r, F.one);
    for (let k = 1; k < n; k++) {
      let s = F.zero;
      for (let j = 1; j <= k; j++) {
        // r·j − (k − j) = (r + 1)·j − k
        const c = F.sub(F.mulInt(rp1, j), F.fromInt(k));
        s = F.add(s, F.mul(F.mul(c, u[j]!), y[k - j]!));
      }
      y[k] = F.div(F.divInt(s, k), u0);
    }
    return y;
  }

  /** u^v for a jet exponent: exp(v·log u), or {@link pow} when v is constant. */
  powJet(u: Jet<T>, v: Jet<T>): Jet<T> {
    if (v.every((c, k) => k === 0 || this.field.sign(c) === 0)) return this.pow(u, v[0]!);
    return this.exp(this.mul(v, this.log(u)));
  }

  exp(u: Jet<T>): Jet<T> {
    const F = this.field;
    const y = new Array<T>(u.length);
    y[0] = F.exp(u[0]!);
    const ju = this.indexScaled(u);
    // y_{k−j} (j ≥ 1) is known when y_k is formed, so y is its own companion.
    for (let k = 1; k < u.length; k++) y[k] = F.divInt(this.convolve(ju, y, k), k);
    return y;
  }

  log(u: Jet<T>): Jet<T> {
    const F = this.field;
    const u0 = u[0]!;
    if (F.sign(u0) <= 0)
      throw new JetDomainError('log', 'logarithm of a non-positive number', F.toString(u0));
    const n = u.length;
    const y = new Array<T>(n);
    y[0] = F.log(u0);
    for (let k = 1; k < n; k++) {
      let s = F.zero;
      for (let j = 1; j < k; j++) s = F.add(s, F.mul(F.mulInt(y[j]!, j), u[k - j]!));
      y[k] = F.div(F.sub(u[k]!, F.divInt(s, k)), u0);
    }
    return y;
  }

  sqrt(u: Jet<T>): Jet<T> {
    const F = this.field;
    const u0 = u[0]!;
    const s0 = F.sign(u0);
    if (s0 < 0) throw new JetDomainError('sqrt', 'square root of a negative number', F.toString(u0));
    if (s0 === 0) return this.powAtZero(u, F.div(F.one, F.fromInt(2)));
    const n = u.length;
    const y = new Array<T>(n);
    y[0] = F.sqrt(u0);
    const twoY0 = F.mulInt(y[0], 2);
    for (let k = 1; k < n; k++) {
      let s: T = u[k]!;
      for (let j = 1; j < k; j++) s = F.sub(s, F.mul(y[j]!, y[k - j]!));
      y[k] = F.div(s, twoY0);
    }
    return y;
  }

  tanh(u: Jet<T>): Jet<T> {
    const F = this.field;
    const n = u.length;
    const [y0, w0] = F.tanhSech2(u[0]!);
    const y = new Array<T>(n);
    const w = new Array<T>(n);
    y[0] = y0;
    w[0] = w0;
    const ju = this.indexScaled(u);
    for (let k = 1; k < n; k++) {
      y[k] = F.divInt(this.convolve(ju, w, k), k);
      w[k] = F.neg(this.selfConvolve(y, k));
    }
    return y;
  }

  sigmoid(u: Jet<T>): Jet<T> {
    return this.sigmoidJet(u);
  }

  softplus(u: Jet<T>): Jet<T> {
    const F = this.field;
    const y = new Array<T>(u.length);
    y[0] = F.softplus(u[0]!);
    if (u.length === 1) return y;
    const s = this.sigmoidJet(u);
    const ju = this.indexScaled(u);
    for (let k = 1; k < u.length; k++) y[k] = F.divInt(this.convolve(ju, s, k), k);
    return y;
  }

  /** The standard error function erf u = (2/√π) ∫₀ᵘ e^(−s²) ds. */
  erf(u: Jet<T>): Jet<T> {
    return this.erfJet(u, false);
  }

  /** erfc u = 1 − erf u, with erfc u_0 evaluated directly (accurate where erf u_0 ≈ 1). */
  erfc(u: Jet<T>): Jet<T> {
    return this.erfJet(u, true);
  }

  sin(u: Jet<T>): Jet<T> {
    return this.sinCos(u)[0];
  }

  cos(u: Jet<T>): Jet<T> {
    return this.sinCos(u)[1];
  }

  /** [sin u, cos u] from one pass (their recurrences are coupled). */
  sinCos(u: Jet<T>): readonly [Jet<T>, Jet<T>] {
    const [s0, c0] = this.field.sinCos(u[0]!);
    return this.coupled(u, s0, c0, true);
  }

  sinh(u: Jet<T>): Jet<T> {
    return this.sinhCosh(u)[0];
  }

  cosh(u: Jet<T>): Jet<T> {
    return this.sinhCosh(u)[1];
  }

  /** [sinh u, cosh u] from one pass. */
  sinhCosh(u: Jet<T>): readonly [Jet<T>, Jet<T>] {
    const [s0, c0] = this.field.sinhCosh(u[0]!);
    return this.coupled(u, s0, c0, false);
  }

  /**
   * |u|. Exact: ±u where u_0 ≠ 0. Where u_0 = 0 and u = u_m t^m + … with m the first non-zero order, |u| is
   * sign(u_m)·u for even m (u does not change sign) and has no coefficient of order m for odd m
   * ({@link NonDifferentiableError}). With all coefficients zero the result is the zero jet.
   */
  abs(u: Jet<T>): Jet<T> {
    const F = this.field;
    const s0 = F.sign(u[0]!);
    if (s0 !== 0) return s0 > 0 ? u : this.neg(u);
    const m = this.leadingOrder(u);
    if (m === undefined) return u.map(() => F.zero);
    if (m % 2 === 1)
      throw new NonDifferentiableError('abs', m, 'the argument changes sign at the base point');
    return F.sign(u[m]!) > 0 ? u : this.neg(u);
  }

  /** max(0, u), with the same rules as {@link abs} at u_0 = 0. */
  relu(u: Jet<T>): Jet<T> {
    const F = this.field;
    const s0 = F.sign(u[0]!);
    const zero = (): Jet<T> => u.map(() => F.zero);
    if (s0 !== 0) return s0 > 0 ? u : zero();
    const m = this.leadingOrder(u);
    if (m === undefined) return zero();
    if (m % 2 === 1)
      throw new NonDifferentiableError('relu', m, 'the argument changes sign at the base point');
    return F.sign(u[m]!) > 0 ? u : zero();
  }

  /**
   * f∘u for a univariate f given by its Taylor coefficients at u_0, f = [f(u_0), f′(u_0), f″(u_0)/2, …]
   * (e.g. from {@link jetFromDerivatives}); needs f.length ≥ u.length. Horner in v = u − u_0: O(K³).
   */
  compose(f: Jet<T>, u: Jet<T>): Jet<T> {
    const F = this.field;
    const n = u.length;
    if (f.length < n) throw new RangeError(`compose: f has order ${f.length - 1}, u has order ${n - 1}`);
    const v = u.slice();
    v[0] = F.zero;
    let y: Jet<T> = this.constantLike(u, f[n - 1]!);
    for (let j = n - 2; j >= 0; j--) y = this.addConstant(this.mul(y, v), f[j]!);
    return y;
  }

  // ---- internals ----

  /** [c, 0, …, 0] with the length of `u`. */
  private constantLike(u: Jet<T>, c: T): Jet<T> {
    const y = u.map(() => this.field.zero);
    y[0] = c;
    return y;
  }

  /** j·u_j (index 0 unused but kept so that indices line up). */
  private indexScaled(u: Jet<T>): T[] {
    const F = this.field;
    return u.map((v, j) => (j === 0 ? F.zero : F.mulInt(v, j)));
  }

  /** Σ_{j=1..k} a_j b_{k−j}. */
  private convolve(a: readonly T[], b: readonly T[], k: number): T {
    const F = this.field;
    let s = F.mul(a[1]!, b[k - 1]!);
    for (let j = 2; j <= k; j++) s = F.add(s, F.mul(a[j]!, b[k - j]!));
    return s;
  }

  /** Σ_{i=0..k} y_i y_{k−i}, using the symmetry of the terms. */
  private selfConvolve(y: readonly T[], k: number): T {
    const F = this.field;
    let s = F.zero;
    for (let i = 0; i < k - i; i++) s = F.add(s, F.mul(y[i]!, y[k - i]!));
    s = F.mulInt(s, 2);
    if (k % 2 === 0) s = F.add(s, F.mul(y[k / 2]!, y[k / 2]!));
    return s;
  }

  private sigmoidJet(u: Jet<T>): T[] {
    const F = this.field;
    const n = u.length;
    const [s0, q0] = F.sigmoidPair(u[0]!);
    const y = new Array<T>(n);
    const w = new Array<T>(n);
    y[0] = s0;
    w[0] = F.mul(s0, q0);
    // w = y·q with q = 1 − y: q_0 = q0 (accurate), q_m = −y_m, so w_k = y_k (q0 − s0) − Σ_{i=1..k−1} y_i y_{k−i}.
    const d = F.sub(q0, s0);
    const ju = this.indexScaled(u);
    for (let k = 1; k < n; k++) {
      const yk = F.divInt(this.convolve(ju, w, k), k);
      y[k] = yk;
      let s = F.mul(yk, d);
      for (let i = 1; i < k; i++) s = F.sub(s, F.mul(y[i]!, y[k - i]!));
      w[k] = s;
    }
    return y;
  }

  private erfJet(u: Jet<T>, complement: boolean): Jet<T> {
    const F = this.field;
    const n = u.length;
    const y = new Array<T>(n);
    y[0] = complement ? F.erfc(u[0]!) : F.erf(u[0]!);
    if (n === 1) return y;
    // g = exp(−u²) by the exp rule, with g_0 = e^(−u_0²) from the field (accurate for large |u_0|).
    const v = new Array<T>(n);
    v[0] = F.zero;
    for (let k = 1; k < n; k++) v[k] = F.neg(this.selfConvolve(u, k));
    const g = new Array<T>(n);
    g[0] = F.expNegSquare(u[0]!);
    const jv = this.indexScaled(v);
    for (let k = 1; k < n; k++) g[k] = F.divInt(this.convolve(jv, g, k), k);
    const c = complement ? F.neg(F.constant('twoOverSqrtPi')) : F.constant('twoOverSqrtPi');
    const ju = this.indexScaled(u);
    for (let k = 1; k < n; k++) y[k] = F.mul(c, F.divInt(this.convolve(ju, g, k), k));
    return y;
  }

  /** s′ = c u′, c′ = ∓ s u′ (trigonometric: minus; hyperbolic: plus). */
  private coupled(u: Jet<T>, s0: T, c0: T, trigonometric: boolean): readonly [Jet<T>, Jet<T>] {
    const F = this.field;
    const n = u.length;
    const s = new Array<T>(n);
    const c = new Array<T>(n);
    s[0] = s0;
    c[0] = c0;
    const ju = this.indexScaled(u);
    for (let k = 1; k < n; k++) {
      s[k] = F.divInt(this.convolve(ju, c, k), k);
      const dc = F.divInt(this.convolve(ju, s, k), k);
      c[k] = trigonometric ? F.neg(dc) : dc;
    }
    return [s, c];
  }

  /** The first order m ≥ 1 with u_m ≠ 0, if any. */
  private leadingOrder(u: Jet<T>): number | undefined {
    for (let m = 1; m < u.length; m++) if (this.field.sign(u[m]!) !== 0) return m;
    return undefined;
  }

  /** u^r (r > 0 not an integer) where u_0 = 0. */
  private powAtZero(u: Jet<T>, r: T): Jet<T> {
    const F = this.field;
    const zero = (): Jet<T> => u.map(() => F.zero);
    if (u.length === 1) return zero();
    const m = this.leadingOrder(u);
    const name = 'pow';
    if (m === undefined) {
      throw new NonDifferentiableError(
        name,
        1,
        'the base vanishes to the order of the jet; its power is unresolved',
      );
    }
    if (m % 2 === 1 || F.sign(u[m]!) < 0) {
      throw new NonDifferentiableError(name, 1, 'a non-integer power of a base that is negative on one side');
    }
    // u^r = u_m^r t^(m r) (1 + …)^r: coefficients below m·r vanish, order ⌈m·r⌉ does not exist unless m·r is an
    // integer, where the expansion would need coefficients of u beyond the jet (not attempted).
    const mr = F.mulInt(r, m);
    if (F.isInteger(mr)) {
      throw new NonDifferentiableError(
        name,
        1,
        'a power of a base with a zero of even order is not resolved here',
      );
    }
    const first = Math.ceil(F.toNumber(mr));
    if (first < u.length) {
      throw new NonDifferentiableError(
        name,
        first,
        `the result behaves like |t|^${F.toString(mr)} at the base point`,
      );
    }
    return zero();
  }
}

/** A {@link JetArithmetic} for jets of order `order` over `field`. */
export function jetArithmetic<T>(field: ScalarField<T>, order: number): JetArithmetic<T> {
  return new JetArithmetic(field, order);
}
