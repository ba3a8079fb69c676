/**
 * A small benchmark harness for shared, noisy machines: every figure is the median of several timed batches,
 * candidates of one comparison are measured in interleaved rounds (A B C A B C …) so that a slow phase of the
 * machine hits all of them alike, and results are printed as ratios against a baseline measured in the same
 * run, never as bare times alone. Times are CPU time of this process (process.cpuUsage, user + system) by default:
 * on a shared machine wall time measures the neighbours as much as the code.
 */

/** Options of {@link compare}. */
export interface CompareOptions {
  /** Number of timed batches per candidate; the median batch is reported. Default 7. */
  readonly batches?: number;
  /** Target duration of one batch in milliseconds (the call count is calibrated to it). Default 40. */
  readonly batchMs?: number;
  /** `cpu`: CPU time of this process (user + system); `wall`: performance.now(). Default `cpu`. */
  readonly clock?: 'cpu' | 'wall';
}

/** Milliseconds of CPU time used by this process so far (user + system). */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** One function to time. */
export interface Candidate {
  readonly name: string;
  readonly run: () => unknown;
}

/** Median time per call of each candidate, in milliseconds. */
export interface Comparison {
  readonly title: string;
  readonly perCallMs: ReadonlyMap<string, number>;
}

/** Keeps results observable so the JIT cannot drop the timed calls. */
let sink: unknown;
export function consume(value: unknown): void {
  sink = value;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** Number of calls of `run` that take about `ms` milliseconds (after a warm-up). */
function calibrate(run: () => unknown, ms: number, now: () => number): number {
  let n = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < n; i++) sink = run();
    const dt = now() - t0;
    if (dt >= ms / 4 || n >= 1 << 24) return Math.max(1, Math.round((n * ms) / Math.max(dt, 1e-3)));
    n *= 4;
  }
}

/** Time every candidate (interleaved batches) and return the median time per call of each. */
export function measure(
  title: string,
  candidates: readonly Candidate[],
  options: CompareOptions = {},
): Comparison {
  const { batches = 7, batchMs = 40, clock = 'cpu' } = options;
  const now = clock === 'cpu' ? cpuMs : (): number => performance.now();
  const counts = candidates.map((c) => calibrate(c.run, batchMs, now));
  const samples: number[][] = candidates.map(() => []);
  for (let b = 0; b < batches; b++) {
    candidates.forEach((c, i) => {
      const n = counts[i] ?? 1;
      const t0 = now();
      for (let k = 0; k < n; k++) sink = c.run();
      samples[i]?.push((now() - t0) / n);
    });
  }
  const perCallMs = new Map(candidates.map((c, i) => [c.name, median(samples[i] ?? [])] as const));
  void sink;
  return { title, perCallMs };
}

/** A duration in ms with a unit that keeps 3 significant digits readable. */
export function formatMs(ms: number): string {
  if (ms >= 1) return `${ms.toPrecision(3)} ms`;
  if (ms >= 1e-3) return `${(ms * 1e3).toPrecision(3)} µs`;
  return `${(ms * 1e6).toPrecision(3)} ns`;
}

/** `a/b` as "2.6×" (how many times slower a is than b). */
export function formatRatio(a: number, b: number): string {
  const r = a / b;
  return `${r >= 100 ? r.toFixed(0) : r.toPrecision(2)}×`;
}

/**
 * Print one line: every candidate's median per call, then each other candidate's time divided by the
 * baseline's (e.g. "tanh 50 digits: ours 55.0 µs, Decimal.tanh 250 µs, Math.tanh 12.0 ns; Decimal.tanh/ours
 * 4.5×, Math.tanh/ours 0.00022×").
 */
export function report(c: Comparison, baseline: string): string {
  const base = c.perCallMs.get(baseline);
  if (base === undefined) throw new Error(`report: no baseline ${baseline} in ${c.title}`);
  const times = [...c.perCallMs].map(([name, ms]) => `${name} ${formatMs(ms)}`).join(', ');
  const ratios = [...c.perCallMs]
    .filter(([name]) => name !== baseline)
    .map(([name, ms]) => `${name}/${baseline} ${formatRatio(ms, base)}`)
    .join(', ');
  const line = `${c.title}: ${times}; ${ratios}`;
  console.log(line);
  return line;
}

/** measure + report. */
export function compare(
  title: string,
  candidates: readonly Candidate[],
  baseline: string,
  options: CompareOptions = {},
): Comparison {
  const c = measure(title, candidates, options);
  report(c, baseline);
  return c;
}
