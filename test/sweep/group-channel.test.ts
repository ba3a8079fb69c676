import { describe, expect, it } from 'vitest';
import { ProblemSpec, parseWith } from '../../src/network/spec.js';
import { groupChannelDirection, groupLimit } from '../../src/network/neuron-group.js';
import { fromDouble, precision } from '../../src/precision/context.js';
import { classifyEndPoint } from '../../src/sweep/classify-end-point.js';
import { sweepProblemOf } from '../../src/sweep/_internals/problem-cache.js';
import type { SweepProblem } from '../../src/sweep/sweep-problem.js';
import { GLU_XS, endPoint, tanhDerivatives } from './helpers.js';

/**
 * The hierarchical three-neuron channel of App. C.6 in one input dimension (tanh, no biases): w₁,₂ = w ± εω₁ +
 * ε²ω₂, w₃ = w, a₁,₂ = d/ε² ± b/(2ε), a₃ = c − 2d/ε². Its limit is cσ(wx) + (bω₁ + 2dω₂)xσ′(wx) + dω₁²x²σ″(wx),
 * which no pair of neurons computes (the σ″ term). The teacher is that limit at the nine glu-teacher inputs, so
 * the loss along the construction is O(ε⁴) and falls outward.
 */
const W = 1;
const O1 = 1;
const O2 = 0.5;
const C = 0.5;
const B = 1;
const D = 0.4;

function construction(eps: number): number[] {
  const shift = eps * eps * O2;
  return [
    W + eps * O1 + shift,
    W - eps * O1 + shift,
    W,
    D / eps ** 2 + B / (2 * eps),
    D / eps ** 2 - B / (2 * eps),
    C - (2 * D) / eps ** 2,
  ];
}

/** The limit at x, written out from the construction's constants (not from any routine under test). */
function limitAt(x: number): number {
  const [s0, s1, s2] = tanhDerivatives(W * x);
  return C * s0 + (B * O1 + 2 * D * O2) * x * s1 + D * O1 * O1 * x * x * s2;
}

function teacherProblem(width: number): SweepProblem {
  const spec = parseWith(
    ProblemSpec,
    {
      format: 'flat-channels-problem',
      version: 1,
      name: 'three-neuron-limit',
      activation: 'tanh',
      hiddenBias: false,
      outputBias: false,
      inputDimension: 1,
      data: { kind: 'samples', inputs: GLU_XS.map(String), targets: GLU_XS.map((x) => String(limitAt(x))) },
      student: { width, init: { kind: 'glorot-normal', seed: 1 } },
    },
    'test spec',
  );
  return sweepProblemOf(spec).sweep;
}

/** Naive reference of the group limit: the definitions, in float64, with the mean as centre. */
function naiveLimit(theta: readonly number[]): { center: number; c: number; v: number; M: number } {
  const w = theta.slice(0, 3);
  const a = theta.slice(3, 6);
  const center = (w[0]! + w[1]! + w[2]!) / 3;
  let c = 0;
  let v = 0;
  let M = 0;
  for (let k = 0; k < 3; k++) {
    const dk = w[k]! - center;
    c += a[k]!;
    v += a[k]! * dk;
    M += (a[k]! * dk * dk) / 2;
  }
  return { center, c, v, M };
}

