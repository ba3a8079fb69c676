import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { precision, type Precision } from '../../src/precision/context.js';
import {
  cholesky,
  choleskyF64,
  choleskySolve,
  defaultZeroTolerance,
  determinant,
  determinantF64,
  dot,
  dotF64,
  frobenius,
  inertia,
  inertiaF64,
  ldlt,
  luDecompose,
  luSolve,
  luSolveF64,
  matMul,
  matMulF64,
  matVec,
  norm2,
  normInf,
  symmetricEigen,
  symmetricEigenF64,
  symmetricEigenvalues,
  transpose,
  type DecimalMatrix,
  type DecimalVector,
} from '../../src/precision/linalg/index.js';

// fast-check prints the seed and path of a failing run; replay with fc.assert(…, { seed, path }).
const P = precision(40);
const P60 = precision(60);
const d = (p: Precision, x: Decimal.Value): Decimal => new p.D(x);
const ten = (p: Precision, e: number): Decimal => new p.D(10).pow(e);
const mat = (p: Precision, rows: readonly (readonly (number | string)[])[]): DecimalMatrix =>
  rows.map((r) => r.map((x) => new p.D(x)));
const toF64 = (a: DecimalMatrix): number[][] => a.map((r) => r.map((x) => x.toNumber()));

/** Hadamard's bound Π_i ‖row_i‖₂ ≥ |det A|: the natural scale of determinant rounding errors. */
const hadamard = (a: readonly (readonly number[])[]): number => a.reduce((s, r) => s * Math.hypot(...r), 1);

/** A symmetric matrix from its lower triangle. */
function symmetricFrom(n: number, lower: readonly Decimal[]): Decimal[][] {
  const a: Decimal[][] = Array.from({ length: n }, () => new Array<Decimal>(n));
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = lower[k++]!;
      a[i]![j] = v;
      a[j]![i] = v;
    }
  }
  return a;
}

/** Entries m·10^e with a shrinkable integer mantissa and exponents spanning 12 orders of magnitude. */
const entry = (p: Precision): fc.Arbitrary<Decimal> =>
  fc
    .tuple(fc.integer({ min: -999_999, max: 999_999 }), fc.integer({ min: -6, max: 6 }))
    .map(([m, e]) => new p.D(`${m}e${e}`));

/** Random symmetric matrices (general, Gram matrices BᵀB which are positive definite, and rank-deficient
 * congruences Bᵀ·diag(s)·B with known inertia). */
const symmetricArb = (
  p: Precision,
): fc.Arbitrary<{ a: DecimalMatrix; knownInertia?: readonly [number, number, number] }> => {
  const general = fc
    .integer({ min: 1, max: 6 })
    .chain((n) =>
      fc
        .array(entry(p), { minLength: (n * (n + 1)) / 2, maxLength: (n * (n + 1)) / 2 })
        .map((l) => ({ a: symmetricFrom(n, l) })),
    );
  const gram = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.array(entry(p), { minLength: n * n, maxLength: n * n }).map((flat) => {
      const b = Array.from({ length: n }, (_, i) => flat.slice(i * n, (i + 1) * n));
      return { a: matMul(transpose(b), b, p) };
    }),
  );
  // A = Bᵀ·diag(s)·B with B an r×n integer matrix of rank r < n: exactly n − r zero eigenvalues, and (when B has
  // full rank r) as many negative/positive ones as s has negative/positive entries.
  const deficient = fc
    .integer({ min: 2, max: 6 })
    .chain((n) =>
      fc.integer({ min: 1, max: n - 1 }).chain((r) =>
        fc.tuple(
          fc.constant(n),
          fc.array(fc.array(fc.integer({ min: -9, max: 9 }), { minLength: n, maxLength: n }), {
            minLength: r,
            maxLength: r,
          }),
          fc.array(fc.oneof(fc.integer({ min: -1000, max: -1 }), fc.integer({ min: 1, max: 1000 })), {
            minLength: r,
            maxLength: r,
          }),
        ),
      ),
    )
    .map(([n, b, s]) => {
      const bd = b.map((row) => row.map((x) => new p.D(x)));
      const sb = bd.map((row, i) => row.map((x) => x.times(s[i]!)));
      const a = matMul(transpose(bd), sb, p);
      const rank = rankOf(b);
      const knownInertia =
        rank === b.length
          ? ([s.filter((x) => x < 0).length, n - rank, s.filter((x) => x > 0).length] as const)
          : undefined;
      return knownInertia === undefined ? { a } : { a, knownInertia };
    });
  return fc.oneof(general, gram, deficient);
};

