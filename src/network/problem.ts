import { existsSync } from 'node:fs';
import { MAX_SPEC_BYTES, readInputFile } from '../io/read-input-file.js';
import type { Decimal } from 'decimal.js';
import { resolveActivation } from '../activations/index.js';
import { InputError } from '../errors.js';
import { fromDouble, precision, withGuard, type Precision } from '../precision/context.js';
import type { MultivariateFormula } from '../activations/formula/multivariate-formula.js';
import { toDataset64, type Dataset, type Dataset64 } from './dataset.js';
import { lossAndDerivatives, type LossResult, type Network } from './loss.js';
import { lossAndDerivatives64, type LossResult64 } from './loss64.js';
import { drawGp } from './gp-target.js';
import { flatten, parameterCount, parameterNames, type Layout } from './params.js';
import { BUILTIN_PROBLEMS, builtinProblem } from './problems.js';
import { MULTI_OUTPUT_PROBLEMS, multiOutputBuiltinProblem } from './multi-output-problems.js';
import { isMultiOutputSpec, ParamsSpec, ProblemSpec, parseWith } from './spec.js';
import { glorotNormal } from './_internals/glorot-normal.js';
import {
  MIN_PIECEWISE_LEVEL,
  cutoff,
  piecewiseRule,
  populationRule,
  type PopulationRule,
} from './_internals/population-rule.js';
import {
  countInputs,
  formulaPoint,
  realiseInputs,
  realiseParams,
  realiseWeights,
  targetFormula,
  teacherOf,
  teacherTargets,
  zscore,
  type Teacher,
} from './_internals/realise-data.js';
import { specNumber } from './_internals/spec-number.js';

