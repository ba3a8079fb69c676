import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { asymptoticParallelism } from '../../src/claims/asymptotic-parallelism.js';
import { channelScalings, measuredPower } from '../../src/claims/channel-scalings.js';
import { paperToyInfinity } from '../../src/claims/paper-toy-infinity.js';
import { checkPrecisionRule, precisionOnChannel } from '../../src/claims/precision-on-channel.js';
import { isPassing, type Claim, type Verdict } from '../../src/claims/claim.js';
import { flowTimeLaws } from '../../src/claims/flow-time-laws.js';
import { checkNaiveTrap, naiveConvergenceTrap } from '../../src/claims/naive-convergence-trap.js';
import { CLAIMS } from '../../src/claims/registry.js';
import {
  checkZeroEigenvalue,
  saddleLineZeroEigenvalue,
} from '../../src/claims/saddle-line-zero-eigenvalue.js';
import {
  channelRun,
  genericProblem,
  realisableProblem,
  verdictOfRuns,
} from '../../src/claims/_internals/channel-runs.js';
import { constructedCriticalPoint } from '../../src/claims/_internals/constructed-critical-point.js';
import { checkParallelism, extrapolateInEps2 } from '../../src/claims/_internals/parallelism.js';
import { checkTimeLaws, decideRate, extrapolateRate } from '../../src/claims/_internals/time-laws.js';
import { saddleMatrixB } from '../../src/landscape/saddle-line.js';
import { lossAndDerivatives } from '../../src/network/loss.js';
import { loadProblem } from '../../src/network/problem.js';
import { precision } from '../../src/precision/context.js';

const tanh = resolveActivation('tanh');
const relu = resolveActivation('relu');
const ctx = { digits: 40, activation: tanh, seed: 1 } as const;
const NEW = [saddleLineZeroEigenvalue, flowTimeLaws, asymptoticParallelism, naiveConvergenceTrap];

/**
 * Each claim's verdict on `ctx`, computed once per file: several tests read the same verdict, and a claim's check
 * is deterministic in its context.
 */
const verdicts = new Map<Claim, Verdict>();
function atCtx(claim: Claim): Verdict {
  let v = verdicts.get(claim);
  if (v === undefined) {
    v = claim.check(ctx);
    verdicts.set(claim, v);
  }
  return v;
}

