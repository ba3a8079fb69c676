import type { FlowSystem } from './flow-system.js';
import { maxNormLog10, scaleBy, type StepAttempt, type Stepper } from './stepper.js';

/**
 * Gragg–Bulirsch–Stoer extrapolation (Hairer, Nørsett & Wanner, Solving ODEs I, §II.9): the modified midpoint
 * rule with n_j = 2j substeps, j = 1…k, extrapolated to h → 0 in powers of h² by Aitken–Neville. The table's
 * last two diagonal entries give the error estimate; the step is accepted when it is below the tolerance
 * (relative to max(1, ‖θ‖∞)) and the next step is h·0.9·(tol/err)^{1/(2k−1)}, clamped to [0.2, 4]·h.
 * The order 2k grows with the digits: k = ⌈digits/4⌉ + 2 columns by default.
 */
export function gbsStepper<T>(S: FlowSystem<T>, log10Tol: number, columns: number): Stepper<T> {
  const F = S.F;
  const k = columns;
  const ns = Array.from({ length: k }, (_, j) => 2 * (j + 1));
  const f = (y: readonly T[]): T[] => S.gradient(y).map((g) => F.neg(g));
  const axpy = (y: readonly T[], a: T, x: readonly T[]): T[] =>
    y.map((v, i) => F.add(v, F.mul(a, x[i] as T)));
  return {
    name: 'gbs',
    step(y, h, hMax): StepAttempt<T> {
      const H = S.F.sign(S.F.sub(h, hMax)) <= 0 ? h : hMax;
      const f0 = f(y);
      const table: T[][][] = [];
      let log10Err = Infinity;
      for (let j = 0; j < k; j++) {
        const n = ns[j] as number;
        const sub = F.divInt(H, n);
        const two = F.mulInt(sub, 2);
        let prev = y.slice();
        let cur = axpy(y, sub, f0);
        for (let i = 1; i < n; i++) {
          const next = axpy(prev, two, f(cur));
          prev = cur;
          cur = next;
        }
        // Gragg's smoothing step.
        const fc = f(cur);
        const Tj = cur.map((c, i) => F.divInt(F.add(F.add(c, prev[i] as T), F.mul(sub, fc[i] as T)), 2));
        // Aitken–Neville: T_{j,l} = T_{j,l−1} + (T_{j,l−1} − T_{j−1,l−1}) / ((n_j/n_{j−l})² − 1).
        let row = Tj;
        const newRow: T[][] = [row];
        for (let l = 1; l <= j; l++) {
          // (n_j/n_{j−l})² − 1 = (n_j² − n_{j−l}²)/n_{j−l}², applied exactly.
          const num = (ns[j] as number) ** 2;
          const den = (ns[j - l] as number) ** 2;
          const above = (table[j - 1] as T[][])[l - 1] as T[];
          const d = row.map((v, i) => F.div(F.mulInt(F.sub(v, above[i] as T), den), F.fromInt(num - den)));
          row = row.map((v, i) => F.add(v, d[i] as T));
          newRow.push(row);
          if (l === j) log10Err = maxNormLog10(S, d);
        }
        table.push(newRow);
      }
      const last = table[k - 1] as T[][];
      const yNew = last[k - 1] as T[];
      const tol = log10Tol + Math.max(0, maxNormLog10(S, y));
      const excess = log10Err - tol;
      let factor = 0.9 * 10 ** (-excess / (2 * k - 1));
      if (!Number.isFinite(factor) || factor > 4) factor = 4;
      if (factor < 0.2) factor = 0.2;
      const hNext = scaleBy(S, H, factor);
      if (excess > 0) return { accepted: false, hNext, reason: `error 10^${log10Err.toFixed(1)} too large` };
      return { accepted: true, h: H, y: yNew, hNext, log10Error: log10Err };
    },
  };
}