/** What {@link Problem.evaluate} computes besides the loss. */
export interface EvaluateOptions {
  /** ∇L. Default true. */
  readonly gradient?: boolean;
  /** ∇²L. Default false. */
  readonly hessian?: boolean;
  /**
   * Population problems: also estimate the quadrature error of every gradient and Hessian entry (from the same
   * quantities on the embedded rule; about half the cost of the evaluation again in one dimension). Default false.
   */
  readonly quadratureErrors?: boolean;
  /** Progress of the sums over samples (lossAndDerivatives' `onProgress`); the embedded rule's sums report none. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A loss evaluation of a problem; population problems add the quadrature error estimate. */
export type ProblemLoss = LossResult & {
  /**
   * Population problems only: an estimate (conservative in practice) of |loss − E[(f − y)²]| from the rule's
   * quadrature: |L_h − L_2h| (the embedded rule of twice the step) plus the rounding of the loss to p.
   */
  readonly quadratureError?: Decimal;
  /** With `quadratureErrors`: the estimate of {@link quadratureError} for each gradient component. */
  readonly gradientQuadratureErrors?: readonly Decimal[];
  /** With `quadratureErrors` and `hessian`: the estimate for each Hessian entry (row-major). */
  readonly hessianQuadratureErrors?: readonly (readonly Decimal[])[];
};

/**
 * A loaded problem: a spec realised as a network, data at any precision, and its loss.
 *
 * Data at precision p are computed with {@link DATA_GUARD} guard digits (targets such as tanh(0.8·x) are
 * irrational) and cached per precision. For a population under N(0, I), `dataset(p)` is a FIXED trapezoidal
 * product rule per precision (so the loss is a smooth function of θ, usable by ODE integrators): its step
 * h = 2^−k is the largest for which, at the initial point, the embedded rule of step 2h already agrees with the
 * rule of step h to p digits relative to max(L, E[y²]); the spec's `quadrature.step` overrides the choice.
 */
export interface Problem {
  /** The builtin name or the file path it was loaded from. */
  readonly name: string;
  /** The validated spec (defaults filled in; with `width` applied). */
  readonly spec: ProblemSpec;
  readonly network: Network;
  readonly population: boolean;
  /** `w[1][1]`, …, `a[1]`, …, `b` in the flat order. */
  readonly parameterNames: readonly string[];
  /** The spec's initial parameters in the flat order (exact decimals; expressions such as sqrt(2) rounded to p). */
  initial(p: Precision): Decimal[];
  /** Loss (+ gradient/Hessian) at p digits (see {@link ProblemLoss}). */
  evaluate(flat: readonly Decimal[], p: Precision, options?: EvaluateOptions): ProblemLoss;
  /** The float64 loss (its dataset is the precision-17 one, rounded to doubles). */
  evaluate64(flat: Float64Array, options?: EvaluateOptions): LossResult64;
  /** Samples, or quadrature nodes with weights (Σρ/N = 1) for a population. */
  dataset(p: Precision): Dataset;
  /**
   * Parameters JSON (`{"w": [[…]], "a": […], "b"?: …}`, values as numbers, decimal strings or constant
   * expressions) in the flat order, in context p; an InputError prefixed with `what` names the offending field.
   */
  parseParams(json: unknown, p: Precision, what?: string): Decimal[];
}

/** Guard digits of realised data (targets, grid points, quadrature nodes and weights). */
export const DATA_GUARD = 10;

/** Options of {@link loadProblem}. */
export interface LoadProblemOptions {
  /**
   * Student width, for problems with a seeded initialisation (rosenbrock-2d, or a file whose init is
   * glorot-normal). Default: the spec's width (2 for rosenbrock-2d).
   */
  readonly width?: number;
}

/**
 * Loads a problem: a built-in name (two-param, glu-teacher, paper-toy, rosenbrock-2d) or the path of a JSON spec
 * (the format `flat-channels problem --name NAME --json` prints). Every bad input is an InputError whose message
 * names the problem and the offending field, e.g.
 * `problem spec my.json: data.targets: has 4 entries, expected 5 (one per input)`.
 *
 * Example: `loadProblem('two-param').evaluate(loadProblem('two-param').initial(p), p).loss`.
 */
export function loadProblem(ref: string, options: LoadProblemOptions = {}): Problem {
  const { width } = options;
  if (width !== undefined && (!Number.isInteger(width) || width < 1 || width > 1000)) {
    throw new InputError(`width: expected an integer in 1…1000, got ${String(width)}`);
  }
  let raw: unknown;
  if (BUILTIN_PROBLEMS.includes(ref)) {
    raw = builtinProblem(ref, width === undefined ? {} : { width });
  } else if (MULTI_OUTPUT_PROBLEMS.includes(ref)) {
    raw = multiOutputBuiltinProblem(ref);
  } else {
    raw = readSpecFile(ref);
  }
  if (isMultiOutputSpec(raw)) {
    // A version-2 spec (C outputs) has its own loader; commands built on Problem refuse it by name.
    throw new InputError(
      `problem spec ${ref}: a multi-output problem (format version 2) is read by loadMultiOutputProblem, ` +
        `\`flat-channels loss\` and \`flat-channels problem\`; this command supports scalar problems (version 1) only`,
    );
  }
  let spec = parseWith(ProblemSpec, raw, `problem spec ${ref}`);
  if (width !== undefined && spec.student.width !== width) {
    if (spec.student.init.kind !== 'glorot-normal') {
      throw new InputError(
        `problem spec ${ref}: student.width: --width needs a seeded initialisation (init kind "glorot-normal"), ` +
          `but the initial parameters are explicit`,
      );
    }
    spec = { ...spec, student: { ...spec.student, width } };
  }
  return problemFromSpec(spec, ref);
}

function readSpecFile(path: string): unknown {
  // A name that is no file at all is most likely a mistyped built-in; anything else that exists is read as a
  // file, with readInputFile's one-line refusals (a device such as /dev/zero, a FIFO, a directory, too large).
  if (!existsSync(path))
    throw new InputError(
      `unknown problem "${path}" (built-in: ${BUILTIN_PROBLEMS.join(', ')}; or give a JSON file)`,
    );
  const text = readInputFile('problem spec', path, MAX_SPEC_BYTES).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new InputError(`problem spec ${path}: not valid JSON: ${reason}`);
  }
}

/** The realised data of a spec, by kind. */
type DataSource =
  | { readonly kind: 'finite'; readonly realise: (q: Precision) => Dataset }
  | {
      readonly kind: 'population';
      readonly target: (x: readonly Decimal[], q: Precision) => Decimal;
      /** One-dimensional targets with kinks: where they are (the rule is split there). */
      readonly kinks?: (q: Precision) => Decimal[];
    };

