import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { precision } from '../../src/precision/context.js';
import {
  JetDomainError,
  NonDifferentiableError,
  TranscendentalCounter,
  decimalField,
  derivativesFromJet,
  float64Field,
  jetArithmetic,
  jetFromDerivatives,
  type Jet,
  type JetArithmetic,
} from '../../src/precision/jet/index.js';

// Jets against independent references: Taylor coefficients in closed form, identities between different
// recurrences (tanh = sinh/cosh, σ = 1/(1 + e^(−u)), …), and the float64 field against the Decimal one.
const P = precision(50);
const R = precision(90);
const K = 10;
const J = jetArithmetic(decimalField(P), K);
const D = R.D;

/** Every coefficient within 10^−digits relative, or 10^−(digits+2) of the largest |coefficient| (near zeros). */
function expectClose(got: Jet<Decimal>, want: readonly Decimal.Value[], digits = 47, what = ''): void {
  expect(got.length).toBe(want.length);
  const scale = want.reduce<Decimal>((m, w) => (new D(w).abs().gt(m) ? new D(w).abs() : m), new D(0));
  got.forEach((g, k) => {
    const w = new D(want[k]!);
    const err = new D(g).minus(w).abs();
    const tol = w.abs().plus(scale.times('1e-2')).times(new D(10).pow(-digits));
    expect(err.lte(tol), `${what} coefficient ${k}: ${g.toString()} vs ${w.toString()}`).toBe(true);
  });
}

function factorial(k: number): Decimal {
  let f = new D(1);
  for (let j = 2; j <= k; j++) f = f.times(j);
  return f;
}

/** The generalised binomial coefficient C(r, k). */
function binomial(r: Decimal, k: number): Decimal {
  let c = new D(1);
  for (let j = 0; j < k; j++) c = c.times(r.minus(j)).div(j + 1);
  return c;
}

const range = (n: number): number[] => [...Array(n).keys()];

describe('jets of x0 + t against closed-form Taylor coefficients', () => {
  const x0 = new P.D('0.7');
  const X = new D('0.7');
  const u = J.variable(x0);

  it('exp, log, sqrt, real and integer powers, reciprocal', () => {
    expectClose(
      J.exp(u),
      range(K + 1).map((k) => X.exp().div(factorial(k))),
      47,
      'exp',
    );
    expectClose(
      J.log(u),
      range(K + 1).map((k) => (k === 0 ? X.ln() : new D(k % 2 === 1 ? 1 : -1).div(X.pow(k).times(k)))),
      47,
      'log',
    );
    const half = new D('0.5');
    expectClose(
      J.sqrt(u),
      range(K + 1).map((k) => binomial(half, k).times(X.pow(half.minus(k)))),
      47,
      'sqrt',
    );
    const r = new D('-2.75');
    expectClose(
      J.pow(u, new P.D('-2.75')),
      range(K + 1).map((k) => binomial(r, k).times(X.pow(r.minus(k)))),
      47,
      'pow',
    );
    expectClose(
      J.powInt(u, 7),
      range(K + 1).map((k) => binomial(new D(7), k).times(X.pow(7 - k))),
      47,
      'powInt',
    );
    expectClose(
      J.powInt(u, -3),
      range(K + 1).map((k) => binomial(new D(-3), k).times(X.pow(-3 - k))),
      47,
      'powInt−',
    );
    expectClose(
      J.div(J.constant(new P.D(1)), u),
      range(K + 1).map((k) => new D(-1).pow(k).div(X.pow(k + 1))),
      47,
    );
  });

  it('sin, cos, sinh, cosh', () => {
    // sin^(k)(x) = sin(x + kπ/2); sinh^(k) alternates between sinh and cosh.
    const pi = new D(-1).acos();
    const shift = (k: number): Decimal => X.plus(pi.times(k).div(2));
    expectClose(
      J.sin(u),
      range(K + 1).map((k) => shift(k).sin().div(factorial(k))),
      47,
      'sin',
    );
    expectClose(
      J.cos(u),
      range(K + 1).map((k) => shift(k).cos().div(factorial(k))),
      47,
      'cos',
    );
    expectClose(
      J.sinh(u),
      range(K + 1).map((k) => (k % 2 === 0 ? X.sinh() : X.cosh()).div(factorial(k))),
      47,
      'sinh',
    );
    expectClose(
      J.cosh(u),
      range(K + 1).map((k) => (k % 2 === 0 ? X.cosh() : X.sinh()).div(factorial(k))),
      47,
      'cosh',
    );
  });

  it('erf and erfc: erf^(k+1)(x) = (2/√π)(−1)^k H_k(x) e^(−x²) with physicists’ Hermite polynomials', () => {
    const H = [new D(1), X.times(2)];
    for (let n = 1; n < K; n++)
      H.push(
        X.times(2)
          .times(H[n]!)
          .minus(H[n - 1]!.times(2 * n)),
      );
    const c = new D(2).div(new D(-1).acos().sqrt()).times(X.times(X).neg().exp());
    const erf = J.erf(u);
    const erfc = J.erfc(u);
    const want = range(K).map((k) =>
      c
        .times(H[k]!)
        .times(k % 2 === 0 ? 1 : -1)
        .div(factorial(k + 1)),
    );
    expectClose(erf.slice(1), want, 47, 'erf');
    expectClose(
      erfc.slice(1),
      want.map((w) => w.neg()),
      47,
      'erfc',
    );
    expect(erf[0]!.plus(erfc[0]!).minus(1).abs().lt('1e-49')).toBe(true);
  });
});

