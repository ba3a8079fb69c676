// The four properties of Fort & Ganguli (2019) measured on the smallest built-in classification problem,
// mixture-c3 (3 classes, d = 10, a width-8 tanh network, 107 parameters; docs/local-geometry.md): full-batch
// gradient descent in float64 with the Hessian diagonalised along the way, then training inside random affine
// subspaces. The example prints what it measures and checks what it found on this problem (seeded, deterministic):
//   (1) the Hessian's outliers by the largest log-gap among its 40 largest eigenvalues (ratio ≥ 2): ONE, not C = 3;
//   (2) the gradient is NOT confined to the top-3 eigenspace under full-batch GD: its fraction there falls far
//       below a random direction's 3/107 (the high-curvature components are damped first, by (1 − ηλ)^t);
//   (3) λ_max rises (0.99 → 1.41) and then falls, as Fort & Ganguli describe;
//   (4) training in a random affine subspace succeeds from some k: not at k = 4, always at k = 64.
// The claims fort-ganguli-* of `flat-channels verify` run the full protocol on C = 3, 5, 10.
//
// Cost: about 4 s of CPU (measured with tsx start-up, at load ≈ 8).
import {
  goldilocksPoint,
  loadMultiOutputProblem,
  localGeometryTrace,
  type GeometrySnapshot,
} from '../src/index.js';

const problem = loadMultiOutputProblem('mixture-c3');
const C = problem.network.layout.outputs;
const trace = localGeometryTrace(problem, { learningRate: 0.5, snapshots: [0, 10, 50, 200, 500] });
if (trace.kind !== 'completed') throw new Error(`GD diverged at step ${trace.step}`);
const P = trace.parameters;

console.log(`mixture-c3: C = ${C}, ${P} parameters, full-batch GD with η = 0.5`);
console.log('  step    loss      acc   λ_max   outliers (gap ratio)  ‖Π_C ∇L‖²/‖∇L‖²   top 5 eigenvalues');
for (const s of trace.snapshots)
  console.log(
    `  ${String(s.step).padStart(4)}  ${s.loss.toExponential(2)}  ${s.accuracy.toFixed(2)}  ${s.lambdaMax.toFixed(3)}` +
      `   ${s.outliers} (${s.gapRatio.toFixed(2)} after rank ${s.gapAt})` +
      `        ${s.fraction.toExponential(1)}        ${s.top
        .slice(0, 5)
        .map((v) => v.toFixed(3))
        .join(' ')}`,
  );
const snaps = trace.snapshots;
const at = (step: number): GeometrySnapshot => {
  const s = snaps.find((x) => x.step === step);
  if (s === undefined) throw new Error(`no snapshot at step ${step}`);
  return s;
};

// (1) outliers: one clear outlier (λ₁/λ₂ ≈ 3) once training has started, never C = 3.
const later = snaps.filter((s) => s.step > 0);
if (!later.every((s) => s.outliers === 1 && s.gapRatio > 2))
  throw new Error('expected exactly one outlier (gap ratio > 2) after step 0 on mixture-c3');
console.log(`(1) outliers after step 0: ${later.map((s) => s.outliers).join(', ')} (C = ${C})`);

// (2) confinement: after step 0 the fraction is below a random direction's C/P.
if (!later.every((s) => s.fraction < C / P))
  throw new Error('expected the gradient fraction in the top-C eigenspace below C/P after step 0');
console.log(
  `(2) fraction of ‖∇L‖² in the top-${C} eigenspace at step 500: ${at(500).fraction.toExponential(1)} (random: ${(C / P).toFixed(3)})`,
);

// (3) λ_max: a transient rise, then it settles lower.
const peak = Math.max(...snaps.map((s) => s.lambdaMax));
if (!(peak > 1.1 * at(0).lambdaMax && at(500).lambdaMax < 0.9 * peak))
  throw new Error('expected λ_max to rise by > 10% and then fall');
console.log(
  `(3) λ_max: ${at(0).lambdaMax.toFixed(3)} → peak ${peak.toFixed(3)} → ${at(500).lambdaMax.toFixed(3)} at step 500`,
);

// (4) random affine subspaces θ₀ + P u: success = training accuracy ≥ 0.9 after 300 GD steps on u.
const seeds = [1, 2, 3];
const options = { learningRate: 0.5, steps: 300, successAccuracy: 0.9 };
const small = goldilocksPoint(problem, 4, seeds, options);
const large = goldilocksPoint(problem, 64, seeds, options);
for (const g of [small, large])
  console.log(
    `(4) k = ${g.k}: success ${g.successRate.toFixed(2)} (accuracies ${g.runs.map((r) => r.accuracy.toFixed(2)).join(', ')}), ` +
      `Tr(PᵀHP)/‖PᵀHP‖_F at θ₀ = ${g.restrictedTraceRatio.toFixed(2)}`,
  );
if (!(small.successRate === 0 && large.successRate === 1))
  throw new Error('expected no success at k = 4 and success in every subspace at k = 64');