describe('channels of three neurons', () => {
  const eps = 2 ** -6;
  const theta = construction(eps);
  const p = precision(40);
  const flat = theta.map((v) => fromDouble(p, v));

  it('the group limit agrees with a naive float64 reference, and tends to (c, bω₁ + 2dω₂, dω₁²) with O(ε²) error', () => {
    const g = groupLimit(
      { width: 3, inputDimension: 1, hiddenBias: false, outputBias: false },
      flat,
      [0, 1, 2],
    );
    const ref = naiveLimit(theta);
    // The float64 reference loses the digits the readouts d/ε² ≈ 1.6·10³ cancel: 10⁻¹² relative is its error.
    expect(Math.abs(g.c.toNumber() - ref.c)).toBeLessThan(1e-12 * Math.abs(theta[5]!));
    expect(Math.abs(g.v[0]!.toNumber() / ref.v - 1)).toBeLessThan(1e-12);
    expect(Math.abs(g.M[0]![0]!.toNumber() / ref.M - 1)).toBeLessThan(1e-12);
    // v = b + 2dω₂ − (2/3)cε²ω₂ and M = d + O(ε²) exactly (docs/mathematics.md): within 2ε² of the limit.
    expect(Math.abs(g.v[0]!.toNumber() - (B * O1 + 2 * D * O2))).toBeLessThan(2 * eps ** 2);
    expect(Math.abs(g.M[0]![0]!.toNumber() - D * O1 * O1)).toBeLessThan(2 * eps ** 2);
    expect(g.c.toNumber()).toBeCloseTo(C, 10);
  });

  it('the outward direction keeps the moments Σa_k t_k^j (j < 3) to first order and shrinks the group', () => {
    const layout = { width: 3, inputDimension: 1, hiddenBias: false, outputBias: false } as const;
    const dir = groupChannelDirection(layout, flat, [0, 1, 2]);
    expect(dir).toBeDefined();
    const u = dir!.direction.map((x) => x.toNumber());
    const h = 1e-7;
    const moved = theta.map((v, k) => v + h * u[k]!);
    const before = naiveLimit(theta);
    const after = naiveLimit(moved);
    // First-order invariance: the change is O(h²·|a|) ≈ 10⁻¹¹, far below h·|v| = 10⁻⁷.
    expect(Math.abs(after.c - before.c)).toBeLessThan(1e-9);
    expect(Math.abs(after.v - before.v)).toBeLessThan(1e-9);
    expect(Math.abs(after.M - before.M)).toBeLessThan(1e-9);
    // Every δ_k shrinks at rate 1 (one input dimension: no ω₂ remainder across the axis).
    expect(after.center).toBeCloseTo(before.center, 12);
    expect(Math.abs(moved[0]! - moved[1]!)).toBeLessThan(Math.abs(theta[0]! - theta[1]!));
  });

  it('an end point on the construction is a channel of three neurons, its loss certified falling outward', () => {
    const problem = teacherProblem(3);
    const late = Array.from({ length: 20 }, () => [1e-9, -1e-9, 0, 1e-6, 1e-6, -2e-6]);
    const c = classifyEndPoint(problem, endPoint(theta, late));
    expect(c.class).toBe('channel');
    expect(c.pair).toBeUndefined();
    expect(c.channelGroup?.members).toEqual([1, 2, 3]);
    expect(Number(c.channelGroup?.duplicateRatio)).toBeGreaterThan(0.5);
    expect(c.escalation?.confirmed).toBe(true);
    // The certified slope is ∇L·u along the group's direction u: a central difference of the loss alone (no
    // gradient code) at 60 digits with h = 10⁻¹², whose O(h²) error is far below the 10⁻⁸ relative asked.
    const q = precision(60);
    const at = theta.map((v) => fromDouble(q, v));
    const u = groupChannelDirection(problem.network.layout, at, [0, 1, 2])!.direction;
    const h = new q.D('1e-12');
    const lossAt = (sign: number): ReturnType<typeof fromDouble> =>
      problem.evaluate(
        at.map((v, k) => v.plus(u[k]!.times(h).times(sign))),
        q,
      ).loss;
    const fd = lossAt(1).minus(lossAt(-1)).div(h.times(2)).toNumber();
    const slope = Number(c.escalation?.outwardSlope);
    expect(slope).toBeLessThan(0);
    expect(Math.abs(slope / fd - 1)).toBeLessThan(1e-8);
    expect(Number(c.channelGroup?.limit.M[0]?.[0])).toBeCloseTo(D, 2);
  });

  it('late updates outside the group’s subspace: no channel of three neurons', () => {
    // A fourth, zero-output neuron at w = −0.7 carries every late update.
    const problem = teacherProblem(4);
    const flat4 = [...theta.slice(0, 3), -0.7, ...theta.slice(3), 0];
    const late = Array.from({ length: 20 }, () => [0, 0, 0, 1e-3, 0, 0, 0, 0]);
    const c = classifyEndPoint(problem, endPoint(flat4, late));
    expect(c.channelGroup).toBeUndefined();
    expect(c.class).not.toBe('channel');
  });

  it('in two input dimensions (ω₂ across ω₁): a channel of three neurons, limit (c, bω₁ + 2dω₂, dω₁ω₁ᵀ)', () => {
    const w = [0.8, -0.5];
    const o1 = [1, 0.3];
    const o2 = [-0.2, 0.7];
    const xs = [-1.5, -0.5, 0.5, 1.5].flatMap((u) => [-1.5, -0.5, 0.5, 1.5].map((v) => [u, v]));
    const dot = (a: readonly number[], b: readonly number[]): number => a[0]! * b[0]! + a[1]! * b[1]!;
    const targets = xs.map((x) => {
      const [s0, s1, s2] = tanhDerivatives(dot(w, x));
      return C * s0 + (B * dot(o1, x) + 2 * D * dot(o2, x)) * s1 + D * dot(o1, x) ** 2 * s2;
    });
    const spec = parseWith(
      ProblemSpec,
      {
        format: 'flat-channels-problem',
        version: 1,
        name: 'three-neuron-limit-2d',
        activation: 'tanh',
        hiddenBias: false,
        outputBias: false,
        inputDimension: 2,
        data: { kind: 'samples', inputs: xs.map((x) => x.map(String)), targets: targets.map(String) },
        student: { width: 3, init: { kind: 'glorot-normal', seed: 1 } },
      },
      'test spec',
    );
    const problem = sweepProblemOf(spec).sweep;
    const e = 2 ** -6;
    const row = (sign: number): number[] => w.map((v, k) => v + sign * e * o1[k]! + e * e * o2[k]!);
    const theta2 = [
      ...row(1),
      ...row(-1),
      ...w,
      D / e ** 2 + B / (2 * e),
      D / e ** 2 - B / (2 * e),
      C - (2 * D) / e ** 2,
    ];
    const late = Array.from({ length: 20 }, () => [0, 0, 0, 0, 0, 0, 1e-6, 1e-6, -2e-6]);
    const c = classifyEndPoint(problem, endPoint(theta2, late));
    expect(c.class).toBe('channel');
    expect(c.channelGroup?.members).toEqual([1, 2, 3]);
    expect(c.escalation?.confirmed).toBe(true);
    const lim = c.channelGroup!.limit;
    // v = bω₁ + 2dω₂ − (2/3)cε²ω₂ and M = dω₁ω₁ᵀ + O(ε²) (docs/mathematics.md §8): within 2ε² entrywise.
    o1.forEach((_, k) => {
      expect(Math.abs(Number(lim.v[k]) - (B * o1[k]! + 2 * D * o2[k]!))).toBeLessThan(2 * e * e);
      o1.forEach((__, l) =>
        expect(Math.abs(Number(lim.M[k]?.[l]) - D * o1[k]! * o1[l]!)).toBeLessThan(2 * e * e),
      );
    });
    expect(Number(lim.c)).toBeCloseTo(C, 9);
  });
});
