import { loadProblem, problemFromSpec } from '../network/problem.js';
import { checkCriticalSubspaces, refineParent } from '../symmetry/critical-subspaces.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';

/** paper-toy's one-neuron minimum replicated to widths 2 and 3: every subspace critical with the parent's loss. */
function check(ctx: ClaimContext): Verdict {
  const digits = Math.max(ctx.digits, 50);
  const base = loadProblem('paper-toy');
  const init = { kind: 'explicit' as const, params: { w: [['1.4']], a: ['2.15'] } };
  const problem = problemFromSpec(
    { ...base.spec, student: { ...base.spec.student, width: 1, init } },
    'paper-toy',
  );
  const parent = refineParent(problem, ['1.4', '2.15'], digits);
  const runs = [2, 3].map((m) =>
    checkCriticalSubspaces(problem.network, (q) => problem.dataset(q), parent, m, digits, {
      samples: 3,
      seed: ctx.seed,
    }),
  );
  const points = runs.flatMap((r) => r.subspaces.flatMap((s) => s.points));
  const worst = points.reduce((mx, p) => (p.gradNormInf.gt(mx) ? p.gradNormInf : mx), points[0]!.gradNormInf);
  const worstLoss = points.reduce(
    (mx, p) => (p.lossDifference.gt(mx) ? p.lossDifference : mx),
    points[0]!.lossDifference,
  );
  const flatDirections = runs.every((r) =>
    r.subspaces.every((s) => s.points.every((p) => (p.inertia?.zero ?? 0) >= s.subspace.dimension)),
  );
  const evidence = {
    problem: 'paper-toy, width 1 → 2, 3',
    parentLoss: parent.loss.toSignificantDigits(20).toString(),
    parentType: parent.type,
    digits,
    seed: ctx.seed,
    subspaces: runs.map((r) => `m=${r.width}: ${r.subspaces.length} of ${r.total}`),
    points: points.length,
    maxGradNorm: worst.toExponential(2),
    maxLossDifference: worstLoss.toExponential(2),
    tolerance: runs[0]!.tolerance.toExponential(0),
    inertia: points.map((p) =>
      p.inertia === undefined
        ? ''
        : `(${p.inertia.negative},${p.inertia.zero},${p.inertia.positive}) ${p.type}`,
    ),
  };
  if (runs.every((r) => r.allCritical) && flatDirections) {
    return {
      kind: 'verified',
      summary: `${points.length} random points of every replication subspace (width 1 → 2, 3) are critical with the parent's loss at ${digits} digits (‖∇L‖∞ ≤ ${evidence.maxGradNorm}); each subspace direction is a zero Hessian eigenvalue`,
      evidence,
    };
  }
  return {
    kind: 'refuted',
    summary: !runs.every((r) => r.allCritical)
      ? `a point of a replication subspace is not critical with the parent's loss (‖∇L‖∞ up to ${evidence.maxGradNorm}, |ΔL| up to ${evidence.maxLossDifference})`
      : 'a replication subspace direction is not a zero eigenvalue of the Hessian',
    evidence,
  };
}

export const symmetryInducedCritical: Claim = {
  id: 'symmetry-induced-critical',
  title:
    'Replicating the neurons of a critical point gives affine subspaces of critical points with equal loss',
  statement:
    'If θ* is a critical point of the width-r network, every point of a replication subspace at width m (each unit a copy of a ' +
    'parent neuron, the copies’ readouts summing to the parent’s) is a critical point with loss L(θ*).',
  latex:
    '\\theta\\in\\Gamma_\\pi:\\ w_u=w^*_{\\pi(u)},\\ \\sum_{u\\in\\pi^{-1}(i)}a_u=a^*_i\\ \\Rightarrow\\ \\nabla L_m(\\theta)=0,\\ L_m(\\theta)=L_r(\\theta^*)',
  hypotheses: ['θ* critical and irreducible', 'σ differentiable'],
  source: 'Şimşek et al., ICML 2021 (symmetry-induced critical points); Fukumizu & Amari 2000 for r → r + 1',
  ownActivation: 'erf',
  check,
};
