import { describe, expect, it } from 'vitest';
import { registeredActivations, resolveActivation, type Activation } from '../../src/activations/index.js';
import { CLAIMS } from '../../src/claims/registry.js';

/**
 * issue 14, bar: "verify on a fresh clone: no claim reported under an activation it did not use". `verify` runs a
 * claim without `ownActivation` once per activation and labels each row with it (test/cli/verify-problem.test.ts
 * checks the plan and the distinct-check totals). Here every such claim of the registry is run with an activation
 * that records whether any of its numeric routes is touched (σ, its derivatives in Decimal or float64, its jet, or
 * its formula, which the claims' independent references evaluate) and then stops the check by throwing: a claim
 * whose numbers do not depend on the activation would reach its verdict without touching it, and its rows would
 * repeat one check under seven labels. Stopping at the first use keeps this cheap (3.9 s for its 11 claims, load ~25).
 */
class Used extends Error {}

function recording(base: Activation): { activation: Activation; used: () => string | undefined } {
  let first: string | undefined;
  const numeric = new Set([
    'value',
    'derivatives',
    'tryDerivatives',
    'value64',
    'derivatives64',
    'jet',
    'formula',
  ]);
  const activation = new Proxy(base, {
    get(target, key, receiver) {
      if (typeof key === 'string' && numeric.has(key)) {
        first ??= key;
        throw new Used(key);
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { activation, used: () => first };
}

describe('verify: every claim reported per activation uses that activation', () => {
  const perActivation = CLAIMS.filter((c) => c.ownActivation === undefined);

  it('the registry has claims of both kinds', () => {
    expect(perActivation.length).toBeGreaterThan(5);
    expect(CLAIMS.length - perActivation.length).toBeGreaterThan(0);
  });

  it.each(perActivation.map((c) => [c.id, c] as const))(
    '%s touches the activation it is given',
    (_id, claim) => {
      const { activation, used } = recording(resolveActivation('tanh'));
      try {
        claim.check({ digits: 20, seed: 1, activation });
      } catch (e) {
        if (!(e instanceof Used)) throw e;
      }
      expect(used(), `${claim.id} reached a verdict without evaluating the activation`).toBeDefined();
    },
  );

  it('the recorder notices a claim that ignores its activation (so the test above can fail)', () => {
    const { activation, used } = recording(resolveActivation('tanh'));
    void activation.name;
    void activation.smooth;
    expect(used()).toBeUndefined();
    expect(() => activation.value(1, { digits: 20 } as never)).toThrow(Used);
    expect(used()).toBe('value');
  });

  it('a claim with its own activation names a registered one (its single row is labelled with it)', () => {
    const names = registeredActivations();
    for (const c of CLAIMS.filter((x) => x.ownActivation !== undefined)) {
      expect(names, c.id).toContain(c.ownActivation);
    }
  });
});
