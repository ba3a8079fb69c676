import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { precision } from '../../src/precision/context.js';
import {
  checkThreeNeuronChannel,
  threeNeuronExpansion,
  threeNeuronSum,
  type ThreeNeuronExpansion,
} from '../../src/symbolic/three-neuron-channel.js';
import { parseExpr } from '../../src/symbolic/expr.js';
import { threeNeuronChannel } from '../../src/claims/three-neuron-channel.js';

// The expansion takes nerdamer about a second; the numeric checks below use one point each (≈ 1 s of CPU).
const expansion = threeNeuronExpansion();

/** The limit written out by hand (no CAS, no jets): σ, σ′, σ″ of tanh in closed form, at 60 digits. */
function tanhLimit(pt: Record<'z' | 'p' | 'q' | 'c' | 'b' | 'd', string>): Decimal {
  const D = precision(60).D;
  const t = D.tanh(pt.z);
  const s1 = new D(1).minus(t.pow(2));
  const s2 = t.times(s1).times(-2);
  const [p, q, c, b, d] = [pt.p, pt.q, pt.c, pt.b, pt.d].map((v) => new D(v)) as [
    Decimal,
    Decimal,
    Decimal,
    Decimal,
    Decimal,
  ];
  return c
    .times(t)
    .plus(b.times(p).plus(d.times(q).times(2)).times(s1))
    .plus(d.times(p.pow(2)).times(s2));
}

describe('the hierarchical three-neuron channel (App. C.6)', () => {
  it('every symbolic check holds', () => {
    expect(expansion.checks).toEqual({
      polesCancel: true,
      limitMatches: true,
      oddPowersVanish: true,
      f2Matches: true,
      divergenceMatches: true,
      higherOrderDropsOut: true,
    });
  });

  it('the exact sum tends to the hand-written limit with an ε² error (independent of the CAS)', () => {
    const pt = { z: '0.37', p: '-0.81', q: '0.55', c: '0.3', b: '-1.1', d: '0.9' };
    const act = resolveActivation('tanh');
    const limit = tanhLimit(pt);
    const g = precision(80);
    const errors = ['1e-2', '1e-3', '1e-4'].map((e) => threeNeuronSum(act, pt, e, 2, g).minus(limit).abs());
    // Error ∝ ε²: each decade of ε divides it by 100 (to 1 %, the O(ε²) correction of the ratio at ε ≤ 10⁻²).
    for (let k = 0; k + 1 < errors.length; k++) {
      const ratio = (errors[k] as Decimal).div(errors[k + 1] as Decimal).toNumber();
      expect(Math.abs(ratio / 100 - 1)).toBeLessThan(0.01);
    }
  });

  it('with ω₂ at order ε the sum diverges like 2dqσ′(z)/ε', () => {
    const pt = { z: '0.37', p: '-0.81', q: '0.55', c: '0.3', b: '-1.1', d: '0.9' };
    const act = resolveActivation('tanh');
    const g = precision(80);
    const D = g.D;
    const sech2 = new D(1).minus(D.tanh(pt.z).pow(2));
    const coefficient = new D(2).times(pt.d).times(pt.q).times(sech2);
    const gaps = ['1e-3', '1e-4', '1e-5'].map((e) =>
      threeNeuronSum(act, pt, e, 1, g).times(e).minus(coefficient).abs(),
    );
    // εF − 2dqσ′ = O(ε): a decade of ε divides it by 10.
    for (let k = 0; k + 1 < gaps.length; k++) {
      const ratio = (gaps[k] as Decimal).div(gaps[k + 1] as Decimal).toNumber();
      expect(Math.abs(ratio / 10 - 1)).toBeLessThan(0.01);
    }
  });

  it('the numeric confirmation passes, and the ladder (p vs p + 20) agrees beyond p digits', () => {
    const check = checkThreeNeuronChannel(expansion, { points: 1, activations: ['erf'], digits: 50 });
    expect(check.passed).toBe(true);
    expect(Number(check.ladderError)).toBeLessThanOrEqual(1e-50);
  });

  it('a planted bug — the limit without its σ″ term — is caught numerically', () => {
    const planted: ThreeNeuronExpansion = {
      ...expansion,
      variants: expansion.variants.map((v) =>
        v.m !== 2
          ? v
          : {
              ...v,
              coefficients: v.coefficients.map((k) =>
                k.power === 0 ? { ...k, generic: parseExpr('c*s0 + (b*p + 2*d*q)*s1'), text: '' } : k,
              ),
            },
      ),
    };
    const check = checkThreeNeuronChannel(planted, { points: 1, activations: ['tanh'] });
    expect(check.passed).toBe(false);
  });

  it('the claim is proved for tanh and not applicable to relu', () => {
    const base = { digits: 50, seed: 3 };
    const tanh = threeNeuronChannel.check({ ...base, activation: resolveActivation('tanh') });
    expect(tanh.kind).toBe('proved');
    const relu = threeNeuronChannel.check({ ...base, activation: resolveActivation('relu') });
    expect(relu.kind).toBe('not-applicable');
  });
});
