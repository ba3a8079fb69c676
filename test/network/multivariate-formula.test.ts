import { describe, expect, it } from 'vitest';
import { multivariateFormula } from '../../src/activations/formula/multivariate-formula.js';
import { parseFormula } from '../../src/activations/formula/parse-formula.js';
import { renderFormula } from '../../src/activations/formula/render-formula.js';
import { InputError } from '../../src/errors.js';
import { precision } from '../../src/precision/context.js';

const p = precision(40);
const D = precision(80).D;

describe('formulas in several variables (target formulas)', () => {
  it('evaluates at a point, variables by name, constant sub-formulas folded without changing the value', () => {
    const f = multivariateFormula('x1*x2^2 + log(10)*sin(x3) - sqrt(2)', ['x1', 'x2', 'x3']);
    const [a, b, c] = [new D('0.3'), new D('-1.7'), new D('2.25')];
    const want = a.times(b.pow(2)).plus(new D(10).ln().times(c.sin())).minus(new D(2).sqrt());
    const got = f.value(['0.3', '-1.7', '2.25'], p);
    expect(got.minus(want).abs().lte(want.abs().times('1e-39'))).toBe(true);
    // Same value at a second precision (folding is per precision).
    const got60 = f.value(['0.3', '-1.7', '2.25'], precision(60));
    expect(got60.minus(want).abs().lte(want.abs().times('1e-59'))).toBe(true);
    expect(f.formula).toBe('x1*x2^2 + log(10)*sin(x3) - sqrt(2)');
  });

  it('constant expressions have no variables', () => {
    const f = multivariateFormula('-pi/4', []);
    expect(f.value([], p).plus(new D(-1).acos().div(4)).abs().lt('1e-39')).toBe(true);
    expect(() => multivariateFormula('x + 1', [])).toThrow(/no variables are allowed here/);
  });

  it('names unknown symbols with the variables allowed, and domain errors with the point', () => {
    expect(() => multivariateFormula('x1 + y', ['x1', 'x2'])).toThrow(
      /unknown symbol "y".*the variables are x1, x2/,
    );
    expect(() => multivariateFormula('log(x1 - x2)', ['x1', 'x2']).value(['1', '1'], p)).toThrow(InputError);
    expect(() => multivariateFormula('log(x1 - x2)', ['x1', 'x2']).value(['1', '1'], p)).toThrow(
      /x1 = 1, x2 = 1/,
    );
  });

  it('leaves the single-variable language unchanged (x only, rendered as x)', () => {
    expect(() => parseFormula('2x + x1')).toThrow(/unknown symbol "x1".*the variable is x;/);
    const tree = parseFormula('2x + tanh(x)');
    expect(renderFormula(tree)).toBe('2*x + tanh(x)');
    expect(JSON.stringify(tree)).not.toContain('index');
  });
});