/** u = log(2 + sin(x0 + t)) · 1.5: an inner jet with every coefficient non-zero. */
function inner<T>(A: JetArithmetic<T>, x0: T): Jet<T> {
  const F = A.field;
  return A.scale(A.log(A.addConstant(A.sin(A.variable(x0)), F.fromInt(2))), F.fromDecimalString('1.5'));
}

describe('identities between different recurrences, on a non-trivial inner jet', () => {
  const u = inner(J, new P.D('-0.4'));
  const one = J.constant(new P.D(1));

  it('tanh = sinh/cosh = 2σ(2u) − 1, σ = 1/(1 + e^(−u)), softplus = log(1 + e^u)', () => {
    const [sh, ch] = J.sinhCosh(u);
    expectClose(J.tanh(u), J.div(sh, ch), 47, 'tanh');
    expectClose(
      J.tanh(u),
      J.addConstant(J.scale(J.sigmoid(J.scale(u, new P.D(2))), new P.D(2)), new P.D(-1)),
      47,
    );
    expectClose(J.sigmoid(u), J.div(one, J.addConstant(J.exp(J.neg(u)), new P.D(1))), 47, 'sigmoid');
    expectClose(J.softplus(u), J.log(J.addConstant(J.exp(u), new P.D(1))), 47, 'softplus');
  });

  it('exp∘log = id, sqrt² = id, sin² + cos² = 1, u^2.5 = exp(2.5 log u), powJet', () => {
    const v = J.addConstant(u, new P.D(3));
    expectClose(J.exp(J.log(v)), v, 47);
    expectClose(J.mul(J.sqrt(v), J.sqrt(v)), v, 47);
    const [s, c] = J.sinCos(u);
    expectClose(J.add(J.mul(s, s), J.mul(c, c)), one, 47);
    expectClose(J.pow(v, new P.D('2.5')), J.exp(J.scale(J.log(v), new P.D('2.5'))), 47);
    expectClose(J.powJet(v, u), J.exp(J.mul(u, J.log(v))), 47);
    expectClose(J.pow(v, new P.D(3)), J.mul(v, J.mul(v, v)), 47);
  });

  it('compose applies a function given by its derivatives; derivativesFromJet inverts jetFromDerivatives', () => {
    const F = J.field;
    // tanh's derivatives at u_0, from the jet of tanh(u_0 + t), composed with u equals tanh(u).
    const f = J.tanh(J.variable(u[0]!));
    const d = derivativesFromJet(F, f);
    expectClose(jetFromDerivatives(F, d), f, 48);
    expectClose(J.compose(jetFromDerivatives(F, d), u), J.tanh(u), 46, 'compose');
    expect(derivativesFromJet(F, J.exp(J.variable(new P.D(0)))).map(String)).toEqual(
      range(K + 1).map(() => '1'),
    );
  });

  it('binary operations truncate to the shorter jet; order-0 jets work everywhere', () => {
    expect(J.add(u, u.slice(0, 3))).toHaveLength(3);
    expect(J.mul(u.slice(0, 4), u)).toHaveLength(4);
    const J0 = jetArithmetic(decimalField(P), 0);
    const x = J0.variable(new P.D('0.3'));
    for (const op of [
      'exp',
      'log',
      'sqrt',
      'tanh',
      'sigmoid',
      'softplus',
      'erf',
      'erfc',
      'sin',
      'cos',
      'sinh',
      'cosh',
    ] as const) {
      expect(J0[op](x)).toHaveLength(1);
    }
  });
});

