// A channel of three neurons (the paper's App. C.6; docs/mathematics.md §8): w₁,₂ = w ± εω₁ + ε²ω₂, w₃ = w,
// a₁,₂ = d/ε² ± b/(2ε), a₃ = c − 2d/ε². The three neurons tend to cσ(w·x) + (bω₁·x + 2dω₂·x)σ′(w·x) +
// d(ω₁·x)²σ″(w·x) — a σ″ term no pair of neurons makes —, and with ω₂ at order ε instead of ε² they diverge like 1/ε.
// Shown three ways: the symbolic expansion (nerdamer) with its numeric confirmation, the exact sum against the limit,
// and a tanh network fitting that limit, whose loss keeps falling along the group's outward direction.
// Cost: about 3 s of CPU.
import {
  checkThreeNeuronChannel,
  groupChannelDirection,
  groupLimit,
  parseWith,
  precision,
  problemFromSpec,
  ProblemSpec,
  resolveActivation,
  threeNeuronExpansion,
  threeNeuronSum,
} from '../src/index.js';

// 1. Symbolic, then numeric (the exact sum at 50+ digits, confirmed 20 digits higher).
const expansion = threeNeuronExpansion();
const m2 = expansion.variants.find((v) => v.m === 2)!;
const m1 = expansion.variants.find((v) => v.m === 1)!;
console.log(`limit (ε⁰, m = 2):       ${m2.coefficients.find((k) => k.power === 0)!.text}`);
console.log(`divergence (ε⁻¹, m = 1): ${m1.coefficients.find((k) => k.power === -1)!.text}`);
console.log('symbolic checks:', JSON.stringify(expansion.checks));
const check = checkThreeNeuronChannel(expansion, { points: 1 });
console.log(
  `numeric confirmation: law deviation ${check.maxLawDeviation}, ladder ${check.ladderError}: ${check.passed}`,
);
if (!Object.values(expansion.checks).every(Boolean) || !check.passed) throw new Error('the expansion failed');

// 2. The exact sum (tanh, one input x = 1.3 with w = 1, ω₁ = 1, ω₂ = 0.5) against the limit: error ∝ ε²; with ω₂
// at order ε, ε·F tends to 2dq σ′(z).
const [W, O1, O2, C, B, D] = [1, 1, 0.5, 0.5, 1, 0.4];
const x = 1.3;
const tanh = resolveActivation('tanh');
const p = precision(60);
const pt = { z: W * x, p: O1 * x, q: O2 * x, c: C, b: B, d: D };
const [s0, s1, s2] = tanh.derivatives(pt.z, 2, p);
const limit = s0!
  .times(C)
  .plus(s1!.times(B * pt.p + 2 * D * pt.q))
  .plus(s2!.times(D * pt.p * pt.p));
const divergence = s1!.times(2 * D * pt.q);
console.log('\nε          F(ε) − limit   ratio     ε·F(ε) for m = 1   − 2dqσ′(z)');
let previous: number | undefined;
for (const k of [4, 6, 8, 10]) {
  const eps = new p.D(2).pow(-k);
  const err = threeNeuronSum(tanh, pt, eps, 2, p).minus(limit).toNumber();
  const scaled = threeNeuronSum(tanh, pt, eps, 1, p).times(eps);
  const ratio = previous === undefined ? '' : (previous / err).toFixed(3);
  console.log(
    `2^-${String(k).padEnd(6)}  ${err.toExponential(3).padStart(11)}    ${ratio.padEnd(8)}  ${scaled.toFixed(6).padStart(10)}    ${scaled.minus(divergence).toNumber().toExponential(2)}`,
  );
  previous = err;
}

// 3. A width-3 tanh network fitting the limit at nine inputs: along the construction the group limit tends to
// (c, bω₁ + 2dω₂, dω₁²) and the loss falls outward (the slope ∇L·u along the group's direction u, at 50 digits).
const xs = Array.from({ length: 9 }, (_, k) => -3 + 0.75 * k);
const target = (t: number): number => {
  const th = Math.tanh(W * t);
  const d1 = 1 - th * th;
  return C * th + (B * O1 + 2 * D * O2) * t * d1 + D * O1 * O1 * t * t * (-2 * th * d1);
};
const spec = parseWith(
  ProblemSpec,
  {
    format: 'flat-channels-problem',
    version: 1,
    name: 'three-neuron-limit',
    activation: 'tanh',
    hiddenBias: false,
    outputBias: false,
    inputDimension: 1,
    data: { kind: 'samples', inputs: xs.map(String), targets: xs.map((t) => String(target(t))) },
    student: { width: 3, init: { kind: 'glorot-normal', seed: 1 } },
  },
  'example spec',
);
const problem = problemFromSpec(spec);
const q = precision(50);
console.log('\nε        loss          slope outward   c        v        M');
for (const k of [4, 6, 8]) {
  const eps = new q.D(2).pow(-k);
  const e2 = eps.pow(2);
  const theta = [
    eps.times(O1).plus(e2.times(O2)).plus(W),
    eps.times(-O1).plus(e2.times(O2)).plus(W),
    new q.D(W),
    new q.D(D).div(e2).plus(new q.D(B).div(eps.times(2))),
    new q.D(D).div(e2).minus(new q.D(B).div(eps.times(2))),
    new q.D(C).minus(new q.D(2 * D).div(e2)),
  ];
  const res = problem.evaluate(theta, q, { gradient: true });
  const u = groupChannelDirection(problem.network.layout, theta, [0, 1, 2])!.direction;
  const slope = res.gradient!.reduce((s, g, i) => s.plus(g.times(u[i]!)), new q.D(0));
  const g = groupLimit(problem.network.layout, theta, [0, 1, 2]);
  console.log(
    `2^-${String(k).padEnd(5)} ${res.loss.toNumber().toExponential(3)}     ${slope.toNumber().toExponential(3).padStart(10)}     ` +
      `${g.c.toFixed(4)}   ${g.v[0]!.toFixed(4)}   ${g.M[0]![0]!.toFixed(4)}`,
  );
  if (!slope.isNeg()) throw new Error('the loss does not fall outward');
}
console.log(`(limit: c = ${C}, v = bω₁ + 2dω₂ = ${B * O1 + 2 * D * O2}, M = dω₁² = ${D * O1 * O1})`);