/**
 * A problem from a validated spec (see {@link loadProblem}); `name` labels it and prefixes error messages.
 * Checks everything that can be checked without computing: dimensions, counts, parameter shapes, that numbers
 * are finite and formulas parse. Domain errors of a target formula at a data point appear when data are realised.
 */
export function problemFromSpec(spec: ProblemSpec, name: string = spec.name): Problem {
  return prefixed(`problem spec ${name}`, () => build(spec, name));
}

/** Runs `fn`, prefixing the message of an InputError with `what` (once). */
function prefixed<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError && !e.message.startsWith(what)) throw new InputError(`${what}: ${e.message}`);
    throw e;
  }
}

function build(spec: ProblemSpec, name: string): Problem {
  const d = spec.inputDimension;
  let activation;
  try {
    activation = resolveActivation(spec.activation);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`activation: ${e.message}`);
    throw e;
  }
  const layout: Layout = {
    width: spec.student.width,
    inputDimension: d,
    hiddenBias: spec.hiddenBias,
    outputBias: spec.outputBias,
  };
  const network: Network = { layout, activation };
  const source = dataSource(spec);
  const init = spec.student.init;
  const initSpec: ParamsSpec = init.kind === 'explicit' ? init.params : glorotNormal(layout, init.seed);
  const initField = init.kind === 'explicit' ? 'student.init.params' : 'student.init';
  realiseParams(initSpec, layout, initField, precision(20));
  const initial = (p: Precision): Decimal[] => flatten(realiseParams(initSpec, layout, initField, p));

  const population = source.kind === 'population';
  if (population && !activation.smooth) {
    // relu(w·x) has a kink on the hyperplane w·x = 0, which moves with the parameters: the fixed trapezoidal rule
    // converges there only like h² and its embedded-rule estimate is no bound.
    throw new InputError(
      `activation: ${activation.name} is not smooth; a population loss (data.kind "population") needs a smooth ` +
        `activation for its quadrature error estimate to hold; use a finite dataset`,
    );
  }
  const datasets = new Map<number, Realised>();

  const realise = (p: Precision): Realised => prefixed(`problem spec ${name}`, () => realiseAt(p));
  const realiseAt = (p: Precision): Realised => {
    let hit = datasets.get(p.digits);
    if (hit === undefined) {
      const q = withGuard(p, DATA_GUARD);
      if (source.kind === 'finite') {
        hit = { data: source.realise(q) };
      } else {
        const { rule, targets } = chooseRule(spec, network, source.target, initial, p, source.kinks);
        const data: Dataset = { inputs: rule.nodes, targets, weights: rule.weights };
        hit = { data, rule, meanSquareTarget: meanSquare(data, q) };
      }
      datasets.set(p.digits, hit);
    }
    return hit;
  };

  let data64: Dataset64 | undefined;
  const P = parameterCount(layout);
  const checkLength = (n: number): void => {
    if (n !== P)
      throw new InputError(
        `parameters: expected ${P} values (${parameterNames(layout).join(', ')}), got ${n}`,
      );
  };

  return Object.freeze({
    name,
    spec,
    network,
    population,
    parameterNames: parameterNames(layout),
    initial,
    dataset: (p: Precision) => realise(p).data,
    parseParams(json: unknown, p: Precision, what = 'parameters'): Decimal[] {
      const spec = parseWith(ParamsSpec, json, what);
      try {
        return flatten(realiseParams(spec, layout, what, p));
      } catch (e) {
        if (e instanceof InputError && !e.message.startsWith(what))
          throw new InputError(`${what}: ${e.message}`);
        throw e;
      }
    },
    evaluate(flat: readonly Decimal[], p: Precision, options: EvaluateOptions = {}): ProblemLoss {
      checkLength(flat.length);
      const { gradient = true, hessian = false, quadratureErrors = false, onProgress } = options;
      const { data, rule, meanSquareTarget } = realise(p);
      const result = lossAndDerivatives(network, data, flat, p, {
        gradient,
        hessian,
        ...(onProgress === undefined ? {} : { onProgress }),
      });
      if (rule === undefined || meanSquareTarget === undefined) return result;
      const wanted = quadratureErrors && (gradient || hessian);
      const coarse = coarseLoss(network, data, rule, flat, p, wanted ? { gradient, hessian } : {});
      const estimate = (fine: Decimal, rough: Decimal | undefined): Decimal =>
        errorEstimate(fine, rough ?? fine, larger(fine.abs(), meanSquareTarget), p);
      const out: ProblemLoss = { ...result, quadratureError: estimate(result.loss, coarse.loss) };
      if (!wanted) return out;
      // Each quantity against the same quantity on the embedded rule, relative to max(|quantity|, E[y²]) as for
      // the loss: a gradient is not more accurate than the rule (a coarse rule cut the loss to 1 digit while its
      // gradient was printed to 20, wrong from the 6th).
      return {
        ...out,
        ...(result.gradient === undefined
          ? {}
          : { gradientQuadratureErrors: result.gradient.map((g, i) => estimate(g, coarse.gradient?.[i])) }),
        ...(result.hessian === undefined
          ? {}
          : {
              hessianQuadratureErrors: result.hessian.map((row, i) =>
                row.map((h, j) => estimate(h, coarse.hessian?.[i]?.[j])),
              ),
            }),
      };
    },
    evaluate64(flat: Float64Array, options: EvaluateOptions = {}): LossResult64 {
      checkLength(flat.length);
      data64 ??= toDataset64(realise(precision(17)).data);
      return lossAndDerivatives64(network, data64, flat, options);
    },
  });
}

