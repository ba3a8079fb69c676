import { fc, test } from '@fast-check/vitest';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { binaryDerivativesOf, derivativeBound } from '../../src/network/_internals/binary-activation.js';
import { activationAt, activationStatistics } from '../../src/network/_internals/binary-sample.js';
import { precision } from '../../src/precision/context.js';
import type { Ball } from '../../src/precision/binary/index.js';
import { tierRuns } from '../_support/tier.js';

// The binary closed forms the Decimal loss uses for σ, σ′, σ″, σ‴, checked three ways: against the activations'
// own Decimal derivatives at 60 more digits (a ball must contain them), against central finite differences of
// the binary values themselves, and p against p + 20 (the radius shrinks with the bits asked for).
const R = precision(160);
const D = R.D;
const NAMES = ['tanh', 'sigmoid', 'softplus', 'erf', 'silu', 'g'] as const;

function value(b: Ball): Decimal {
  return new D(b.m.toString()).times(new D(2).pow(b.e));
}
function radius(b: Ball): Decimal {
  return new D(b.r.toString()).times(new D(2).pow(b.e));
}
function point(x: number): Ball {
  return { m: BigInt(Math.round(x * 2 ** 40)), r: 0n, e: -40, t: 0 };
}

describe('binary activation closed forms', () => {
  it('exist for the registered smooth activations with closed forms, not for formulas, relu or gelu', () => {
    for (const name of NAMES) expect(binaryDerivativesOf(resolveActivation(name))).toBeDefined();
    for (const name of ['relu', 'gelu', 'tanh(x)', 'x/(1 + exp(-x))'])
      expect(binaryDerivativesOf(resolveActivation(name))).toBeUndefined();
  });

  test.prop(
    [
      fc.constantFrom(...NAMES),
      fc.double({ min: -30, max: 30, noNaN: true }),
      fc.integer({ min: 60, max: 400 }),
    ],
    { numRuns: tierRuns(120) },
  )('contain the Decimal derivatives (60 digits beyond the bits asked for)', (name, x, P) => {
    const act = resolveActivation(name);
    const kernel = binaryDerivativesOf(act);
    if (kernel === undefined) throw new Error('no kernel');
    const z = point(x);
    const balls = kernel(z, 3, P);
    const digits = Math.ceil(P / 3.32) + 60;
    const ref = act.derivatives(value(z), 3, precision(digits));
    // The Decimal reference is accurate to 10^−digits of the largest derivative (activation.ts's contract).
    const scale = ref.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new D(0));
    const slack = scale.times(new D(10).pow(-digits + 2));
    const top = new D(2).pow(8 - P);
    balls.forEach((b, j) => {
      const r = ref[j] as Decimal;
      expect(value(b).minus(r).abs().lte(radius(b).plus(slack))).toBe(true);
      // p vs p + 20: the radius is a few units of 2^−P at the scale of the derivatives.
      expect(radius(b).lte(top.times(r.abs().gt(scale) ? r.abs() : scale))).toBe(true);
    });
  });

  test.prop([fc.constantFrom(...NAMES), fc.double({ min: -8, max: 8, noNaN: true })], {
    numRuns: tierRuns(40),
  })(
    'derivatives match central differences of the binary values (h = 2^−60, truncation ~2^−120)',
    (name, x) => {
      const kernel = binaryDerivativesOf(resolveActivation(name));
      if (kernel === undefined) throw new Error('no kernel');
      const P = 300;
      const h = 2 ** -60;
      const at = (dx: number): Decimal[] => {
        const z: Ball = {
          m: BigInt(Math.round(x * 2 ** 40)) * 2n ** 40n + BigInt(dx * 2 ** 80),
          r: 0n,
          e: -80,
          t: 0,
        };
        return kernel(z, 3, P).map(value);
      };
      const plus = at(h);
      const minus = at(-h);
      const mid = at(0);
      for (let j = 0; j < 3; j++) {
        const fd = (plus[j] as Decimal).minus(minus[j] as Decimal).div(new D(2).pow(-59));
        const exact = mid[j + 1] as Decimal;
        // Truncation error h²/6·|σ^(j+3)| with |σ^(j+3)| ≲ 1000 on [−8, 8]; rounding ~2^−P/h.
        expect(fd.minus(exact).abs().lte(new D(2).pow(-100))).toBe(true);
      }
    },
  );

  it('derivative bounds hold: |σ^(k)| ≤ the bound at the extrema and on a grid (k = 1, 2, 3)', () => {
    // Known extrema: tanh″ at t² = 1/3, sigmoid″ at s = (3 − √3)/6, erf″ at 1, the rest at 0 or 2-3 (grid).
    const q = precision(40);
    const extrema = [
      0,
      Math.atanh(1 / Math.sqrt(3)),
      Math.log((3 - Math.sqrt(3)) / (3 + Math.sqrt(3))),
      1,
      2.5,
    ];
    const grid = Array.from({ length: 161 }, (_, i) => -8 + i / 10);
    let checked = 0;
    for (const name of NAMES) {
      const act = resolveActivation(name);
      for (const k of [1, 2, 3]) {
        const bound = derivativeBound(act, k);
        if (bound === undefined) continue;
        let max = new D(0);
        for (const x of [...extrema, ...extrema.map((v) => -v), ...grid]) {
          const v = (act.derivatives(new q.D(x), 3, q)[k] as Decimal).abs();
          if (v.gt(max)) max = v;
        }
        expect(max.lte(bound)).toBe(true);
        // Tight to 0.1 %: a bound far above the supremum would only cost speed, but says the formula is wrong.
        expect(max.gte(bound * 0.999)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(9);
    expect(derivativeBound(resolveActivation('silu'), 3)).toBeUndefined();
    expect(derivativeBound(resolveActivation('tanh(x)'), 1)).toBeUndefined();
  });

  it('activationAt stays binary where a derivative bound is too loose (sigmoid far left: every σ^(j) tiny)', () => {
    const g = precision(70);
    const act = resolveActivation('sigmoid');
    const before = { ...activationStatistics };
    for (const x of [-80, -30.3, -5.1]) {
      for (const order of [0, 1, 2]) {
        // z read with a radius (as the loss reads w·x): the widening needs sup|σ^(order+1)| or σ^(order+1)(z).
        const z: Ball = { m: BigInt(Math.round(x * 2 ** 40)) * (1n << 220n) + 12345n, r: 5n, e: -260, t: 0 };
        activationAt(act, binaryDerivativesOf(act), z, order, 240, g);
      }
    }
    expect(activationStatistics.decimal).toBe(before.decimal);
    expect(activationStatistics.retries).toBe(before.retries);
  });

  it('activationAt falls back to the Decimal derivatives for a formula, and agrees with the binary path', () => {
    const W = 140;
    const g = precision(50);
    const z: Ball = point(0.8125);
    const before = { ...activationStatistics };
    const binary = activationAt(
      resolveActivation('tanh'),
      binaryDerivativesOf(resolveActivation('tanh')),
      z,
      2,
      W,
      g,
    );
    const viaFormula = activationAt(resolveActivation('tanh(x)'), undefined, z, 2, W, g);
    expect(activationStatistics.binary).toBe(before.binary + 1);
    expect(activationStatistics.decimal).toBe(before.decimal + 1);
    binary.forEach((b, j) => {
      const f = viaFormula[j] as { m: bigint; e: number };
      const diff = new D(b.m.toString())
        .times(new D(2).pow(b.e))
        .minus(new D(f.m.toString()).times(new D(2).pow(f.e)))
        .abs();
      expect(diff.lte(new D(2).pow(-W + 4))).toBe(true);
    });
  });
});
