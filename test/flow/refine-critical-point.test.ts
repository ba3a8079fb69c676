import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Objective } from '../../src/flow/objective.js';
import { refineCriticalPoint } from '../../src/flow/refine-critical-point.js';
import { precision } from '../../src/precision/context.js';
import { agreeingDigits, twoParam } from './helpers.js';

describe('refineCriticalPoint', () => {
  it('finds the exact global minimum of two-param (w, a) = (0.8, 1.5) to the working precision', () => {
    const p = precision(50);
    const out = refineCriticalPoint(twoParam(), ['0.7', '1.3'], p);
    expect(out.kind).toBe('converged');
    if (out.kind !== 'converged') return;
    expect(out.type).toBe('minimum');
    expect(out.inertia.positive).toBe(2);
    // Independent reference: the target is the student at (0.8, 1.5), so L = 0 there exactly.
    expect(agreeingDigits(out.point[0] as Decimal, '0.8')).toBeGreaterThan(45);
    expect(agreeingDigits(out.point[1] as Decimal, '1.5')).toBeGreaterThan(45);
    expect(out.gradNormInf.lte('1e-40')).toBe(true);
    expect(out.iterations).toBeLessThan(15);
  });

  it('finds the saddle at the origin of two-param and says it is a saddle', () => {
    // At (0, 0): ∂L/∂w = 0 (a = 0) and ∂L/∂a ∝ Σ y tanh(0) = 0; ∂²L/∂a² = 0 and ∂²L/∂w∂a ≠ 0, so the
    // Hessian is [[·, c], [c, 0]] with c ≠ 0: one negative and one positive eigenvalue.
    const p = precision(40);
    const out = refineCriticalPoint(twoParam(), ['0.01', '-0.02'], p);
    expect(out.kind).toBe('converged');
    if (out.kind !== 'converged') return;
    expect(out.type).toBe('saddle');
    expect(out.inertia.negative).toBe(1);
    expect(out.point.every((v) => v.abs().lt('1e-35'))).toBe(true);
  });

  it('reports a channel, not a minimum, when the iterates run off (L = 1/x⁴ + y², the GLU-target law)', () => {
    const objective: Objective = {
      evaluate(flat, p) {
        const x = new p.D(flat[0] as Decimal);
        const y = new p.D(flat[1] as Decimal);
        const x2 = x.times(x);
        return {
          loss: x2.times(x2).pow(-1).plus(y.times(y)),
          gradient: [x2.times(x2).times(x).pow(-1).times(-4), y.times(2)],
          hessian: [
            [x2.pow(-3).times(20), new p.D(0)],
            [new p.D(0), new p.D(2)],
          ],
        };
      },
    };
    const p = precision(30);
    const out = refineCriticalPoint(objective, ['2', '0.5'], p);
    expect(out.kind).toBe('channelSuspected');
    if (out.kind !== 'channelSuspected') return;
    expect(Number(out.evidence.finalNormInf)).toBeGreaterThan(1e4);
  });

  it('is consistent on the precision ladder: 30 and 50 digits agree to 30', () => {
    const a = refineCriticalPoint(twoParam(), ['0.01', '-0.02'], precision(30));
    const b = refineCriticalPoint(twoParam(), ['0.01', '-0.02'], precision(50));
    expect(a.kind).toBe('converged');
    expect(b.kind).toBe('converged');
    expect(a.loss.toSignificantDigits(25).eq(b.loss.toSignificantDigits(25))).toBe(true);
  });
});
