import { loadProblem } from '../../src/network/problem.js';
import { ProblemSpec, parseWith } from '../../src/network/spec.js';
import { sweepProblemOf } from '../../src/sweep/_internals/problem-cache.js';
import { LateUpdates } from '../../src/sweep/_internals/late-updates.js';
import type { SweepProblem } from '../../src/sweep/sweep-problem.js';
import type { TrainResult } from '../../src/sweep/train64.js';

/** A built-in problem at a width (the init is irrelevant here: points are given by hand). */
export function problemAt(name: string, width: number): SweepProblem {
  const spec = loadProblem(name).spec;
  const s: ProblemSpec = { ...spec, student: { width, init: { kind: 'glorot-normal', seed: 1 } } };
  return sweepProblemOf(s).sweep;
}

/** tanh neurons (no biases) fitting atan(x) at the nine glu-teacher inputs: width 1 has a strict finite minimum. */
export function atanProblem(width: number): SweepProblem {
  const spec = parseWith(
    ProblemSpec,
    {
      format: 'flat-channels-problem',
      version: 1,
      name: 'atan-test',
      activation: 'tanh',
      hiddenBias: false,
      outputBias: false,
      inputDimension: 1,
      // Targets as the shortest decimal strings of the doubles atan(x): the float64 data are exactly Math.atan(x).
      data: { kind: 'samples', inputs: GLU_XS.map(String), targets: GLU_XS.map((x) => String(Math.atan(x))) },
      student: { width, init: { kind: 'glorot-normal', seed: 1 } },
    },
    'test spec',
  );
  return sweepProblemOf(spec).sweep;
}

/** A finished run at θ whose late updates are the given vectors (oldest first). */
export function endPoint(
  theta: readonly number[],
  late: readonly (readonly number[])[] = [],
  stop: TrainResult['stop'] = 'budget',
): TrainResult {
  const updates = new LateUpdates(200);
  const zero = new Float64Array(theta.length);
  for (const d of late) updates.push(zero, Float64Array.from(d));
  return { stop, theta: Float64Array.from(theta), steps: late.length * 10, late: updates };
}

/** tanh and its derivatives 1–3 in closed form. */
export function tanhDerivatives(z: number): [number, number, number, number] {
  const t = Math.tanh(z);
  const s = 1 - t * t;
  return [t, s, -2 * t * s, -2 * s * (1 - 3 * t * t)];
}

/** The nine glu-teacher inputs −3, −2.25, …, 3. */
export const GLU_XS = Array.from({ length: 9 }, (_, k) => -3 + 0.75 * k);

/**
 * The width-1 minimum (w*, a*) of {@link atanProblem} in float64: a(w) = Σσy/Σσ² is optimal for each w, and the
 * profile loss is minimised over w ∈ [0.3, 1.2] by ternary search (200 steps).
 */
export function atanOneNeuronMinimum(): { readonly w: number; readonly a: number } {
  const x = GLU_XS;
  const y = x.map(Math.atan);
  const profile = (w: number): { a: number; loss: number } => {
    const s = x.map((v) => Math.tanh(w * v));
    const a = s.reduce((acc, v, i) => acc + v * (y[i] as number), 0) / s.reduce((acc, v) => acc + v * v, 0);
    return { a, loss: s.reduce((acc, v, i) => acc + (a * v - (y[i] as number)) ** 2, 0) / x.length };
  };
  let [lo, hi] = [0.3, 1.2];
  for (let k = 0; k < 200; k++) {
    const m1 = lo + (hi - lo) / 3;
    const m2 = hi - (hi - lo) / 3;
    if (profile(m1).loss < profile(m2).loss) hi = m2;
    else lo = m1;
  }
  const w = (lo + hi) / 2;
  return { w, a: profile(w).a };
}
