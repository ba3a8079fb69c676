import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { precision } from '../../src/precision/context.js';
import { casIsZero } from '../../src/symbolic/_internals/cas.js';
import {
  checkLossExpansion,
  checkSaddleLine,
  criticalityIdentities,
  curvatureIdentities,
  gluExpansion,
  gluValuesAt,
  lossExpansionSymbolic,
} from '../../src/symbolic/index.js';

describe('loss expansion', () => {
  it('nerdamer: ε² coefficient 2Rf₂, ε⁴ coefficient f₂² + 2Rf₄, odd powers vanish', () => {
    const s = lossExpansionSymbolic();
    expect([s.hMatches, s.oddVanish, s.h4Matches]).toEqual([true, true, true]);
    // The identity test can fail: h without the factor 2 is told apart.
    expect(casIsZero(`(${s.sampleCoefficients[2] ?? ''}) - R*f2`)).toBe(false);
  });

  it('sigmoid: (L(ε) − L(0))/ε² − h shrinks like ε² and the ε⁴ remainder tends to h₄', () => {
    const r = checkLossExpansion(resolveActivation('sigmoid'), { digits: 50, seed: 21, samples: 5 });
    expect(r.passed).toBe(true);
    const p = precision(60);
    const gaps = r.steps.map((s) => new p.D(s.quotient).minus(r.h).abs());
    // Each ε step is a factor 10, so the gap must fall by about 100.
    for (let i = 1; i < gaps.length; i++) {
      const ratio = gaps[i - 1]!.div(gaps[i]!).toNumber();
      expect(ratio).toBeGreaterThan(80);
      expect(ratio).toBeLessThan(125);
    }
  });
});

describe('saddle lines', () => {
  it('every criticality and curvature identity holds in nerdamer, and a wrong one does not', () => {
    for (const i of [...criticalityIdentities(), ...curvatureIdentities()])
      expect(i.holds, i.name).toBe(true);
    // Without the factor γ(1−γ) the curvature identity is false.
    expect(casIsZero('(g*A*S2*((1-g)*U)^2 + (1-g)*A*S2*(-g*U)^2) - A*S2*U^2')).toBe(false);
  });

  it('softplus: gradients, loss and curvature agree with the exact derivatives at 50 digits', () => {
    const r = checkSaddleLine(resolveActivation('softplus'), { digits: 50, seed: 5, gammas: ['2.5', '0.5'] });
    expect(r.gradientPassed && r.curvaturePassed).toBe(true);
    // γ(1−γ) at γ = 0.5 is 1/4: the curvature there is uᵀBu/4 (to 50 digits).
    const p = precision(50);
    expect(
      new p.D(r.curvatures[1]!).minus(new p.D(r.uBu).div(4)).abs().lte(new p.D(r.uBu).abs().times('1e-48')),
    ).toBe(true);
  });
});

describe('gluValuesAt, vector form', () => {
  it('agrees with the scalar form at z = w·x, δ = Δ·x', () => {
    const act = resolveActivation('tanh');
    const p = precision(40);
    const vec = gluValuesAt(
      gluExpansion(act, { order: 2, dim: 2 }),
      act,
      { w1: '0.2', w2: '-0.5', Delta1: '1', Delta2: '0.25', x1: '1.5', x2: '0.4', c: '0.8', a: '-1.2' },
      p,
    );
    // z = 0.3 − 0.2 = 0.1, δ = 1.5 + 0.1 = 1.6
    const sc = gluValuesAt(
      gluExpansion(act, { order: 2 }),
      act,
      { z: '0.1', delta: '1.6', c: '0.8', a: '-1.2' },
      p,
    );
    expect(vec.kind === 'values' && sc.kind === 'values').toBe(true);
    if (vec.kind === 'values' && sc.kind === 'values') {
      expect(vec.values).toEqual(sc.values);
      expect(vec.agreesWithJets && sc.agreesWithJets).toBe(true);
    }
  });
});
