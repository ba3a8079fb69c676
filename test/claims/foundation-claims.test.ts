import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Activation } from '../../src/activations/index.js';
import { registeredActivations, resolveActivation } from '../../src/activations/index.js';
import { activationDerivatives } from '../../src/claims/activation-derivatives.js';
import { isPassing } from '../../src/claims/claim.js';
import { finiteDifferenceIdentity } from '../../src/claims/finite-difference-identity.js';
import { gluLimit } from '../../src/claims/glu-limit.js';
import { lossDerivatives } from '../../src/claims/loss-derivatives.js';
import { flowIntegrators } from '../../src/claims/flow-integrators.js';
import type { Precision } from '../../src/precision/context.js';
import { itLong } from '../_support/tier.js';

const smooth = registeredActivations().filter((name) => resolveActivation(name).smooth);
/**
 * activation-derivatives costs 1–5 s of CPU per activation (every derivative path against Richardson differences
 * at higher precision): the default tier checks it on these two, the long tier on every smooth activation.
 */
const DEFAULT_TIER_DERIVATIVES: readonly string[] = ['tanh', 'silu'];

describe('foundation claims hold for every smooth registered activation (40 digits, seed 1)', () => {
  it('there are smooth activations to check', () => expect(smooth.length).toBeGreaterThanOrEqual(7));
  for (const name of smooth) {
    for (const claim of [activationDerivatives, finiteDifferenceIdentity, gluLimit]) {
      const holds = (): void => {
        const v = claim.check({ digits: 40, activation: resolveActivation(name), seed: 1 });
        expect(isPassing(v.kind), `${v.kind}: ${v.summary}`).toBe(true);
      };
      if (claim === activationDerivatives && !DEFAULT_TIER_DERIVATIVES.includes(name))
        itLong(`${claim.id} on ${name}`, holds);
      else it(`${claim.id} on ${name}`, holds);
    }
  }
});

describe('claims fail when their hypotheses or the code under test fail', () => {
  it('the GLU limit is not applicable to relu', () => {
    const v = gluLimit.check({ digits: 40, activation: resolveActivation('relu'), seed: 1 });
    expect(v.kind).toBe('not-applicable');
  });

  // A tanh whose second derivative is off by one part in 10³⁰: invisible in float64, caught at 40 digits.
  const tanh = resolveActivation('tanh');
  const corrupted: Activation = {
    ...tanh,
    name: 'tanh-corrupted',
    derivatives: (x: Decimal.Value, order: number, p: Precision): Decimal[] =>
      tanh.derivatives(x, order, p).map((v, k) => (k === 2 ? v.times(new p.D('1e-30').plus(1)) : v)),
  };

  it('activation-derivatives refutes a derivative wrong in the 30th digit', () => {
    const v = activationDerivatives.check({ digits: 40, activation: corrupted, seed: 1 });
    expect(v.kind).toBe('refuted');
  });

  // Each path a user can reach is checked on its own: a fault in one of them alone is refuted and named.
  const faults: readonly [string, Partial<Activation>][] = [
    // The closed-form fast path (orders ≤ 3) only: σ‴ one unit off in the last of the requested digits.
    [
      'closed forms',
      {
        derivatives: (x: Decimal.Value, order: number, p: Precision): Decimal[] =>
          tanh
            .derivatives(x, order, p)
            .map((v, k) => (order <= 3 && k === 3 ? v.plus(new p.D(10).pow(v.e - p.digits + 1)) : v)),
      },
    ],
    // The jets (order 5 requested) only: σ⁗ relatively off by 1e-35.
    [
      'jets',
      {
        derivatives: (x: Decimal.Value, order: number, p: Precision): Decimal[] =>
          tanh
            .derivatives(x, order, p)
            .map((v, k) => (order > 3 && k === 4 ? v.times(new p.D('1e-35').plus(1)) : v)),
      },
    ],
    // σ itself in float64, 1e-12 relative off (a few thousand ulps).
    ['float64 value', { value64: (x: number): number => Math.tanh(x) * (1 + 1e-12) }],
    // The float64 closed forms: σ″ off by 1e-11 relative.
    [
      'float64 closed forms',
      {
        derivatives64: (x: number, order: number): Float64Array => {
          const out = tanh.derivatives64(x, order);
          if (order <= 3 && order >= 2) out[2] = (out[2] ?? 0) * (1 + 1e-11);
          return out;
        },
      },
    ],
  ];
  for (const [path, fault] of faults) {
    it(`activation-derivatives refutes a fault in the ${path} path alone, and names it`, () => {
      const v = activationDerivatives.check({
        digits: 40,
        activation: { ...tanh, ...fault, name: `tanh-${path}` },
        seed: 1,
      });
      expect(v.kind).toBe('refuted');
      expect(String(v.evidence['worstAt'])).toMatch(new RegExp(`^${path}`));
    });
  }

  it('loss-derivatives holds for tanh and erf, and refutes a σ″ off in the 30th digit (through the Hessian)', () => {
    for (const name of ['tanh', 'erf']) {
      const v = lossDerivatives.check({ digits: 40, activation: resolveActivation(name), seed: 1 });
      expect(v.kind, v.summary).toBe('verified');
    }
    const v = lossDerivatives.check({ digits: 40, activation: corrupted, seed: 1 });
    expect(v.kind).toBe('refuted');
    expect(v.summary).toMatch(/∇²L/);
  });

  it('flow-integrators verifies every method against its own midpoint extrapolation', () => {
    const v = flowIntegrators.check({ digits: 40, activation: tanh, seed: 1 });
    expect(v.kind, v.summary).toBe('verified');
    expect(v.evidence['methods']).toHaveLength(4);
  });

  it('finite-difference-identity refutes σ off in the 35th digit (it compares with an independent σ)', () => {
    const off: Activation = {
      ...tanh,
      name: 'tanh-value-off',
      value: (x: Decimal.Value, p: Precision): Decimal => tanh.value(x, p).times(new p.D('1e-35').plus(1)),
    };
    const v = finiteDifferenceIdentity.check({ digits: 40, activation: off, seed: 1 });
    expect(v.kind).toBe('refuted');
  });

  it('activation-derivatives checks a user formula against its own formula, and is inconclusive off its domain', () => {
    const ok = activationDerivatives.check({
      digits: 30,
      activation: resolveActivation('log(cosh(x))'),
      seed: 1,
    });
    expect(ok.kind, ok.summary).toBe('verified');
    const none = activationDerivatives.check({
      digits: 30,
      activation: resolveActivation('log(x - 100)'),
      seed: 1,
    });
    expect(none.kind).toBe('inconclusive');
  });
});
