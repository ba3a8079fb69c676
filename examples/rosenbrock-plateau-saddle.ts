// A plateau saddle on rosenbrock-2d (the paper's §3 setting; Fukumizu & Amari's theorems 1 and 3).
// 1. The one-neuron network is trained by float64 gradient descent from the problem's seeded initialisation, and the
//    end point is refined by Newton with the exact Hessian at 20 digits: a strict local minimum θ* of L₁.
// 2. Splitting its neuron, θ_γ = (w*, w*; γa*, (1 − γ)a*), gives a line of critical points of L₂ with the loss of
//    θ*. The 2×2 matrix B = (1/N) Σ a* σ″(w*·x) x xᵀ · 2(f(x) − y) predicts the Hessian's inertia along the line:
//    B positive definite → minima for γ ∈ (0, 1) (the plateau segment), saddles outside. The Hessian of L₂ at
//    each γ (LDLᵀ inertia, computed independently of B) must agree.
// 3. A small perturbation across the line returns to it inside (0, 1) and escapes to a lower loss outside.
//
// The data are rosenbrock-2d's (same target, z-scored, activation g, no biases, Glorot seed 1) on a 21×21 grid
// instead of 101×101, so that the exact Decimal Hessians take seconds instead of minutes; the full grid has the same
// picture (measured in float64: a one-neuron minimum near w* = (1.439, −0.636), a* = −0.140, loss 0.9279, with B
// positive definite).
import type { Decimal } from 'decimal.js';
import {
  builtinProblem,
  networkObjective,
  precision,
  problemFromSpec,
  refineCriticalPoint,
  saddleLine,
  splitNeuron,
} from '../src/index.js';

const spec = builtinProblem('rosenbrock-2d', { width: 1 });
if (spec.data.kind !== 'formula') throw new Error('rosenbrock-2d is expected to be a formula dataset');
const grid = { lower: ['-sqrt(3)', '-sqrt(3)'], upper: ['sqrt(3)', 'sqrt(3)'], points: [21, 21] };
const narrow = problemFromSpec(
  { ...spec, data: { ...spec.data, inputs: { grid } } },
  'rosenbrock-2d (21×21)',
);
const data = (q: ReturnType<typeof precision>): ReturnType<typeof narrow.dataset> => narrow.dataset(q);
const p = precision(20);
const short = (x: Decimal, n = 10): string => x.toSignificantDigits(n).toString();

// Gradient descent in float64 with step 0.1 (explicit Euler on the flow dθ/dt = −∇L, stable since λ_max < 10).
const descend = (
  evaluate64: (theta: Float64Array) => { readonly gradient?: Float64Array },
  start: Float64Array,
  time: number,
): Float64Array => {
  const theta = start.slice();
  for (let step = 0; step < time / 0.1; step++) {
    const g = evaluate64(theta).gradient;
    if (g === undefined) throw new Error('no gradient');
    for (let k = 0; k < theta.length; k++) theta[k] = theta[k]! - 0.1 * g[k]!;
  }
  return theta;
};

// 1. Train from the seeded initialisation (to t = 300), then refine.
const trained = descend(
  (th) => narrow.evaluate64(th),
  Float64Array.from(narrow.initial(p), (x) => x.toNumber()),
  300,
);
const refined = refineCriticalPoint(narrow, Array.from(trained), p);
if (refined.kind !== 'converged' || refined.type !== 'minimum')
  throw new Error(`no strict minimum of the one-neuron loss: ${refined.kind}`);
const star = refined.point;
const Lstar = refined.loss;
console.log(
  `one-neuron minimum (20 digits, ‖∇L‖∞ ${refined.gradNormInf.toExponential(1)}): w* = (${short(star[0]!)}, ` +
    `${short(star[1]!)}), a* = ${short(star[2]!)}, loss ${short(Lstar)}`,
);

