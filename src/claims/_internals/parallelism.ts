import { rowLength } from '../../network/params.js';
import type { Evidence } from '../claim.js';
import { fitLine, limitPointNear, pairCoordinates, runPair, type ChannelRun } from './channel-runs.js';
import { channelGrowth } from './time-laws.js';

/** Parallelism measures between consecutive records of a channel run (mathematics.md §2, paper eq. 5). */
export interface ParallelismStep {
  /** Geometric mean of the two records' times, and |ε| at the later one. */
  readonly t: number;
  readonly eps: number;
  /** |cos| between the update Δθ and the saddle-line direction (0,…,0; +1, −1 on a_i, a_j). */
  readonly cos: number;
  /** ‖P Δθ‖²/‖Δθ‖², P the projection on the channel subspace (a_i, a_j and, per row, span{w_i, w_j}). */
  readonly fraction: number;
  /** Euclidean distance of the later point to the parent saddle line. */
  readonly distance: number;
}

export type ParallelismOutcome =
  | { readonly kind: 'no-channel'; readonly reason: string; readonly evidence: Evidence }
  | { readonly kind: 'undecided'; readonly reason: string; readonly evidence: Evidence }
  | {
      readonly kind: 'checked';
      readonly passed: boolean;
      readonly summary: string;
      readonly steps: readonly ParallelismStep[];
      readonly evidence: Evidence;
    };

/** Thresholds of {@link checkParallelism}. */
export interface ParallelismOptions {
  /** The last update's 1 − |cos| must be below this. Default 1e−4. */
  readonly cosGap?: number;
  /** The last update's channel fraction must exceed this. Default 0.999. */
  readonly fraction?: number;
  /** The fitted exponent of 1 − |cos| in |ε| must lie within this of 4. Default 0.5. */
  readonly exponentTolerance?: number;
}

const str = (x: number): string => x.toPrecision(6);

/**
 * Along the last two decades of a channel run: the updates turn towards the saddle-line direction, with
 * 1 − |cos| ∝ ε⁴ (the a-part of an update is ∝ a Δε/ε², the rest ∝ Δε), they lie in the channel subspace, and the
 * distance to the parent saddle line (the one-neuron critical point of the pair's limit, duplicated) stays bounded.
 */
