import { describe, expect, it } from 'vitest';
import { registeredActivations, resolveActivation } from '../../src/activations/index.js';
import { fromDouble, precision } from '../../src/precision/context.js';

// Float64 values and derivatives (closed forms up to order 3, float64 jets beyond) against the Decimal ones at
// 30 digits: relative 1e−12 wherever a value is not tiny next to the other derivatives at that point (> 1e−8 of
// the largest), absolute 1e−14 of that scale otherwise (near a zero of σ^(k) the relative error is unbounded
// in any arithmetic).
const P = precision(30);
const REL = 1e-12;

function grid(limit: number, step: number): number[] {
  const xs: number[] = [];
  for (let x = -limit; x <= limit; x += step) xs.push(x);
  return xs;
}

const WIDE = grid(40, 0.625);
const LIMITS: Record<string, number> = { erf: 10, gelu: 10 };
// Formulas without cancellations of their own (log(cosh(x)) loses digits in any precision: see ladder.test.ts).
const FORMULAS = ['sqrt(1 + x^2)', 'x^3/3 + tanh(2*x)', 'exp(-x^2/2)', 'erf(x/sqrt(2))', 'x/(1+exp(-x))'];

describe('float64 derivatives agree with Decimal', () => {
  for (const name of [...registeredActivations(), ...FORMULAS]) {
    it(name, () => {
      const act = resolveActivation(name);
      const limit = LIMITS[name] ?? (act.kind === 'formula' ? 8 : 40);
      let worst = 0;
      for (const x of WIDE.filter((v) => Math.abs(v) <= limit)) {
        if (!act.smooth && x === 0) continue;
        const want = act.derivatives(fromDouble(P, x), 6, P).map((v) => v.toNumber());
        const scale = Math.max(...want.map(Math.abs));
        for (const order of [0, 1, 2, 3, 6]) {
          const got = act.derivatives64(x, order);
          expect(got).toHaveLength(order + 1);
          for (let k = 0; k <= order; k++) {
            const g = got[k]!;
            const w = want[k]!;
            const err = Math.abs(g - w);
            if (Math.abs(w) > 1e-8 * scale) {
              worst = Math.max(worst, err / Math.abs(w));
              expect(err, `${name}^(${k})(${x}) [order ${order}]: ${g} vs ${w}`).toBeLessThanOrEqual(
                REL * Math.abs(w),
              );
            } else {
              expect(err, `${name}^(${k})(${x}) [order ${order}]: ${g} vs ${w}`).toBeLessThanOrEqual(
                1e-14 * scale,
              );
            }
          }
        }
        expect(Math.abs(act.value64(x) - want[0]!)).toBeLessThanOrEqual(REL * Math.abs(want[0]!) + 1e-300);
      }
      // Most points are far better than the tolerance; a jump here means a closed form lost its accuracy.
      expect(worst).toBeLessThan(REL);
    });
  }

  it('tails keep their relative accuracy (no 1 − tanh², 1 − σ or 1 + erf cancellations)', () => {
    const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
    const d = (name: string, x: number, order: number): number[] =>
      Array.from(resolveActivation(name).derivatives64(x, order));
    const ref = (name: string, x: number, order: number): number[] =>
      resolveActivation(name)
        .derivatives(fromDouble(P, x), order, P)
        .map((v) => v.toNumber());
    for (const [name, x] of [
      ['tanh', 25],
      ['sigmoid', 35],
      ['softplus', -35],
      ['gelu', -9],
      ['erf', 9],
      ['silu', -30],
    ] as const) {
      const got = d(name, x, 3);
      const want = ref(name, x, 3);
      for (let k = 1; k <= 3; k++) expect(rel(got[k]!, want[k]!), `${name}^(${k})(${x})`).toBeLessThan(1e-13);
    }
  });

  it('derivatives64 can write into a caller-owned buffer (no allocation in hot loops)', () => {
    const buffer = new Float64Array(8).fill(42);
    for (const name of [...registeredActivations(), 'x^3/3 + tanh(2*x)']) {
      const act = resolveActivation(name);
      for (const order of [0, 2, 3, 6]) {
        const out = act.derivatives64(1.25, order, buffer);
        expect(out).toBe(buffer);
        expect(Array.from(out.subarray(0, order + 1))).toEqual(Array.from(act.derivatives64(1.25, order)));
      }
    }
    expect(() => resolveActivation('tanh').derivatives64(0.5, 8, buffer)).toThrow(RangeError);
  });
});
