import { existsSync } from 'node:fs';
import type { Decimal } from 'decimal.js';
import { resolveActivation } from '../activations/index.js';
import { InputError } from '../errors.js';
import { MAX_SPEC_BYTES, readInputFile } from '../io/read-input-file.js';
import { precision, withGuard, type Precision } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import type { LossResult } from './loss.js';
import type { LossResult64 } from './loss64.js';
import { multiOutputLoss, type MultiOutputDataset, type MultiOutputLossKind } from './multi-output-loss.js';
import { multiOutputLoss64, type MultiOutputDataset64 } from './multi-output-loss64.js';
import {
  checkMultiOutputShape,
  flattenMultiOutput,
  multiOutputParameterCount,
  multiOutputParameterNames,
  type MultiOutputLayout,
  type MultiOutputNetwork,
} from './multi-output-params.js';
import { MULTI_OUTPUT_PROBLEMS, multiOutputBuiltinProblem } from './multi-output-problems.js';
import { DATA_GUARD, problemFromSpec } from './problem.js';
import { BUILTIN_PROBLEMS, builtinProblem } from './problems.js';
import {
  isMultiOutputSpec,
  MultiOutputParamsSpec,
  MultiOutputProblemSpec,
  parseWith,
  ProblemSpec,
  type ParamsSpec,
} from './spec.js';
import { glorotNormal } from './_internals/glorot-normal.js';
import { countInputs, realiseInputs, realiseWeights } from './_internals/realise-data.js';
import { specNumber } from './_internals/spec-number.js';

