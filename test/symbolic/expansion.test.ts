import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { precision } from '../../src/precision/context.js';
import {
  casDerivatives,
  checkGluExpansion,
  evaluateExpr,
  gluExpansion,
  latexExpr,
  mathjsSecondOpinion,
  parseExpr,
  renderExpr,
  substituteExpr,
  type GluExpansion,
} from '../../src/symbolic/index.js';
import { polynomialText, toPolynomial } from './polynomial.js';

describe('gluExpansion, generic σ', () => {
  for (const order of [0, 1, 2, 3, 5, 8]) {
    it(`order ${order}: pole cancels, odd powers vanish, ε⁰ = GLU, ε² = f₂, closed form; confirmed by jets`, () => {
      const e = gluExpansion('generic', { order });
      expect(e.coefficients.map((c) => c.power)).toEqual(Array.from({ length: order + 2 }, (_, i) => i - 1));
      expect(e.checks).toEqual({
        poleCancels: true,
        oddPowersVanish: true,
        limitIsGLU: true,
        f2Matches: order >= 2 ? true : null,
        closedFormMatches: true,
      });
      const check = checkGluExpansion(e, 'generic', { digits: 50, points: 2, seed: order + 3 });
      expect(check.passed, check.maxError).toBe(true);
    });
  }

  it('each even coefficient is the closed form of mathematics.md §2 (exact rationals, no CAS)', () => {
    const e = gluExpansion('generic', { order: 6 });
    const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
    for (const k of [0, 2, 4, 6]) {
      const closed = parseExpr(`c*delta^${k}*s${k}/${fact(k)} + a*delta^${k + 1}*s${k + 1}/${fact(k + 1)}`);
      const mine = e.coefficients.find((c) => c.power === k)!.generic;
      expect(polynomialText(toPolynomial(mine))).toBe(polynomialText(toPolynomial(closed)));
    }
  });

  it('the vector form equals the scalar form with δ = Δ·x (exact polynomial comparison)', () => {
    const vec = gluExpansion('generic', { order: 4, dim: 2 });
    const sc = gluExpansion('generic', { order: 4 });
    const delta = parseExpr('Delta1*x1 + Delta2*x2');
    vec.coefficients.forEach((c, i) => {
      const s = substituteExpr(sc.coefficients[i]!.generic, { delta });
      expect(polynomialText(toPolynomial(c.generic))).toBe(polynomialText(toPolynomial(s)));
    });
    expect(vec.checks.limitIsGLU && vec.checks.oddPowersVanish && vec.checks.poleCancels).toBe(true);
  });

  it('the numeric check detects a wrong coefficient (a CAS failure is reported, not hidden)', () => {
    const e = gluExpansion('generic', { order: 4 });
    const broken: GluExpansion = {
      ...e,
      coefficients: e.coefficients.map((c) =>
        c.power === 4 ? { ...c, generic: parseExpr('a*delta^5*s5/121 + c*delta^4*s4/24') } : c,
      ),
    };
    const check = checkGluExpansion(broken, 'generic', { digits: 50, points: 2 });
    expect(check.passed).toBe(false);
    expect(Number(check.maxError)).toBeGreaterThan(1e-5);
  });
});

describe('gluExpansion, concrete activations and formulas', () => {
  for (const name of ['tanh', 'sigmoid', 'softplus', 'erf', 'g', 'gelu', 'silu', 'x^3/3 + sinh(x)/2']) {
    it(`${name}, order 4: checks hold and every coefficient agrees with the jets at 50 digits`, () => {
      const act = resolveActivation(name);
      const e = gluExpansion(act, { order: 4 });
      expect(Object.values(e.checks).every((v) => v !== false)).toBe(true);
      const check = checkGluExpansion(e, act, { digits: 50, points: 2, seed: 5 });
      expect(check.passed, check.maxError).toBe(true);
    });
  }

  it('vector form for a concrete σ agrees with the jets', () => {
    const act = resolveActivation('erf');
    const e = gluExpansion(act, { order: 2, dim: 2 });
    expect(checkGluExpansion(e, act, { digits: 50, points: 2 }).passed).toBe(true);
  });

  it('relu and abs formulas are refused (not smooth)', () => {
    expect(() => gluExpansion(resolveActivation('relu'), { order: 2 })).toThrow(/not smooth/);
    expect(() => gluExpansion(resolveActivation('abs(x)'), { order: 2 })).toThrow(/not smooth/);
  });
});

