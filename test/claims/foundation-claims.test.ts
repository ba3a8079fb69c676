import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Activation } from '../../src/activations/index.js';
import { registeredActivations, resolveActivation } from '../../src/activations/index.js';
import { activationDerivatives } from '../../src/claims/activation-derivatives.js';
import { isPassing } from '../../src/claims/claim.js';
import { finiteDifferenceIdentity } from '../../src/claims/finite-difference-identity.js';
import { gluLimit } from '../../src/claims/glu-limit.js';
import type { Precision } from '../../src/precision/context.js';

const smooth = registeredActivations().filter((name) => resolveActivation(name).smooth);

describe('foundation claims hold for every smooth registered activation (40 digits, seed 1)', () => {
  it('there are smooth activations to check', () => expect(smooth.length).toBeGreaterThanOrEqual(7));
  for (const name of smooth) {
    for (const claim of [activationDerivatives, finiteDifferenceIdentity, gluLimit]) {
      it(`${claim.id} on ${name}`, () => {
        const v = claim.check({ digits: 40, activation: resolveActivation(name), seed: 1 });
        expect(isPassing(v.kind), `${v.kind}: ${v.summary}`).toBe(true);
      });
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
});
