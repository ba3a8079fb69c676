// A channel of a network with C = 2 outputs (issue 19, item 2; docs/multi-output.md): two tanh neurons fitting the
// vector gated linear unit c* tanh(w*·x) + a* (Δ*·x) sech²(w*·x) (glu-teacher-c2, squared error). The channel is
// followed along its valley floor, on the sphere ‖(a₁ − a₂)/2‖ = |A|, out to |A| = 10¹⁰ with every point solved at
// 3·log₁₀|A| + 30 digits (at least 50) and again at +20, agreeing to 30 digits; the detector then classifies the
// last point, and the vector GLU limit is extrapolated in 1/|A|². Cost: about 2 s of CPU.
import {
  detectMultiOutputChannels,
  followMultiOutputChannel,
  GLU_TEACHER_C2,
  multiOutputGluTeacher,
  multiOutputProblemFromSpec,
  precision,
  vectorChannelOf,
  vectorLossExpansion,
} from '../src/index.js';

const problem = multiOutputProblemFromSpec(multiOutputGluTeacher());
const p = precision(40);
const out = followMultiOutputChannel(problem, problem.initial(p), '1e10', {
  values: ['1e4', '1e8', '1e9', '1e10'],
  reportDigits: 30,
});
if (out.kind !== 'reached') throw new Error(`not followed: ${out.reason}`);
for (const pt of out.points)
  console.log(
    `|A| = ${pt.A.toSignificantDigits(6).toString().padEnd(12)} ε = ${pt.eps.toSignificantDigits(6).toString().padEnd(12)} ` +
      `loss = ${pt.loss.toSignificantDigits(6).toString().padEnd(13)} c = (${pt.c.map(String).join(', ')})`,
  );
const limit = out.limit;
if (limit === undefined || limit.digits < 30) throw new Error('the limit is not known to 30 digits');
console.log(
  `vector GLU limit (${limit.digits} digits): c = (${limit.c.map(String).join(', ')}), a = (${limit.a.map(String).join(', ')}), ` +
    `w = (${limit.w.map(String).join(', ')}), Δ = (${limit.delta.map(String).join(', ')})`,
);
const teacher = [GLU_TEACHER_C2.c, GLU_TEACHER_C2.a, GLU_TEACHER_C2.w, GLU_TEACHER_C2.delta].flat();
const found = [limit.c, limit.a, limit.w, limit.delta].flat();
if (!found.every((x, k) => x.eq(teacher[k] as string))) throw new Error('the limit is not the teacher');

// The detector on the last point, and the loss expansion there: L = L₀ + ε²h + ε⁴h₄ + O(ε⁶).
const q = precision(80);
const last = out.points[out.points.length - 1]!;
const flat = last.params.map((x) => new q.D(x));
const detection = detectMultiOutputChannels(problem.network, flat);
if (detection.verdict !== 'channel') throw new Error('the last point is not detected as a channel');
const ch = vectorChannelOf(problem.network, flat, 0, 1, q);
const ex = vectorLossExpansion(problem.network, problem.dataset(q), flat, ch, q);
const predicted = ex.limitLoss.plus(ch.eps.pow(2).times(ex.h)).plus(ch.eps.pow(4).times(ex.h4));
const error = predicted.div(last.loss).minus(1).abs();
if (!error.lt('1e-15')) throw new Error('the loss expansion disagrees with the floor loss');
console.log(
  `detect: ${detection.verdict} (pair ${detection.pairs[0]!.i + 1},${detection.pairs[0]!.j + 1}); at |A| = 1e10: ` +
    `h = ${ex.h.toSignificantDigits(3).toString()}, h₄ = ${ex.h4.toSignificantDigits(6).toString()}, ` +
    `(L₀ + ε²h + ε⁴h₄)/L − 1 = ${error.toSignificantDigits(2).toString()}`,
);
