import { goldilocksPoint, type GoldilocksPoint } from '../geometry/index.js';
import { loadMultiOutputProblem } from '../network/multi-output-problem.js';
import { figureSeries, type Figure } from '../report/plot/figure.js';
import type { Claim, Verdict } from './claim.js';
import { wilson95 } from './plateau-saddle-frequency.js';
import { g3 } from './_internals/fort-ganguli-traces.js';

const PROBLEM = 'mixture-c3';
const DIMENSIONS: readonly number[] = [1, 2, 4, 8, 16, 32, 64];
const SCALES: readonly number[] = [0.03, 0.1, 0.3, 1, 3, 10, 30];
/** The subspace dimension of the Goldilocks scan (where success at scale 1 is about half-way in our first look). */
const GOLDILOCKS_K = 16;
const SEEDS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** Training succeeds in the subspace when accuracy ≥ 0.9 after 500 GD steps of η = 0.5 (full space: 1.00). */
const OPTIONS = { learningRate: 0.5, steps: 500, successAccuracy: 0.9 } as const;
/** Success "at dimension k": at least this rate. */
const SUCCESS_RATE = 0.8;

function figures(byK: readonly GoldilocksPoint[], byScale: readonly GoldilocksPoint[]): Figure[] {
  return [
    {
      id: 'success-vs-dimension',
      title: `Training inside random affine subspaces of ${PROBLEM}: success against dimension k`,
      caption:
        `Fraction of ${SEEDS.length} seeded random subspaces θ₀ + P u (P orthonormal, D = 107) in which GD on u reaches ` +
        `training accuracy ≥ ${OPTIONS.successAccuracy} after ${OPTIONS.steps} steps, and the restricted curvature ` +
        'Tr(PᵀHP)/‖PᵀHP‖_F at θ₀ divided by √k (its largest possible value is 1).',
      x: { label: 'subspace dimension k', scale: 'log' },
      y: { label: 'success rate; Tr/(‖·‖_F √k)' },
      series: [
        figureSeries(
          'success rate',
          byK.map((g) => g.k),
          byK.map((g) => g.successRate),
        ),
        figureSeries(
          'Tr(PᵀHP)/(‖PᵀHP‖_F √k) at θ₀',
          byK.map((g) => g.k),
          byK.map((g) => g.restrictedTraceRatio / Math.sqrt(g.k)),
        ),
      ],
    },
    {
      id: 'goldilocks',
      title: `The Goldilocks curve of ${PROBLEM} (k = ${GOLDILOCKS_K})`,
      caption:
        'Against the scale s of the initialisation θ₀ = s·θ_init: the success rate of training in k-dimensional ' +
        'random subspaces, the restricted curvature Tr(PᵀHP)/‖PᵀHP‖_F and the fraction of positive eigenvalues ' +
        'of PᵀHP at θ₀ (means over the seeds). Fort & Scherlis predict success where the curvature is high.',
      x: { label: 'initialisation scale s', scale: 'log' },
      y: { label: 'rate, ratio' },
      series: [
        figureSeries(
          'success rate',
          byScale.map((g) => g.scale),
          byScale.map((g) => g.successRate),
        ),
        figureSeries(
          'Tr(PᵀHP)/‖PᵀHP‖_F',
          byScale.map((g) => g.scale),
          byScale.map((g) => g.restrictedTraceRatio),
        ),
        figureSeries(
          'positive eigenvalues of PᵀHP (fraction)',
          byScale.map((g) => g.scale),
          byScale.map((g) => g.restrictedPositiveFraction),
        ),
      ],
    },
  ];
}

