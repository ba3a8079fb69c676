import { fc, test } from '@fast-check/vitest';
import type { Decimal } from 'decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registeredActivations, resolveActivation } from '../../src/activations/index.js';
import { precision, roundTo, type Precision } from '../../src/precision/context.js';
import {
  TranscendentalCounter,
  decimalField,
  derivativesFromJet,
  jetArithmetic,
} from '../../src/precision/jet/index.js';
import { agrees, digitsAgreeing, scaleOf } from './helpers.js';

// The Decimal fast path (closed forms of σ … σ‴ from one or two correctly rounded special-function values) against
// three independent references: the jet path (Taylor-mode recurrences, a different algorithm) at p + 20 digits,
// central differences of the fast path itself at 100 digits, and the SymPy/mpmath golden file.
const SMOOTH = registeredActivations().filter((n) => resolveActivation(n).smooth);

/** σ … σ^(order) by the jet path at `digits` (bypasses the fast path), rounded to `digits`. */
function byJet(name: string, x: Decimal.Value, order: number, digits: number): Decimal[] {
  const w = precision(digits + 15);
  const J = jetArithmetic(decimalField(w), order);
  const y = resolveActivation(name).jet(J, J.variable(new w.D(x)));
  return derivativesFromJet(J.field, y).map((v) => roundTo(precision(digits), v));
}

function expectAgree(
  name: string,
  x: string,
  got: readonly Decimal[],
  want: readonly Decimal[],
  p: Precision,
) {
  const scale = scaleOf(want);
  want.forEach((w, k) => {
    const g = got[k] as Decimal;
    expect(
      agrees(g, w, p.digits, scale),
      `${name}^(${k})(${x}) at ${p.digits}: fast ${g.toString()} vs ${w.toString()} (${digitsAgreeing(g, w)} digits)`,
    ).toBe(true);
  });
}

/** A random decimal in [−12, 12] with up to 25 significant digits, or a tiny one. */
const point = fc.oneof(
  fc
    .tuple(fc.integer({ min: -12_000, max: 12_000 }), fc.integer({ min: 0, max: 10 ** 9 }))
    .map(
      ([i, f]) =>
        `${i < 0 ? '-' : ''}${Math.floor(Math.abs(i) / 1000)}.${String(Math.abs(i) % 1000).padStart(3, '0')}` +
        String(f).padStart(9, '0'),
    ),
  fc.integer({ min: 1, max: 999 }).map((m) => `${m}e-${m % 40}`),
);

describe('fast path (orders 0–3) against the jet path at p + 20 digits', () => {
  for (const name of SMOOTH) {
    test.prop([point, fc.constantFrom(30, 60), fc.integer({ min: 0, max: 3 })], { numRuns: 12, seed: 7 })(
      name,
      (x, digits, order) => {
        const p = precision(digits);
        const got = resolveActivation(name).derivatives(x, order, p);
        expect(got).toHaveLength(order + 1);
        expectAgree(name, x, got, byJet(name, x, order, digits + 20), p);
      },
    );
  }

  it('tails: relative accuracy far out (no 1 − t², 1 − σ or 1 + erf cancellation)', () => {
    const p = precision(40);
    for (const name of SMOOTH) {
      for (const x of ['-60', '-17.5', '17.5', '60']) {
        const got = resolveActivation(name).derivatives(x, 3, p);
        const want = byJet(name, x, 3, 60);
        want.forEach((w, k) => {
          // Relative agreement of every derivative, whatever the scale of the others.
          expect(
            agrees(got[k] as Decimal, w, 40, 0),
            `${name}^(${k})(${x}): ${digitsAgreeing(got[k]!, w)}`,
          ).toBe(true);
        });
      }
    }
  });
});

describe('fast path against central differences of itself (h = 1e−20 at 100 digits)', () => {
  const P = precision(100);
  const H = new P.D('1e-20');
  for (const name of SMOOTH) {
    it(name, () => {
      const act = resolveActivation(name);
      for (const x of ['-3.1', '-0.6', '0.05', '0.9', '2.2']) {
        const X = new P.D(x);
        const at = act.derivatives(X, 3, P);
        const up = act.derivatives(X.plus(H), 2, P);
        const down = act.derivatives(X.minus(H), 2, P);
        const scale = scaleOf(at);
        for (let k = 0; k < 3; k++) {
          const fd = (up[k] as Decimal).minus(down[k] as Decimal).div(H.times(2));
          const want = at[k + 1] as Decimal;
          expect(
            agrees(fd, want, 35, scale, { absMargin: 0 }),
            `${name}^(${k + 1})(${x}) = ${want.toString()} vs difference ${fd.toString()}`,
          ).toBe(true);
        }
      }
    });
  }
});

describe('fast path against the SymPy/mpmath golden derivatives (orders 0–3)', () => {
  const golden = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'fixtures', 'activation-golden.json'), 'utf8'),
  ) as { readonly cases: readonly { name: string; x: string; digits: number; derivatives: string[] }[] };
  it('every golden case to one unit in the last place', () => {
    for (const c of golden.cases) {
      const p = precision(c.digits);
      const want = c.derivatives.slice(0, 4).map((s) => new (precision(c.digits + 30).D)(s));
      const scale = scaleOf(c.derivatives.map((s) => new (precision(c.digits + 30).D)(s)));
      const got = resolveActivation(c.name).derivatives(c.x, 3, p);
      want.forEach((w, k) => {
        const g = got[k] as Decimal;
        expect(
          agrees(g, w, c.digits, scale, { ulps: 1 }),
          `${c.name}^(${k})(${c.x}) at ${c.digits}: ${g.toString()} vs ${w.toString()} (${digitsAgreeing(g, w)})`,
        ).toBe(true);
      });
    }
  });

  it('records one special-function evaluation per needed function', () => {
    const counts = (name: string, order: number): number => {
      const counter = new TranscendentalCounter();
      resolveActivation(name).derivatives('0.3', order, precision(30), { counter });
      return counter.total;
    };
    for (const name of ['tanh', 'sigmoid', 'silu'])
      expect([0, 1, 3].map((k) => counts(name, k))).toEqual([1, 1, 1]);
    expect([0, 3].map((k) => counts('softplus', k))).toEqual([1, 2]);
    expect([0, 3].map((k) => counts('erf', k))).toEqual([1, 2]);
    expect([0, 3].map((k) => counts('gelu', k))).toEqual([1, 2]);
    expect([0, 3].map((k) => counts('g', k))).toEqual([2, 3]);
  });
});