function dataSource(spec: ProblemSpec): DataSource {
  const d = spec.inputDimension;
  const data = spec.data;
  if (data.kind === 'population') {
    if (data.quadrature.step !== undefined) quadratureStep(data.quadrature.step, precision(20));
    if ('formula' in data.target) {
      const formula = targetFormula(data.target.formula, d, 'data.target.formula');
      // The trapezoidal rule and its embedded-rule error estimate need a smooth integrand: across a kink the rule
      // converges only like h² and |L_h − L_2h| is no bound (abs(x − 0.3) printed 14 digits, wrong from the 8th).
      if (!formula.smooth && d === 1 && data.quadrature.step === undefined) {
        // One dimension: split the rule at the kinks (roots of the abs arguments) and integrate each piece by
        // tanh-sinh, which converges exponentially on a piece whatever the kinks at its ends.
        return {
          kind: 'population',
          target: (x, q) => formula.value(formulaPoint(x, d), q),
          kinks: (q) => formula.kinks(-cutoff(q.digits), cutoff(q.digits), q),
        };
      }
      if (!formula.smooth) {
        throw new InputError(
          `data.target.formula: "${formula.text}" is not smooth (abs): the population quadrature needs a smooth ` +
            `target for its error estimate to hold (in one dimension without quadrature.step the rule is split at ` +
            `the kinks); use a smooth target or a finite dataset (data.kind "samples")`,
        );
      }
      return { kind: 'population', target: (x, q) => formula.value(formulaPoint(x, d), q) };
    }
    const teacher = teacherOf(data.target.teacher, spec.activation, d, 'data.target.teacher');
    return { kind: 'population', target: (x, q) => teacherTargets(teacher, [x], q)[0] as Decimal };
  }
  const n = countInputs(data.inputs, d, 'data.inputs');
  // Validate numbers eagerly (cheaply, at 20 digits) so that a malformed spec fails at load time.
  const check = precision(20);
  if (!('grid' in data.inputs)) realiseInputs(data.inputs, d, 'data.inputs', check);
  else
    realiseInputs(
      { grid: { ...data.inputs.grid, points: data.inputs.grid.points.map(() => 2) } },
      d,
      'data.inputs',
      check,
    );
  const weights = data.weights;
  if (weights !== undefined) realiseWeights(weights, n, 'data.weights', check);
  const withWeights = (inputs: Decimal[][], targets: Decimal[], q: Precision): Dataset =>
    weights === undefined
      ? { inputs, targets }
      : { inputs, targets, weights: realiseWeights(weights, n, 'data.weights', q) };
  switch (data.kind) {
    case 'samples': {
      if (data.targets.length !== n) {
        throw new InputError(
          `data.targets: has ${data.targets.length} entries, expected ${n} (one per input)`,
        );
      }
      data.targets.forEach((v, i) => specNumber(v, `data.targets[${i}]`, check));
      return {
        kind: 'finite',
        realise: (q) =>
          withWeights(
            realiseInputs(data.inputs, d, 'data.inputs', q),
            data.targets.map((v, i) => specNumber(v, `data.targets[${i}]`, q)),
            q,
          ),
      };
    }
    case 'teacher': {
      const teacher: Teacher = teacherOf(data.teacher, spec.activation, d, 'data.teacher');
      return {
        kind: 'finite',
        realise: (q) => {
          const inputs = realiseInputs(data.inputs, d, 'data.inputs', q);
          return withWeights(inputs, teacherTargets(teacher, inputs, q), q);
        },
      };
    }
    case 'gp': {
      // The draw is made once, in float64, at the inputs rounded to doubles; the targets are those doubles exactly.
      const draw = (): Float64Array =>
        drawGp(
          realiseInputs(data.inputs, d, 'data.inputs', precision(17)).map((x) => x.map((v) => v.toNumber())),
          {
            kernel: data.kernel,
            scale: specNumber(data.scale, 'data.scale', check).toNumber(),
            seed: data.seed,
            ...(data.jitter === undefined
              ? {}
              : { jitter: specNumber(data.jitter, 'data.jitter', check).toNumber() }),
          },
        );
      let targets: Float64Array | undefined;
      return {
        kind: 'finite',
        realise: (q) => {
          targets ??= draw();
          return withWeights(
            realiseInputs(data.inputs, d, 'data.inputs', q),
            Array.from(targets, (v) => fromDouble(q, v)),
            q,
          );
        },
      };
    }
    case 'formula': {
      const formula: MultivariateFormula = targetFormula(data.target, d, 'data.target');
      return {
        kind: 'finite',
        realise: (q) => {
          const inputs = realiseInputs(data.inputs, d, 'data.inputs', q);
          let targets = inputs.map((x) => formula.value(formulaPoint(x, d), q));
          if (data.transform === 'zscore') targets = zscore(targets, q, 'data.transform');
          return withWeights(inputs, targets, q);
        },
      };
    }
  }
}

