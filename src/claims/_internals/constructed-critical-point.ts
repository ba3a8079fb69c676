import type { Decimal } from 'decimal.js';
import type { Activation } from '../../activations/index.js';
import type { Dataset } from '../../network/dataset.js';
import type { Network } from '../../network/loss.js';
import { roundTo, withGuard, type Precision } from '../../precision/context.js';
import { choleskySolve } from '../../precision/linalg/index.js';
import { SeededRandom } from '../../precision/random.js';

/** A network, data and an exact critical point of its loss (to the working digits). */
export interface ConstructedCriticalPoint {
  readonly network: Network;
  readonly data: Dataset;
  readonly critical: readonly Decimal[];
}

/**
 * One neuron (with a hidden bias unless `hiddenBias` is false), f(x) = a σ(w x + b), at a seeded θ* = (w, b, a) on 8 seeded inputs, with targets
 * y = f(θ*) − r where the residual r is orthogonal (in the sample mean) to every column of the Jacobian ∂f/∂θ:
 * then ∇L(θ*) = (2/N) Jᵀ(f − y) = (2/N) Jᵀ r = 0, so θ* is critical by construction. Within that (N − P)-dimensional
 * null space r is chosen so that the saddle-line matrix B = (2/N) Σ a σ″(w x_n + b) r_n x̃_n x̃_nᵀ is `sign`·I
 * (least-norm solution of m(m+1)/2 linear equations), then scaled to max |r| = `residual`: small enough for the
 * Gauss–Newton part 2JᵀJ/N to keep the Hessian positive definite in practice (the caller checks).
 */
export function constructedCriticalPoint(
  activation: Activation,
  p: Precision,
  seed: number,
  sign: 1 | -1 = 1,
  hiddenBias = true,
  residual = '0.1',
): ConstructedCriticalPoint | undefined {
  const g = withGuard(p, 15);
  const rng = new SeededRandom(seed);
  const drawn = [rng.decimal(0.5, 1.2), rng.decimal(-0.5, 0.5), rng.decimal(0.8, 1.5)].map((s) => new g.D(s));
  const [w, b0, a] = drawn as [Decimal, Decimal, Decimal];
  const b = hiddenBias ? b0 : new g.D(0);
  const theta = hiddenBias ? drawn : [w, a];
  const N = 8;
  const xs = Array.from({ length: N }, () => new g.D(rng.decimal(-2, 2)));
  const rows = xs.map((x) => {
    const d = activation.derivatives(w.times(x).plus(b), 2, g) as [Decimal, Decimal, Decimal];
    const J = hiddenBias ? [a.times(d[1]).times(x), a.times(d[1]), d[0]] : [a.times(d[1]).times(x), d[0]];
    return { f: a.times(d[0]), J, s2: a.times(d[2]), x };
  });
  const solve = (G: Decimal[][], rhs: Decimal[]): readonly Decimal[] => {
    const out = choleskySolve(G, rhs, g);
    if (out.kind !== 'solved') throw new Error('constructedCriticalPoint: singular system');
    return out.x;
  };
  const gram = (cols: readonly (readonly Decimal[])[]): Decimal[][] =>
    cols.map((u) => cols.map((v) => u.reduce((s, x, n) => s.plus(x.times(v[n] as Decimal)), new g.D(0))));
  // Columns of J, as vectors over the samples.
  const Jc = theta.map((_, i) => rows.map((r) => r.J[i] as Decimal));
  const G = gram(Jc);
  const nullBasis = Array.from({ length: N - theta.length }, () => {
    const z = Array.from({ length: N }, () => new g.D(rng.decimal(-1, 1)));
    const c = solve(
      G,
      Jc.map((col) => col.reduce((s, v, n) => s.plus(v.times(z[n] as Decimal)), new g.D(0))),
    );
    return z.map((v, n) =>
      v.minus(Jc.reduce((s, col, i) => s.plus((col[n] as Decimal).times(c[i] as Decimal)), new g.D(0))),
    );
  });
  // B(r) entries (11, 12, 22) are linear in r; B(Σ c_k n_k) = sign·I by least norm: c = Mᵀ(MMᵀ)⁻¹e.
  const entry = (r: readonly Decimal[], i: number, j: number): Decimal =>
    rows.reduce((s, row, n) => {
      const xt = [row.x, new g.D(1)];
      return s.plus(
        row.s2
          .times(r[n] as Decimal)
          .times(xt[i] as Decimal)
          .times(xt[j] as Decimal),
      );
    }, new g.D(0));
  const pairs = hiddenBias
    ? [
        [0, 0],
        [0, 1],
        [1, 1],
      ]
    : [[0, 0]];
  const M = pairs.map(([i, j]) => nullBasis.map((nb) => entry(nb, i as number, j as number)));
  const e = pairs.map(([i, j]) => new g.D(i === j ? sign : 0));
  const solvedY = choleskySolve(gram(M), e, g);
  if (solvedY.kind !== 'solved') return undefined;
  const y = solvedY.x;
  const coef = nullBasis.map((_, k) =>
    M.reduce((s, row, e) => s.plus((row[k] as Decimal).times(y[e] as Decimal)), new g.D(0)),
  );
  const r = Array.from({ length: N }, (_, n) =>
    nullBasis.reduce((s, nb, k) => s.plus((nb[n] as Decimal).times(coef[k] as Decimal)), new g.D(0)),
  );
  // Some activations cannot give B = ±I: for erf, σ″(z) = −z σ′(z), so with a hidden bias B₂₂ ∝ Σ (w x + b) σ′ r
  // vanishes for every admissible r. Then there is no such point (undefined).
  const achieved = pairs.map(([i, j]) => entry(r, i as number, j as number));
  if (
    achieved.some((v, k) =>
      v
        .minus(e[k] as Decimal)
        .abs()
        .gt('1e-10'),
    )
  )
    return undefined;
  const size = r.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new g.D(0));
  const scale = new g.D(residual).div(size);
  return {
    network: {
      activation,
      layout: { width: 1, inputDimension: 1, hiddenBias, outputBias: false },
    },
    data: {
      inputs: xs.map((x) => [roundTo(p, x)]),
      targets: rows.map((row, n) => roundTo(p, row.f.minus((r[n] as Decimal).times(scale)))),
    },
    critical: theta.map((v) => roundTo(p, v)),
  };
}
