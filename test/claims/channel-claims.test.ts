import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { asymptoticParallelism } from '../../src/claims/asymptotic-parallelism.js';
import { channelScalings } from '../../src/claims/channel-scalings.js';
import { paperToyInfinity } from '../../src/claims/paper-toy-infinity.js';
import { precisionOnChannel } from '../../src/claims/precision-on-channel.js';
import { isPassing } from '../../src/claims/claim.js';
import { flowTimeLaws } from '../../src/claims/flow-time-laws.js';
import { checkNaiveTrap, naiveConvergenceTrap } from '../../src/claims/naive-convergence-trap.js';
import { CLAIMS } from '../../src/claims/registry.js';
import {
  checkZeroEigenvalue,
  saddleLineZeroEigenvalue,
} from '../../src/claims/saddle-line-zero-eigenvalue.js';
import { channelRun, genericProblem, realisableProblem } from '../../src/claims/_internals/channel-runs.js';
import { constructedCriticalPoint } from '../../src/claims/_internals/constructed-critical-point.js';
import { checkParallelism } from '../../src/claims/_internals/parallelism.js';
import { checkTimeLaws } from '../../src/claims/_internals/time-laws.js';
import { saddleMatrixB } from '../../src/landscape/saddle-line.js';
import { lossAndDerivatives } from '../../src/network/loss.js';
import { loadProblem } from '../../src/network/problem.js';
import { precision } from '../../src/precision/context.js';

const tanh = resolveActivation('tanh');
const relu = resolveActivation('relu');
const ctx = { digits: 40, activation: tanh, seed: 1 } as const;
const NEW = [saddleLineZeroEigenvalue, flowTimeLaws, asymptoticParallelism, naiveConvergenceTrap];

describe('the new claims are registered and refuse non-smooth activations', () => {
  it('every new claim is in the registry once', () => {
    for (const c of NEW) expect(CLAIMS.filter((x) => x.id === c.id)).toHaveLength(1);
  });
  for (const c of NEW) {
    it(`${c.id} is not-applicable for relu`, () => {
      expect(c.check({ ...ctx, activation: relu }).kind).toBe('not-applicable');
    });
  }
});

describe('saddle-line-zero-eigenvalue', () => {
  const p = precision(50);

  it('the constructed point is critical and B = ±I, checked independently of the construction', () => {
    for (const sign of [1, -1] as const) {
      const built = constructedCriticalPoint(tanh, p, 3, sign);
      expect(built).toBeDefined();
      if (built === undefined) return;
      const res = lossAndDerivatives(built.network, built.data, built.critical, p, { gradient: true });
      for (const g of res.gradient ?? []) expect(g.abs().lt('1e-45')).toBe(true);
      const B = saddleMatrixB(built.network, built.data, built.critical, 0, p);
      // B scaled by the residual's size: a positive multiple of sign·I.
      const b00 = B[0]?.[0] as Decimal;
      expect(b00.times(sign).gt(0)).toBe(true);
      expect((B[0]?.[1] as Decimal).div(b00).abs().lt('1e-40')).toBe(true);
      expect((B[1]?.[1] as Decimal).div(b00).minus(1).abs().lt('1e-40')).toBe(true);
    }
  });

  it('erf with a hidden bias cannot give a definite B (σ″ = −zσ′ makes B₂₂ vanish); without one it can', () => {
    const erf = resolveActivation('erf');
    expect(constructedCriticalPoint(erf, p, 1, 1)).toBeUndefined();
    expect(constructedCriticalPoint(erf, p, 1, 1, false)).toBeDefined();
  });

  for (const name of ['tanh', 'erf', 'softplus']) {
    for (const seed of [1, 2]) {
      it(`verified for ${name}, seed ${seed} (B = ${seed % 2 === 0 ? '−' : '+'}I): zero counts 1 and 1 + m, crossings ±m`, () => {
        const v = saddleLineZeroEigenvalue.check({ ...ctx, activation: resolveActivation(name), seed });
        expect(v.kind, v.summary).toBe('verified');
        const m = Number(v.evidence['m']);
        expect(v.evidence['expectedZeroCounts']).toEqual([
          '1',
          String(1 + m),
          '1',
          '1',
          '1',
          String(1 + m),
          '1',
        ]);
        expect(Math.abs(Number(v.evidence['negativeCountChangeAt0']))).toBe(m);
        expect(v.figures?.map((f) => f.id)).toEqual(['gamma-alpha-slice']);
      });
    }
  }

  it('is refuted at a point that is not critical (the line direction is then not in the kernel)', () => {
    const built = constructedCriticalPoint(tanh, p, 1, 1);
    if (built === undefined) throw new Error('construction failed');
    const moved = built.critical.map((x, i) => (i === 0 ? x.plus('0.01') : x));
    const v = checkZeroEigenvalue({ ...built, critical: moved, origin: 'perturbed' }, p);
    expect(v.kind).toBe('refuted');
  });

  it('a perfect fit (two-param: B = 0) makes the crossing claim not applicable', () => {
    const v = saddleLineZeroEigenvalue.check({ ...ctx, problem: loadProblem('two-param') });
    expect(v.kind).toBe('not-applicable');
    expect(v.summary).toContain('B is singular');
  });
});