/** The spec's quadrature step in context q: a number in (0, 2]. */
function quadratureStep(step: number | string, q: Precision): Decimal {
  const h = specNumber(step, 'data.quadrature.step', q);
  if (!h.gt(0) || h.gt(2))
    throw new InputError(`data.quadrature.step: expected a step in (0, 2], got ${h.toString()}`);
  return h;
}

/** Steps tried for a population rule: 2^−1 … 2^−MAX_STEP_LEVEL. */
const MAX_STEP_LEVEL = 9;

/** A dataset at one precision; for a population also its rule and E[y²] (the scale of its error estimates). */
interface Realised {
  readonly data: Dataset;
  readonly rule?: PopulationRule;
  readonly meanSquareTarget?: Decimal;
}

/** (1/N) Σ ρ_n y_n²: E[y²] on a population rule. */
function meanSquare(data: Dataset, q: Precision): Decimal {
  let sum = new q.D(0);
  data.targets.forEach((y, i) => (sum = sum.plus(y.times(y).times(data.weights?.[i] ?? 1))));
  return sum.div(data.targets.length);
}

/**
 * The population rule for precision p and the targets on its nodes: the spec's step, or the largest h = 2^−k
 * whose error estimate (see {@link errorEstimate}) at the initial point is below 10^−p of max(|L|, E[y²]) (the
 * finest tried if none is; the quadrature error of every evaluation then says so).
 */