describe('accuracy where companion values matter', () => {
  it('tanh and σ jets keep relative accuracy far out in the tails (sech², 1 − σ never formed by subtraction)', () => {
    const hi = jetArithmetic(decimalField(R), 8);
    const lo = jetArithmetic(decimalField(P), 8);
    for (const x of ['35', '-35', '80']) {
      const check = (name: 'tanh' | 'sigmoid' | 'softplus'): void => {
        const want = hi[name](hi.variable(new R.D(x)));
        const got = lo[name](lo.variable(new P.D(x)));
        got.forEach((g, k) => {
          const w = want[k]!;
          expect(new D(g).minus(w).abs().lte(w.abs().times('1e-46')), `${name}_${k}(${x})`).toBe(true);
        });
      };
      check('tanh');
      check('sigmoid');
      check('softplus');
    }
  });

  it('the float64 field gives the same jets as the Decimal one (relative 1e-13 at the coefficient scale)', () => {
    const F64 = jetArithmetic(float64Field(), 8);
    const FD = jetArithmetic(decimalField(P), 8);
    const fns: readonly (<T>(A: JetArithmetic<T>, u: Jet<T>) => Jet<T>)[] = [
      (A, u) => A.tanh(u),
      (A, u) => A.sigmoid(u),
      (A, u) => A.softplus(u),
      (A, u) => A.erf(u),
      (A, u) => A.erfc(u),
      (A, u) => A.exp(A.neg(u)),
      (A, u) => A.log(A.addConstant(A.mul(u, u), A.field.one)),
      (A, u) => A.sqrt(A.addConstant(A.mul(u, u), A.field.one)),
      (A, u) => A.div(A.sin(u), A.addConstant(A.cosh(u), A.field.one)),
      (A, u) => A.pow(A.addConstant(A.mul(u, u), A.field.one), A.field.fromDecimalString('0.75')),
    ];
    for (const x of [-6.5, -1.25, 0, 0.375, 2, 5.75]) {
      for (const [i, fn] of fns.entries()) {
        const want = fn(FD, inner(FD, new P.D(x))).map((v) => v.toNumber());
        const got = fn(F64, inner(F64, x));
        const scale = Math.max(...want.map(Math.abs));
        got.forEach((g, k) => {
          expect(Math.abs(g - want[k]!), `fn ${i}, coefficient ${k} at ${x}`).toBeLessThanOrEqual(
            1e-13 * Math.max(Math.abs(want[k]!), 1e-3 * scale),
          );
        });
      }
    }
  });

  it('π beyond decimal.js’s 1025 stored digits (Machin)', () => {
    const big = decimalField(precision(1060)).constant('pi');
    const ref = new (precision(1000).D)(-1).acos();
    expect(big.toSignificantDigits(1000).eq(ref)).toBe(true);
    expect(big.toString()).toHaveLength(1061);
  });
});

