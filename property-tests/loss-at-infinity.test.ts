// The loss at infinity ℓ(w, 0) = min over (c, a) of the GLU-limit loss (mathematics.md §2, §5; the claim
// paper-toy-infinity). For random one-dimensional limit models c σ(w x) + a x σ′(w x) (a random smooth registered
// activation, 5–8 samples, a noisy GLU target), at every critical point returned by `limitCriticalPoints`, checked
// against a naive float64 re-implementation (2×2 normal equations by Cramer's rule, the width-2 network's loss at
// finite ε): the readouts solve the normal equations; dℓ/dw = 0 by a central difference; h(θ₀) is the limit of
// (L(ε) − L(0))/ε² (Romberg from ε = 0.01, 0.005, 0.0025).
// Budget: the scans are cached across the laws; numRuns 20 per law; the laws run in ≈ 1–2 s in all (60 runs per
// law: ≈ 3.5 s).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveActivation, type Activation } from '../src/activations/index.js';
import {
  limitCriticalPoints,
  type LimitCriticalPoint,
  type LimitModel,
} from '../src/landscape/loss-at-infinity.js';
import { precision } from '../src/precision/context.js';
import { checkLaw } from './_support/law.js';

const NUM_RUNS = 20;
const ACTIVATIONS = ['tanh', 'erf', 'sigmoid', 'softplus', 'gelu', 'silu'] as const;
const p = precision(20);

interface Case {
  readonly activation: (typeof ACTIVATIONS)[number];
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}

const grid = (lo: number, hi: number, step: number): fc.Arbitrary<number> =>
  fc.integer({ min: Math.round(lo / step), max: Math.round(hi / step) }).map((k) => k * step);

/** Targets: a GLU c₀σ(w₀x) + a₀xσ′(w₀x) plus noise (so ℓ has a critical point near w₀ more often than not). */
const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    activation: fc.constantFrom(...ACTIVATIONS),
    xs: fc.uniqueArray(grid(-3, 3, 0.25), { minLength: 5, maxLength: 8 }),
    c0: grid(-1, 1, 0.05),
    a0: grid(-1, 1, 0.05),
    w0: grid(0.3, 3, 0.05),
    noise: fc.array(grid(-0.3, 0.3, 0.01), { minLength: 8, maxLength: 8 }),
  })
  .map(({ activation, xs, c0, a0, w0, noise }) => {
    const act = resolveActivation(activation);
    const ys = xs.map((x, k) => {
      const [s0, s1] = act.derivatives64(w0 * x, 1);
      return c0 * (s0 as number) + a0 * x * (s1 as number) + (noise[k] as number);
    });
    return { activation, xs, ys };
  });

function modelOf(C: Case): LimitModel {
  return {
    activation: resolveActivation(C.activation),
    layout: { width: 2, inputDimension: 1, hiddenBias: false, outputBias: false },
    data: (q) => ({
      inputs: C.xs.map((x) => [new q.D(x)]),
      targets: C.ys.map((y) => new q.D(y)),
    }),
  };
}

const cache = new Map<string, LimitCriticalPoint[]>();
function criticalPoints(C: Case): LimitCriticalPoint[] {
  const key = JSON.stringify(C);
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = limitCriticalPoints(modelOf(C), p);
    cache.set(key, hit);
  }
  return hit;
}

/** σ(s) and σ′(s) by the activation's float64 path (the activation itself is not under test here). */
function sigma01(act: Activation, s: number): [number, number] {
  const d = act.derivatives64(s, 1);
  return [d[0] as number, d[1] as number];
}

/** Naive ℓ(w, 0): features (σ(wx), xσ′(wx)), readouts by Cramer's rule on the 2×2 normal equations. */
function naiveLimit(C: Case, w: number): { loss: number; c: number; a: number } {
  const act = resolveActivation(C.activation);
  let g11 = 0;
  let g12 = 0;
  let g22 = 0;
  let r1 = 0;
  let r2 = 0;
  const feats = C.xs.map((x) => {
    const [s0, s1] = sigma01(act, w * x);
    return [s0, x * s1] as const;
  });
  feats.forEach(([f1, f2], k) => {
    const y = C.ys[k] as number;
    g11 += f1 * f1;
    g12 += f1 * f2;
    g22 += f2 * f2;
    r1 += f1 * y;
    r2 += f2 * y;
  });
  const det = g11 * g22 - g12 * g12;
  const c = (r1 * g22 - g12 * r2) / det;
  const a = (g11 * r2 - g12 * r1) / det;
  const loss =
    feats.reduce((s, [f1, f2], k) => s + (c * f1 + a * f2 - (C.ys[k] as number)) ** 2, 0) / C.xs.length;
  return { loss, c, a };
}