function chooseRule(
  spec: ProblemSpec,
  network: Network,
  target: (x: readonly Decimal[], q: Precision) => Decimal,
  initial: (p: Precision) => Decimal[],
  p: Precision,
  kinks?: (q: Precision) => Decimal[],
): { rule: PopulationRule; targets: Decimal[] } {
  const q = withGuard(p, DATA_GUARD);
  const d = spec.inputDimension;
  const data = spec.data;
  const field = 'data.quadrature';
  const cache = new Map<string, Decimal>();
  const targetAt = (x: readonly Decimal[]): Decimal => {
    const key = x.map((v) => v.toString()).join(',');
    let y = cache.get(key);
    if (y === undefined) {
      y = target(x, q);
      cache.set(key, y);
    }
    return y;
  };
  if (data.kind === 'population' && data.quadrature.step !== undefined) {
    const h = quadratureStep(data.quadrature.step, q);
    const rule = populationRule(d, h, q, field);
    return { rule, targets: rule.nodes.map(targetAt) };
  }
  const theta = initial(p);
  const tolerance = new p.D(10).pow(-p.digits);
  let last: { rule: PopulationRule; targets: Decimal[] } | undefined;
  let previous: Decimal | undefined;
  const breaks = kinks?.(q);
  for (let k = 1; k <= MAX_STEP_LEVEL; k++) {
    if (breaks !== undefined && k < MIN_PIECEWISE_LEVEL) continue;
    const rule =
      breaks === undefined ? populationRule(d, new q.D(2).pow(-k), q, field) : piecewiseRule(breaks, k, q);
    const targets = rule.nodes.map(targetAt);
    last = { rule, targets };
    const data: Dataset = { inputs: rule.nodes, targets, weights: rule.weights };
    const fine = lossAndDerivatives(network, data, theta, p, { gradient: false }).loss;
    // The embedded rule of step 2h is exactly the previous level's rule (same cut-off, same normalisation).
    const coarse = previous ?? coarseLoss(network, data, rule, theta, p).loss;
    previous = fine;
    const scale = larger(fine.abs(), meanSquare(data, q));
    if (quadratureModel(fine, coarse, scale).lte(scale.times(tolerance))) return last;
  }
  return last as { rule: PopulationRule; targets: Decimal[] };
}

function larger(a: Decimal, b: Decimal): Decimal {
  return a.gt(b) ? a : b;
}

/** The loss on the embedded rule of step 2h. */
function coarseLoss(
  network: Network,
  data: Dataset,
  rule: PopulationRule,
  flat: readonly Decimal[],
  p: Precision,
  what: { readonly gradient?: boolean; readonly hessian?: boolean } = {},
): LossResult {
  const coarse: Dataset = {
    inputs: rule.coarse.map((i) => data.inputs[i] as readonly Decimal[]),
    targets: rule.coarse.map((i) => data.targets[i] as Decimal),
    weights: rule.coarseWeights,
  };
  return lossAndDerivatives(network, coarse, flat, p, {
    gradient: what.gradient ?? false,
    hessian: what.hessian ?? false,
  });
}

/**
 * The quadrature error estimate of a loss L = L_h given the embedded rule's L_2h, relative to `scale` (max(|L|,
 * E[y²])): with δ = |L_h − L_2h| (the error of the coarser rule, since the finer one is far more accurate),
 * δ itself while δ > 10^−3·scale (before the asymptotic regime), otherwise δ²/scale. For entire integrands the
 * trapezoidal error behaves like exp(−c/h²), so err(h) ≈ err(2h)^4 in relative terms: squaring is conservative
 * by a factor of two in the exponent. One unit of the p-th digit of L (its rounding) is added; the result is
 * rounded up to 3 digits.
 */
function errorEstimate(loss: Decimal, coarse: Decimal, scale: Decimal, p: Precision): Decimal {
  const ulp = loss.isZero() ? new p.D(0) : new p.D(10).pow(loss.abs().e - p.digits + 1);
  const e = quadratureModel(loss, coarse, scale).plus(ulp);
  return e.isZero() ? e : e.toSignificantDigits(3, 0);
}

/** The quadrature part of {@link errorEstimate} (without the rounding of L). */
function quadratureModel(loss: Decimal, coarse: Decimal, scale: Decimal): Decimal {
  const delta = loss.minus(coarse).abs();
  const asymptotic = !scale.isZero() && delta.lte(scale.div(1000));
  return asymptotic ? delta.times(delta).div(scale) : delta;
}