describe('flow-time-laws', () => {
  it('verified on the built-in generic and realisable channels with fitted/predicted slopes within 1%', () => {
    const v = flowTimeLaws.check(ctx);
    expect(v.kind, v.summary).toBe('verified');
    expect(Math.abs(Number(v.evidence['generic.ratio']) - 1)).toBeLessThan(0.01);
    expect(Math.abs(Number(v.evidence['realisable.ratio']) - 1)).toBeLessThan(0.01);
    // The predicted K (from the loss at infinity) against the flow's own L·A⁴ at its end: an independent check.
    const K = Number(v.evidence['realisable.K']);
    expect(Math.abs(Number(v.evidence['realisable.lossTimesA4AtEnd']) / K - 1)).toBeLessThan(0.01);
    expect(Math.abs(Number(v.evidence['generic.exponentA']) - 0.25)).toBeLessThan(0.01);
    expect(Math.abs(Number(v.evidence['realisable.exponentA']) - 1 / 6)).toBeLessThan(0.01);
    expect(v.figures?.map((f) => f.id)).toEqual(['time-laws-generic', 'time-laws-realisable']);
  });

  it('a wrong predicted constant (h or K off by 20%) is refuted', () => {
    for (const run of [
      channelRun(genericProblem(), { until: '1e10' }),
      channelRun(realisableProblem(), { until: '1e11' }),
    ]) {
      const o = checkTimeLaws(run, { predictionFactor: 1.2 });
      expect(o.kind).toBe('checked');
      if (o.kind === 'checked') expect(o.passed).toBe(false);
    }
  });

  it('a flow that converges to a minimum (two-param) is not a channel: not-applicable', () => {
    expect(flowTimeLaws.check({ ...ctx, problem: loadProblem('two-param') }).kind).toBe('not-applicable');
  });
});

describe('asymptotic-parallelism', () => {
  it('verified: 1 − cos ∝ ε⁴ (fitted exponent within 0.1), bounded distance to the parent saddle line', () => {
    const v = asymptoticParallelism.check(ctx);
    expect(v.kind, v.summary).toBe('verified');
    for (const key of [
      'glu-teacher.exponentOfOneMinusCosInEps',
      'glu-teacher-generic.exponentOfOneMinusCosInEps',
    ])
      expect(Math.abs(Number(v.evidence[key]) - 4)).toBeLessThan(0.1);
    expect(v.figures?.[0]?.series).toHaveLength(2);
  });

  it('fails when the threshold on 1 − cos is below what ε allows', () => {
    const o = checkParallelism(channelRun(realisableProblem(), { until: '1e11' }), { cosGap: 1e-12 });
    expect(o.kind === 'checked' && !o.passed).toBe(true);
  });
});

describe('naive-convergence-trap', () => {
  it('verified: the float64 end point passes the naive test, the valley descends at high precision', () => {
    const v = naiveConvergenceTrap.check(ctx);
    expect(v.kind, v.summary).toBe('verified');
    expect(v.evidence['naiveTestPasses']).toBe(true);
    const losses = (v.evidence['followedLoss'] as readonly string[]).map(Number);
    expect(losses[2]).toBeLessThan((losses[0] as number) / 1e6);
  });

  it('with a naive test strict enough to see the gradient, it is no trap: refuted', () => {
    const v = checkNaiveTrap(channelRun(realisableProblem(), { until: '1e11' }), {
      gradientTolerance: 1e-14,
    });
    expect(v.kind).toBe('refuted');
  });

  it('an end point at a true minimum is not a channel: not-applicable', () => {
    expect(naiveConvergenceTrap.check({ ...ctx, problem: loadProblem('two-param') }).kind).toBe(
      'not-applicable',
    );
  });
});

describe('figures of the fixed-problem channel claims', () => {
  it('paper-toy-infinity shades h > 0 around both minima; channel-scalings plots the gap and λ_max; relu is refused', () => {
    const toy = paperToyInfinity.check(ctx);
    const fig = toy.figures?.[0];
    expect(fig?.id).toBe('loss-at-infinity');
    const ws = (toy.evidence['w'] as readonly string[]).map(Number);
    const band = fig?.bands?.[0];
    // Both minima (first and last critical point) lie inside the shaded h > 0 interval.
    for (const w of [ws[0], ws[2]]) {
      expect(w).toBeGreaterThan(Number(band?.from));
      expect(w).toBeLessThan(Number(band?.to));
    }
    const scal = channelScalings.check(ctx);
    expect(scal.figures?.map((f) => f.id)).toEqual(['loss-gap-vs-epsilon', 'lambda-max-vs-inverse-epsilon']);
    for (const c of [paperToyInfinity, channelScalings, precisionOnChannel])
      expect(c.check({ ...ctx, activation: relu }).kind).toBe('not-applicable');
  }, 120_000);
});

describe('every new claim passes for tanh', () => {
  it('isPassing on the default context', () => {
    for (const c of NEW) expect(isPassing(c.check(ctx).kind), c.id).toBe(true);
  });
});