/** The width-2 network's loss at (w ± ε, c/2 ± a/(2ε)), directly from its definition (no expansion). */
function networkLoss(C: Case, c: number, a: number, w: number, eps: number): number {
  const act = resolveActivation(C.activation);
  const ai = c / 2 + a / (2 * eps);
  const aj = c / 2 - a / (2 * eps);
  return (
    C.xs.reduce((s, x, k) => {
      const f = ai * act.value64((w + eps) * x) + aj * act.value64((w - eps) * x);
      return s + (f - (C.ys[k] as number)) ** 2;
    }, 0) / C.xs.length
  );
}

const meanSquare = (C: Case): number => C.ys.reduce((s, y) => s + y * y, 0) / C.ys.length;

let checkedPoints = 0;

describe('the loss at infinity ℓ(w, 0) (paper-toy-infinity)', () => {
  it('at every critical point found, the readouts (c, a) solve the 2×2 normal equations G(c, a)ᵀ = g', () => {
    checkLaw(
      fc.property(caseArbitrary, (C) => {
        const act = resolveActivation(C.activation);
        for (const pt of criticalPoints(C)) {
          const w = pt.w.toNumber();
          const c = pt.c.toNumber();
          const a = pt.a.toNumber();
          let e1 = 0;
          let e2 = 0;
          let scale = 0;
          C.xs.forEach((x, k) => {
            const [s0, s1] = sigma01(act, w * x);
            const f2 = x * s1;
            const r = c * s0 + a * f2 - (C.ys[k] as number);
            e1 += s0 * r;
            e2 += f2 * r;
            scale +=
              (Math.abs(s0) + Math.abs(f2)) *
              (Math.abs(c * s0) + Math.abs(a * f2) + Math.abs(C.ys[k] as number));
          });
          // Gβ − g = Σ φ r: zero to rounding (float64 evaluation of the library's 20-digit readouts).
          expect(Math.abs(e1)).toBeLessThanOrEqual(1e-12 * scale);
          expect(Math.abs(e2)).toBeLessThanOrEqual(1e-12 * scale);
          // And they are the readouts of the naive Cramer solution.
          const naive = naiveLimit(C, w);
          expect(Math.abs(naive.loss - pt.loss.toNumber())).toBeLessThanOrEqual(1e-10 * meanSquare(C));
          checkedPoints++;
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('at every critical point found, dℓ/dw = 0 by a central difference of the naive ℓ', () => {
    checkLaw(
      fc.property(caseArbitrary, (C) => {
        for (const pt of criticalPoints(C)) {
          const w = pt.w.toNumber();
          const h = 1e-5 * w;
          const slope = (naiveLimit(C, w + h).loss - naiveLimit(C, w - h).loss) / (2 * h);
          // A point off by 10⁻³ in w has w·|ℓ′| ≈ w²|ℓ″|·10⁻³, typically ≥ 10⁻⁵ of the mean square target.
          expect(Math.abs(slope) * w).toBeLessThanOrEqual(1e-8 * meanSquare(C));
          // The library's own slope agrees.
          expect(Math.abs(pt.slope.toNumber()) * w).toBeLessThanOrEqual(1e-12 * meanSquare(C));
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('h(θ₀) at every critical point is the limit of (L(ε) − L(0))/ε² of the width-2 network', () => {
    checkLaw(
      fc.property(caseArbitrary, (C) => {
        for (const pt of criticalPoints(C)) {
          const [c, a, w] = [pt.c.toNumber(), pt.a.toNumber(), pt.w.toNumber()];
          const L0 = pt.loss.toNumber();
          const q = (eps: number): number => (networkLoss(C, c, a, w, eps) - L0) / (eps * eps);
          // Romberg in ε²: q(ε) = h + q₄ε² + q₆ε⁴ + … ⇒ two eliminations leave h + O(ε⁶). The Taylor coefficients of
          // the output grow with the readouts (|c| + |a| reaches ~30 on near-singular samples), hence small ε.
          const [q1, q2, q3] = [q(0.01), q(0.005), q(0.0025)];
          const r1 = (4 * q2 - q1) / 3;
          const r2 = (4 * q3 - q2) / 3;
          const hFd = (16 * r2 - r1) / 15;
          const h = pt.h.toNumber();
          const M = meanSquare(C) * (1 + Math.abs(c) + Math.abs(a)) ** 2;
          // The reference's own rounding floor: the output cancels two terms of size |a|/(2ε) (δf ≲ 8u of them), so
          // q(ε) carries (2√L₀ δf + δf²)/ε²; the Romberg weights amplify it at most threefold.
          const act = resolveActivation(C.activation);
          const sMax = Math.max(...C.xs.map((x) => Math.abs(act.value64(w * x)) + Math.abs(x * 0.01)));
          const df = 8 * 2 ** -52 * (Math.abs(c) + Math.abs(a) / 0.0025) * sMax;
          const floor = (3 * (2 * Math.sqrt(L0) * df + df * df)) / 0.0025 ** 2;
          expect(Math.abs(hFd - h)).toBeLessThanOrEqual(1e-4 * Math.abs(h) + 1e-9 * M + floor);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the laws above are not vacuous: critical points were found', () => {
    expect(checkedPoints).toBeGreaterThan(0);
  });
});
