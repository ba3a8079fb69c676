import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { integrate64 } from '../../src/flow/integrate64.js';
import type { Objective } from '../../src/flow/objective.js';
import { integrate } from '../../src/flow/integrate.js';
import { loadProblem } from '../../src/network/problem.js';
import { precision } from '../../src/precision/context.js';

/** L(θ) = Σ λ_i θ_i² / 2, so θ_i(t) = θ_i(0)·e^(−λ_i t) (the closed form); a stiff pair of rates. */
function quadratic(lambdas: readonly number[]): Objective {
  return {
    evaluate: () => {
      throw new Error('not used');
    },
    evaluate64: (flat, options = {}) => {
      const P = flat.length;
      const hessian = new Float64Array(P * P);
      lambdas.forEach((l, i) => (hessian[i * P + i] = l));
      return {
        loss: lambdas.reduce((s, l, i) => s + (l * (flat[i] as number) ** 2) / 2, 0),
        gradient: flat.map((v, i) => (lambdas[i] as number) * v),
        ...(options.hessian === true ? { hessian } : {}),
      };
    },
  };
}

describe('integrate64', () => {
  it('follows the closed form e^(−λt) of a quadratic, switching to the implicit stepper when stiff', () => {
    const lambdas = [1, 1e4];
    const init = Float64Array.from([1, 1]);
    const r = integrate64(quadratic(lambdas), init, { maxTime: 3 });
    expect(r.stop).toBe('maxTime');
    expect(r.t).toBe(3);
    expect(Math.abs((r.theta[0] as number) - Math.exp(-3))).toBeLessThan(1e-8);
    expect(Math.abs(r.theta[1] as number)).toBeLessThan(1e-8);
    // λ = 10⁴ limits an explicit step to ~10⁻⁴: without the switch, 3 time units would cost ~10⁴ steps.
    expect(r.stepsByMethod.implicit).toBeGreaterThan(0);
    expect(r.steps).toBeLessThan(2000);
  });

  it('agrees with the Decimal Taylor integrator on two-param at t = 1 (an independent method)', () => {
    const problem = loadProblem('two-param');
    const p = precision(20);
    const init = problem.initial(p);
    const r = integrate64(
      problem,
      Float64Array.from(init, (v) => v.toNumber()),
      { maxTime: 1 },
    );
    const ref = integrate(problem, init, p, { times: ['1'], method: 'taylor', recordsPerDecade: 0 });
    const state = ref.states[0];
    if (state === undefined) throw new Error('no state');
    state.params.forEach((v, i) => {
      expect(Math.abs(new Decimal(v).toNumber() - (r.theta[i] as number))).toBeLessThan(1e-8);
    });
  });

  it('stops at the barrier, on convergence and on the step budget, and reports every accepted step', () => {
    const far = integrate64(quadratic([-1]), Float64Array.from([1]), { maxTime: 100, normBarrier: 10 });
    expect(far.stop).toBe('barrier');
    // θ(t) = e^t crosses 10 at t = ln 10; the step that crossed it is the last.
    expect(far.theta[0] as number).toBeGreaterThan(10);
    expect(far.t).toBeGreaterThan(Math.log(10));
    const seen: number[] = [];
    const conv = integrate64(quadratic([1]), Float64Array.from([1]), {
      maxTime: 100,
      gradientTolerance: 1e-6,
      onStep: (before, after, t) => {
        expect(before[0] as number).toBeGreaterThan(after[0] as number);
        seen.push(t);
      },
    });
    expect(conv.stop).toBe('converged');
    expect(Math.abs(conv.theta[0] as number)).toBeLessThan(1e-6);
    expect(seen).toHaveLength(conv.steps);
    expect(seen.every((t, i) => i === 0 || t > (seen[i - 1] as number))).toBe(true);
    const short = integrate64(quadratic([1]), Float64Array.from([1]), { maxTime: 100, maxSteps: 3 });
    expect(short.stop).toBe('budget');
    expect(short.steps).toBe(3);
  });

  it('takes long implicit steps although the gradient carries noise at the rounding floor', () => {
    // A slow rate 10⁻⁶ and a stiff one 10³, with a deterministic "rounding" noise of 10⁻¹⁶ added to the gradient:
    // with h ~ 10⁴ the Newton updates stall near h·10⁻¹⁶ ~ 10⁻¹², under the tolerance 10⁻¹⁰ but above the 10⁻¹³
    // that full convergence asks for. Refusing such steps shrank h until the noise fell below 10⁻¹³ (525 steps
    // and 546 rejections to t = 10⁶); a stall well below the tolerance is accepted instead (61 and 6).
    const lambdas = [1e-6, 1e3];
    const base = quadratic(lambdas);
    const noisy: Objective = {
      ...base,
      evaluate64: (flat, options = {}) => {
        const r = (base.evaluate64 as NonNullable<Objective['evaluate64']>)(flat, options);
        // Varies on the scale of 10⁻¹⁵ in θ, so each Newton iterate sees fresh noise, like rounding.
        const noise = (v: number): number => 1e-16 * Math.sin(1e15 * v + 0.5);
        const gradient = (r.gradient as Float64Array).map((g, i) => g + noise((flat[i] as number) * (i + 1)));
        return { ...r, gradient };
      },
    };
    const r = integrate64(noisy, Float64Array.from([1, 1]), { maxTime: 1e6 });
    expect(r.stop).toBe('maxTime');
    expect(Math.abs((r.theta[0] as number) - Math.exp(-1))).toBeLessThan(1e-8);
    expect(r.steps + r.rejectedSteps).toBeLessThan(300);
  });

  it('is deterministic', () => {
    const problem = loadProblem('two-param');
    const init = Float64Array.from([0.2, 0.3]);
    const a = integrate64(problem, init, { maxTime: 50 });
    const b = integrate64(problem, init, { maxTime: 50 });
    expect(Array.from(a.theta)).toEqual(Array.from(b.theta));
    expect(a.steps).toBe(b.steps);
  });
});
