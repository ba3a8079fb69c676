// A "converged" network that is not at a minimum. Two tanh neurons are trained with Adam in float64 on glu-teacher
// (9 points of the gated linear unit 0.5·tanh(x) + x·sech²(x)) from a generic start, until the usual stopping rule
// fires: ‖∇L‖ < 10⁻⁶. The float64 check of a minimum then passes — small gradient, loss flat (changed by less than
// 10⁻⁸ over the last 1000 steps), every Hessian eigenvalue positive — and the parameters are modest (‖θ‖ ≈ 3.6, far
// below the paper's channel threshold 10³).
//
// The toolkit unmasks it (mathematics.md §2, §4). The paper's static criteria (`detectChannels`) do not flag it
// yet, and Newton finds no critical point nearby. In channel coordinates the two neurons are a pair with opposite
// readouts; the exact gradient flow at 30 digits carries on from the end point with ε = (w₂ − w₁)/2 shrinking,
// A = (a₂ − a₁)/2 growing and the loss falling; continuation along the valley floor reaches A = 10⁸ with the loss
// still falling, and (c, a, w) tend to the gated linear unit c·tanh(w x) + a·x·tanh′(w x) that the pair becomes
// at infinity — here the teacher itself, (0.5, 1, 1). There is no finite minimum to converge to.
import type { Decimal } from 'decimal.js';
import {
  detectChannels,
  followChannel,
  integrate,
  loadProblem,
  neuronPair,
  precision,
  symmetricEigenvaluesF64,
  toChannelCoordinates,
} from '../src/index.js';

const problem = loadProblem('glu-teacher');
const P = problem.parameterNames.length; // w[1][1], w[2][1], a[1], a[2]

// Adam (β₁ = 0.9, β₂ = 0.999, ε̂ = 10⁻⁸, step 0.01), full batch, stopped when ‖∇L‖₂ < 10⁻⁶.
const theta = Float64Array.from([0.8, 1.2, 0.5, 0.5]);
const m = new Float64Array(P);
const v = new Float64Array(P);
const losses: number[] = [];
let steps = 0;
for (let t = 1; t <= 300_000; t++) {
  const { loss, gradient } = problem.evaluate64(theta);
  if (gradient === undefined) throw new Error('no gradient');
  losses.push(loss);
  if (Math.hypot(...gradient) < 1e-6) break;
  for (let i = 0; i < P; i++) {
    const g = gradient[i]!;
    m[i] = 0.9 * m[i]! + 0.1 * g;
    v[i] = 0.999 * v[i]! + 0.001 * g * g;
    theta[i] = theta[i]! - (0.01 * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8);
  }
  steps = t;
}
const end = problem.evaluate64(theta, { hessian: true });
const gradNorm = Math.hypot(...(end.gradient ?? [NaN]));
const H = end.hessian ?? new Float64Array(P * P).fill(NaN);
const eig = symmetricEigenvaluesF64(Array.from({ length: P }, (_, i) => H.subarray(i * P, (i + 1) * P)));
if (eig.kind !== 'converged') throw new Error('Hessian eigenvalues did not converge');
const change = losses[Math.max(0, losses.length - 1001)]! - end.loss;
console.log(`Adam stopped after ${steps} steps: θ = (${Array.from(theta, (x) => x.toFixed(4)).join(', ')})`);
console.log(
  `  naive test: loss ${end.loss.toExponential(4)} (changed by ${change.toExponential(1)} over the last ` +
    `1000 steps), ‖∇L‖ ${gradNorm.toExponential(1)}, Hessian eigenvalues ` +
    `${eig.values.map((x) => x.toExponential(2)).join(', ')} → "a local minimum"`,
);
const naivePasses = gradNorm < 1e-6 && eig.values.every((x) => x > 0) && Math.abs(change) < 1e-8;
if (!naivePasses) throw new Error('the naive convergence test was expected to pass');

// The paper's static criteria (detectChannels) do not flag it yet: ‖θ‖ is far below 10³ and the input weights are
// still apart; with the data, Newton finds no critical point near the end point either, so the verdict stays open.
const detection = detectChannels(problem.network.layout, Array.from(theta, String), problem);
const pair12 = detection.pairs[0];
console.log(
  `  detectChannels: "${detection.verdict}" (‖θ‖ = ${detection.parameterNorm}; pair 1–2 "${pair12?.verdict ?? '?'}", ` +
    `relative distance ${pair12?.relativeDistance ?? '?'}): not a channel by the paper's thresholds, no critical point nearby`,
);
if (['finiteMinimum', 'saddle', 'degenerateCriticalPoint'].includes(detection.verdict))
  throw new Error(`detectChannels found a critical point: ${detection.verdict}`);

