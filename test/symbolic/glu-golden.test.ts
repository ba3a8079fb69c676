import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { precision } from '../../src/precision/context.js';
import { casIsZero } from '../../src/symbolic/_internals/cas.js';
import { gluExpansion, gluValuesAt, parseExpr, renderExpr } from '../../src/symbolic/index.js';
import { polynomialText, toPolynomial } from './polynomial.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
interface SeriesFixture {
  readonly order: number;
  readonly coefficients: readonly { readonly power: number; readonly expression: string }[];
}
interface ValuesFixture {
  readonly order: number;
  readonly powers: readonly number[];
  readonly cases: readonly {
    readonly activation: string;
    readonly at: Readonly<Record<string, string>>;
    readonly values: readonly string[];
  }[];
}
const series = JSON.parse(readFileSync(join(fixtures, 'glu-series-generic.json'), 'utf8')) as SeriesFixture;
const golden = JSON.parse(readFileSync(join(fixtures, 'glu-values-golden.json'), 'utf8')) as ValuesFixture;

describe('glu generic, order 8, against SymPy’s series (scripts/golden/glu_series.py)', () => {
  let expansion!: ReturnType<typeof gluExpansion>;
  beforeAll(() => {
    expansion = gluExpansion('generic', { order: series.order });
  });

  it('covers the same powers ε^−1 … ε^8', () => {
    expect(expansion.coefficients.map((c) => c.power)).toEqual(series.coefficients.map((c) => c.power));
  });

  it('is symbolically equal: nerdamer expands each difference to 0', () => {
    for (const ref of series.coefficients) {
      const mine = expansion.coefficients.find((c) => c.power === ref.power);
      expect(mine, `ε^${ref.power}`).toBeDefined();
      const diff = `(${renderExpr(mine!.generic)}) - (${ref.expression})`;
      expect(casIsZero(diff), diff).toBe(true);
    }
  });

  it('has the same canonical polynomial (exact rationals, no CAS) in every coefficient', () => {
    for (const ref of series.coefficients) {
      const mine = expansion.coefficients.find((c) => c.power === ref.power)!;
      expect(polynomialText(toPolynomial(mine.generic)), `ε^${ref.power}`).toBe(
        polynomialText(toPolynomial(parseExpr(ref.expression))),
      );
    }
  });

  it('the comparison can fail: a coefficient off by one factorial is told apart', () => {
    const wrong = parseExpr('a*delta^5*s5/24 + c*delta^4*s4/24');
    const ref = series.coefficients.find((c) => c.power === 4)!;
    expect(polynomialText(toPolynomial(wrong))).not.toBe(
      polynomialText(toPolynomial(parseExpr(ref.expression))),
    );
    expect(casIsZero(`(${renderExpr(wrong)}) - (${ref.expression})`)).toBe(false);
  });
});

describe('glu values for concrete activations against SymPy series + mpmath at 50 digits', () => {
  const p = precision(50);
  for (const name of [...new Set(golden.cases.map((c) => c.activation))]) {
    it(`${name}: every coefficient at independently chosen points`, () => {
      const act = resolveActivation(name);
      const expansion = gluExpansion(act, { order: golden.order });
      for (const c of golden.cases.filter((x) => x.activation === name)) {
        const out = gluValuesAt(expansion, act, c.at, p);
        expect(out.kind).toBe('values');
        if (out.kind !== 'values') continue;
        expect(out.agreesWithJets).toBe(true);
        out.values.forEach((v, i) => {
          const ref = c.values[i] ?? 'missing';
          const expected = ref === '0' ? '0' : new p.D(ref).toSignificantDigits(50).toString();
          expect(v, `${name} ε^${golden.powers[i]} at ${JSON.stringify(c.at)}`).toBe(expected);
        });
      }
    });
  }
});
