import type { Decimal } from 'decimal.js';
import { precision, type Precision } from '../../context.js';
import { decimalField, float64Field } from './field.js';
import { jacobiCore, type JacobiCore } from './jacobi-core.js';

/**
 * Working precisions of the stages: the target g, then ⌈g/2⌉ + 5, and so on down to the first value ≤ 32, in
 * increasing order. Cyclic Jacobi converges quadratically (off-diagonal δ → about δ²/gap per sweep), so a matrix
 * that is diagonal to d/2 + 5 digits becomes diagonal to d digits in one sweep unless eigenvalue gaps are below
 * 10^−10·‖A‖; the 5 extra digits usually save a second rotating sweep per stage.
 */
function stageDigits(target: number): number[] {
  const out = [target];
  while (out[0]! > 32) out.unshift(Math.ceil(out[0]! / 2) + 5);
  return out;
}

/** Modified Gram–Schmidt on the columns of `q` (n×n, row-major), at the precision of its entries' context. */
function orthonormalizeColumns(q: Precision, m: Decimal[][]): Decimal[][] {
  const n = m.length;
  const cols: Decimal[][] = Array.from({ length: n }, (_, j) => m.map((row) => row[j]!));
  for (let j = 0; j < n; j++) {
    const cj = cols[j]!;
    for (let i = 0; i < j; i++) {
      const ci = cols[i]!;
      let r = new q.D(0);
      for (let k = 0; k < n; k++) r = r.plus(ci[k]!.times(cj[k]!));
      if (r.isZero()) continue;
      for (let k = 0; k < n; k++) cj[k] = cj[k]!.minus(r.times(ci[k]!));
    }
    let s = new q.D(0);
    for (let k = 0; k < n; k++) s = s.plus(cj[k]!.times(cj[k]!));
    const inv = new q.D(1).div(s.sqrt());
    for (let k = 0; k < n; k++) cj[k] = cj[k]!.times(inv);
  }
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i]!));
}

/** Qᵀ·A·Q for symmetric A, symmetric by construction (lower triangle computed and mirrored). */
function congruence(
  q: Precision,
  a: readonly (readonly Decimal[])[],
  m: readonly (readonly Decimal[])[],
): Decimal[][] {
  const n = a.length;
  const am: Decimal[][] = a.map((row) => {
    const out: Decimal[] = [];
    for (let j = 0; j < n; j++) {
      let s = new q.D(0);
      for (let k = 0; k < n; k++) s = s.plus(row[k]!.times(m[k]![j]!));
      out.push(s);
    }
    return out;
  });
  const b: Decimal[][] = Array.from({ length: n }, () => new Array<Decimal>(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = new q.D(0);
      for (let k = 0; k < n; k++) s = s.plus(m[k]![i]!.times(am[k]![j]!));
      b[i]![j] = s;
      b[j]![i] = s;
    }
  }
  return b;
}

/**
 * Cyclic Jacobi at `g` digits, warm-started: a float64 Jacobi gives approximate eigenvectors Q, then at each
 * stage precision (doubling up to g) Q is re-orthonormalised, B = QᵀAQ is formed and Jacobi continues on B,
 * accumulating into Q. The final stage is an ordinary Jacobi at g digits on a matrix orthogonally similar to A
 * (to g digits), so the result has the same backward error as a cold start, but most sweeps run in float64 or at
 * low precision: about 3–5× faster for n ≥ 20. Falls back to a cold start when A does not fit in float64.
 * `a` is a full symmetric copy at g digits and is not modified.
 */
export function stagedJacobi(
  g: Precision,
  a: Decimal[][],
  wantVectors: boolean,
  maxSweeps: number,
): JacobiCore<Decimal> {
  const n = a.length;
  const cold = (): JacobiCore<Decimal> =>
    jacobiCore(
      decimalField(g),
      a.map((r) => [...r]),
      wantVectors,
      maxSweeps,
    );
  if (n < 3) return cold();
  let big = new g.D(0);
  for (const row of a) for (const x of row) if (x.abs().gt(big)) big = x.abs();
  if (big.isZero()) return cold();
  // Scale by a power of 10 so the largest entry is near 1; entries far below it may underflow to 0 in float64,
  // which only makes the warm start less good, never the result wrong.
  const shift = new g.D(10).pow(-big.e);
  const af = a.map((row) => row.map((x) => x.times(shift).toNumber()));
  if (af.some((row) => row.some((x) => !Number.isFinite(x)))) return cold();
  const first = jacobiCore(float64Field, af, true, maxSweeps);
  if (!first.converged || first.vectors === null) return cold();
  let qf: readonly (readonly (number | Decimal)[])[] = first.vectors;
  let sweeps = first.sweeps;
  let rotations = first.rotations;
  const stages = stageDigits(g.digits);
  for (let s = 0; s < stages.length; s++) {
    const q = precision(stages[s]!);
    const last = s === stages.length - 1;
    const m = orthonormalizeColumns(
      q,
      qf.map((row) => row.map((x) => new q.D(x))),
    );
    const aq = a.map((row) => row.map((x) => new q.D(x)));
    const b = congruence(q, aq, m);
    const out = jacobiCore(decimalField(q), b, !last || wantVectors, maxSweeps, m);
    sweeps += out.sweeps;
    rotations += out.rotations;
    if (!out.converged) return { ...out, sweeps, rotations };
    if (last) return { ...out, vectors: wantVectors ? out.vectors : null, sweeps, rotations };
    qf = out.vectors ?? m;
  }
  return cold();
}
