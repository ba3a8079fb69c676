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
 * Theorem 3 of Fukumizu & Amari as stated (mathematics.md §3): at a strict local minimum θ* with B definite,
 * θ_γ (γ ∉ {0, 1}) is a local minimum exactly where γ(1−γ)B is positive definite — for γ ∈ (0, 1) when B > 0, for
 * γ < 0 and γ > 1 when B < 0 — and a saddle elsewhere. True: the search finds no violation.
 */
function evaluate(settings: SearchSettings): (input: PlateauInput) => Evaluation {
  return (input) => {
    const at = measureAtStrictMinimum(input, settings.activation, settings.digits);
    if (at.kind === 'invalid') return at;
    const m = at.m;
    const g = m.gamma;
    if (g.abs().lt('0.05') || g.minus(1).abs().lt('0.05'))
      return { kind: 'invalid', reason: 'γ within 0.05 of 0 or 1, where further eigenvalues cross 0' };
    const positive = m.b.every((v) => v.gt(m.tol));
    const negative = m.b.every((v) => v.lt(m.tol.neg()));
    if (!positive && !negative) return { kind: 'invalid', reason: 'B is not definite' };
    const inside = g.gt(0) && g.lt(1);
    const minimumPredicted = positive === inside;
    const lowest = m.split[0] ?? m.tol.neg();
    const negativeCurvature = lowest.lt(m.tol.neg());
    // Score: a predicted minimum scores how far its lowest eigenvalue dips below 0; a predicted saddle scores how
    // close its lowest eigenvalue comes to 0 from below (both ≤ 0 when the theorem holds).
    const score = (minimumPredicted ? lowest.neg() : lowest).div(m.scale).toNumber();
    return { kind: 'scored', score, violated: minimumPredicted === negativeCurvature };
  };
}

export const plateauTheorem3Search = defineSearchableClaim<PlateauInput>({
  id: 'plateau-theorem-3',
  statement:
    'at a strict local minimum θ* of L_r with B definite, θ_γ (γ ∉ {0, 1}) is a local minimum of L_{r+1} exactly ' +
    'where γ(1−γ)B is positive definite (Theorem 3: B > 0 gives a plateau segment γ ∈ (0, 1), B < 0 minima outside)',
  scoreNote:
    'the lowest Hessian eigenvalue at θ_γ on the wrong side of 0 for the prediction, relative to the largest ' +
    'entry (the zero eigenvalue along the line scores ≈ 10^−digits); a violation needs more than 10^−(digits/2)',
  defaultActivation: 'tanh',
  defaultBudget: 150,
  baselineByDefault: false,
  space: () => plateauSpace({ gamma: { min: -200, max: 300 }, dimensions: '1-2', maxScale: 30 }),
  evaluate,
  describe: describePlateau,
  explain(input, settings) {
    const m = measurePlateau(input, settings.activation, settings.digits);
    if (m === undefined) return 'the residual direction is degenerate';
    return (
      `At γ = ${input.gamma} with B's eigenvalues ${m.b.map(short).join(', ')} the Hessian's lowest eigenvalue is ` +
      `${short(m.split[0] ?? m.tol)}, against Theorem 3's prediction.`
    );
  },
});
