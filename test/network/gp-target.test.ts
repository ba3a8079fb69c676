import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ballDataset } from '../../src/certified/ball-dataset.js';
import { InputError } from '../../src/errors.js';
import {
  GP_DEFAULT_JITTER,
  drawGp,
  gpKernelMatrix,
  matern32,
  seededNormals,
} from '../../src/network/gp-target.js';
import { loadProblem, problemFromSpec } from '../../src/network/problem.js';
import { PROBLEM_FORMAT, PROBLEM_VERSION, type ProblemSpec } from '../../src/network/spec.js';
import { fromDouble, precision } from '../../src/precision/context.js';
import { GP_SEED_OFFSET, gpProblemSpec } from '../../src/network/gp-problem.js';
import { gpSweepJobs } from '../../src/sweep/gp-sweep-jobs.js';
import { jobKey } from '../../src/sweep/sweep-job.js';
import { trainOptions } from '../../src/sweep/train-options.js';

// Gaussian-process targets (data kind "gp"), checked against independent references: the Matérn-3/2 kernel against
// the general Matérn formula with the Bessel function K_{3/2} at 40 digits; the draw y = L·z against a textbook
// Cholesky written here in Decimal at 40 digits; the law of the draw against the sample covariance of many draws.

const P = precision(40);
const D = P.D;

/** General Matérn: 2^{1−ν}/Γ(ν)·(√(2ν)r/s)^ν·K_ν(√(2ν)r/s) at ν = 3/2, K_{3/2}(z) = √(π/(2z))e^{−z}(1 + 1/z). */
function maternBessel(r: number, s: number): Decimal {
  if (r === 0) return new D(1);
  const nu = new D(3).div(2);
  const z = fromDouble(P, r).times(nu.times(2).sqrt()).div(fromDouble(P, s));
  const pi = new D(-1).acos();
  const gamma = pi.sqrt().div(2); // Γ(3/2)
  const besselK = pi
    .div(z.times(2))
    .sqrt()
    .times(z.neg().exp())
    .times(new D(1).plus(new D(1).div(z)));
  return new D(2).pow(new D(1).minus(nu)).div(gamma).times(z.pow(nu)).times(besselK);
}

/** Textbook Cholesky (row by row) of the kernel matrix of doubles, in Decimal. */
function naiveCholesky(k: readonly (readonly number[])[]): Decimal[][] {
  const n = k.length;
  const l: Decimal[][] = Array.from({ length: n }, () => Array.from({ length: n }, () => new D(0)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = fromDouble(P, k[i]?.[j] as number);
      for (let m = 0; m < j; m++) s = s.minus((l[i]?.[m] as Decimal).times(l[j]?.[m] as Decimal));
      (l[i] as Decimal[])[j] = i === j ? s.sqrt() : s.div(l[j]?.[j] as Decimal);
    }
  }
  return l;
}

// Unequally spaced inputs in two dimensions, so that L·Lᵀ and Lᵀ·L differ.
const X = [
  [0, 0],
  [0.3, 0.1],
  [1.1, -0.4],
  [-0.7, 0.9],
  [0.05, 0.02],
];

describe('Matérn-3/2 kernel', () => {
  it('agrees with the general Matérn formula (Bessel K_{3/2}, 40 digits) within 4(1 + u) ulp', () => {
    for (const s of [0.1, 0.5, 2, 10]) {
      for (const r of [0, 1e-9, 0.01, 0.25, 1, 3.5355, 7]) {
        const u = (Math.sqrt(3) * r) / s;
        const ref = maternBessel(r, s);
        const err = fromDouble(P, matern32(r, s)).minus(ref).abs();
        // √3·r/s carries ≤ 2 ulp, which exp amplifies by u; (1 + u) and the product add 2 more.
        expect(err.lte(ref.times(4 * (1 + u) * 2 ** -52)), `s = ${s}, r = ${r}`).toBe(true);
      }
    }
  });
});