/** Exact rank of an integer matrix: fraction-free Bareiss elimination in bigint (each step divides exactly by
 * the previous pivot, so entries stay the size of minors instead of doubling in length every step). */
function rankOf(rows: readonly (readonly number[])[]): number {
  const m = rows.map((r) => r.map((x) => BigInt(x)));
  const cols = m[0]?.length ?? 0;
  let rank = 0;
  let prevPivot = 1n;
  for (let c = 0; c < cols && rank < m.length; c++) {
    const piv = m.findIndex((r, i) => i >= rank && r[c] !== 0n);
    if (piv < 0) continue;
    [m[rank], m[piv]] = [m[piv]!, m[rank]!];
    const pr = m[rank]!;
    const pivot = pr[c]!;
    for (let i = rank + 1; i < m.length; i++) {
      const r = m[i]!;
      const f = r[c]!;
      for (let j = c; j < cols; j++) r[j] = (r[j]! * pivot - f * pr[j]!) / prevPivot;
    }
    prevPivot = pivot;
    rank += 1;
  }
  return rank;
}

describe('symmetric eigenvalues and factorisations: invariants on random matrices', () => {
  it('Jacobi, LU, LDLᵀ and Cholesky agree with each other (40 digits)', () => {
    const p = P;
    const eps = ten(p, -p.digits);
    fc.assert(
      fc.property(symmetricArb(p), ({ a, knownInertia }) => {
        const n = a.length;
        const nrm = frobenius(a, p);
        const small = eps.times(100 * n).times(nrm);
        const eig = symmetricEigen(a, p);
        expect(eig.kind).toBe('converged');
        if (eig.kind !== 'converged') return;
        const { values, vectors } = eig;
        // Ascending order.
        for (let k = 1; k < n; k++) expect(values[k - 1]!.lte(values[k]!)).toBe(true);
        // ‖AV − VΛ‖ and ‖VᵀV − I‖.
        const av = matMul(a, vectors, p);
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < n; k++) {
            expect(av[i]![k]!.minus(vectors[i]![k]!.times(values[k]!)).abs().lte(small)).toBe(true);
          }
        }
        const vtv = matMul(transpose(vectors), vectors, p);
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < n; k++)
            expect(
              vtv[i]![k]!.minus(i === k ? 1 : 0)
                .abs()
                .lte(eps.times(100 * n)),
            ).toBe(true);
        }
        // trace = Σλ.
        const trace = a.reduce((s, row, i) => s.plus(row[i]!), d(p, 0));
        const sum = values.reduce((s, v) => s.plus(v), d(p, 0));
        expect(trace.minus(sum).abs().lte(small)).toBe(true);
        // det (LU) = Πλ, within the error propagated from each eigenvalue's absolute error.
        const det = determinant(a, p);
        const prod = values.reduce((s, v) => s.times(v), d(p, 1));
        if (values.every((v) => !v.isZero())) {
          const rel = values.reduce((s, v) => s.plus(small.times(10).div(v.abs())), d(p, 0));
          expect(
            det
              .minus(prod)
              .abs()
              .lte(prod.abs().times(rel).plus(eps.times(prod.abs()))),
          ).toBe(true);
        }
        // Inertia (LDLᵀ) = sign counts of the eigenvalues, unless an eigenvalue is within a factor 10^6 of the
        // threshold: pivots are not eigenvalues, only related to them through L (Ostrowski's theorem), and with
        // rook pivoting |l_ij| ≤ 2.8, so for n ≤ 6 the factor relating them stays well inside 10^6.
        const inr = inertia(a, p);
        const thr = inr.tolerance.absolute;
        const near = values.some((v) => v.abs().gt(thr.div(1e6)) && v.abs().lt(thr.times(1e6)));
        if (!near) {
          const counts = [
            values.filter((v) => v.abs().gt(thr) && v.isNeg()).length,
            values.filter((v) => v.abs().lte(thr)).length,
            values.filter((v) => v.abs().gt(thr) && v.isPos()).length,
          ];
          expect([inr.negative, inr.zero, inr.positive]).toEqual(counts);
          if (knownInertia !== undefined) expect(counts).toEqual([...knownInertia]);
          // Cholesky succeeds iff every eigenvalue is (safely) positive. Its pivot test is relative to each diagonal
          // entry, so it is compared only when no eigenvalue is "zero" relative to ‖A‖.
          const ch = cholesky(a, p);
          if (counts[1] === 0) expect(ch.kind === 'factored').toBe(counts[0] === 0);
          if (knownInertia !== undefined && knownInertia[1] > 0) expect(ch.kind).toBe('notPositiveDefinite');
          if (ch.kind === 'factored') {
            const llt = matMul(ch.l, transpose(ch.l), p);
            for (let i = 0; i < n; i++)
              for (let j = 0; j < n; j++) expect(llt[i]![j]!.minus(a[i]![j]!).abs().lte(small)).toBe(true);
          }
        }
        // LDLᵀ reconstructs P·A·Pᵀ.
        const f = ldlt(a, p);
        const dm: Decimal[][] = Array.from({ length: n }, () => Array.from({ length: n }, () => d(p, 0)));
        for (const b of f.blocks) {
          if (b.size === 1) dm[b.index]![b.index] = b.d;
          else {
            dm[b.index]![b.index] = b.d11;
            dm[b.index + 1]![b.index] = b.d21;
            dm[b.index]![b.index + 1] = b.d21;
            dm[b.index + 1]![b.index + 1] = b.d22;
          }
        }
        const ldl = matMul(matMul(f.l, dm, p), transpose(f.l), p);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++)
            expect(ldl[i]![j]!.minus(a[f.perm[i]!]![f.perm[j]!]!).abs().lte(small.times(100))).toBe(true);
        }
        // LU solve: componentwise residual |A·x − b| ≤ c·ε·(|A|·|x| + |b|).
        const b = a.map((_, i) => d(p, i + 1));
        const sol = luSolve(a, b, p);
        if (sol.kind === 'solved') {
          const r = matVec(a, sol.x, p);
          a.forEach((row, i) => {
            const scale = row.reduce((s, x, j) => s.plus(x.times(sol.x[j]!).abs()), b[i]!.abs());
            expect(
              r[i]!.minus(b[i]!)
                .abs()
                .lte(scale.times(eps).times(100 * n)),
            ).toBe(true);
          });
        } else {
          // Singular at 10^−30 relative (scaled) pivot: A must have an eigenvalue that small.
          expect(values.some((v) => v.abs().lte(nrm.times(ten(p, -20))))).toBe(true);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('float64 twins agree with Decimal to float64 accuracy', () => {
    const p = P;
    fc.assert(
      fc.property(symmetricArb(p), ({ a }) => {
        const n = a.length;
        const af = toF64(a);
        const nrm = frobenius(a, p).toNumber();
        const e64 = symmetricEigenF64(af);
        const e = symmetricEigenvalues(a, p);
        expect(e64.kind).toBe('converged');
        expect(e.kind).toBe('converged');
        if (e64.kind !== 'converged' || e.kind !== 'converged') return;
        e.values.forEach((v, k) =>
          expect(Math.abs(v.toNumber() - e64.values[k]!)).toBeLessThanOrEqual(1e-13 * n * nrm),
        );
        // Residual of the float64 eigenvectors.
        const av = matMulF64(af, e64.vectors);
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < n; k++) {
            expect(Math.abs(av[i]![k]! - e64.vectors[i]![k]! * e64.values[k]!)).toBeLessThanOrEqual(
              1e-13 * n * nrm,
            );
          }
        }
        // Inertia in float64 (tolerance 1e−8·‖A‖∞) matches the sign counts away from that threshold.
        const inr = inertiaF64(af);
        const thr = inr.tolerance.absolute;
        if (!e.values.some((v) => Math.abs(v.toNumber()) > thr / 1e6 && Math.abs(v.toNumber()) < thr * 1e6)) {
          expect(inr.negative).toBe(e.values.filter((v) => v.isNeg() && Math.abs(v.toNumber()) > thr).length);
          expect(inr.positive).toBe(e.values.filter((v) => v.isPos() && Math.abs(v.toNumber()) > thr).length);
          // Cholesky's test is relative to each diagonal entry, not to ‖A‖: compare only when no eigenvalue is "zero".
          if (inr.zero === 0) expect(choleskyF64(af).kind === 'factored').toBe(inr.negative === 0);
        }
        // LU's determinant error is a multiple of ε·Π‖row_i‖ (each cofactor is bounded by Hadamard's inequality).
        const det = determinant(a, p).toNumber();
        expect(Math.abs(determinantF64(af) - det)).toBeLessThanOrEqual(1e-12 * n * n * hadamard(af));
      }),
      { numRuns: 80 },
    );
  });

  it('precision ladder: eigenvalues at 40 digits equal those at 60 digits to about 40 digits', () => {
    fc.assert(
      fc.property(symmetricArb(P), ({ a }) => {
        const lo = symmetricEigenvalues(a, P);
        const hi = symmetricEigenvalues(a, P60);
        if (lo.kind !== 'converged' || hi.kind !== 'converged') throw new Error('Jacobi did not converge');
        const nrm = frobenius(a, P60);
        lo.values.forEach((v, k) => {
          expect(
            v
              .minus(hi.values[k]!)
              .abs()
              .lte(nrm.times(ten(P60, -P.digits)).times(10 * a.length)),
          ).toBe(true);
        });
        const detLo = determinant(a, P);
        const detHi = determinant(a, P60);
        const scale = ten(P60, -P.digits + 2).times(hadamard(toF64(a)) * a.length ** 2);
        expect(detLo.minus(detHi).abs().lte(scale)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

/** Exact inverse of the n×n Hilbert matrix H_ij = 1/(i + j − 1) (1-based), as bigints. */
function hilbertInverse(n: number): bigint[][] {
  const binom = (a: number, b: number): bigint => {
    if (b < 0 || b > a) return 0n;
    let r = 1n;
    for (let k = 1; k <= b; k++) r = (r * BigInt(a - b + k)) / BigInt(k);
    return r;
  };
  return Array.from({ length: n }, (_, i0) =>
    Array.from({ length: n }, (_, j0) => {
      const i = i0 + 1;
      const j = j0 + 1;
      const sign = (i + j) % 2 === 0 ? 1n : -1n;
      return (
        sign *
        BigInt(i + j - 1) *
        binom(n + i - 1, n - j) *
        binom(n + j - 1, n - i) *
        binom(i + j - 2, i - 1) ** 2n
      );
    }),
  );
}

describe('known matrices', () => {
  it('Hilbert matrices at 60 digits: LU solve reproduces the exact integer inverse', () => {
    const p = P60;
    for (const n of [6, 10]) {
      const h = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j) => new p.D(1).div(i + j + 1)),
      );
      const inv = hilbertInverse(n);
      for (const col of [0, n - 1]) {
        const e = Array.from({ length: n }, (_, i) => d(p, i === col ? 1 : 0));
        const out = luSolve(h, e, p);
        expect(out.kind).toBe('solved');
        if (out.kind !== 'solved') return;
        // cond(H_10) ≈ 1.6e13 and the entries of H carry a relative rounding of 10^−60: expect ~10^−46.
        out.x.forEach((x, i) => {
          const exact = d(p, inv[i]![col]!.toString());
          expect(
            x
              .minus(exact)
              .abs()
              .lte(exact.abs().times(ten(p, -44))),
          ).toBe(true);
        });
        const ch = choleskySolve(h, e, p);
        expect(ch.kind).toBe('solved');
        if (ch.kind === 'solved') {
          ch.x.forEach((x, i) =>
            expect(
              x
                .minus(inv[i]![col]!.toString())
                .abs()
                .lte(x.abs().times(ten(p, -44))),
            ).toBe(true),
          );
        }
      }
      // det(H_n) = c_n⁴ / c_2n with c_n = Π_{k<n} k!.
      const c = (m: number): bigint => {
        let r = 1n;
        let f = 1n;
        for (let k = 1; k < m; k++) {
          f *= BigInt(k);
          r *= f;
        }
        return r;
      };
      const detExact = d(precision(120), c(n) ** 4n).div(c(2 * n).toString());
      expect(
        determinant(h, p)
          .minus(detExact)
          .abs()
          .lte(detExact.times(ten(p, -44))),
      ).toBe(true);
      expect(inertia(h, p)).toMatchObject({ negative: 0, zero: 0, positive: n });
    }
  });

  it('a Laplacian with an exact zero eigenvalue: zero count 1, Cholesky and LU refuse', () => {
    const p = P;
    // Laplacian of the 4-cycle: eigenvalues 0, 2, 2, 4.
    const a = mat(p, [
      [2, -1, 0, -1],
      [-1, 2, -1, 0],
      [0, -1, 2, -1],
      [-1, 0, -1, 2],
    ]);
    expect(inertia(a, p)).toMatchObject({ negative: 0, zero: 1, positive: 3 });
    const e = symmetricEigen(a, p);
    if (e.kind !== 'converged') throw new Error('no convergence');
    expect(e.values[0]!.abs().lte(ten(p, -45))).toBe(true);
    expect(e.values.slice(1).map((v) => v.toDecimalPlaces(30).toNumber())).toEqual([2, 2, 4]);
    // The null vector (1, 1, 1, 1)/2, with the documented sign convention.
    e.vectors.forEach((row) => expect(row[0]!.minus(0.5).abs().lte(ten(p, -38))).toBe(true));
    const ch = cholesky(a, p);
    expect(ch).toMatchObject({ kind: 'notPositiveDefinite', index: 3 });
    expect(luSolve(a, [d(p, 1), d(p, 0), d(p, 0), d(p, -1)], p)).toMatchObject({
      kind: 'singular',
      pivotIndex: 3,
    });
    expect(determinant(a, p).abs().lte(ten(p, -45))).toBe(true);
    expect(inertiaF64(toF64(a))).toMatchObject({ negative: 0, zero: 1, positive: 3 });
  });

  it('[[0, 1], [1, 0]] needs a 2×2 pivot and has inertia (1, 0, 1)', () => {
    const p = P;
    const f = ldlt(
      mat(p, [
        [0, 1],
        [1, 0],
      ]),
      p,
    );
    expect(f.blocks).toHaveLength(1);
    expect(f.blocks[0]!.size).toBe(2);
    expect(f.inertia).toMatchObject({ negative: 1, zero: 0, positive: 1 });
    expect(
      luDecompose(
        mat(p, [
          [0, 1],
          [1, 0],
        ]),
        p,
      ),
    ).toMatchObject({ kind: 'factored', perm: [1, 0], sign: -1 });
    expect(
      determinant(
        mat(p, [
          [0, 1],
          [1, 0],
        ]),
        p,
      ).toNumber(),
    ).toBe(-1);
  });

  it('the zero tolerance is relative to ‖A‖∞, reported, and overridable', () => {
    const p = precision(30);
    const a = mat(p, [
      [1, 0, 0],
      [0, '1e-25', 0],
      [0, 0, -1],
    ]);
    const def = inertia(a, p);
    expect(def).toMatchObject({ negative: 1, zero: 1, positive: 1 });
    expect(def.tolerance.relative.eq(defaultZeroTolerance(p))).toBe(true);
    expect(def.tolerance.relative.eq('1e-20')).toBe(true);
    expect(def.tolerance.scale.eq(1)).toBe(true);
    expect(inertia(a, p, { tolerance: '1e-28' })).toMatchObject({ negative: 1, zero: 0, positive: 2 });
    // Cholesky's test is relative to the diagonal entry, hence invariant under diagonal scaling.
    expect(
      cholesky(
        mat(p, [
          [1e30, 0],
          [0, 1],
        ]),
        p,
      ).kind,
    ).toBe('factored');
    expect(
      inertia(
        mat(p, [
          [1e30, 0],
          [0, 1],
        ]),
        p,
      ).zero,
    ).toBe(1);
    expect(
      inertia(
        mat(P60, [
          [1e30, 0],
          [0, 1],
        ]),
        P60,
      ).zero,
    ).toBe(0);
  });

  it('LU scaled pivoting: badly scaled rows are not mistaken for singularity', () => {
    const p = P;
    const a = mat(p, [
      ['1e30', '2e30'],
      ['3', '1'],
    ]);
    const out = luSolve(a, [d(p, '3e30'), d(p, 4)], p);
    expect(out.kind).toBe('solved');
    if (out.kind === 'solved') out.x.forEach((x) => expect(x.minus(1).abs().lte(ten(p, -39))).toBe(true));
    expect(
      luSolve(
        mat(p, [
          [1, 2],
          [2, 4],
        ]),
        [d(p, 1), d(p, 1)],
        p,
      ),
    ).toMatchObject({ kind: 'singular', pivotIndex: 1 });
    expect(
      luSolveF64(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 1],
      ),
    ).toMatchObject({ kind: 'singular', pivotIndex: 1 });
  });
});

describe('larger and extreme matrices', () => {
  it('a 30×30 congruence Bᵀ·diag(s)·B of rank 25 has inertia (neg(s), 5, pos(s)) at 50 digits', () => {
    const p = precision(50);
    let seed = 7;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const b = Array.from({ length: 25 }, () =>
      Array.from({ length: 30 }, () => Math.round((rnd() - 0.5) * 200)),
    );
    expect(rankOf(b)).toBe(25);
    const s = Array.from({ length: 25 }, (_, i) => (i % 3 === 0 ? -1 : 1) * Math.round(1 + rnd() * 1000));
    const bd = b.map((row) => row.map((x) => new p.D(x)));
    const a = matMul(
      transpose(bd),
      bd.map((row, i) => row.map((x) => x.times(s[i]!))),
      p,
    );
    const neg = s.filter((x) => x < 0).length;
    expect(inertia(a, p)).toMatchObject({ negative: neg, zero: 5, positive: 25 - neg });
    expect(inertiaF64(toF64(a))).toMatchObject({ negative: neg, zero: 5, positive: 25 - neg });
  });

  it('entries far outside the float64 range (the float64 warm start only rescales)', () => {
    const p = precision(40);
    // S·B·S with S = diag(10^300, 1, 10^−300, 10^150): eigenvalues spread over 600 orders of magnitude.
    const base = [
      [2, 1, -1, 3],
      [1, -4, 2, 0],
      [-1, 2, 5, 1],
      [3, 0, 1, -2],
    ];
    const sc = ['1e300', '1', '1e-300', '1e150'];
    const a = base.map((row, i) => row.map((x, j) => new p.D(x).times(sc[i]!).times(sc[j]!)));
    const e = symmetricEigen(a, p);
    if (e.kind !== 'converged') throw new Error('no convergence');
    const small = frobenius(a, p).times(ten(p, -38));
    const av = matMul(a, e.vectors, p);
    av.forEach((row, i) =>
      row.forEach((x, k) =>
        expect(x.minus(e.vectors[i]![k]!.times(e.values[k]!)).abs().lte(small)).toBe(true),
      ),
    );
    // Scaling A by 10^500 scales every eigenvalue by 10^500.
    const big = base.map((row) => row.map((x) => new p.D(x).times('1e500')));
    const eb = symmetricEigenvalues(big, p);
    const e1 = symmetricEigenvalues(mat(p, base), p);
    if (eb.kind !== 'converged' || e1.kind !== 'converged') throw new Error('no convergence');
    eb.values.forEach((v, k) =>
      expect(v.div('1e500').minus(e1.values[k]!).abs().lte(ten(p, -37))).toBe(true),
    );
  });
});

describe('reductions', () => {
  it('guard digits make dot products with cancellation correctly rounded', () => {
    const p = precision(20);
    // 10⁵ + x − 10⁵ with a 20-digit x: the partial sum needs 25 digits, which 10 guard digits provide.
    const a: DecimalVector = [d(p, '1e5'), d(p, 1), d(p, '-1e5')];
    const b: DecimalVector = [d(p, 1), d(p, '0.33333333333333333333'), d(p, 1)];
    expect(dot(a, b, p).toString()).toBe('0.33333333333333333333');
    expect(dot(a, b, p, { guardDigits: 0 }).toString()).toBe('0.33333333333333');
    expect(dotF64([1e16, 1, -1e16], [1, 1, 1])).toBe(1);
    expect(norm2([d(p, 3), d(p, 4)], p).toString()).toBe('5');
    expect(
      normInf(
        mat(p, [
          [1, -2],
          [3, 4],
        ]),
        p,
      ).toString(),
    ).toBe('7');
    expect(normInf([d(p, -3), d(p, 2)], p).toString()).toBe('3');
    expect(
      matVec(
        mat(p, [
          [1, 2],
          [3, 4],
        ]),
        [d(p, 1), d(p, 1)],
        p,
      ).map(String),
    ).toEqual(['3', '7']);
    expect(transpose([[1, 2, 3]])).toEqual([[1], [2], [3]]);
  });

  it('shape errors are programming errors (RangeError)', () => {
    const p = P;
    expect(() => luSolve(mat(p, [[1, 2]]), [d(p, 1)], p)).toThrow(RangeError);
    expect(() => matMul(mat(p, [[1, 2]]), mat(p, [[1, 2]]), p)).toThrow(RangeError);
    expect(() => symmetricEigen([], p)).toThrow(RangeError);
    expect(() => dot([d(p, 1)], [], p)).toThrow(RangeError);
  });
});
