import type { Figure, FigureSeries } from '../report/plot/figure.js';
import {
  END_POINT_CLASSES,
  type EndPointClass,
  type GroupEvidence,
  type PairEvidence,
} from './classify-end-point.js';
import { PAPER_CLASSES, type PaperClass, type PaperVerdict } from './paper-criteria.js';
import type { RunResult } from './run-sweep-job.js';
import type { SweepJob } from './sweep-job.js';
import { wilsonInterval } from './wilson-interval.js';

export const SWEEP_FORMAT = 'flat-channels-sweep';

/** One run as listed in sweep.json (no timings: sweep.json depends only on the jobs). */
export interface SweepRun {
  readonly seed: number;
  readonly class: EndPointClass;
  readonly key: string;
  readonly reason: string;
  readonly loss: string;
  readonly gradientNorm: string;
  readonly parameterNorm: string;
  readonly stop: string;
  readonly steps: number;
  readonly pair?: PairEvidence;
  readonly group?: GroupEvidence;
  readonly escalated?: boolean;
  /** What the paper's criteria call this end point (weightnorm Σθ²/(2P), duplicates closer than 10⁻⁶). */
  readonly paper: PaperVerdict;
}

/** Count, fraction and 95% Wilson interval of one class. */
export interface ClassFraction {
  readonly count: number;
  readonly fraction: string;
  readonly lower: string;
  readonly upper: string;
}

/** The content of sweep.json. */
export interface SweepSummary {
  readonly format: typeof SWEEP_FORMAT;
  readonly version: 1;
  readonly problem: string;
  readonly toolkit: string;
  readonly seeds: { readonly from: number; readonly to: number };
  readonly width: number;
  readonly train: SweepJob['train'];
  readonly total: number;
  readonly runs: readonly SweepRun[];
  readonly fractions: Readonly<Record<EndPointClass, ClassFraction>>;
  /** Run counts by the paper's verdict (rows) and the toolkit's class (columns): what the paper calls it vs what it is. */
  readonly paperVersusToolkit: Readonly<Record<PaperClass, Readonly<Record<EndPointClass, number>>>>;
}

/**
 * Aggregates the results of a sweep's jobs (one result per job, any order) into sweep.json: runs sorted by seed
 * and, per class, the count, the fraction and its 95% Wilson interval. Deterministic: equal results give equal
 * text, however the runs were scheduled or interrupted.
 */
export function aggregateSweep(jobs: readonly SweepJob[], results: readonly RunResult[]): SweepSummary {
  const first = jobs[0];
  if (first === undefined) throw new RangeError('aggregateSweep: no jobs');
  const byKey = new Map(results.map((r) => [r.key, r]));
  const runs: SweepRun[] = [...jobs]
    .sort((a, b) => a.seed - b.seed)
    .map((job) => {
      const r = byKey.get(job.key);
      if (r === undefined) throw new RangeError(`aggregateSweep: no result for seed ${job.seed}`);
      const run: SweepRun = {
        seed: r.seed,
        class: r.class,
        key: r.key,
        reason: r.reason,
        loss: r.loss,
        gradientNorm: r.gradientNorm,
        parameterNorm: r.parameterNorm,
        stop: r.training.stop,
        steps: r.training.steps,
        ...(r.pair === undefined ? {} : { pair: r.pair }),
        ...(r.group === undefined ? {} : { group: r.group }),
        ...(r.escalation !== undefined || r.eigenvalues?.decimal === true ? { escalated: true } : {}),
        paper: r.paper,
      };
      return run;
    });
  const fractions = {} as Record<EndPointClass, ClassFraction>;
  for (const c of END_POINT_CLASSES) {
    const w = wilsonInterval(runs.filter((r) => r.class === c).length, runs.length);
    fractions[c] = {
      count: w.count,
      fraction: String(w.fraction),
      lower: String(w.lower),
      upper: String(w.upper),
    };
  }
  const paperVersusToolkit = {} as Record<PaperClass, Record<EndPointClass, number>>;
  for (const p of PAPER_CLASSES) {
    const row = {} as Record<EndPointClass, number>;
    for (const c of END_POINT_CLASSES) {
      row[c] = runs.filter((r) => r.paper.class === p && r.class === c).length;
    }
    paperVersusToolkit[p] = row;
  }
  const seeds = jobs.map((j) => j.seed);
  return {
    format: SWEEP_FORMAT,
    version: 1,
    problem: first.problem,
    toolkit: first.version,
    seeds: { from: Math.min(...seeds), to: Math.max(...seeds) },
    width: first.spec.student.width,
    train: first.train,
    total: runs.length,
    runs,
    fractions,
    paperVersusToolkit,
  };
}

/**
 * The fractions as a figure: the classes on a category axis, one series per class: a vertical segment from the
 * lower to the upper end of the 95% Wilson interval with the point estimate in the middle.
 */
export function sweepFigure(summary: SweepSummary): Figure {
  const series: FigureSeries[] = END_POINT_CLASSES.map((c) => {
    const f = summary.fractions[c];
    return {
      label: `${c}: ${f.count}/${summary.total}`,
      x: [c, c, c],
      y: [f.lower, f.fraction, f.upper],
      mark: 'line+points',
    };
  });
  return {
    id: 'sweep-fractions',
    title: `End points of ${summary.total} runs: ${summary.problem}, width ${summary.width}, ${summary.train.optimizer}`,
    caption:
      'Fraction of runs per end-point class with its 95% Wilson interval (lower end, estimate, upper end).',
    x: { label: 'end-point class', scale: 'category', categories: END_POINT_CLASSES },
    y: { label: 'fraction of runs' },
    series,
  };
}