// 2. The saddle line of its neuron.
const gammas = ['-0.5', '0.5', '1.5'];
const line = saddleLine(narrow.network, data, star, 0, gammas, p);
console.log(
  `eigenvalues of B: ${line.eigenvalues.map((e) => short(e, 6)).join(', ')} → prediction "${line.prediction}"`,
);
for (const pt of line.line) {
  const { neg, zero, pos } = pt.inertia;
  const where = pt.gamma.gt(0) && pt.gamma.lt(1) ? 'inside (0, 1) ' : 'outside [0, 1]';
  console.log(
    `  γ = ${pt.gamma.toString().padEnd(4)} ${where}  loss ${short(pt.loss)}  Hessian inertia (neg ${neg}, zero ${zero}, pos ${pos})` +
      `  ${neg === 0 ? 'minimum' : 'saddle'}${pt.agrees === true ? ', as B predicts' : ' — DISAGREES with B'}`,
  );
}
if (line.prediction !== 'inside') throw new Error(`B is not positive definite: ${line.prediction}`);
for (const pt of line.line) {
  if (pt.agrees !== true) throw new Error(`γ = ${pt.gamma.toString()}: the inertia disagrees with B`);
  if (!pt.loss.eq(Lstar)) throw new Error(`γ = ${pt.gamma.toString()}: the loss changed along the line`);
  if (!pt.gradNorm.lt('1e-10')) throw new Error(`γ = ${pt.gamma.toString()}: not a critical point`);
}

// 3. Perturb θ_γ across the line, along the split direction ((1 − γ)u, −γu) with u = (1, 1), by 0.01, and let
//    float64 gradient flow run: the curvature there is γ(1 − γ)uᵀBu, positive inside and negative outside.
const wide = networkObjective({ ...narrow.network, layout: { ...narrow.network.layout, width: 2 } }, data);
const layout1 = narrow.network.layout;
const evaluate64 = (th: Float64Array): { loss: number; gradient?: Float64Array } => {
  if (wide.evaluate64 === undefined) throw new Error('networkObjective has no float64 loss');
  return wide.evaluate64(th);
};
console.log('perturbed by 0.01 across the line, then float64 gradient descent:');
const gap = (th: readonly number[]): number => Math.hypot(th[0]! - th[2]!, th[1]! - th[3]!);
for (const gamma of ['0.5', '1.5']) {
  const g = new p.D(gamma);
  const split = splitNeuron(layout1, star, 0, gamma, p).flat;
  const start = split.map((x, k) =>
    k < 2 ? x.plus(g.neg().plus(1).times('0.01')) : k < 4 ? x.minus(g.times('0.01')) : x,
  );
  const gap0 = gap(start.map((x) => x.toNumber()));
  const at100 = descend(
    evaluate64,
    Float64Array.from(start, (x) => x.toNumber()),
    100,
  );
  const at1000 = descend(evaluate64, at100, 900);
  const states = [
    { t: 100, theta: at100 },
    { t: 1000, theta: at1000 },
  ].map(({ t, theta }) => ({ t, loss: evaluate64(theta).loss, gap: gap(Array.from(theta)) }));
  const text = states.map(
    (s) => `t = ${s.t}: loss ${s.loss.toFixed(6)}, ‖w₁ − w₂‖ ${s.gap.toExponential(1)}`,
  );
  console.log(`  γ = ${gamma}: ‖w₁ − w₂‖ ${gap0.toExponential(1)} at t = 0; ${text.join('; ')}`);
  const last = { loss: evaluate64(at1000).loss, gap: gap(Array.from(at1000)) };
  const inside = g.lt(1);
  if (inside && !(last.gap < 1e-3 * gap0 && Math.abs(last.loss - Lstar.toNumber()) < 1e-10))
    throw new Error(`γ = ${gamma}: the perturbation did not return to the line`);
  if (!inside && !(last.gap > gap0 && last.loss < Lstar.toNumber() - 0.01))
    throw new Error(`γ = ${gamma}: the perturbation did not escape`);
}
console.log('B > 0: a plateau saddle for γ ∈ (0, 1); perturbations return inside and escape outside');
