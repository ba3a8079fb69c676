import { describe, expect, it, beforeAll } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { gluLimit } from '../../src/claims/glu-limit.js';

/** The glu-limit claim's figure, checked against closed forms for tanh (not against the code that made it). */
describe('glu-limit figure', () => {
  let verdict!: ReturnType<typeof gluLimit.check>;
  let figure: NonNullable<typeof verdict.figures>[number] | undefined;
  beforeAll(() => {
    verdict = gluLimit.check({ digits: 40, activation: resolveActivation('tanh'), seed: 1 });
    figure = verdict.figures?.[0];
  });

  it('is attached, on log–log axes, with two series and slope-2 and slope-4 references', () => {
    expect(verdict.kind).toBe('verified');
    expect(figure?.x.scale).toBe('log');
    expect(figure?.y.scale).toBe('log');
    expect(figure?.series.map((s) => s.label)).toEqual(['|F(ε) − GLU|', '|F(ε) − GLU − f₂ε²|']);
    expect(figure?.references?.map((r) => r.slope)).toEqual([2, 4]);
  });

  it('error/ε² tends to |f₂| with f₂ = (c/2)δ²σ″(z) + (a/6)δ³σ‴(z) for tanh, and the slopes are 2 and 4', () => {
    const m = /c=(\S+), a=(\S+), z=(\S+), δ=(\S+?)[:,]/.exec(figure?.caption ?? '');
    expect(m).not.toBeNull();
    const [c, a, z, d] = (m ?? []).slice(1).map(Number) as [number, number, number, number];
    const t = Math.tanh(z);
    const s2 = -2 * t * (1 - t * t);
    const s3 = (6 * t * t - 2) * (1 - t * t);
    const f2 = (c / 2) * d * d * s2 + (a / 6) * d ** 3 * s3;
    const [err0, err2] = figure?.series ?? [];
    const eps = (err0?.x ?? []).map(Number);
    const e0 = (err0?.y ?? []).map(Number);
    const e2 = (err2?.y ?? []).map(Number);
    const n = eps.length;
    expect(n).toBe(16);
    expect(eps[n - 1]).toBe(2 ** -16);
    expect(e0[n - 1]! / eps[n - 1]! ** 2).toBeCloseTo(Math.abs(f2), 8);
    const slope = (e: number[], i: number): number => Math.log2(e[i - 1]! / e[i]!);
    expect(slope(e0, n - 1)).toBeCloseTo(2, 6);
    // An ε³ term would make this slope 3; it is 4.
    expect(slope(e2, n - 1)).toBeCloseTo(4, 4);
    expect(Number(verdict.evidence['halvingRatio'])).toBeCloseTo(4, 5);
  });

  it('a non-smooth activation gets no figure', () => {
    const relu = gluLimit.check({ digits: 40, activation: resolveActivation('relu'), seed: 1 });
    expect(relu.kind).toBe('not-applicable');
    expect(relu.figures ?? []).toEqual([]);
  });
});
