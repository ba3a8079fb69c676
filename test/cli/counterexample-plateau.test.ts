// The plateau searches of `flat-channels counterexample`: the misread prediction (a plateau from a B with some
// positive curvature, i.e. from an indefinite B) is refuted and shrunk; Theorem 3 as stated (B definite) holds.
import { join } from 'node:path';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { criticalData } from '../../src/claims/counterexamples/_internals/critical-data.js';
import { searchableClaim } from '../../src/claims/counterexamples/registry.js';
import { lossAndDerivatives } from '../../src/network/loss.js';
import { precision } from '../../src/precision/context.js';
import { readCorpus } from '../../src/search/corpus.js';
import { symmetricEigenvalues } from '../../src/precision/linalg/index.js';
import { ROOT, runInProcess as run } from '../docs/run-cli.js';

interface Report {
  claim: string;
  found: boolean;
  runs: number;
  counterexample?: { input: Record<string, string>; explanation: string; shrunk: boolean; genome: number[] };
}

const p = precision(40);
const eig = (M: readonly (readonly Decimal[])[]): Decimal[] => {
  const ev = symmetricEigenvalues(
    M.map((r) => [...r]),
    p,
  );
  if (ev.kind !== 'converged') throw new Error('Jacobi');
  return [...ev.values];
};

describe('counterexample --claim plateau-classification / plateau-theorem-3', () => {
  it('refutes the plateau predicted from an indefinite B, shrinks it, and the found point is a saddle by an independent check', async () => {
    const r = await run(['counterexample', '--claim', 'plateau-classification', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Report;
    expect(out).toMatchObject({ claim: 'plateau-classification', found: true });
    const ce = out.counterexample;
    expect(ce?.shrunk).toBe(true);
    expect(ce?.explanation).toMatch(/indefinite/);
    // Rebuild θ* and its data from the printed input and check with B written out and the split Hessian.
    const input = ce?.input ?? {};
    const w = (input['w'] ?? '').split(' ').map((v) => new p.D(v));
    const a = new p.D(input['a'] ?? '0');
    const xs = [...(input['x'] ?? '').matchAll(/\(([^,]+), ([^)]+)\)/g)].map((m) => [
      new p.D(m[1] ?? ''),
      new p.D(m[2] ?? ''),
    ]);
    expect(xs).toHaveLength(5);
    const act = resolveActivation('tanh');
    const layout = { width: 1, inputDimension: 2, hiddenBias: false, outputBias: false };
    const cc = criticalData(
      {
        activation: act,
        layout,
        params: [...w, a],
        inputs: xs,
        weights: undefined,
        direction: (input['residualDirection'] ?? '').split(' ').map((v) => new p.D(v)),
        scale: new p.D(input['residualNorm'] ?? '0'),
      },
      p,
    );
    if (cc === undefined) throw new Error('degenerate');
    // B = (1/N) Σ a σ″(w·x) x xᵀ 2 r_n: indefinite (determinant < 0).
    const B = [
      [new p.D(0), new p.D(0)],
      [new p.D(0), new p.D(0)],
    ];
    xs.forEach((x, n) => {
      const z = (w[0] as Decimal).times(x[0] as Decimal).plus((w[1] as Decimal).times(x[1] as Decimal));
      const c = a
        .times(act.derivatives(z, 2, p)[2] as Decimal)
        .times(cc.residual[n] as Decimal)
        .times(2)
        .div(5);
      for (const i of [0, 1])
        for (const j of [0, 1])
          (B[i] as Decimal[])[j] = (B[i]?.[j] as Decimal).plus(
            c.times(x[i] as Decimal).times(x[j] as Decimal),
          );
    });
    const det = (B[0]?.[0] as Decimal).times(B[1]?.[1] as Decimal).minus((B[0]?.[1] as Decimal).pow(2));
    expect(det.lt(0)).toBe(true);
    // θ* is a strict local minimum of L_1, and θ_γ has a negative Hessian eigenvalue: a saddle inside (0, 1).
    expect(
      eig(lossAndDerivatives(cc.network, cc.data, cc.params, p, { hessian: true }).hessian ?? []).every((v) =>
        v.gt(0),
      ),
    ).toBe(true);
    const gamma = new p.D(input['gamma'] ?? '');
    expect(gamma.gt(0) && gamma.lt(1)).toBe(true);
    const one = new p.D(1);
    const split = [...w, ...w, gamma.times(a), one.minus(gamma).times(a)];
    const H =
      lossAndDerivatives({ layout: { ...layout, width: 2 }, activation: act }, cc.data, split, p, {
        hessian: true,
      }).hessian ?? [];
    expect(eig(H).some((v) => v.lt('-1e-10'))).toBe(true);
  });

  it('finds no violation of Theorem 3 as stated (B definite) within its budget, for tanh and softplus', () => {
    const claim = searchableClaim('plateau-theorem-3');
    for (const name of ['tanh', 'softplus']) {
      const report = claim.search(
        { activation: resolveActivation(name), digits: 30 },
        { budget: 60, seed: 5 },
      );
      expect(report.found).toBe(false);
      expect(report.runs).toBe(60);
    }
  });

  it('Theorem 3 judged on B’s definiteness: the same search space with B indefinite is outside its hypotheses', () => {
    const claim = searchableClaim('plateau-theorem-3');
    const bad = searchableClaim('plateau-classification');
    const settings = { activation: resolveActivation('tanh'), digits: 40 };
    const genome = readCorpus(join(ROOT, 'property-tests', 'corpus'), bad.id).entries[0]?.genome ?? [];
    expect(bad.replay(settings, genome)).toMatchObject({ kind: 'scored', violated: true });
    // The refuting input of the misread claim lies outside Theorem 3's hypotheses (same genes, same decoding).
    const ev = claim.replay(settings, genome);
    expect(ev).toEqual({ kind: 'invalid', reason: 'B is not definite' });
  });
});