function check(): Verdict {
  const problem = loadMultiOutputProblem(PROBLEM);
  const byK = DIMENSIONS.map((k) => goldilocksPoint(problem, k, SEEDS, OPTIONS));
  const byScale = SCALES.map((scale) =>
    scale === 1
      ? (byK.find((g) => g.k === GOLDILOCKS_K) as GoldilocksPoint)
      : goldilocksPoint(problem, GOLDILOCKS_K, SEEDS, { ...OPTIONS, scale }),
  );
  const D = problem.parameterNames.length;
  const kStar = byK.find((g) => g.successRate >= SUCCESS_RATE)?.k;
  const top = Math.max(...byScale.map((g) => g.restrictedTraceRatio));
  const inZone = byScale.filter((g) => g.restrictedTraceRatio >= top / 2);
  const outZone = byScale.filter((g) => g.restrictedTraceRatio < top / 2);
  const count = (gs: readonly GoldilocksPoint[]): { k: number; n: number } => ({
    k: gs.reduce((s, g) => s + g.runs.filter((r) => r.success).length, 0),
    n: gs.reduce((s, g) => s + g.runs.length, 0),
  });
  const inside = count(inZone);
  const outside = count(outZone);
  const wi = wilson95(inside.k, inside.n);
  const wo = outside.n > 0 ? wilson95(outside.k, outside.n) : { lower: NaN, upper: NaN };
  const pct = (x: number): string => `${Math.round(100 * x)}%`;
  const evidence = {
    protocol:
      `${PROBLEM} (D = ${D}); P: ${SEEDS.length} seeded random orthonormal D × k bases (Gram–Schmidt twice); GD on u ` +
      `from 0, η = ${OPTIONS.learningRate}, ${OPTIONS.steps} steps; success: training accuracy ≥ ${OPTIONS.successAccuracy}`,
    successByDimension: byK.map(
      (g) =>
        `k = ${g.k}: ${g.runs.filter((r) => r.success).length}/${g.runs.length}, mean accuracy ${g3(g.runs.reduce((s, r) => s + r.accuracy, 0) / g.runs.length)}`,
    ),
    goldilocks: byScale.map(
      (g) =>
        `s = ${g.scale}: success ${g.runs.filter((r) => r.success).length}/${g.runs.length}, Tr(PᵀHP)/‖PᵀHP‖_F ${g3(g.restrictedTraceRatio)}, ` +
        `positive ${g3(g.restrictedPositiveFraction)}, full Tr(H)/‖H‖_F ${g3(g.traceRatio)}, L(θ₀) ${g3(g.loss)}`,
    ),
    zone: `scales with Tr(PᵀHP)/‖PᵀHP‖_F ≥ half its largest (${g3(top)}): ${inZone.map((g) => g.scale).join(', ')}`,
    insideZone: `${inside.k}/${inside.n}, 95% Wilson [${g3(wi.lower)}, ${g3(wi.upper)}]`,
    outsideZone: `${outside.k}/${outside.n}, 95% Wilson [${g3(wo.lower)}, ${g3(wo.upper)}]`,
    threshold: kStar === undefined ? 'none' : String(kStar),
  };
  const figs = figures(byK, byScale);
  const atK = (k: number): string => {
    const g = byK.find((x) => x.k === k);
    return g === undefined ? '' : `${g.runs.filter((r) => r.success).length}/${g.runs.length}`;
  };
  const part1 =
    kStar === undefined
      ? `no k ≤ ${Math.max(...DIMENSIONS)} reaches a success rate of ${pct(SUCCESS_RATE)}`
      : `success ≥ ${pct(SUCCESS_RATE)} from k = ${kStar} of D = ${D} (bar: k ≤ D/4 = ${g3(D / 4)}; ` +
        `${DIMENSIONS.map((k) => `k = ${k}: ${atK(k)}`).join(', ')})`;
  const apart = outside.n > 0 && (wi.lower > wo.upper || wi.upper < wo.lower);
  const part2 =
    `Goldilocks zone (s = ${inZone.map((g) => g.scale).join(', ')}) ${inside.k}/${inside.n} vs outside ` +
    `${outside.k}/${outside.n}, 95% intervals ${apart ? 'apart' : 'overlapping'}`;
  const summary = `${part1}; ${part2}`;
  const verdict = (kind: 'verified' | 'refuted' | 'inconclusive'): Verdict => ({
    kind,
    summary,
    evidence,
    figures: figs,
  });
  if (kStar === undefined || kStar > D / 4) return verdict('refuted');
  if (outside.n > 0 && wi.lower > wo.upper) return verdict('verified');
  if (outside.n > 0 && wi.upper < wo.lower) return verdict('refuted');
  return verdict('inconclusive');
}

export const fortGanguliSubspace: Claim = {
  id: 'fort-ganguli-subspace',
  title: 'Training in random low-dimensional subspaces and the Goldilocks zone (Fort & Ganguli property 4)',
  statement:
    `On ${PROBLEM}, GD restricted to random affine subspaces θ₀ + P u succeeds (≥ ${SUCCESS_RATE * 100}% of seeds) ` +
    `from some dimension k ≤ D/4, and at k = ${GOLDILOCKS_K} success is more frequent at initialisation scales whose ` +
    'restricted curvature Tr(PᵀHP)/‖PᵀHP‖_F is high (at least half its largest value over the scales) than elsewhere.',
  latex:
    '\\theta = \\theta_0 + P u,\\ P^\\top P = I_k;\\quad \\frac{\\operatorname{Tr}(P^\\top H P)}{\\lVert P^\\top H P \\rVert_F}',
  hypotheses: [
    'full-batch GD on u with the full-space step size; success = training accuracy ≥ 0.9 after 500 steps',
    `${SEEDS.length} seeds per point; scales ${SCALES.join(', ')} of the seeded Glorot-normal start`,
  ],
  source:
    'Fort & Ganguli (2019), §6; Fort & Scherlis, "The Goldilocks zone" (2019); Li et al., "Measuring the intrinsic dimension" (2018); issue 19',
  ownActivation: 'tanh',
  optIn:
    'it trains 130 networks inside random subspaces (about 30 s of CPU); run it with verify --claims fort-ganguli-subspace',
  check,
};
