import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/index.js';
import {
  NonSmoothError,
  parseFormula,
  registeredActivations,
  renderFormula,
  resolveActivation,
} from '../../src/activations/index.js';
import { precision } from '../../src/precision/context.js';
import { TranscendentalCounter } from '../../src/precision/jet/index.js';
import { agrees, digitsAgreeing, scaleOf } from './helpers.js';

const P = precision(50);

function expectInputError(run: () => unknown, ...mentions: string[]): void {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected an InputError mentioning ${mentions.join(', ')}`).toBeInstanceOf(InputError);
  for (const m of mentions) expect((caught as Error).message).toContain(m);
}

function expectSame(a: string, b: string, xs: readonly string[], order = 6): void {
  const A = resolveActivation(a);
  const B = resolveActivation(b);
  for (const x of xs) {
    const va = A.derivatives(x, order, P);
    const vb = B.derivatives(x, order, P);
    const scale = scaleOf(vb);
    va.forEach((v, k) => {
      const w = vb[k]!;
      expect(
        agrees(v, w, P.digits, scale),
        `${a} vs ${b}, order ${k} at ${x}: ${v} vs ${w} (${digitsAgreeing(v, w)})`,
      ).toBe(true);
    });
  }
}

describe('formula activations', () => {
  const XS = ['-3.5', '-0.7', '0', '0.25', '1.5', '4'];

  it('equal the registered activations when they are the same function', () => {
    expectSame('tanh(x)', 'tanh', XS);
    expectSame('erf(x/sqrt(2))', 'erf', XS);
    expectSame('x/(1+exp(-x))', 'silu', XS);
    expectSame('1/(1+exp(-x))', 'sigmoid', XS);
    expectSame('sigmoid(x)', 'sigmoid', XS);
    expectSame('softplus(x)', 'softplus', XS);
    expectSame('sigmoid(4x) + softplus(x)', 'g', XS);
    expectSame('x*(1+erf(x/sqrt(2)))/2', 'gelu', XS);
    expectSame('x*erfc(-x/sqrt(2))/2', 'gelu', XS);
    expectSame('(exp(x)-exp(-x))/(exp(x)+exp(-x))', 'tanh', XS);
    expectSame('sinh(x)/cosh(x)', 'tanh', XS);
    expectSame('2*sigmoid(2*x) - 1', 'tanh', XS);
  });

  it("every registered activation's `formula` parses back to the same function", () => {
    for (const name of registeredActivations()) {
      const act = resolveActivation(name);
      const xs = act.smooth ? XS : XS.filter((x) => x !== '0');
      expectSame(act.formula, name, xs, act.smooth ? 6 : 3);
    }
  });

  it('read numbers exactly and know pi and e', () => {
    expect(resolveActivation('0.1*x').derivatives('1', 1, P).map(String)).toEqual(['0.1', '0.1']);
    expect(resolveActivation('x^3').derivatives('2', 4, P).map(String)).toEqual(['8', '12', '12', '6', '0']);
    expect(resolveActivation('x^-2').derivatives('-2', 1, P).map(String)).toEqual(['0.25', '0.25']);
    const pi = resolveActivation('pi + 0*x').value('0', P);
    expect(pi.toString()).toBe('3.1415926535897932384626433832795028841971693993751');
    expectSame('e^x', 'exp(x)', XS);
    expectSame('e^(2x)', 'exp(x)^2', XS);
    expectSame('2^x', 'exp(x*log(2))', XS);
    expectSame('(2+x^2)^x', 'exp(x*log(2+x^2))', XS);
    expectSame('sqrt(2 + x^2)', '(2 + x^2)^0.5', XS);
    expectSame('-x^2', '-(x^2)', XS);
    expectSame('+x - -x', '2*x', XS);
    expectSame('log(cosh(x))', 'log(cosh(x))', XS);
  });

  it('render a canonical formula that parses to the same tree', () => {
    for (const text of [
      'x^3/3 + tanh(2 x)',
      '-x^2',
      '(-x)^2',
      'x - (y0)'.replace('y0', 'x - 1'),
      '2^-x',
      'a'.replace('a', '1/(2/x)'),
      'x^2^3',
    ]) {
      const tree = parseFormula(text);
      expect(parseFormula(renderFormula(tree))).toEqual(tree);
    }
    expect(resolveActivation('x^3/3 + tanh(2 x)').formula).toBe('x^3/3 + tanh(2*x)');
    expect(resolveActivation('  log(cosh(x)) ').name).toBe('log(cosh(x))');
  });

  it('count one transcendental evaluation per node at the base point, whatever the order', () => {
    const counts = (name: string, order: number): number => {
      const counter = new TranscendentalCounter();
      resolveActivation(name).derivatives('0.3', order, P, { counter });
      return counter.total;
    };
    for (const order of [0, 1, 8]) {
      expect(counts('tanh', order)).toBe(1);
      expect(counts('sigmoid', order)).toBe(1);
      expect(counts('silu', order)).toBe(1);
      expect(counts('log(cosh(x))', order)).toBe(2);
    }
    // softplus needs σ beside its value (softplus′ = σ), erf needs e^(−u²): two each from order 1 on.
    expect(counts('softplus', 0)).toBe(1);
    expect(counts('softplus', 5)).toBe(2);
    expect(counts('erf', 5)).toBe(2);
    expect(counts('gelu', 5)).toBe(2);
    expect(counts('g', 5)).toBe(3);
    expect(counts('relu', 5)).toBe(0);
  });
});

describe('error paths', () => {
  it('unknown functions and symbols name the offending part', () => {
    expectInputError(() => resolveActivation('foo(x)'), 'unknown function "foo"', 'foo(x)');
    expectInputError(() => resolveActivation('x + y'), 'unknown symbol "y"', '"x + y"');
    expectInputError(() => resolveActivation('tanh(x) + Infinity'), 'unknown symbol "Infinity"');
    expectInputError(() => resolveActivation('gamma(x)'), 'unknown function "gamma"', 'supported: exp, log');
  });

  it('empty input and syntax errors', () => {
    expectInputError(() => resolveActivation(''), 'empty activation', 'tanh, sigmoid');
    expectInputError(() => resolveActivation('   '), 'empty activation');
    expectInputError(() => resolveActivation('x +'), 'cannot parse formula "x +"', 'char');
    expectInputError(() => resolveActivation('tanh(x'), 'cannot parse formula');
    expectInputError(() => parseFormula(''), 'empty formula');
  });

  it('unsupported syntax', () => {
    expectInputError(() => resolveActivation('a = 3'), 'assignment');
    expectInputError(() => resolveActivation('f(x) = x'), 'function definition');
    expectInputError(() => resolveActivation('[x, 1]'), 'matrix');
    expectInputError(() => resolveActivation('x % 3'), 'unsupported operator "%"');
    expectInputError(() => resolveActivation('x!'), 'unsupported operator "!"');
    expectInputError(() => resolveActivation('x > 0'), 'unsupported operator ">"');
    expectInputError(() => resolveActivation('x ? 1 : 2'), 'conditional');
    expectInputError(() => resolveActivation('log(x, 2)'), 'log takes one argument', 'log(x)/log(base)');
    expectInputError(() => resolveActivation('exp()'), 'exp takes one argument');
    expectInputError(() => resolveActivation('"x"'), 'unsupported constant');
  });

  it('an unknown bare name is an unknown activation, listing the registered ones', () => {
    expectInputError(
      () => resolveActivation('nosuch'),
      'unknown activation "nosuch" (registered: tanh, sigmoid, softplus, erf, g, gelu, silu, relu; or give a formula in x)',
    );
    expectInputError(() => resolveActivation('Tanh'), 'unknown activation "Tanh"');
    expect(resolveActivation('x').derivatives('3', 2, P).map(String)).toEqual(['3', '1', '0']);
  });

  it('points outside the domain name the sub-formula and the point', () => {
    expectInputError(
      () => resolveActivation('log(x - 2)').derivatives('1', 2, P),
      'x = 1',
      'log(x - 2)',
      'non-positive',
    );
    expectInputError(() => resolveActivation('1/x').value('0', P), 'x = 0', 'division by zero');
    expectInputError(() => resolveActivation('sqrt(x)').value64(-4), 'x = -4', 'sqrt(x)');
    expectInputError(() => resolveActivation('x^0.5').derivatives64(-1, 4), 'x = -1', 'non-integer power');
  });

  it('relu at 0 (and abs where its argument changes sign) reports non-smoothness', () => {
    const relu = resolveActivation('relu');
    expect(relu.smooth).toBe(false);
    expect(relu.derivatives('0', 0, P).map(String)).toEqual(['0']);
    const outcome = relu.tryDerivatives('0', 3, P);
    expect(outcome.kind).toBe('non-smooth');
    if (outcome.kind === 'non-smooth') {
      expect(outcome.undefinedFrom).toBe(1);
      expect(outcome.defined.map(String)).toEqual(['0']);
    }
    expect(() => relu.derivatives('0', 1, P)).toThrow(NonSmoothError);
    expectInputError(() => relu.derivatives('0', 1, P), 'relu', 'x = 0', 'order 1');
    expectInputError(() => relu.derivatives64(0, 2), 'relu', 'x = 0');
    // Everywhere else its jet is exact.
    expect(relu.derivatives('1e-40', 3, P).map(String)).toEqual(['1e-40', '1', '0', '0']);
    expect(relu.derivatives('-2', 3, P).map(String)).toEqual(['0', '0', '0', '0']);
    expect(Array.from(relu.derivatives64(2.5, 5))).toEqual([2.5, 1, 0, 0, 0, 0]);

    const abs = resolveActivation('abs(x - 1)');
    expect(abs.smooth).toBe(false);
    expect(abs.tryDerivatives('1', 2, P).kind).toBe('non-smooth');
    expect(abs.derivatives('0.5', 2, P).map(String)).toEqual(['0.5', '-1', '0']);
    // |x³| has σ′(0) = σ″(0) = 0 and no σ‴(0); |x²| = x² is smooth.
    const cube = resolveActivation('abs(x^3)').tryDerivatives('0', 5, P);
    expect(cube.kind === 'non-smooth' && cube.undefinedFrom).toBe(3);
    expect(resolveActivation('abs(x^2)').derivatives('0', 3, P).map(String)).toEqual(['0', '0', '2', '0']);
    // x^2.5 at 0: σ, σ′, σ″ are 0, σ‴ is infinite.
    const p25 = resolveActivation('x^2.5').tryDerivatives('0', 4, P);
    expect(p25.kind === 'non-smooth' && p25.undefinedFrom).toBe(1);
  });
});
