import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrate } from '../../src/flow/integrate.js';
import { precision } from '../../src/precision/context.js';
import { agreeingDigits, gluTeacher, twoParam } from './helpers.js';
import { itLong } from '../_support/tier.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

interface TwoParamFixture {
  states: { t: string; w: string; a: string; loss: string }[];
}
interface GluFixture {
  states: { t: string; params: string[]; A: string; loss: string }[];
}

describe('flow against independent references (scripts/golden/flow_*.py)', () => {
  it('two-param at 60 digits: t = 1, 5, 20 agree with the Python-decimal Taylor reference to ≥ 55 digits', () => {
    const fx = JSON.parse(readFileSync(join(fixtures, 'flow-two-param.json'), 'utf8')) as TwoParamFixture;
    const r = integrate(twoParam(), ['0.2', '0.3'], precision(60), {
      times: fx.states.map((s) => s.t),
      method: 'taylor',
      recordsPerDecade: 0,
    });
    fx.states.forEach((want, k) => {
      const got = r.states[k]!;
      expect(got.t).toBe(want.t);
      expect(agreeingDigits(got.params[0]!, want.w)).toBeGreaterThanOrEqual(55);
      expect(agreeingDigits(got.params[1]!, want.a)).toBeGreaterThanOrEqual(55);
      expect(agreeingDigits(got.loss, want.loss)).toBeGreaterThanOrEqual(53);
    });
  });

  it('glu-teacher to t = 1e12 (float64 Radau IIA) matches the numpy Radau reference and the GLU time laws', () => {
    const fx = JSON.parse(readFileSync(join(fixtures, 'flow-glu-teacher.json'), 'utf8')) as GluFixture;
    const times = ['1e8', '1e10', '1e12'];
    const r = integrate(gluTeacher(), ['1.1', '0.9', '5', '-4.5'], precision(20), {
      times,
      method: 'float64',
      recordsPerDecade: 1,
    });
    const A = (params: readonly string[]): number => (Number(params[2]) - Number(params[3])) / 2;
    for (const t of times) {
      const want = fx.states.find((s) => Number(s.t) === Number(t))!;
      const got = r.states.find((s) => Number(s.t) === Number(t))!;
      expect(agreeingDigits(A(got.params), want.A)).toBeGreaterThanOrEqual(6);
    }
    // mathematics.md §2, realisable GLU target: L ≈ K/A⁴ and A⁶ ≈ A₀⁶ + 12Kt.
    const rec = (t: number) => r.records.find((x) => Number(x.t) === t)!;
    const K = (t: number): number => Number(rec(t).loss) * A(rec(t).params) ** 4;
    expect(Math.abs(K(1e12) / K(1e10) - 1)).toBeLessThan(0.002);
    expect(Math.abs(K(1e11) / K(1e10) - 1)).toBeLessThan(0.002);
    const slope = (A(rec(1e12).params) ** 6 - A(rec(1e11).params) ** 6) / 9e11;
    expect(Math.abs(slope / (12 * K(1e12)) - 1)).toBeLessThan(0.01);
    expect(r.outcome.kind).toBe('channelSuspected');
    if (r.outcome.kind === 'channelSuspected') {
      expect(Number(r.outcome.evidence.divergenceExponent)).toBeCloseTo(1 / 6, 2);
      expect(Number(r.outcome.evidence.lossExponent)).toBeCloseTo(-2 / 3, 2);
    }
  });

  itLong(
    'glu-teacher at 30 digits (auto → Radau IIA in Decimal) to 1e12 matches the reference (minutes)',
    () => {
      const fx = JSON.parse(readFileSync(join(fixtures, 'flow-glu-teacher.json'), 'utf8')) as GluFixture;
      const times = ['1e8', '1e10', '1e12'];
      const r = integrate(gluTeacher(), ['1.1', '0.9', '5', '-4.5'], precision(30), {
        times,
        method: 'auto',
      });
      for (const t of times) {
        const want = fx.states.find((s) => Number(s.t) === Number(t))!;
        const got = r.states.find((s) => Number(s.t) === Number(t))!;
        expect(
          agreeingDigits((Number(got.params[2]) - Number(got.params[3])) / 2, want.A),
        ).toBeGreaterThanOrEqual(6);
      }
      expect(r.outcome.kind).toBe('channelSuspected');
    },
  );
});
