import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { itLong } from '../_support/tier.js';
import { classifyEndPoint } from '../../src/sweep/classify-end-point.js';
import {
  GLU_XS,
  atanOneNeuronMinimum,
  atanProblem,
  endPoint,
  problemAt,
  tanhDerivatives,
} from './helpers.js';

/**
 * A split channel: the glu-teacher channel of two tanh neurons (w = 1 ± ε, a = 1/4 ± 1/(2ε); c = 1/2, a = 1) with
 * its second neuron duplicated, readout halved between the copies. It computes exactly the width-2 channel's
 * function, so its loss is ε⁴·mean(f₂²) to relative O(ε²) (the GLU expansion, mathematics.md §2) and the loss
 * falls outward at dL/ds = −4L; the duplicates are at distance 0, which the paper's duplicate criterion (two input
 * weights closer than 10⁻⁶, weightnorm below 10³) calls a plateau saddle.
 */
function splitChannel(eps: number): number[] {
  const aMinus = 0.25 - 1 / (2 * eps);
  return [1 + eps, 1 - eps, 1 - eps, 0.25 + 1 / (2 * eps), aMinus / 2, aMinus / 2];
}

/** The outward direction of the split channel: each side moved as one neuron (w ∓ ε, a_± ± A shared in proportion). */
function outwardSplit(theta: readonly number[]): number[] {
  const [w1, w2, , a1, a2, a3] = theta as [number, number, number, number, number, number];
  const A = (a1 - (a2 + a3)) / 2;
  const half = (w1 - w2) / 2;
  return [-half, half, half, A, (-A * a2) / (a2 + a3), (-A * a3) / (a2 + a3)];
}

/** ε⁴·mean(f₂²) with f₂ = (c/2)x²σ″(x) + (a/6)x³σ‴(x), c = 1/2, a = 1. */
function gluLossReference(eps: number): number {
  const f2 = GLU_XS.map((x) => {
    const [, , s2, s3] = tanhDerivatives(x);
    return 0.25 * x * x * s2 + (x ** 3 * s3) / 6;
  });
  return eps ** 4 * (f2.reduce((s, v) => s + v * v, 0) / f2.length);
}

