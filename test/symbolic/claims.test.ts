import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { gluExpansionClaim } from '../../src/claims/glu-expansion.js';
import { lossExpansionClaim } from '../../src/claims/loss-expansion.js';
import { CLAIMS } from '../../src/claims/registry.js';
import { saddleLineCriticality } from '../../src/claims/saddle-line-criticality.js';
import { saddleLineCurvature } from '../../src/claims/saddle-line-curvature.js';

const claims = [gluExpansionClaim, lossExpansionClaim, saddleLineCriticality, saddleLineCurvature];

describe('symbolic claims', () => {
  it('are registered for verify', () => {
    for (const c of claims) expect(CLAIMS).toContain(c);
  });

  for (const name of ['tanh', 'erf']) {
    it(`are proved for ${name} (symbolic + numeric at ≥ 50 digits, recorded in the evidence)`, () => {
      for (const c of claims) {
        const v = c.check({ digits: 40, activation: resolveActivation(name), seed: 3 });
        expect(v.kind, `${c.id}: ${v.summary}`).toBe('proved');
        expect(Number(v.evidence['digits'])).toBeGreaterThanOrEqual(50);
      }
    });
  }

  it('are not applicable to relu', () => {
    for (const c of claims) {
      expect(c.check({ digits: 40, activation: resolveActivation('relu'), seed: 3 }).kind).toBe(
        'not-applicable',
      );
    }
  });
});
