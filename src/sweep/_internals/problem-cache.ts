import { toDataset64 } from '../../network/dataset.js';
import { problemFromSpec, type Problem } from '../../network/problem.js';
import type { ProblemSpec } from '../../network/spec.js';
import { precision } from '../../precision/context.js';
import type { SweepProblem } from '../sweep-problem.js';
import { canonicalJson } from './canonical-json.js';

/**
 * Realising data can cost seconds (101×101 targets at 27 digits for rosenbrock-2d), and finite data do not depend
 * on the initial point, so a worker keeps the realised problem per spec-without-init. A population problem chooses
 * its quadrature rule at the initial point, so it is realised per run.
 */
const cache = new Map<string, SweepProblem>();
const LIMIT = 8;

/** The problem of a spec with its float64 training data (see SweepProblem). */
export function sweepProblemOf(spec: ProblemSpec): { problem: Problem; sweep: SweepProblem } {
  const problem = problemFromSpec(spec);
  if (problem.population) return { problem, sweep: adapt(problem) };
  const key = canonicalJson({ ...spec, student: { width: spec.student.width } });
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = adapt(problem);
    if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, hit);
  }
  return { problem, sweep: hit };
}

function adapt(problem: Problem): SweepProblem {
  return {
    network: problem.network,
    // The same float64 data as Problem.evaluate64 (the 17-digit dataset rounded to doubles).
    data64: toDataset64(problem.dataset(precision(17))),
    evaluate: (flat, p, options) => problem.evaluate(flat, p, options),
    evaluate64: (flat, options) => problem.evaluate64(flat, options),
  };
}