/** What {@link MultiOutputProblem.evaluate} computes besides the loss. */
export interface MultiOutputEvaluateOptions {
  /** ∇L. Default true. */
  readonly gradient?: boolean;
  /** ∇²L. Default false. */
  readonly hessian?: boolean;
  /** Progress of the sums over samples. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * A loaded problem with C outputs: the network, data at any precision, and the loss (squared error or softmax
 * cross-entropy). A version-1 spec with finite data is read as the C = 1 squared-error problem it is (same data,
 * same flat order, the same numbers as the scalar {@link Problem}).
 */
export interface MultiOutputProblem {
  readonly name: string;
  /** The validated spec (version 2), or the version-1 spec it was read from. */
  readonly spec: MultiOutputProblemSpec | ProblemSpec;
  readonly network: MultiOutputNetwork;
  readonly loss: MultiOutputLossKind;
  /** `w[k][j]`, `a[c][k]`, `b[c]` in the flat order. */
  readonly parameterNames: readonly string[];
  initial(p: Precision): Decimal[];
  dataset(p: Precision): MultiOutputDataset;
  evaluate(flat: readonly Decimal[], p: Precision, options?: MultiOutputEvaluateOptions): LossResult;
  /** The float64 loss (its dataset is the precision-17 one, rounded to doubles). */
  evaluate64(flat: Float64Array, options?: MultiOutputEvaluateOptions): LossResult64;
  /** Parameters JSON (`{"w": [[…]], "a": [[…]], "b"?: […]}`) in the flat order, in context p. */
  parseParams(json: unknown, p: Precision, what?: string): Decimal[];
}

/** Whether `ref` names a built-in multi-output problem or a file holding a version-2 spec. */
export function isMultiOutputProblem(ref: string): boolean {
  if (MULTI_OUTPUT_PROBLEMS.includes(ref)) return true;
  if (BUILTIN_PROBLEMS.includes(ref) || !existsSync(ref)) return false;
  try {
    return isMultiOutputSpec(readSpec(ref));
  } catch {
    return false;
  }
}

/** The parsed JSON of a spec file, or the built-in spec of that name. Throws InputError. */
export function readSpec(ref: string): unknown {
  if (MULTI_OUTPUT_PROBLEMS.includes(ref)) return multiOutputBuiltinProblem(ref);
  if (BUILTIN_PROBLEMS.includes(ref)) return builtinProblem(ref);
  if (!existsSync(ref))
    throw new InputError(
      `unknown problem "${ref}" (built-in: ${[...BUILTIN_PROBLEMS, ...MULTI_OUTPUT_PROBLEMS].join(', ')}; or give a JSON file)`,
    );
  const text = readInputFile('problem spec', ref, MAX_SPEC_BYTES).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(
      `problem spec ${ref}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * Loads a problem with C outputs: a built-in name (mixture-c3, mixture-c5, mixture-c10), a version-2 spec file, or
 * any version-1 problem with finite data (read as C = 1 with the squared error). Population problems are scalar
 * only (their quadrature error estimate lives in {@link loadProblem}). Every bad input is an InputError naming the
 * problem and the field.
 */
export function loadMultiOutputProblem(ref: string): MultiOutputProblem {
  const raw = readSpec(ref);
  if (!isMultiOutputSpec(raw)) {
    const scalar = problemFromSpec(parseWith(ProblemSpec, raw, `problem spec ${ref}`), ref);
    if (scalar.population)
      throw new InputError(
        `problem spec ${ref}: a population problem (data.kind "population") is scalar only; load it with loadProblem`,
      );
    const layout: MultiOutputLayout = { ...scalar.network.layout, outputs: 1 };
    const network: MultiOutputNetwork = { layout, activation: scalar.network.activation };
    const dataset = (p: Precision): MultiOutputDataset => {
      const d = scalar.dataset(p);
      return {
        loss: 'mse',
        inputs: d.inputs,
        targets: d.targets.map((y) => [y]),
        ...(d.weights === undefined ? {} : { weights: d.weights }),
      };
    };
    return assemble(ref, scalar.spec, network, 'mse', scalar.initial, dataset, (json, p, what) =>
      scalar.parseParams(json, p, what),
    );
  }
  return multiOutputProblemFromSpec(parseWith(MultiOutputProblemSpec, raw, `problem spec ${ref}`), ref);
}

/** A multi-output problem from a validated version-2 spec; `name` prefixes error messages. */
export function multiOutputProblemFromSpec(
  spec: MultiOutputProblemSpec,
  name: string = spec.name,
): MultiOutputProblem {
  const what = `problem spec ${name}`;
  try {
    return build(spec, name);
  } catch (e) {
    if (e instanceof InputError && !e.message.startsWith(what)) throw new InputError(`${what}: ${e.message}`);
    throw e;
  }
}

function build(spec: MultiOutputProblemSpec, name: string): MultiOutputProblem {
  const d = spec.inputDimension;
  const C = spec.outputs;
  let activation;
  try {
    activation = resolveActivation(spec.activation);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`activation: ${e.message}`);
    throw e;
  }
  if (spec.loss === 'cross-entropy' && C < 2)
    throw new InputError(`outputs: cross-entropy needs at least 2 outputs (classes), got ${C}`);
  const layout: MultiOutputLayout = {
    width: spec.student.width,
    inputDimension: d,
    outputs: C,
    hiddenBias: spec.hiddenBias,
    outputBias: spec.outputBias,
  };
  const network: MultiOutputNetwork = { layout, activation };
  const realiseData = dataSource(spec);
  const init = spec.student.init;
  const initSpec: MultiOutputParamsSpec = init.kind === 'explicit' ? init.params : glorot(layout, init.seed);
  const initField = init.kind === 'explicit' ? 'student.init.params' : 'student.init';
  realiseParams(initSpec, layout, initField, precision(20));
  realiseData(precision(20));
  const initial = (p: Precision): Decimal[] =>
    flattenMultiOutput(realiseParams(initSpec, layout, initField, p));
  const cache = new Map<number, MultiOutputDataset>();
  const dataset = (p: Precision): MultiOutputDataset => {
    let hit = cache.get(p.digits);
    if (hit === undefined) {
      hit = realiseData(withGuard(p, DATA_GUARD));
      cache.set(p.digits, hit);
    }
    return hit;
  };
  const parseParams = (json: unknown, p: Precision, what: string): Decimal[] => {
    const parsed = parseWith(MultiOutputParamsSpec, json, what);
    try {
      return flattenMultiOutput(realiseParams(parsed, layout, what, p));
    } catch (e) {
      if (e instanceof InputError && !e.message.startsWith(what))
        throw new InputError(`${what}: ${e.message}`);
      throw e;
    }
  };
  return assemble(name, spec, network, spec.loss, initial, dataset, parseParams);
}

function assemble(
  name: string,
  spec: MultiOutputProblemSpec | ProblemSpec,
  network: MultiOutputNetwork,
  loss: MultiOutputLossKind,
  initial: (p: Precision) => Decimal[],
  dataset: (p: Precision) => MultiOutputDataset,
  parseParams: (json: unknown, p: Precision, what: string) => Decimal[],
): MultiOutputProblem {
  const P = multiOutputParameterCount(network.layout);
  const names = multiOutputParameterNames(network.layout);
  const checkLength = (n: number): void => {
    if (n !== P)
      throw new InputError(`parameters: expected ${P} values (${names.slice(0, 6).join(', ')}, …), got ${n}`);
  };
  let data64: MultiOutputDataset64 | undefined;
  return Object.freeze({
    name,
    spec,
    network,
    loss,
    parameterNames: names,
    initial,
    dataset,
    parseParams: (json: unknown, p: Precision, what = 'parameters') => parseParams(json, p, what),
    evaluate(flat: readonly Decimal[], p: Precision, options: MultiOutputEvaluateOptions = {}): LossResult {
      checkLength(flat.length);
      const { gradient = true, hessian = false, onProgress } = options;
      return multiOutputLoss(network, dataset(p), flat, p, {
        gradient,
        hessian,
        ...(onProgress === undefined ? {} : { onProgress }),
      });
    },
    evaluate64(flat: Float64Array, options: MultiOutputEvaluateOptions = {}): LossResult64 {
      checkLength(flat.length);
      data64 ??= toMultiOutputDataset64(dataset(precision(17)));
      const { gradient = true, hessian = false } = options;
      return multiOutputLoss64(network, data64, flat, { gradient, hessian });
    },
  });
}

/** A multi-output dataset in float64 (each value rounded to the nearest double). */
export function toMultiOutputDataset64(data: MultiOutputDataset): MultiOutputDataset64 {
  const n = data.inputs.length;
  const d = data.inputs[0]?.length ?? 0;
  const inputs = Float64Array.from(data.inputs.flat(), (v) => v.toNumber());
  const weights =
    data.weights === undefined ? {} : { weights: Float64Array.from(data.weights, (v) => v.toNumber()) };
  return data.loss === 'mse'
    ? {
        loss: 'mse',
        n,
        d,
        inputs,
        targets: Float64Array.from(data.targets.flat(), (v) => v.toNumber()),
        ...weights,
      }
    : { loss: 'cross-entropy', n, d, inputs, labels: Int32Array.from(data.labels), ...weights };
}

interface RealisedParams {
  readonly w: Decimal[][];
  readonly a: Decimal[][];
  readonly b?: Decimal[];
}

function realiseParams(
  spec: MultiOutputParamsSpec,
  layout: MultiOutputLayout,
  field: string,
  p: Precision,
): RealisedParams {
  checkMultiOutputShape(layout, spec, field);
  const w = spec.w.map((row, k) => row.map((v, j) => specNumber(v, `${field}.w[${k}][${j}]`, p)));
  const a = spec.a.map((row, c) => row.map((v, k) => specNumber(v, `${field}.a[${c}][${k}]`, p)));
  if (spec.b === undefined) return { w, a };
  return { w, a, b: spec.b.map((v, c) => specNumber(v, `${field}.b[${c}]`, p)) };
}

/**
 * Seeded Glorot-normal parameters for C outputs, from the scalar initialiser's draws: W as for the scalar network
 * of width r (N(0, 2/(d + r)), hidden biases 0), A as the hidden weights of a layer with fan-in r and fan-out C
 * (N(0, 2/(r + C)), drawn from seed + 1), output biases 0.
 */
function glorot(layout: MultiOutputLayout, seed: number): MultiOutputParamsSpec {
  const hidden: ParamsSpec = glorotNormal({ ...layout, outputBias: false }, seed);
  const readout = glorotNormal(
    { width: layout.outputs, inputDimension: layout.width, hiddenBias: false, outputBias: false },
    (seed + 1) % 2 ** 31,
  );
  const b = Array.from({ length: layout.outputs }, () => '0');
  return layout.outputBias ? { w: hidden.w, a: readout.w, b } : { w: hidden.w, a: readout.w };
}

/** Data at precision q (with guard digits already added) by kind; validates what it reads. */
function dataSource(spec: MultiOutputProblemSpec): (q: Precision) => MultiOutputDataset {
  const d = spec.inputDimension;
  const C = spec.outputs;
  const data = spec.data;
  if (data.kind === 'gaussian-mixture') {
    if (spec.loss !== 'cross-entropy')
      throw new InputError(`data: a gaussian-mixture has labels; it needs "loss": "cross-entropy"`);
    const separation = specNumber(data.separation, 'data.separation', precision(20));
    if (separation.lt(0))
      throw new InputError(`data.separation: expected a number ≥ 0, got ${separation.toString()}`);
    const { inputs, labels } = gaussianMixture(C, d, data.samplesPerClass, separation.toNumber(), data.seed);
    return (q) => ({
      loss: 'cross-entropy',
      inputs: inputs.map((row) => row.map((v) => new q.D(v))),
      labels,
    });
  }
  const n = countInputs(data.inputs, d, 'data.inputs');
  const weights = data.weights;
  const withWeights = <T extends MultiOutputDataset>(set: T, q: Precision): T =>
    weights === undefined ? set : { ...set, weights: realiseWeights(weights, n, 'data.weights', q) };
  if (spec.loss === 'mse') {
    if (data.labels !== undefined)
      throw new InputError(`data.labels: the squared error takes "targets", not labels`);
    const targets = data.targets;
    if (targets === undefined)
      throw new InputError(`data.targets: missing (one row of ${C} targets per input)`);
    if (targets.length !== n)
      throw new InputError(`data.targets: has ${targets.length} rows, expected ${n} (one per input)`);
    targets.forEach((row, i) => {
      if (row.length !== C)
        throw new InputError(`data.targets[${i}]: has ${row.length} entries, expected ${C} (one per output)`);
    });
    return (q) =>
      withWeights(
        {
          loss: 'mse',
          inputs: realiseInputs(data.inputs, d, 'data.inputs', q),
          targets: targets.map((row, i) => row.map((v, c) => specNumber(v, `data.targets[${i}][${c}]`, q))),
        },
        q,
      );
  }
  if (data.targets !== undefined)
    throw new InputError(`data.targets: cross-entropy takes "labels", not targets`);
  const labels = data.labels;
  if (labels === undefined) throw new InputError(`data.labels: missing (one class 0…${C - 1} per input)`);
  if (labels.length !== n)
    throw new InputError(`data.labels: has ${labels.length} entries, expected ${n} (one per input)`);
  labels.forEach((y, i) => {
    if (y >= C) throw new InputError(`data.labels[${i}]: class ${y} is not in 0…${C - 1}`);
  });
  return (q) =>
    withWeights(
      { loss: 'cross-entropy', inputs: realiseInputs(data.inputs, d, 'data.inputs', q), labels },
      q,
    );
}

/**
 * A seeded mixture of C Gaussians in d dimensions as decimal strings (6 significant digits, so the values do not
 * depend on the last bit of Math.log or Math.cos): means with coordinates N(0, s²/d) (norm ≈ s), then for i <
 * perClass and each class c in turn the sample μ_c + N(0, I), labelled c. Box–Muller on SeededRandom.
 */
export function gaussianMixture(
  C: number,
  d: number,
  perClass: number,
  separation: number,
  seed: number,
): { inputs: string[][]; labels: number[] } {
  const rng = new SeededRandom(seed);
  const normal = (): number => {
    const u1 = 1 - rng.next();
    const u2 = rng.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  const text = (x: number): string => String(Number(x.toPrecision(6)));
  const sd = separation / Math.sqrt(d);
  const means = Array.from({ length: C }, () => Array.from({ length: d }, () => sd * normal()));
  const inputs: string[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < perClass; i++) {
    for (let c = 0; c < C; c++) {
      inputs.push((means[c] as number[]).map((m) => text(m + normal())));
      labels.push(c);
    }
  }
  return { inputs, labels };
}
