// Laws of the local-geometry layer (src/geometry; issue 19 item 3), one law each, on random float64 inputs. The
// whole file takes well under a second of CPU.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hessianOutliers,
  randomOrthonormalBasis,
  subspaceObjective64,
  topEigenspaceFraction,
} from '../src/geometry/index.js';
import { symmetricEigenF64 } from '../src/precision/linalg/index.js';
import { tierRuns } from '../test/_support/tier.js';
import { checkLaw } from './_support/law.js';

const seed = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const dimensions = fc
  .integer({ min: 1, max: 12 })
  .chain((D) => fc.tuple(fc.constant(D), fc.integer({ min: 1, max: D })));

describe('random affine subspaces', () => {
  it('the basis is orthonormal: |PᵀP − I| ≤ 8·D·2⁻⁵²', () => {
    checkLaw(
      fc.property(dimensions, seed, ([D, k], s) => {
        const P = randomOrthonormalBasis(D, k, s);
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++) {
            const dot = P[a]!.reduce((acc, v, i) => acc + v * (P[b]![i] as number), 0);
            expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThanOrEqual(8 * D * 2 ** -52);
          }
      }),
      { numRuns: tierRuns(200) },
    );
  });

  it('the restricted gradient Pᵀ∇L is the central difference of u ↦ L(θ₀ + P u)', () => {
    // L(θ) = Σ c_i sin θ_i + (Σ θ_i)²/2, with its exact gradient; |L'''| ≤ Σ|c_i| + 0 along any unit direction.
    checkLaw(
      fc.property(
        dimensions,
        seed,
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        ([D, k], s, c, u0) => {
          const L = (t: Float64Array) => {
            const sum = t.reduce((a, b) => a + b, 0);
            return {
              loss: t.reduce((a, v, i) => a + (c[i] as number) * Math.sin(v), 0) + (sum * sum) / 2,
              gradient: t.map((v, i) => (c[i] as number) * Math.cos(v) + sum),
            };
          };
          const theta0 = Float64Array.from({ length: D }, (_, i) => (c[(i + 3) % 12] as number) / 2);
          const restricted = subspaceObjective64(L, theta0, randomOrthonormalBasis(D, k, s));
          const u = Float64Array.from({ length: k }, (_, j) => u0[j] as number);
          const g = restricted(u).gradient;
          const h = 1e-5;
          for (let j = 0; j < k; j++) {
            const up = u.slice();
            const dn = u.slice();
            up[j] = (up[j] as number) + h;
            dn[j] = (dn[j] as number) - h;
            const fd = (restricted(up).loss - restricted(dn).loss) / (2 * h);
            // truncation h²/6·24 ≈ 4e-10, rounding ≈ 2⁻⁵²·|L|/h with |L| ≤ 100: ≈ 2e-9
            expect(Math.abs((g[j] as number) - fd)).toBeLessThan(1e-8);
          }
        },
      ),
      { numRuns: tierRuns(100) },
    );
  });
});

describe('hessianOutliers', () => {
  it('finds a planted gap (ratio ≥ 3) above a bulk whose consecutive ratios are ≤ 1.5', () => {
    checkLaw(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.double({ min: 1, max: 1.5, noNaN: true }), { minLength: 30, maxLength: 30 }),
        fc.double({ min: 3, max: 100, noNaN: true }),
        (m, ratios, gap) => {
          const values: number[] = [1];
          for (const r of ratios) values.push((values[values.length - 1] as number) / r);
          // the bulk is values; the m outliers sit above it, the lowest `gap` times the bulk's top
          const out: number[] = [gap];
          for (let i = 1; i < m; i++) out.push((out[i - 1] as number) * (ratios[i] as number));
          const o = hessianOutliers([...values, ...out].reverse());
          expect(o.count).toBe(m);
        },
      ),
      { numRuns: tierRuns(200) },
    );
  });
});

describe('topEigenspaceFraction', () => {
  it('grows with k from 0 at k = 0 to 1 at k = D', () => {
    checkLaw(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 64 + 8, maxLength: 64 + 8 }),
        (D, xs) => {
          const H = Array.from({ length: D }, (_, i) =>
            Array.from({ length: D }, (_, j) => xs[Math.min(i, j) * 8 + Math.max(i, j)] as number),
          );
          const g = Float64Array.from({ length: D }, (_, i) => (xs[64 + i] as number) + 2);
          const e = symmetricEigenF64(H);
          if (e.kind !== 'converged') throw new Error('Jacobi');
          const f = Array.from({ length: D + 1 }, (_, k) => topEigenspaceFraction(e.values, e.vectors, g, k));
          expect(f[0]).toBe(0);
          expect(Math.abs((f[D] as number) - 1)).toBeLessThanOrEqual(8 * D * 2 ** -52);
          for (let k = 1; k <= D; k++) expect(f[k] as number).toBeGreaterThanOrEqual(f[k - 1] as number);
        },
      ),
      { numRuns: tierRuns(200) },
    );
  });
});
