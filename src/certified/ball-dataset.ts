import { evaluateFormulaJet } from '../activations/formula/evaluate-formula.js';
import { parseFormula } from '../activations/formula/parse-formula.js';
import { resolveActivation } from '../activations/index.js';
import type { Activation } from '../activations/activation.js';
import type { Layout } from '../network/params.js';
import type { Problem } from '../network/problem.js';
import type { InputsSpec, NumberLike, ParamsSpec } from '../network/spec.js';
import { fromDouble, precision, type Precision } from '../precision/context.js';
import {
  type Ball,
  ballAdd,
  ballDiv,
  ballField,
  ballMul,
  ballSqrt,
  ballSub,
  exactBall,
} from '../precision/ball/index.js';
import { jetArithmetic } from '../precision/jet/index.js';
import { ballNetworkOutput } from './ball-network.js';

/**
 * The data of a finite-data problem as balls: every input, target and weight encloses the exact value the spec
 * defines (decimal literals exactly, JSON numbers through their shortest decimal string as in the rest of the
 * toolkit, constant expressions such as sqrt(3), grid points lo + k(hi − lo)/(n − 1), target formulas, teacher
 * outputs and the z-score transform by ball arithmetic).
 */
export interface BallDataset {
  readonly inputs: readonly (readonly Ball[])[];
  readonly targets: readonly Ball[];
  /** ρ_n; absent means 1 for every sample. */
  readonly weights?: readonly Ball[];
}

/** {@link ballDataset}'s outcome: the balls, or why the problem's loss has no rigorous enclosure here. */
export type BallDatasetOutcome =
  | { readonly kind: 'finite'; readonly data: BallDataset }
  | { readonly kind: 'not-certifiable'; readonly reason: string };

/** A plain decimal literal (the same test as the spec reader's). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A spec number as a ball: literals exactly, expressions (sqrt(3), -pi/4) enclosed at p. */
function specBall(v: NumberLike, p: Precision): Ball {
  if (typeof v === 'number') return exactBall(p, String(v));
  const text = v.trim();
  if (DECIMAL.test(text)) return exactBall(p, text);
  const J = jetArithmetic(ballField(p), 0);
  const y = evaluateFormulaJet(parseFormula(text, { variables: [] }), J, J.constant(exactBall(p, 0)))[0];
  if (y === undefined) throw new Error(`specBall: no value for "${text}"`);
  return y;
}

function inputBalls(spec: InputsSpec, p: Precision): Ball[][] {
  if (Array.isArray(spec)) {
    return spec.map((row) => (Array.isArray(row) ? row.map((v) => specBall(v, p)) : [specBall(row, p)]));
  }
  const { lower, upper, points } = spec.grid;
  const axes = points.map((n, i) => {
    const lo = specBall(lower[i] as NumberLike, p);
    const hi = specBall(upper[i] as NumberLike, p);
    if (n === 1) return [lo];
    const span = ballSub(hi, lo, p);
    return Array.from({ length: n }, (_, k) =>
      k === 0
        ? lo
        : k === n - 1
          ? hi
          : ballAdd(lo, ballDiv(ballMul(span, exactBall(p, k), p), exactBall(p, n - 1), p), p),
    );
  });
  let rows: Ball[][] = [[]];
  for (const axis of axes) rows = rows.flatMap((row) => axis.map((v) => [...row, v]));
  return rows;
}

function paramBalls(spec: ParamsSpec, p: Precision): Ball[] {
  const flat = [...spec.w.flat(), ...spec.a, ...(spec.b === undefined ? [] : [spec.b])];
  return flat.map((v) => specBall(v, p));
}

/** (y − mean)/sd with the population (1/N) standard deviation, in ball arithmetic. */
function zscoreBalls(targets: readonly Ball[], p: Precision): Ball[] {
  const n = exactBall(p, targets.length);
  let sum = exactBall(p, 0);
  for (const y of targets) sum = ballAdd(sum, y, p);
  const mean = ballDiv(sum, n, p);
  let ss = exactBall(p, 0);
  for (const y of targets) {
    const d = ballSub(y, mean, p);
    ss = ballAdd(ss, ballMul(d, d, p), p);
  }
  const sd = ballSqrt(ballDiv(ss, n, p), p);
  return targets.map((y) => ballDiv(ballSub(y, mean, p), sd, p));
}

/**
 * The problem's data as balls at p (see {@link BallDataset}). A population problem (Gaussian expectation) is
 * `not-certifiable`: its loss is a quadrature whose error has no rigorous bound in this toolkit.
 *
 * Example: ballDataset(loadProblem('two-param'), precision(60)) → { kind: 'finite', data: { inputs: [[−2 ± 0], …],
 * targets: [1.5·tanh(−1.6) ± …, …] } }.
 */
export function ballDataset(problem: Problem, p: Precision): BallDatasetOutcome {
  const data = problem.spec.data;
  if (data.kind === 'population') {
    return {
      kind: 'not-certifiable',
      reason:
        'a population (Gaussian-expectation) loss is computed by quadrature, and no rigorous bound of the quadrature ' +
        'error is implemented: its loss, gradient and Hessian have no enclosure',
    };
  }
  const inputs = inputBalls(data.inputs, p);
  let targets: Ball[];
  switch (data.kind) {
    case 'samples':
      targets = data.targets.map((v) => specBall(v, p));
      break;
    case 'formula': {
      const d = problem.network.layout.inputDimension;
      const variables = d === 1 ? ['x1', 'x'] : Array.from({ length: d }, (_, i) => `x${i + 1}`);
      const tree = parseFormula(data.target.trim(), { variables });
      const J = jetArithmetic(ballField(p), 0);
      targets = inputs.map((x) => {
        const point = d === 1 ? [x[0] as Ball, x[0] as Ball] : x;
        const y = evaluateFormulaJet(
          tree,
          J,
          J.constant(exactBall(p, 0)),
          point.map((v) => J.constant(v)),
        )[0];
        if (y === undefined) throw new Error('ballDataset: the target formula gave no value');
        return y;
      });
      if (data.transform === 'zscore') targets = zscoreBalls(targets, p);
      break;
    }
    case 'gp':
      // The targets are the float64 draw itself (exact doubles): exact balls.
      targets = problem.dataset(precision(17)).targets.map((y) => exactBall(p, fromDouble(p, y.toNumber())));
      break;
    case 'teacher': {
      const t = data.teacher;
      const activation: Activation = resolveActivation(t.activation ?? problem.spec.activation);
      const layout: Layout = {
        width: t.params.w.length,
        inputDimension: problem.network.layout.inputDimension,
        hiddenBias: t.hiddenBias,
        outputBias: t.outputBias,
      };
      const params = paramBalls(t.params, p);
      targets = inputs.map((x) => ballNetworkOutput({ layout, activation }, params, x, p));
      break;
    }
  }
  const weights = data.weights?.map((v) => specBall(v, p));
  return { kind: 'finite', data: weights === undefined ? { inputs, targets } : { inputs, targets, weights } };
}
