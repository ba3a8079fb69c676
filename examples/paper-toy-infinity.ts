// The paper-toy loss at infinity (the paper's figure 6; mathematics.md §5). Two erf neurons fit
// erf((5x + 2.5)/√2) + erf((5x − 2.5)/√2) under x ~ N(0, 1). As ε → 0 the pair becomes the gated linear unit
// c·σ(w x) + a·x·σ′(w x); with (c, a) optimal for each w this defines the loss at infinity ℓ(w, 0). The paper's
// statement: for w > 0, ℓ has two minima, both with h > 0 (so ε → 0 attracts: two channels, the lower one the global
// optimum, at infinity), and between them a saddle with a = 0 whose loss is that of the one-neuron network — the
// base of a saddle line that carries a plateau segment (B > 0).
//
// Cost: `flat-channels infinity --problem paper-toy --digits 12` certifies these numbers by recomputing at +10 and
// +30 digits, ≈ 35 s of CPU (the population loss is a trapezoidal rule of 900–2400 nodes at those precisions). To
// stay within seconds this example computes once, at 17 working digits (439 nodes), scans only w ∈ [0.5, 5], and
// checks its 10-digit values against an independent reference instead: mpmath's 30-digit tanh-sinh quadrature and
// root finding (scripts/golden/infinity.py), copied below.
import type { Decimal } from 'decimal.js';
import {
  evaluateLimit,
  limitCriticalPoints,
  limitModelOf,
  loadProblem,
  precision,
  saddleMatrixB,
} from '../src/index.js';

const problem = loadProblem('paper-toy');
const data = (q: ReturnType<typeof precision>): ReturnType<typeof problem.dataset> => problem.dataset(q);
const initial = (q: ReturnType<typeof precision>): Decimal[] => problem.initial(q);
const p = precision(12);
const q = precision(17); // p + 5 guard digits: the working precision of the scan below
const points = limitCriticalPoints(limitModelOf(problem.network, data, initial, [0, 1]), p, {
  wMin: '0.5',
  wMax: '5',
  scanPoints: 12,
  guardDigits: 5,
});

// mpmath, 30 digits (test/fixtures/infinity-paper-toy.json): w, ℓ, h of the three critical points.
const mpmath = [
  { w: '0.8662961222688905899431', loss: '0.04237215195921777310452', h: '0.00709137536420634676838' },
  { w: '1.39955414939071599713', loss: '0.04711602749635808931632', h: '0.02844885572057132673488' },
  { w: '3.150432442239910122819', loss: '0.0007733325415771706316275', h: '0.001014699899233537850182' },
];

const s = (x: Decimal, n = 10): string => x.toSignificantDigits(n).toString();
console.log(
  'paper-toy: neurons 1, 2 → c·σ(w x) + a·x·σ′(w x), readouts optimal; critical points of ℓ(w, 0), w ∈ [0.5, 5]:',
);
for (const pt of points) {
  console.log(
    `  ${pt.kind.padEnd(8)} w = ${s(pt.w).padEnd(12)} ℓ = ${s(pt.loss).padEnd(16)} c = ${s(pt.c).padEnd(12)} ` +
      `a = ${(pt.a.abs().lt('1e-10') ? '0' : s(pt.a)).padEnd(13)} h = ${s(pt.h)}${pt.h.gt(0) ? ' > 0' : ''}`,
  );
}
const kinds = points.map((pt) => pt.kind).join(',');
if (kinds !== 'minimum,saddle,minimum') throw new Error(`expected minimum, saddle, minimum; got ${kinds}`);
points.forEach((pt, k) => {
  const ref = mpmath[k];
  if (ref === undefined) throw new Error('more critical points than the reference');
  for (const key of ['w', 'loss', 'h'] as const) {
    if (!pt[key].minus(ref[key]).abs().lte(pt[key].abs().times('1e-10')))
      throw new Error(`point ${k + 1}: ${key} = ${pt[key].toString()} differs from mpmath's ${ref[key]}`);
  }
  if (pt.kind === 'minimum' && !pt.h.gt(0))
    throw new Error(`minimum at w = ${s(pt.w)} has h ≤ 0: no channel`);
});
console.log(`  agrees with mpmath's independent values (w, ℓ, h) to 10 digits`);
const [low, saddle, high] = points as [(typeof points)[0], (typeof points)[0], (typeof points)[0]];
const best = low.loss.lt(high.loss) ? low : high;
console.log(
  `two channels (minima with h > 0); the lower one (w = ${s(best.w, 6)}, ℓ = ${s(best.loss, 4)}) is the global optimum of the paper`,
);

// The saddle is the one-neuron network's critical point: a = 0 there, and the width-1 network c·σ(w x) at the same w
// has zero slope in w and the same loss. Its B (1×1, mathematics.md §3) is positive: a plateau segment γ ∈ (0, 1).
const one = evaluateLimit(limitModelOf(problem.network, data, initial, [0, 1], false), saddle.w, q);
const narrow = { ...problem.network, layout: { ...problem.network.layout, width: 1 } };
const B = saddleMatrixB(narrow, data(q), [one.w, one.c], 0, q)[0]?.[0];
if (B === undefined) throw new Error('no B');
console.log(
  `one-neuron network c·σ(w x) at the saddle's w: ℓ₁ = ${s(one.loss)}, dℓ₁/dw = ${one.slope.toExponential(1)}, ` +
    `d²ℓ₁/dw² = ${s(one.curvature, 4)} > 0 (a minimum), B = ${s(B, 4)} > 0`,
);
if (!saddle.a.abs().lt('1e-10')) throw new Error(`the saddle's a = ${saddle.a.toString()} is not 0`);
if (!one.slope.abs().lt('1e-10'))
  throw new Error('the saddle is not a critical point of the one-neuron network');
if (!one.loss.minus(saddle.loss).abs().lt('1e-11'))
  throw new Error('the saddle and one-neuron losses differ');
if (!one.curvature.gt(0) || !B.gt(0)) throw new Error('expected a one-neuron minimum with B > 0');
console.log('the saddle between the channels is the one-neuron minimum, at the one-neuron loss');