export function checkParallelism(run: ChannelRun, options: ParallelismOptions = {}): ParallelismOutcome {
  const { cosGap = 1e-4, fraction: minFraction = 0.999, exponentTolerance = 0.5 } = options;
  const base = { problem: run.problem.name };
  const pair = runPair(run);
  if (pair === undefined)
    return { kind: 'no-channel', reason: 'no pair with opposite readouts', evidence: base };
  const coords = pairCoordinates(run, pair);
  const why = channelGrowth(coords);
  const outcome = run.result.outcome.kind;
  if (why !== undefined || (outcome !== 'channelSuspected' && outcome !== 'maxTime')) {
    return {
      kind: 'no-channel',
      reason: `the flow does not run into a channel (${why ?? `outcome ${outcome}`})`,
      evidence: base,
    };
  }
  const { layout } = run.problem.network;
  const m = rowLength(layout);
  const off = layout.width * m;
  const [i, j] = pair;
  const lastCoords = coords[coords.length - 1];
  const found =
    lastCoords === undefined || m !== 1 ? undefined : limitPointNear(run, pair, lastCoords.w, false);
  // Without a one-neuron critical point at w > 0, the parent is the zero-readout one (w*, c*) = (0, 0), critical
  // whenever σ(0) = 0 (f ≡ 0 there, so ∂_c L ∝ σ(0) and ∂_w L ∝ c vanish).
  const zeroCritical = run.problem.network.activation.value64(0) === 0;
  if (m !== 1 || (found === undefined && !zeroCritical)) {
    return {
      kind: 'undecided',
      reason:
        m !== 1
          ? 'the parent saddle line needs the one-dimensional loss at infinity (one input, no hidden bias)'
          : 'no one-neuron critical point found for the parent saddle line',
      evidence: base,
    };
  }
  const parent = found ?? { w: new Number(0), c: new Number(0) };
  const wStar = Number(parent.w) * Math.sign(lastCoords?.w ?? 1);
  const cStar = Number(parent.c);
  const tLast = lastCoords?.t ?? 0;
  const recs = run.records.filter((r) => Number(r.t) >= tLast / 100);
  const steps: ParallelismStep[] = [];
  for (let k = 1; k < recs.length; k++) {
    const prev = (recs[k - 1]?.params ?? []).map(Number);
    const next = (recs[k]?.params ?? []).map(Number);
    const d = next.map((v, n) => v - (prev[n] as number));
    const norm2 = d.reduce((s, v) => s + v * v, 0);
    const along = ((d[off + i] as number) - (d[off + j] as number)) / Math.SQRT2;
    const rowPart = (row: number): number => {
      // Projection of the row's update on span{w_i, w_j} (one-dimensional rows: the whole row).
      const wi = next.slice(i * m, (i + 1) * m);
      const wj = next.slice(j * m, (j + 1) * m);
      const dr = d.slice(row * m, (row + 1) * m);
      return projectedNorm2(dr, [wi, wj]);
    };
    const inChannel = (d[off + i] as number) ** 2 + (d[off + j] as number) ** 2 + rowPart(i) + rowPart(j);
    const distance2 =
      ((next[i] as number) - wStar) ** 2 +
      ((next[j] as number) - wStar) ** 2 +
      ((next[off + i] as number) + (next[off + j] as number) - cStar) ** 2 / 2;
    const t0 = Number(recs[k - 1]?.t);
    const t1 = Number(recs[k]?.t);
    steps.push({
      t: Math.sqrt(t0 * t1),
      eps: Math.abs(((next[i] as number) - (next[j] as number)) / 2),
      cos: Math.abs(along) / Math.sqrt(norm2),
      fraction: inChannel / norm2,
      distance: Math.sqrt(distance2),
    });
  }
  const last = steps[steps.length - 1];
  const first = steps[0];
  if (last === undefined || first === undefined || steps.length < 3) {
    return { kind: 'undecided', reason: 'too few records in the last two decades', evidence: base };
  }
  const fit = fitLine(
    steps.map((s) => Math.log(s.eps)),
    steps.map((s) => Math.log(1 - s.cos)),
  );
  const distances = steps.map((s) => s.distance);
  const dMax = Math.max(...distances);
  const dMin = Math.min(...distances);
  const passed =
    1 - last.cos < cosGap &&
    last.fraction > minFraction &&
    Math.abs(fit.beta - 4) <= exponentTolerance &&
    dMax <= 1.5 * dMin &&
    1 - last.cos < 1 - first.cos;
  return {
    kind: 'checked',
    passed,
    steps,
    summary: `${run.problem.name}: 1 − cos = ${last.cos === 1 ? '0' : str(1 - last.cos)} at ε = ${str(last.eps)} (∝ ε^${fit.beta.toFixed(2)}, predicted ε⁴), channel fraction ${str(last.fraction)}, distance to the parent saddle line ${str(dMin)}–${str(dMax)} while |A| grows ${(Math.abs(lastCoords?.A ?? 0) / Math.abs(coords.find((c) => c.t >= tLast / 100)?.A ?? 1)).toFixed(1)}×`,
    evidence: {
      ...base,
      pair: `${i + 1},${j + 1}`,
      parentSaddleLine:
        found === undefined
          ? 'w* = 0, c* = 0 (the zero-readout critical point; the one-neuron loss has no critical point at w > 0)'
          : `w* = ${found.w.toSignificantDigits(10).toString()}, c* = ${found.c.toSignificantDigits(10).toString()} (one-neuron critical point, duplicated)`,
      t: steps.map((s) => str(s.t)),
      eps: steps.map((s) => str(s.eps)),
      oneMinusCos: steps.map((s) => str(1 - s.cos)),
      channelFraction: steps.map((s) => str(s.fraction)),
      distanceToSaddleLine: steps.map((s) => str(s.distance)),
      exponentOfOneMinusCosInEps: fit.beta.toFixed(4),
    },
  };
}

/** ‖projection of v on span(basis)‖² (Gram–Schmidt; dependent vectors are skipped). */
function projectedNorm2(v: readonly number[], basis: readonly (readonly number[])[]): number {
  const ortho: number[][] = [];
  for (const b of basis) {
    const u = [...b];
    for (const q of ortho) {
      const c = u.reduce((s, x, k) => s + x * (q[k] as number), 0);
      u.forEach((_, k) => (u[k] = (u[k] as number) - c * (q[k] as number)));
    }
    const n = Math.sqrt(u.reduce((s, x) => s + x * x, 0));
    if (n > 1e-12 * Math.max(1, Math.sqrt(b.reduce((s, x) => s + x * x, 0)))) ortho.push(u.map((x) => x / n));
  }
  return ortho.reduce((s, q) => s + v.reduce((t, x, k) => t + x * (q[k] as number), 0) ** 2, 0);
}