describe('classifyEndPoint: split channels', () => {
  it('a channel carrying a duplicated neuron is a split channel; the paper’s criteria call it a plateau saddle', () => {
    const glu3 = problemAt('glu-teacher', 3);
    const eps = 2 ** -7; // ‖θ‖ ≈ 78.5: weightnorm ≈ 514 < 10³, so the paper's duplicate criterion applies
    const theta = splitChannel(eps);
    const late = Array.from({ length: 20 }, () => outwardSplit(theta).map((v) => v * 1e-6));
    const c = classifyEndPoint(glu3, endPoint(theta, late));
    expect(c.class).toBe('split-channel');
    expect(c.group).toMatchObject({ plus: [1], minus: [2, 3], duplicate: { i: 2, j: 3, distance: '0' } });
    expect(Number(c.group?.divergence)).toBe(1 / (2 * eps));
    // The loss and the slope are the width-2 channel's: ε⁴·mean(f₂²) and −4 times it, to relative O(ε²)
    // (measured 1.0·ε² on the pair at ε = 2⁻⁶…2⁻⁹; 10⁻³ ≈ 16ε² here).
    const ref = gluLossReference(eps);
    expect(c.escalation?.confirmed).toBe(true);
    expect(Math.abs(Number(c.escalation?.loss) / ref - 1)).toBeLessThan(1e-3);
    expect(Math.abs(Number(c.escalation?.outwardSlope) / (-4 * ref) - 1)).toBeLessThan(1e-3);
    // What the paper's criteria say: weightnorm Σθ²/(2·6) below 10³ and two input weights at distance 0.
    const normSq = theta.reduce((s, v) => s + v * v, 0);
    expect(normSq / 12).toBeLessThan(1e3);
    expect(c.paper).toEqual({
      class: 'plateau-saddle',
      weightnorm: String(c.paper.weightnorm),
      closestPair: { i: 2, j: 3, distance: '0' },
    });
    expect(Number(c.paper.weightnorm)).toBeCloseTo(normSq / 12, 9);
  });

  it('farther out (weightnorm > 10³) the paper calls the same split channel a channel (a three-neuron group)', () => {
    const glu3 = problemAt('glu-teacher', 3);
    const theta = splitChannel(2 ** -9);
    const late = Array.from({ length: 20 }, () => outwardSplit(theta).map((v) => v * 1e-6));
    const c = classifyEndPoint(glu3, endPoint(theta, late));
    expect(c.class).toBe('split-channel');
    expect(c.paper.class).toBe('channel');
    // Without the Decimal escalation the paper's norm and readout criteria decide, and they hold here.
    expect(classifyEndPoint(glu3, endPoint(theta, late), { escalate: false }).class).toBe('split-channel');
  });

  it('late updates outside the group’s subspace: not a split channel', () => {
    const glu4 = problemAt('glu-teacher', 4);
    const theta = splitChannel(2 ** -9);
    // A fourth, zero-output neuron at w = 0.3 carries every late update.
    const flat = [...theta.slice(0, 3), 0.3, ...theta.slice(3), 0];
    const late = Array.from({ length: 20 }, () => [0, 0, 0, 1e-3, 0, 0, 0, 0]);
    expect(classifyEndPoint(glu4, endPoint(flat, late)).class).not.toBe('split-channel');
  });

  it('a critical point with merged mixed-sign readouts is not a split channel: the loss does not fall', () => {
    // atan(x) at the nine points by tanh neurons: the width-1 minimum (w*, a*) split three ways with readouts
    // (1.5, −0.25, −0.25)·a* is a critical point of width 3 (Şimşek et al.: copies' readouts sum to the parent's).
    const { w, a } = atanOneNeuronMinimum();
    const theta = [w, w, w, 1.5 * a, -0.25 * a, -0.25 * a];
    const c = classifyEndPoint(atanProblem(3), endPoint(theta, [], 'converged'));
    expect(Number(c.gradientNorm)).toBeLessThan(1e-6);
    expect(c.class).not.toBe('split-channel');
    expect(['saddle', 'plateau-saddle']).toContain(c.class);
  });
});

describe('a split channel found by the sweep', () => {
  // Long tier: realising the 101×101 data, the float64 Hessian and the 30-digit escalation over 10 201 samples
  // take ≈ 31 s of CPU (measured against the same file with every test skipped, load ≈ 19).
  itLong(
    'rosenbrock-2d width 3 seed 14 stopped at t = 10⁸: split channel; the paper’s criteria: a plateau saddle',
    () => {
      const fixture = JSON.parse(
        readFileSync(new URL('./fixtures/rosenbrock-w3-s14-t1e8.json', import.meta.url), 'utf8'),
      ) as { steps: number; theta: string[]; late: string[][] };
      const theta = fixture.theta.map(Number);
      const run = {
        ...endPoint(
          theta,
          fixture.late.map((u) => u.map(Number)),
        ),
        steps: fixture.steps,
      };
      const c = classifyEndPoint(problemAt('rosenbrock-2d', 3), run);
      // Neurons 2 and 3 are one neuron split in two (10⁻¹³ apart), opposite to neuron 1; the loss still falls.
      expect(c.class).toBe('split-channel');
      expect(c.group).toMatchObject({ plus: [1], minus: [2, 3], duplicate: { i: 2, j: 3 } });
      expect(c.escalation?.confirmed).toBe(true);
      // The paper: weightnorm Σθ²/18 ≈ 316 < 10³ and two input weights closer than 10⁻⁶.
      const wn = theta.reduce((s, v) => s + v * v, 0) / 18;
      expect(wn).toBeLessThan(1e3);
      expect(c.paper.class).toBe('plateau-saddle');
      expect(c.paper.closestPair).toMatchObject({ i: 2, j: 3 });
      expect(Number(c.paper.closestPair?.distance)).toBeLessThan(1e-6);
    },
  );
});
