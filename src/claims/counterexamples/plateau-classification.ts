import { precision } from '../../precision/context.js';
import type { Evaluation } from '../../search/targeted-search.js';
import {
  describePlateau,
  measureAtStrictMinimum,
  measurePlateau,
  plateauSpace,
  short,
  type PlateauInput,
} from './_internals/plateau-space.js';
import { defineSearchableClaim, type SearchSettings } from './searchable-claim.js';

/**
 * The plateau prediction as it is often misread: "the curvature across the saddle line, γ(1−γ)uᵀBu, is positive
 * for some u, so the segment γ ∈ (0, 1) is a plateau of local minima". False whenever B is indefinite: the
 * direction of B's negative eigenvalue bends down inside the segment. Theorem 3 needs B positive definite (the
 * searchable claim `plateau-theorem-3`, which holds).
 */
function evaluate(settings: SearchSettings): (input: PlateauInput) => Evaluation {
  return (input) => {
    const at = measureAtStrictMinimum(input, settings.activation, settings.digits);
    if (at.kind === 'invalid') return at;
    const m = at.m;
    if (!(m.b[m.b.length - 1]?.gt(m.tol) ?? false))
      return { kind: 'invalid', reason: 'uᵀBu ≤ 0 for every u: no plateau is predicted' };
    const lowest = m.split[0] ?? m.tol.neg();
    // Predicted: a local minimum, so no negative eigenvalue. Score: how far the lowest eigenvalue dips below 0.
    return {
      kind: 'scored',
      score: lowest.neg().div(m.scale).toNumber(),
      violated: lowest.lt(m.tol.neg()),
    };
  };
}

export const plateauClassificationSearch = defineSearchableClaim<PlateauInput>({
  id: 'plateau-classification',
  statement:
    'at a strict local minimum θ* of L_r, if uᵀBu > 0 for some u (B has a positive eigenvalue), every θ_γ with ' +
    'γ ∈ (0, 1) is a local minimum of L_{r+1} (a plateau segment) — the prediction taken from an indefinite B',
  scoreNote:
    '−λ_min(∇²L_{r+1}(θ_γ)) relative to the Hessian’s largest entry; a violation is a negative eigenvalue beyond rounding',
  defaultActivation: 'tanh',
  defaultBudget: 100,
  baselineByDefault: false,
  space: () => plateauSpace({ gamma: { min: 5, max: 95 }, dimensions: '2', maxScale: 100 }),
  evaluate,
  describe: describePlateau,
  explain(input, settings) {
    const m = measurePlateau(input, settings.activation, settings.digits);
    if (m === undefined) return 'the residual direction is degenerate';
    const bMin = m.b[0] ?? m.tol;
    const bMax = m.b[m.b.length - 1] ?? m.tol;
    const g = m.gamma;
    const curvature = g.times(new (precision(settings.digits).D)(1).minus(g)).times(bMin);
    return (
      `B has eigenvalues ${short(bMax)} > 0 and ${short(bMin)} < 0 (indefinite), so along ((1−γ)u, −γu) with u ` +
      `B's eigenvector for ${short(bMin)} the curvature at γ = ${input.gamma} is γ(1−γ)·${short(bMin)} = ` +
      `${short(curvature)} < 0 and θ_γ is a saddle (lowest Hessian eigenvalue ${short(m.split[0] ?? m.tol)}), not ` +
      `a point of a plateau: Theorem 3 predicts a plateau segment only when B is positive definite.`
    );
  },
});