describe('transcendental counter', () => {
  it('records one base-point evaluation per node whatever the order (two where a companion is needed)', () => {
    for (const order of [1, 5, 20]) {
      const counter = new TranscendentalCounter();
      const A = jetArithmetic(decimalField(P, counter), order);
      const u = A.variable(new P.D('0.3'));
      A.tanh(u);
      A.sigmoid(u);
      A.exp(u);
      A.log(u);
      expect(counter.total).toBe(4);
      A.erf(u); // erf(u_0) and e^(−u_0²)
      A.sinCos(u); // sin and cos
      A.softplus(u); // softplus(u_0) and σ(u_0)
      A.mul(u, A.div(u, A.addConstant(u, new P.D(1))));
      expect(counter.total).toBe(10);
      // tanh at 0.3 uses expm1 (2|u_0| < ln 2), σ one exp, erf one exp for e^(−u_0²), softplus one exp for σ(u_0).
      expect(counter.byName()).toEqual({ cos: 1, erf: 1, exp: 4, expm1: 1, log: 1, sin: 1, softplus: 1 });
    }
    const c64 = new TranscendentalCounter();
    const A64 = jetArithmetic(float64Field(c64), 7);
    A64.tanh(A64.variable(0.2));
    expect(c64.total).toBe(1);
    c64.reset();
    expect(c64.total).toBe(0);
  });
});

describe('domain errors and non-differentiable points', () => {
  const A = jetArithmetic(decimalField(P), 4);
  const at = (x: string): Jet<Decimal> => A.variable(new P.D(x));

  it('raise JetDomainError outside a domain', () => {
    expect(() => A.log(at('0'))).toThrow(JetDomainError);
    expect(() => A.log(at('-1'))).toThrow(/logarithm of a non-positive number/);
    expect(() => A.div(at('1'), at('0'))).toThrow(/division by zero/);
    expect(() => A.sqrt(at('-0.5'))).toThrow(JetDomainError);
    expect(() => A.pow(at('-2'), new P.D('0.5'))).toThrow(/non-integer power of a negative number/);
    expect(() => A.powInt(at('0'), -2)).toThrow(/negative power of zero/);
    expect(A.powInt(at('-2'), 3).map(String)).toEqual(['-8', '12', '-6', '1', '0']);
    expect(A.powInt(at('0'), 0).map(String)).toEqual(['1', '0', '0', '0', '0']);
  });

  it('abs and relu: exact away from 0, NonDifferentiableError at a sign change, smooth at an even-order zero', () => {
    expect(A.abs(at('-3')).map(String)).toEqual(['3', '-1', '0', '0', '0']);
    expect(A.relu(at('-3')).map(String)).toEqual(['0', '0', '0', '0', '0']);
    expect(A.relu(at('3')).map(String)).toEqual(['3', '1', '0', '0', '0']);
    let caught: unknown;
    try {
      A.relu(at('0'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NonDifferentiableError);
    expect((caught as NonDifferentiableError).order).toBe(1);
    const x = at('0');
    expect(A.abs(A.neg(A.mul(x, x))).map(String)).toEqual(['0', '0', '1', '0', '0']);
    expect(A.relu(A.neg(A.mul(x, x))).map(String)).toEqual(['0', '0', '0', '0', '0']);
    expect(() => A.abs(A.powInt(x, 3))).toThrow(expect.objectContaining({ order: 3 }));
    expect(A.abs(A.powInt(x, 5)).map(String)).toEqual(['0', '0', '0', '0', '0']);
    expect(
      jetArithmetic(decimalField(P), 0).relu(jetArithmetic(decimalField(P), 0).variable(new P.D(0))),
    ).toHaveLength(1);
  });

  it('real powers at 0: zero coefficients below m·r, undefined from ⌈m·r⌉', () => {
    const x = at('0');
    const x2 = A.mul(x, x);
    expect(() => A.sqrt(x)).toThrow(NonDifferentiableError);
    expect(() => A.pow(x2, new P.D('1.25'))).toThrow(expect.objectContaining({ order: 3 }));
    expect(A.pow(x2, new P.D('2.75')).map(String)).toEqual(['0', '0', '0', '0', '0']);
  });
});