describe('casDerivatives (nerdamer with the √π workaround), three ways', () => {
  const p = precision(50);
  for (const name of ['erf', 'gelu', 'tanh', 'softplus', 'sqrt(1+x^2)']) {
    it(`${name}: jets (naive reference), central differences of σ^(n−1), and the precision ladder`, () => {
      const act = resolveActivation(name);
      const d = casDerivatives(act, 6).derivatives;
      const x = '0.37';
      const ref = act.derivatives(x, 6, precision(80));
      d.forEach((e, k) => {
        const v = evaluateExpr(e, { x }, p);
        expect(v.minus(ref[k]!).abs().lte(ref[k]!.abs().times('1e-48').plus('1e-60')), `σ^(${k})`).toBe(true);
      });
      const h = new p.D('1e-12');
      for (let k = 1; k <= 6; k++) {
        const up = evaluateExpr(d[k - 1]!, { x: new p.D(x).plus(h).toString() }, p);
        const dn = evaluateExpr(d[k - 1]!, { x: new p.D(x).minus(h).toString() }, p);
        const fd = up.minus(dn).div(h.times(2));
        const exact = evaluateExpr(d[k]!, { x }, p);
        expect(fd.minus(exact).abs().lte(exact.abs().plus(1).times('1e-20')), `FD σ^(${k})`).toBe(true);
      }
      const lo = evaluateExpr(d[6]!, { x }, precision(40));
      const hi = evaluateExpr(d[6]!, { x }, precision(60));
      expect(lo.eq(hi.toSignificantDigits(40))).toBe(true);
    });
  }

  it('mathjs gives a second opinion where it can differentiate, and says so where it cannot (erf)', () => {
    const tanh = resolveActivation('tanh');
    const op = mathjsSecondOpinion(tanh, casDerivatives(tanh, 2).derivatives, { maxOrder: 2 });
    expect(op.kind === 'compared' && op.agree).toBe(true);
    const erf = resolveActivation('erf');
    expect(mathjsSecondOpinion(erf, casDerivatives(erf, 2).derivatives).kind).toBe('unavailable');
  });
});

describe('expressions: render, parse, LaTeX', () => {
  const atom = fc.constantFrom('z', 'delta', 'c', 'a', 's2', '3', '1/7', 'pi', 'exp(z)', 'erf(delta)');
  const exprText = fc.letrec((tie) => ({
    e: fc.oneof(
      { depthSize: 'small' },
      atom,
      fc
        .tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e'))
        .map(([l, op, r]) => `(${l})${op}(${r})`),
      tie('e').map((x) => `-(${x})`),
      tie('e').map((x) => `(${x})^2`),
    ),
  })).e as fc.Arbitrary<string>;

  fcTest.prop([exprText], { numRuns: 60, seed: 4242 })(
    'render ∘ parse is a fixed point and keeps the value',
    (text) => {
      const e = parseExpr(text);
      const r = renderExpr(e);
      expect(renderExpr(parseExpr(r))).toBe(r);
      const scope = { z: '0.3', delta: '-1.1', c: '0.7', a: '2', s2: '-0.4' };
      const p = precision(30);
      let a;
      try {
        a = evaluateExpr(e, scope, p);
      } catch {
        return; // division by zero in a random tree
      }
      expect(evaluateExpr(parseExpr(r), scope, p).eq(a)).toBe(true);
    },
  );

  it('rewrites CAS output into the grammar (e^u → exp, sech → 1/cosh) and prints σ derivatives in LaTeX', () => {
    expect(renderExpr(parseExpr('e^(-x^2)*sech(x)^2'))).toBe('exp(-x^2)*(1/cosh(x))^2');
    expect(latexExpr(parseExpr('c*s0 + a*delta*s1 + s5'))).toBe(
      "c\\,\\sigma(z) + a\\,\\delta\\,\\sigma'(z) + \\sigma^{(5)}(z)",
    );
    expect(() => parseExpr('gamma(x)')).toThrow(/outside the grammar/);
  });
});