describe('drawGp', () => {
  it('is L·z with L the Cholesky factor of K + jitter·I (textbook Cholesky at 40 digits)', () => {
    const s = 0.5;
    const k = gpKernelMatrix(X, s);
    const l = naiveCholesky(k);
    const z = seededNormals(7, X.length);
    const y = drawGp(X, { kernel: 'matern32', scale: s, seed: 7 });
    l.forEach((row, i) => {
      const ref = row.reduce((acc, v, m) => acc.plus(v.times(fromDouble(P, z[m] as number))), new D(0));
      // Cholesky of an order-5 matrix with entries ≤ 1 and condition < 10²: a few hundred ulp at most.
      expect(
        fromDouble(P, y[i] as number)
          .minus(ref)
          .abs()
          .lt(1e-13),
        `entry ${i}`,
      ).toBe(true);
    });
  });

  it('has the kernel as covariance: sample covariance of 20 000 draws within 5 standard errors', () => {
    // Var(Ĉ_ij) = (K_ij² + K_ii·K_jj)/M for Gaussian draws (zero mean known); 15 entries at 5σ each.
    const M = 20_000;
    const s = 0.5;
    const n = X.length;
    const c = Array.from({ length: n }, () => new Float64Array(n));
    const mean = new Float64Array(n);
    for (let seed = 1; seed <= M; seed++) {
      const y = drawGp(X, { kernel: 'matern32', scale: s, seed });
      for (let i = 0; i < n; i++) {
        mean[i] = (mean[i] as number) + (y[i] as number) / M;
        const row = c[i] as Float64Array;
        for (let j = 0; j <= i; j++) row[j] = (row[j] as number) + ((y[i] as number) * (y[j] as number)) / M;
      }
    }
    const k = gpKernelMatrix(X, s);
    for (let i = 0; i < n; i++) {
      const kii = k[i]?.[i] as number;
      expect(Math.abs(mean[i] as number), `mean ${i}`).toBeLessThan(5 * Math.sqrt(kii / M));
      for (let j = 0; j <= i; j++) {
        const kij = k[i]?.[j] as number;
        const se = Math.sqrt((kij * kij + kii * (k[j]?.[j] as number)) / M);
        expect(Math.abs((c[i]?.[j] as number) - kij), `C[${i}][${j}]`).toBeLessThan(5 * se);
      }
    }
  });

  it('adds the documented jitter and refuses a matrix float64 cannot factor', () => {
    expect(Math.abs((gpKernelMatrix(X, 2)[1]?.[1] as number) - 1 - GP_DEFAULT_JITTER)).toBeLessThanOrEqual(
      2 ** -52,
    );
    // Two identical inputs and no jitter: K is singular.
    const twin = [
      [0, 0],
      [0, 0],
    ];
    expect(() => drawGp(twin, { kernel: 'matern32', scale: 1, seed: 1, jitter: 0 })).toThrow(InputError);
    expect(() => drawGp(X, { kernel: 'matern32', scale: -1, seed: 1 })).toThrow(/data\.scale/);
    expect(drawGp(twin, { kernel: 'matern32', scale: 1, seed: 1 }).every(Number.isFinite)).toBe(true);
  });
});

describe('data kind "gp"', () => {
  const spec = (scale: string): ProblemSpec => ({
    format: PROBLEM_FORMAT,
    version: PROBLEM_VERSION,
    name: 'gp-test',
    description: '',
    activation: 'softplus',
    hiddenBias: true,
    outputBias: true,
    inputDimension: 2,
    data: { kind: 'gp', inputs: X, kernel: 'matern32', scale, seed: 3 },
    student: { width: 2, init: { kind: 'glorot-normal', seed: 1 } },
  });

  it('realises the float64 draw exactly, at every precision', () => {
    const problem = problemFromSpec(spec('0.5'));
    const y = drawGp(X, { kernel: 'matern32', scale: 0.5, seed: 3 });
    for (const digits of [17, 40]) {
      const t = problem.dataset(precision(digits)).targets;
      t.forEach((v, i) => expect(v.eq(fromDouble(precision(digits + 10), y[i] as number))).toBe(true));
    }
  });

  it('gives ballDataset the draw as exact balls', () => {
    const problem = problemFromSpec(spec('2'));
    const y = drawGp(X, { kernel: 'matern32', scale: 2, seed: 3 });
    const balls = ballDataset(problem, precision(30));
    expect(balls.kind).toBe('finite');
    if (balls.kind !== 'finite') return;
    balls.data.targets.forEach((b, i) => {
      expect(b.rad.isZero()).toBe(true);
      expect(b.mid.eq(fromDouble(precision(30), y[i] as number))).toBe(true);
    });
  });

  it('names a bad scale in one message', () => {
    expect(() => problemFromSpec(spec('-2')).dataset(precision(20))).toThrow(/data\.scale/);
  });

  it('leaves the built-in problems unchanged', () => {
    expect(loadProblem('two-param').spec.data.kind).toBe('formula');
  });

  it('gives each sweep job its own target (GP seed = run seed + 10⁶) under its content address', () => {
    const train = trainOptions({ optimizer: 'gf' });
    const jobs = gpSweepJobs(2, 4, 6, { width: 3, train, version: 'test' });
    expect(jobs.map((j) => j.seed)).toEqual([4, 5, 6]);
    jobs.forEach((j) => {
      expect(j.spec).toEqual(gpProblemSpec(2, j.seed, 3));
      expect(j.spec.data.kind === 'gp' && j.spec.data.seed).toBe(j.seed + GP_SEED_OFFSET);
      expect(j.key).toBe(jobKey({ spec: j.spec, seed: j.seed, train, classify: {}, version: 'test' }));
    });
    expect(new Set(jobs.map((j) => j.key)).size).toBe(3);
  });
});
