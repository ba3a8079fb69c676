import { END_POINT_CLASSES, type EndPointClass } from './classify-end-point.js';
import { PAPER_CLASSES, type PaperClass } from './paper-criteria.js';
import type { ClassFraction } from './aggregate-sweep.js';
import type { RunResult } from './run-sweep-job.js';
import { wilsonInterval } from './wilson-interval.js';

/** The format tag of the committed Fig. 2 results (docs/data/fig2-plateau-saddles.json). */
export const FIG2_FORMAT = 'flat-channels-fig2-plateau-saddles';

/** The two training protocols compared (docs/sweep.md). */
export type SweepProtocol = 'paper' | 'accurate';

/** One run as the Fig. 2 results keep it (numbers are decimal strings). */
export interface Fig2Run {
  readonly seed: number;
  /** The toolkit's class (high-precision re-judgement: Newton step, inertia, Decimal channel confirmation). */
  readonly class: EndPointClass;
  /** What the paper's criteria call it. */
  readonly paper: PaperClass;
  readonly weightnorm: string;
  /** The smallest distance between two input-weight vectors. */
  readonly closestDistance?: string;
  readonly loss: string;
  readonly parameterNorm: string;
  readonly stop: string;
  /** The end point θ (flat order), so that it can be re-judged. */
  readonly final: readonly string[];
}

/** The runs of one protocol at one width. */
export interface Fig2Block {
  readonly protocol: SweepProtocol;
  readonly width: number;
  readonly total: number;
  /** Per toolkit class: count, fraction, 95% Wilson interval. */
  readonly toolkit: Readonly<Record<EndPointClass, ClassFraction>>;
  /** Per class of the paper's criteria. */
  readonly paper: Readonly<Record<PaperClass, ClassFraction>>;
  /** Rows: the paper's class; columns: the toolkit's class; cells: run counts. */
  readonly crossTable: Readonly<Record<PaperClass, Readonly<Record<EndPointClass, number>>>>;
  readonly runs: readonly Fig2Run[];
}

/** Run counts by the paper's class (rows) and the toolkit's class (columns). */
export function crossTable(
  runs: readonly { readonly class: EndPointClass; readonly paper: PaperClass }[],
): Record<PaperClass, Record<EndPointClass, number>> {
  const table = {} as Record<PaperClass, Record<EndPointClass, number>>;
  for (const p of PAPER_CLASSES) {
    const row = {} as Record<EndPointClass, number>;
    for (const c of END_POINT_CLASSES) row[c] = runs.filter((r) => r.paper === p && r.class === c).length;
    table[p] = row;
  }
  return table;
}

function fraction(count: number, total: number): ClassFraction {
  const w = wilsonInterval(count, total);
  return { count: w.count, fraction: String(w.fraction), lower: String(w.lower), upper: String(w.upper) };
}

/** The Fig. 2 block of one protocol and width from its stored run results (any order; sorted by seed). */
export function fig2Block(protocol: SweepProtocol, width: number, results: readonly RunResult[]): Fig2Block {
  if (results.length === 0) throw new RangeError('fig2Block: no runs');
  const runs: Fig2Run[] = [...results]
    .sort((a, b) => a.seed - b.seed)
    .map((r) => ({
      seed: r.seed,
      class: r.class,
      paper: r.paper.class,
      weightnorm: r.paper.weightnorm,
      ...(r.paper.closestPair === undefined ? {} : { closestDistance: r.paper.closestPair.distance }),
      loss: r.loss,
      parameterNorm: r.parameterNorm,
      stop: r.training.stop,
      final: r.final,
    }));
  const toolkit = {} as Record<EndPointClass, ClassFraction>;
  for (const c of END_POINT_CLASSES)
    toolkit[c] = fraction(runs.filter((r) => r.class === c).length, runs.length);
  const paper = {} as Record<PaperClass, ClassFraction>;
  for (const p of PAPER_CLASSES) paper[p] = fraction(runs.filter((r) => r.paper === p).length, runs.length);
  return { protocol, width, total: runs.length, toolkit, paper, crossTable: crossTable(runs), runs };
}

/** The cross-table as text: one row per paper class, one column per toolkit class that occurs. */
export function formatCrossTable(block: Fig2Block): string {
  const shown = END_POINT_CLASSES.filter((c) => PAPER_CLASSES.some((p) => block.crossTable[p][c] > 0));
  const head = `  ${'paper \\ toolkit'.padEnd(16)}${shown.map((c) => c.padStart(16)).join('')}`;
  const rows = PAPER_CLASSES.map(
    (p) => `  ${p.padEnd(16)}${shown.map((c) => String(block.crossTable[p][c]).padStart(16)).join('')}`,
  );
  return [head, ...rows].join('\n');
}
