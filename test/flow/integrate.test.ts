import { describe, expect, it } from 'vitest';
import { FlowRun, integrate } from '../../src/flow/integrate.js';
import { decimalSystem, float64System } from '../../src/flow/_internals/flow-system.js';
import { taylorCoefficients } from '../../src/flow/_internals/taylor-series.js';
import { precision } from '../../src/precision/context.js';
import { agreeingDigits, gluTeacher, twoParam } from './helpers.js';

const start2 = ['0.2', '0.3'];
const startGlu = ['1.1', '0.9', '5', '-4.5'];

describe('Taylor coefficients of the flow', () => {
  it('θ₁ = −∇L and θ₂ = ½·∇²L·∇L (Decimal, against the exact gradient and Hessian)', () => {
    const w = precision(40);
    const S = decimalSystem(gluTeacher(), w);
    const y = startGlu.map((v) => new w.D(v));
    const th = taylorCoefficients(S.F, S.taylor!, y, 3);
    const { gradient, hessian } = S.gradientHessian(y);
    gradient.forEach((g, i) => expect(agreeingDigits(th[1]![i]!, g.neg())).toBeGreaterThan(35));
    hessian.forEach((row, i) => {
      const hg = row.reduce((acc, h, j) => acc.plus(h.times(gradient[j]!)), new w.D(0)).div(2);
      expect(agreeingDigits(th[2]![i]!, hg)).toBeGreaterThan(33);
    });
  });

  it('θ₃ agrees with a finite difference of θ₂ along the flow (float64)', () => {
    const S = float64System(twoParam());
    const y = start2.map(Number);
    const th = taylorCoefficients(S.F, S.taylor!, y, 3);
    const e = 1e-5;
    const move = (s: number): number[] => y.map((v, i) => v + s * e * th[1]![i]!);
    const up = taylorCoefficients(S.F, S.taylor!, move(1), 2)[2]!;
    const dn = taylorCoefficients(S.F, S.taylor!, move(-1), 2)[2]!;
    // d/dt θ₂(θ(t)) = 3 θ₃ (θ₂ = θ″/2, θ₃ = θ‴/6).
    for (let i = 0; i < 2; i++) expect((up[i]! - dn[i]!) / (2 * e) / 3).toBeCloseTo(th[3]![i]!, 7);
  });
});

describe('integrate', () => {
  it('Taylor at 30 and 50 digits agree to 27 digits at t = 1 (precision ladder)', () => {
    const a = integrate(twoParam(), start2, precision(30), {
      times: ['1'],
      method: 'taylor',
      recordsPerDecade: 0,
    });
    const b = integrate(twoParam(), start2, precision(50), {
      times: ['1'],
      method: 'taylor',
      recordsPerDecade: 0,
    });
    a.states[0]!.params.forEach((v, i) =>
      expect(agreeingDigits(v, b.states[0]!.params[i]!)).toBeGreaterThan(27),
    );
    expect(a.outcome.kind).toBe('maxTime');
  });

  it('GBS (independent: only gradients, extrapolation) agrees with Taylor to 18 digits at 20 digits', () => {
    const a = integrate(twoParam(), start2, precision(20), {
      times: ['0.5'],
      method: 'gbs',
      recordsPerDecade: 0,
    });
    const b = integrate(twoParam(), start2, precision(40), {
      times: ['0.5'],
      method: 'taylor',
      recordsPerDecade: 0,
    });
    a.states[0]!.params.forEach((v, i) =>
      expect(agreeingDigits(v, b.states[0]!.params[i]!)).toBeGreaterThan(18),
    );
  });

  it('implicit (Radau IIA) and float64 agree with Taylor to their tolerances', () => {
    const ref = integrate(twoParam(), start2, precision(30), {
      times: ['1'],
      method: 'taylor',
      recordsPerDecade: 0,
    });
    const imp = integrate(twoParam(), start2, precision(20), {
      times: ['1'],
      method: 'implicit',
      recordsPerDecade: 0,
      implicitLog10Tolerance: -11,
    });
    const f64 = integrate(twoParam(), start2, precision(20), {
      times: ['1'],
      method: 'float64',
      recordsPerDecade: 0,
    });
    ref.states[0]!.params.forEach((v, i) => {
      expect(agreeingDigits(imp.states[0]!.params[i]!, v)).toBeGreaterThan(9);
      expect(agreeingDigits(f64.states[0]!.params[i]!, v)).toBeGreaterThan(12);
    });
    expect(imp.stats.stepsByMethod['implicit']).toBeGreaterThan(0);
    expect(f64.estimatedDigits).toBeLessThan(16);
  });

  it('records are log-uniform, include the requested times exactly, and carry step statistics', () => {
    const r = integrate(twoParam(), start2, precision(20), { times: ['0.3', '1'], method: 'taylor' });
    const ts = r.records.map((x) => x.t);
    expect(ts[0]).toBe('0');
    expect(ts).toContain('0.3');
    expect(ts[ts.length - 1]).toBe('1');
    expect(ts).toContain('0.1');
    expect(ts).toContain('0.125893'); // 10^(−0.9) to 6 digits
    const steps = r.records.map((x) => x.steps);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(r.states.map((s) => s.t)).toEqual(['0.3', '1']);
  });

  it('reaches the exact minimum of two-param and reports it as converged (not a channel)', () => {
    const r = integrate(twoParam(), start2, precision(20), {
      times: ['400'],
      method: 'float64',
      recordsPerDecade: 2,
    });
    expect(r.outcome.kind).toBe('converged');
    if (r.outcome.kind === 'converged') expect(r.outcome.type).toBe('minimum');
  });

  it('resumes from a checkpoint with exactly the same digits as an uninterrupted run', () => {
    const opts = { times: ['1', '3'], method: 'taylor' as const };
    const whole = integrate(twoParam(), start2, precision(30), opts);
    const first = new FlowRun(twoParam(), start2, precision(30), opts, 'k');
    for (let i = 0; i < 12; i++) first.advance();
    const saved = JSON.parse(JSON.stringify(first.checkpoint())) as ReturnType<FlowRun['checkpoint']>;
    const second = new FlowRun(twoParam(), start2, precision(30), opts, 'k');
    second.restore(saved);
    while (!second.done) second.advance();
    const r = second.result();
    expect(r.states).toEqual(whole.states);
    expect(r.stats.steps).toBe(whole.stats.steps);
    expect(() => new FlowRun(twoParam(), start2, precision(30), opts, 'other').restore(saved)).toThrow(
      /different run/,
    );
  });
});
