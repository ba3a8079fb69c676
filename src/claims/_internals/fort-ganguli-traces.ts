import { localGeometryTrace, type LocalGeometryTrace } from '../../geometry/index.js';
import { loadMultiOutputProblem } from '../../network/multi-output-problem.js';

/** The built-in classification problems the Fort & Ganguli claims measure, C = 3, 5, 10. */
export const FG_PROBLEMS: readonly string[] = ['mixture-c3', 'mixture-c5', 'mixture-c10'];
/**
 * The GD step sizes: 0.5 keeps η·λ_max ≤ 0.71 along every run; 1.5 starts at η·λ_max(θ₀) = 0.78–1.7 and lets
 * progressive sharpening reach the edge of stability (η·λ_max ≈ 2) on mixture-c3.
 */
export const FG_RATES: readonly number[] = [0.5, 1.5];

export type CompletedTrace = Extract<LocalGeometryTrace, { kind: 'completed' }>;

const cache = new Map<string, LocalGeometryTrace>();

/**
 * The traced GD runs (every problem × every rate; default snapshots up to step 1000), computed once per process
 * and shared by the three trace claims (about 70 s of CPU in all, most of it Jacobi on mixture-c10's 330 × 330
 * Hessians).
 */
export function fortGanguliTraces(): readonly LocalGeometryTrace[] {
  const out: LocalGeometryTrace[] = [];
  for (const eta of FG_RATES)
    for (const name of FG_PROBLEMS) {
      const key = `${name}@${eta}`;
      let t = cache.get(key);
      if (t === undefined) {
        t = localGeometryTrace(loadMultiOutputProblem(name), { learningRate: eta });
        cache.set(key, t);
      }
      out.push(t);
    }
  return out;
}

/** "mixture-c3, η = 0.5" */
export const runLabel = (t: LocalGeometryTrace & { kind: 'completed' }): string =>
  `${t.problem}, η = ${t.learningRate}`;

/** A number for the evidence with the digits a float64 measurement of this kind has earned (3 significant). */
export const g3 = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x));