describe('the new claims are registered and refuse non-smooth activations', () => {
  it('every new claim, and the fixed-problem channel claims, are in the registry once', () => {
    for (const c of [...NEW, paperToyInfinity, channelScalings, precisionOnChannel])
      expect(CLAIMS.filter((x) => x.id === c.id)).toHaveLength(1);
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
        const v =
          name === 'tanh' && seed === ctx.seed
            ? atCtx(saddleLineZeroEigenvalue)
            : saddleLineZeroEigenvalue.check({ ...ctx, activation: resolveActivation(name), seed });
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
  it('verified on the built-in generic and realisable channels; the extrapolated rates agree with 16h/a² and 12K to < 1e−4', () => {
    const v = atCtx(flowTimeLaws);
    expect(v.kind, v.summary).toBe('verified');
    for (const law of ['generic', 'realisable']) {
      const tol = Number(v.evidence[`${law}.tolerance`]);
      expect(tol, law).toBeGreaterThan(0);
      expect(tol, law).toBeLessThan(1e-3);
      expect(Math.abs(Number(v.evidence[`${law}.ratio`]) - 1), law).toBeLessThanOrEqual(tol);
      expect(String(v.evidence[`${law}.errorModel`])).toContain('tolerance = 3 × error');
    }
    expect(v.figures?.map((f) => f.id)).toEqual(['time-laws-generic', 'time-laws-realisable']);
  });

  it('a predicted constant off by 3 % (either way) is refuted on both laws', () => {
    for (const run of [
      channelRun(genericProblem(), { until: '1e10' }),
      channelRun(realisableProblem(), { until: '1e11' }),
    ]) {
      for (const factor of [1.03, 0.97, 1.003]) {
        const o = checkTimeLaws(run, { predictionFactor: factor });
        expect(o.kind).toBe('checked');
        if (o.kind === 'checked') expect(o.passed, `${run.problem.name} ×${factor}`).toBe(false);
      }
    }
  });

  it('extrapolateRate recovers the rate of a synthetic law with O(ε²) corrections; decideRate refutes 3 % off', () => {
    // u' = β(1 + κ u^−1/2): t(u) = (u − 2κ√u + κ² ln(1 + √u/κ)·… ) — integrate numerically to machine precision.
    const beta = 0.0026;
    const kappa = 12;
    const ts: number[] = [];
    const us: number[] = [];
    let u = 1e4;
    let t = 0;
    for (let k = 0; k <= 4000; k++) {
      const tNext = 10 ** (4 + (k + 1) / 400);
      // RK4 in log t steps.
      const h = tNext - t;
      const f = (x: number): number => beta * (1 + kappa * x ** -0.5);
      const k1 = f(u);
      const k2 = f(u + (h / 2) * k1);
      const k3 = f(u + (h / 2) * k2);
      const k4 = f(u + h * k3);
      u += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
      t = tNext;
      if ((k + 1) % 100 === 0 && t >= 1e11) {
        ts.push(t);
        us.push(u);
      }
    }
    const fit = extrapolateRate(ts, us, 1 / 2, 4, 8);
    expect(fit.kind).toBe('extrapolated');
    if (fit.kind !== 'extrapolated') return;
    expect(Math.abs(fit.rate / beta - 1)).toBeLessThan(1e-5);
    expect(decideRate(fit, beta).passed).toBe(true);
    expect(decideRate(fit, beta * 1.03).passed).toBe(false);
    expect(decideRate(fit, beta / 1.03).passed).toBe(false);
  });

  it('a flow that converges to a minimum (two-param) is not a channel: not-applicable', () => {
    expect(flowTimeLaws.check({ ...ctx, problem: loadProblem('two-param') }).kind).toBe('not-applicable');
  });
});

describe('verdictOfRuns: no fall-through to verified', () => {
  it('no outcome, an unknown kind, or an undecided run is inconclusive; a failed check refutes', () => {
    expect(verdictOfRuns([], '', {}, []).kind).toBe('inconclusive');
    expect(verdictOfRuns([{ kind: 'something-else' }], 'x', {}, []).kind).toBe('inconclusive');
    expect(verdictOfRuns([{ kind: 'checked', passed: true }, { kind: 'undecided' }], 'x', {}, []).kind).toBe(
      'inconclusive',
    );
    expect(verdictOfRuns([{ kind: 'checked', passed: false }, { kind: 'undecided' }], 'x', {}, []).kind).toBe(
      'refuted',
    );
    expect(verdictOfRuns([{ kind: 'no-channel' }], 'x', {}, []).kind).toBe('not-applicable');
    expect(verdictOfRuns([{ kind: 'no-channel' }], 'x', {}, [], 'inconclusive').kind).toBe('inconclusive');
    expect(verdictOfRuns([{ kind: 'checked', passed: true }], 'x', {}, []).kind).toBe('verified');
  });
});

describe('asymptotic-parallelism', () => {
  it('verified: (1 − cos)·a²/(2ε²ε′²) and the distance to the parent saddle line extrapolate to their predictions', () => {
    const v = atCtx(asymptoticParallelism);
    expect(v.kind, v.summary).toBe('verified');
    for (const key of [
      'glu-teacher.exponentOfOneMinusCosInEps',
      'glu-teacher-generic.exponentOfOneMinusCosInEps',
    ])
      expect(Math.abs(Number(v.evidence[key]) - 4)).toBeLessThan(0.1);
    for (const p of ['glu-teacher', 'glu-teacher-generic']) {
      for (const key of ['oneMinusCosOverPrediction', 'distanceOverPrediction']) {
        const [value, tol] = String(v.evidence[`${p}.${key}`]).split(' ± ').map(Number);
        expect(tol, key).toBeLessThan(1e-3);
        expect(Math.abs((value as number) - 1)).toBeLessThanOrEqual(tol as number);
      }
    }
    expect(v.figures?.[0]?.series).toHaveLength(2);
  });

  it('a predicted limit distance off by 3 % is refuted', () => {
    for (const run of [
      channelRun(genericProblem(), { until: '1e10' }),
      channelRun(realisableProblem(), { until: '1e11' }),
    ]) {
      const o = checkParallelism(run, { distanceFactor: 1.03 });
      expect(o.kind === 'checked' && !o.passed, run.problem.name).toBe(true);
    }
  });

  it('extrapolateInEps2 recovers y∞ from y = y∞(1 + κε² + λε⁴)', () => {
    const eps = Array.from({ length: 12 }, (_, k) => 0.06 * 0.93 ** k);
    const x = extrapolateInEps2(
      eps,
      eps.map((e) => 1.25 * (1 + 3 * e * e - 5 * e ** 4)),
      1e-12,
    );
    expect(x).toBeDefined();
    expect(Math.abs((x?.value ?? 0) - 1.25)).toBeLessThan(1e-9);
    expect(Math.abs((x?.value ?? 0) - 1.25)).toBeLessThanOrEqual(3 * (x?.error ?? 0) + 1e-15);
  });
});

describe('naive-convergence-trap', () => {
  it('verified: the float64 end point passes the naive test, the valley descends at high precision', () => {
    const v = atCtx(naiveConvergenceTrap);
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

describe('precision-on-channel', () => {
  it('verified for tanh and erf (each builds its channel with its own activation): the rule keeps ≥ 20 digits, k ≈ 3', () => {
    for (const name of ['tanh', 'erf']) {
      const v =
        name === 'tanh'
          ? atCtx(precisionOnChannel)
          : precisionOnChannel.check({ ...ctx, activation: resolveActivation(name) });
      expect(v.kind, v.summary).toBe('verified');
      expect(v.evidence['activation']).toBe(name);
      for (const d of v.evidence['correctDigits'] as readonly string[]) expect(Number(d)).toBeGreaterThan(5);
    }
    expect(precisionOnChannel.ownActivation).toBeUndefined();
  });

  it('the follower’s rule keeps ≥ 20 digits with no guard; 60 digits and float64 are wrong at |A| = 1e30', () => {
    const v = atCtx(precisionOnChannel);
    expect(v.evidence['lossAtRule']).toEqual(v.evidence['lossReference']);
    expect(Number(v.evidence['correctDigitsWith60At1e30'])).toBeLessThan(0);
  });

  it('a weakened rule (2·log₁₀|A| + 30, or 3·log₁₀|A| + 15) is refuted', () => {
    const lg = (A: Decimal.Value): number => Math.ceil(Math.log10(Number(A)));
    expect(checkPrecisionRule(tanh, (A) => 2 * lg(A) + 30).kind).toBe('refuted');
    expect(checkPrecisionRule(tanh, (A) => 3 * lg(A) + 15).kind).toBe('refuted');
    expect(checkPrecisionRule(tanh, (A) => 3 * lg(A) + 30).kind).toBe('verified');
  });
});

describe('channel-scalings', () => {
  it('verified with powers 4, 5, −2 and the λ_max, slope and curvature-along constants, each within 3 × its error estimate', () => {
    const v = atCtx(channelScalings);
    expect(v.kind, v.summary).toBe('verified');
    for (const [key, want] of [
      ['gapPower', 4],
      ['slopePower', 5],
      ['lambdaPower', -2],
      ['lambdaMaxTimesEps2OverPrediction', 1],
      ['slopeTimesAOverMinus4L', 1],
      ['floorCurvatureTimesA2Over20L', 1],
    ] as const) {
      const [value, tol] = String(v.evidence[key]).split(' ± ').map(Number);
      expect(tol, key).toBeLessThan(1e-6);
      expect(Math.abs((value as number) - want), key).toBeLessThanOrEqual(tol as number);
    }
  });

  it('measuredPower tells 4 from 4.1 and from 4.001', () => {
    const p = precision(40);
    const eps: [number, number, number] = [1e-4, 1e-8, 1e-12];
    const y = (k: number): [Decimal, Decimal, Decimal] =>
      eps.map((e) => new p.D(e).pow(k).times(new p.D(1).plus(new p.D(e).pow(2)))) as [
        Decimal,
        Decimal,
        Decimal,
      ];
    expect(measuredPower(eps, y(4), 4).passed).toBe(true);
    expect(measuredPower(eps, y(4.1), 4).passed).toBe(false);
    expect(measuredPower(eps, y(4.001), 4).passed).toBe(false);
  });
});

describe('figures of the fixed-problem channel claims', () => {
  // paper-toy-infinity's verdict and figure (≈ 12 s of CPU per run) are checked once, on the row `verify` prints:
  // test/report/report-numbers.test.ts.
  it('channel-scalings plots the gap and λ_max; the fixed-problem claims refuse relu', () => {
    const scal = atCtx(channelScalings);
    expect(scal.figures?.map((f) => f.id)).toEqual(['loss-gap-vs-epsilon', 'lambda-max-vs-inverse-epsilon']);
    for (const c of [paperToyInfinity, channelScalings, precisionOnChannel])
      expect(c.check({ ...ctx, activation: relu }).kind).toBe('not-applicable');
  });
});

describe('every new claim passes for tanh', () => {
  it('isPassing on the default context', () => {
    for (const c of NEW) expect(isPassing(atCtx(c).kind), c.id).toBe(true);
  });
});
