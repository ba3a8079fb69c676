// Following the glu-teacher channel to |A| = 10³⁰. Two tanh neurons fit the gated linear unit
// 0.5·tanh(x) + x·sech²(x), which they can only reach at infinity: a_1 − a_2 = 2A → ∞ while w_1 − w_2 = 2ε → 0.
// Gradient flow would need t ≈ 10¹⁸⁰ to get there, so the channel is followed by continuation along its valley
// floor (the loss minimised over every other parameter at fixed A), each point solved at ≈ 3·log₁₀|A| + 30 digits
// and again at +20 digits, agreeing to 20 digits.
//
// What must come out (mathematics.md §2): the target is realisable, so L → 0 like K/A⁴ with
//   K = (1/16)·(1/N) Σ_n (P⊥ f₂)(x_n)²,   f₂ = (c/2) x² σ″(x) + (a/6) x³ σ‴(x)   at c = 0.5, a = 1, w = 1,
// where P⊥ removes what the GLU's own parameters (c, a, w) can absorb (L ≈ ε⁴‖P⊥f₂‖² and ε = a/(2A) → 1/(2A)). K is computed below in float64 from σ's
// closed-form derivatives, independently of the toolkit. And at A = 10³⁰ a float64 or 60-digit loss is garbage.
import type { Decimal } from 'decimal.js';
import {
  followChannel,
  lossAndDerivatives,
  lossAndDerivatives64,
  loadProblem,
  precision,
  toDataset64,
} from '../src/index.js';

const problem = loadProblem('glu-teacher');
const out = followChannel(
  problem.network,
  (q) => problem.dataset(q),
  problem.initial(precision(40)),
  '1e30',
  { points: 4 },
);
if (out.kind !== 'reached') throw new Error(`the channel was not followed to 1e30: ${out.reason}`);

// The independent constant: least squares of f₂ on the tangent features σ(x), xσ′(x), c·xσ′(x) + a·x²σ″(x).
const xs = Array.from({ length: 9 }, (_, k) => -3 + 0.75 * k);
const rows = xs.map((x) => {
  const t = Math.tanh(x);
  const [s1, s2, s3] = [1 - t * t, -2 * t * (1 - t * t), -2 * (1 - t * t) * (1 - 3 * t * t)];
  return { phi: [t, x * s1, 0.5 * x * s1 + x * x * s2], f2: 0.25 * x * x * s2 + (x ** 3 * s3) / 6 };
});
const G = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((s, r) => s + r.phi[i]! * r.phi[j]!, 0)));
const b = [0, 1, 2].map((i) => rows.reduce((s, r) => s + r.phi[i]! * r.f2, 0));
const det = (M: number[][]): number =>
  M[0]![0]! * (M[1]![1]! * M[2]![2]! - M[1]![2]! * M[2]![1]!) -
  M[0]![1]! * (M[1]![0]! * M[2]![2]! - M[1]![2]! * M[2]![0]!) +
  M[0]![2]! * (M[1]![0]! * M[2]![1]! - M[1]![1]! * M[2]![0]!);
const coef = [0, 1, 2].map((k) => det(G.map((row, i) => row.map((v, j) => (j === k ? b[i]! : v)))) / det(G));
const Kref =
  rows.reduce((s, r) => s + (r.f2 - r.phi.reduce((t, f, i) => t + f * coef[i]!, 0)) ** 2, 0) / 9 / 16;

console.log('glu-teacher channel, valley floor at fixed A; every point confirmed at +20 digits (12 shown)');
console.log('A         1/ε        loss                loss·A⁴             c       a       w       digits');
const short = (x: Decimal, n = 12): string => x.toSignificantDigits(n).toString();
const sci = (x: Decimal, n: number): string => x.toExponential(n - 1);
let K = 0;
for (const pt of out.points) {
  const LA4 = pt.loss.times(pt.A.pow(4));
  K = LA4.toNumber();
  console.log(
    [
      sci(pt.A, 3).padEnd(9),
      sci(pt.invEps, 3).padEnd(10),
      sci(pt.loss, 12).padEnd(19),
      sci(LA4, 12).padEnd(19),
      ...[pt.c, pt.a, pt.w[0] ?? pt.c].map((x) => short(x, 4).padEnd(7)),
      pt.digits,
    ].join(' '),
  );
}
console.log(`K from P⊥f₂ in float64 (independent): ${Kref.toExponential(11)}`);
if (Math.abs(K - Kref) > 1e-10 * Kref) throw new Error(`loss·A⁴ = ${K} does not approach K = ${Kref}`);
const last = out.points[out.points.length - 1]!;
for (const [name, value, target] of [
  ['c', last.c, 0.5],
  ['a', last.a, 1],
  ['w', last.w[0], 1],
] as const) {
  if (value === undefined || Math.abs(value.toNumber() - target) > 1e-20)
    throw new Error(`${name} does not tend to the teacher's ${target}`);
}

// The same loss at the A = 10³⁰ point, recomputed: at the chosen digits and at +20 they agree; 60 digits and
// float64 return numbers wrong by dozens of orders of magnitude without any sign of trouble.
const lossAt = (digits: number, guard: number): string => {
  const q = precision(digits);
  return short(
    lossAndDerivatives(problem.network, problem.dataset(q), last.params, q, { gradient: false, guard }).loss,
  );
};
const chosen = lossAt(last.digits, 70);
const plus20 = lossAt(last.digits + 20, 70);
const sixty = lossAt(60, 10);
const f64 = lossAndDerivatives64(
  problem.network,
  toDataset64(problem.dataset(precision(20))),
  Float64Array.from(last.params, (x) => x.toNumber()),
  { gradient: false },
).loss;
console.log(`loss at A = 1e30: ${last.digits} digits ${chosen}, ${last.digits + 20} digits ${plus20}`);
console.log(`                  60 digits ${sixty}, float64 ${f64}`);
const wrong = (x: string | number): boolean =>
  !Number.isFinite(Number(x)) || Math.abs(Number(x) - Number(plus20)) > Math.abs(Number(plus20));
if (chosen !== plus20) throw new Error('the loss at A = 1e30 does not reproduce at +20 digits');
if (!wrong(sixty) || !wrong(f64))
  throw new Error('60 digits or float64 came out right: precision not needed?');
console.log('loss·A⁴ → K, (c, a, w) → the teacher (0.5, 1, 1), and too few digits give a wrong loss');
