import { describe, expect, it } from 'vitest';
import { CLAIMS, DEFAULT_CLAIMS, selectClaims } from '../../src/claims/registry.js';

describe('opt-in claims run only when named', () => {
  it('the default set is every claim but the opt-in ones, in registry order', () => {
    expect(selectClaims(undefined)).toBe(DEFAULT_CLAIMS);
    expect(DEFAULT_CLAIMS.map((c) => c.id)).toEqual(
      CLAIMS.filter((c) => c.optIn === undefined).map((c) => c.id),
    );
    expect(DEFAULT_CLAIMS.map((c) => c.id)).not.toContain('plateau-saddle-frequency');
    expect(DEFAULT_CLAIMS.length).toBeLessThan(CLAIMS.length);
  });

  it('a named opt-in claim is selected, and every opt-in claim says why it is opt-in', () => {
    expect(selectClaims(['plateau-saddle-frequency']).map((c) => c.id)).toEqual(['plateau-saddle-frequency']);
    for (const c of CLAIMS.filter((x) => x.optIn !== undefined))
      expect(c.optIn?.length ?? 0).toBeGreaterThan(20);
  });
});