// Unmasking. The pair with opposite readouts, as (i, j) with a_i > 0: A = (a_i − a_j)/2 > 0.
const p = precision(30);
const start = Array.from(theta, (x) => new p.D(x));
const coords = (
  flat: readonly Decimal.Value[],
): { eps: Decimal; A: Decimal; c: Decimal; a: Decimal; w: Decimal } => {
  const q = precision(30);
  const ch = toChannelCoordinates(
    neuronPair(
      problem.network.layout,
      flat.map((x) => new q.D(x)),
      1,
      0,
    ),
    q,
  );
  if (ch.kind !== 'pair') throw new Error('the two neurons coincide');
  return { eps: ch.eps, A: ch.A, c: ch.c, a: ch.a, w: ch.w[0] ?? ch.c };
};
const s = (x: Decimal, n: number): string => x.toSignificantDigits(n).toString();
const e = (x: Decimal.Value): string => new p.D(x).toExponential(3).padEnd(10);
const row = (
  label: string,
  loss: Decimal.Value,
  flat: readonly Decimal.Value[],
): ReturnType<typeof coords> => {
  const k = coords(flat);
  console.log(
    `  ${label.padEnd(21)} loss ${e(loss)}  ε ${e(k.eps)}  A ${e(k.A)}  ` +
      `c ${s(k.c, 8).padEnd(10)}  a ${s(k.a, 8).padEnd(10)}  w ${s(k.w, 8)}`,
  );
  return k;
};
console.log(
  'channel coordinates of neurons 2 and 1 (a₂ > 0 > a₁): ε = (w₂ − w₁)/2, A = (a₂ − a₁)/2, c, a = 2εA, w:',
);
const k0 = row('Adam end point', end.loss, start);

// The exact gradient flow, 30 digits (Radau IIA where it is stiff), from the end point.
const flow = integrate(problem, start, p, { times: ['1e4', '1e6'], recordsPerDecade: 0 });
const flowRows = flow.states.map((st) =>
  row(`exact flow, t = ${new p.D(st.t).toExponential(0)}`, st.loss, st.params),
);
const lastFlow = flow.states[flow.states.length - 1];
const k1 = flowRows[flowRows.length - 1];
if (lastFlow === undefined || k1 === undefined) throw new Error('the flow returned no state');
if (!(new p.D(lastFlow.loss).lt(end.loss * 0.6) && k1.eps.lt(k0.eps) && k1.A.gt(k0.A)))
  throw new Error('the exact flow did not move outward along the channel');

// Continuation along the valley floor to A = 10⁸, each point confirmed at +20 digits.
const out = followChannel(problem.network, (q) => problem.dataset(q), start, '1e8', {
  pair: [1, 0],
  points: 4,
});
if (out.kind !== 'reached') throw new Error(`continuation failed: ${out.reason}`);
for (const pt of out.points.slice(1)) row('valley floor', pt.loss, pt.params);
const pts = out.points;
for (let k = 1; k < pts.length; k++) {
  const [a, b] = [pts[k - 1]!, pts[k]!];
  if (!(b.loss.lt(a.loss) && b.eps.abs().lt(a.eps.abs()) && b.A.gt(a.A)))
    throw new Error('along the valley floor the loss must fall, ε shrink and A grow');
}
const far = pts[pts.length - 1]!;
const glu = { c: far.c, a: far.a, w: far.w[0] ?? far.c };
if (![glu.c.minus('0.5'), glu.a.minus(1), glu.w.minus(1)].every((d) => d.abs().lt('1e-12')))
  throw new Error('the limit is not the teacher GLU');
const r12 = (x: Decimal): string => x.toSignificantDigits(12).toString();
console.log(
  `no finite minimum: the loss falls like A⁻⁴ (${far.loss.toExponential(3)} at A = 1e8) and the pair tends to the ` +
    `GLU c·tanh(w·x) + a·x·tanh′(w·x) with c = ${r12(glu.c)}, a = ${r12(glu.a)}, w = ${r12(glu.w)} (12 digits): ` +
    'the teacher',
);
