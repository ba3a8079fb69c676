import { createRequire } from 'node:module';
import type { FactoryFunctionMap, MathJsInstance } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { precision } from '../../src/precision/context.js';
import { evaluateExpr, parseExpr, renderExpr, type Expr } from '../../src/symbolic/expr.js';
import { gluExpansion } from '../../src/symbolic/glu-expansion.js';
import { simplifyExpr } from '../../src/symbolic/simplify-expr.js';
import { runInProcess as run } from '../docs/run-cli.js';

// The independent evaluator: mathjs in float64 parses the printed text itself (not our Expr tree), so a
// simplification that changed the value, or a printed text that does not mean what the tree means, shows up.
const mathjs = ((): MathJsInstance => {
  const { all, create } = createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
  return create(all as FactoryFunctionMap, {});
})();

const p40 = precision(40);
/** The CAS's own (unsimplified) expression at 40 digits, by the toolkit's evaluator. */
const reference = (e: Expr, scope: Record<string, string>): number => Number(evaluateExpr(e, scope, p40));
const independent = (text: string, scope: Record<string, string>): number =>
  Number(
    mathjs.evaluate(
      text,
      Object.fromEntries(Object.entries(scope).map(([k, v]) => [k, Number(v)])),
    ) as number,
  );

const POINTS: readonly Record<string, string>[] = [
  { z: '-1.3', delta: '0.7', c: '1.5', a: '-0.4' },
  { z: '0.4', delta: '-1.1', c: '-2', a: '0.9' },
  { z: '2.1', delta: '0.35', c: '0.6', a: '1.7' },
  { z: '-0.05', delta: '2', c: '1', a: '1' },
];

/** Marks of an unsimplified CAS form: negative or nested powers of roots, reciprocals raised to a power, x*1. */
const UNSIMPLIFIED = [/\^\(-/, /sqrt\(\d+\)\^/, /\(1\/[^()]*\([^()]*\)\)\^/, /\*1\*/, /\*1\b(?!\.)/, /--/];

describe('simplifyExpr: what glu prints', () => {
  it('the issue’s example and the shapes nerdamer produces', () => {
    const show = (t: string): string => renderExpr(simplifyExpr(parseExpr(t)));
    expect(show('sqrt(2)^(-1)*exp(-sqrt(2)^(-2)*z^2)')).toBe('exp(-z^2/2)/sqrt(2)');
    expect(show('(1/cosh(z))^2')).toBe('1/cosh(z)^2');
    expect(show('2*sqrt(2)^(-1)')).toBe('sqrt(2)');
    expect(show('sqrt(2)^(-3)')).toBe('1/(2*sqrt(2))');
    expect(show('1/2*c*delta^2*s2 + 1/6*a*delta^3*s3')).toBe('c*delta^2*s2/2 + a*delta^3*s3/6');
    expect(show('x*y - y*x')).toBe('0');
    expect(show('(1 + exp(-z))^(-2)*exp(-z)')).toBe('exp(-z)/(1 + exp(-z))^2');
  });

  it('identities that would change the value where the original is real are not used', () => {
    const show = (t: string): string => renderExpr(simplifyExpr(parseExpr(t)));
    // √(z²) = |z|, not z; (z²)^(1/2) likewise; (z^(1/2))^2 = z only for z ≥ 0, which is where it is real.
    expect(show('sqrt(z^2)')).toBe('sqrt(z^2)');
    expect(show('(z^2)^(1/2)')).toBe('(z^2)^(1/2)');
    expect(show('sqrt(-4*z)')).toBe('sqrt(-4*z)');
    expect(show('sqrt(4*exp(z))')).toBe('2*sqrt(exp(z))');
  });

  const builtins = ['tanh', 'sigmoid', 'softplus', 'erf', 'g', 'gelu', 'silu'] as const;
  it.each(builtins)(
    '%s: every printed coefficient is simplified and equals the CAS form at 4 points',
    (name) => {
      const expansion = gluExpansion(resolveActivation(name), { order: 2 });
      for (const k of expansion.coefficients) {
        const original = renderExpr(k.expression);
        const printed = renderExpr(simplifyExpr(k.expression));
        for (const mark of UNSIMPLIFIED)
          expect(printed, `${name} ε^${k.power}: ${printed}`).not.toMatch(mark);
        expect(printed.length, `${printed} vs ${original}`).toBeLessThanOrEqual(original.length);
        for (const scope of POINTS) {
          const want = reference(k.expression, scope);
          const got = independent(printed, scope);
          // float64 evaluation of a few dozen operations: 1e-12 of the magnitude (plus 1e-14 for small values).
          expect(
            Math.abs(got - want),
            `${name} ε^${k.power} at ${JSON.stringify(scope)}: ${printed}`,
          ).toBeLessThan(1e-12 * Math.abs(want) + 1e-14);
        }
      }
    },
    60_000,
  );

  it('glu prints the simplified forms (text and --json)', async () => {
    const r = await run(['glu', '--activation', 'erf', '--order', '0', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { coefficients: { expression: string; latex: string }[] };
    expect(j.coefficients[1]?.expression).toBe('sqrt(2)*a*delta*exp(-z^2/2)/sqrt(pi) + c*erf(z/sqrt(2))');
    expect(j.coefficients[1]?.latex).not.toMatch(/\^\{-/);
    const t = await run(['glu', '--activation', 'tanh', '--order', '0']);
    expect(t.stdout).toContain('ε^0: a*delta/cosh(z)^2 + c*tanh(z)');
  });
});
