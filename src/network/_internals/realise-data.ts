import type { Decimal } from 'decimal.js';
import {
  multivariateFormula,
  type MultivariateFormula,
} from '../../activations/formula/multivariate-formula.js';
import { resolveActivation } from '../../activations/index.js';
import { InputError } from '../../errors.js';
import { precision, type Precision } from '../../precision/context.js';
import type { Network } from '../loss.js';
import { networkOutput } from '../network-output.js';
import { checkShape, type Layout, type Params } from '../params.js';
import type { InputsSpec, ParamsSpec, TeacherSpec } from '../spec.js';
import { specNumber } from './spec-number.js';

/** Largest number of samples a spec may describe (inputs or grid points). */
export const MAX_SAMPLES = 1_000_000;

/** The variables a target formula may use: x1 … xd, and also x when d = 1. */
export function formulaVariables(d: number): string[] {
  const names = Array.from({ length: d }, (_, i) => `x${i + 1}`);
  return d === 1 ? ['x1', 'x'] : names;
}

/** A target formula in x1 … xd (x when d = 1); InputError naming `field` if it does not parse. */
export function targetFormula(text: string, d: number, field: string): MultivariateFormula {
  try {
    return multivariateFormula(text, formulaVariables(d));
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${field}: ${e.message}`);
    throw e;
  }
}

/** The point handed to a target formula: d = 1 passes x twice (as x1 and as x). */
export function formulaPoint(x: readonly Decimal[], d: number): readonly Decimal[] {
  return d === 1 ? [x[0] as Decimal, x[0] as Decimal] : x;
}

/** Number of inputs an inputs spec describes (structure only; checks dimensions, naming the field). */
export function countInputs(spec: InputsSpec, d: number, field: string): number {
  if (Array.isArray(spec)) {
    spec.forEach((row, i) => {
      if (Array.isArray(row)) {
        if (row.length !== d) {
          throw new InputError(
            `${field}[${i}]: has ${row.length} entries, expected the input dimension ${d}`,
          );
        }
      } else if (d !== 1) {
        throw new InputError(`${field}[${i}]: a bare number is a 1-D input, but the input dimension is ${d}`);
      }
    });
    if (spec.length === 0) throw new InputError(`${field}: no inputs`);
    if (spec.length > MAX_SAMPLES) throw new InputError(`${field}: more than ${MAX_SAMPLES} inputs`);
    return spec.length;
  }
  const { lower, upper, points } = spec.grid;
  for (const [key, arr] of [
    ['lower', lower],
    ['upper', upper],
    ['points', points],
  ] as const) {
    if (arr.length !== d) {
      throw new InputError(
        `${field}.grid.${key}: has ${arr.length} entries, expected the input dimension ${d}`,
      );
    }
  }
  const n = points.reduce((a, b) => a * b, 1);
  if (n > MAX_SAMPLES)
    throw new InputError(`${field}.grid.points: ${n} grid points, more than ${MAX_SAMPLES}`);
  return n;
}

/**
 * The inputs of a spec in context p (decimal strings exactly; expressions such as sqrt(3) rounded to p). A grid
 * has `points[i]` equally spaced values from lower[i] to upper[i] on axis i (ends included; one point = lower),
 * enumerated with the last axis fastest.
 */
export function realiseInputs(spec: InputsSpec, d: number, field: string, p: Precision): Decimal[][] {
  countInputs(spec, d, field);
  if (Array.isArray(spec)) {
    return spec.map((row, i) =>
      Array.isArray(row)
        ? row.map((v, j) => specNumber(v, `${field}[${i}][${j}]`, p))
        : [specNumber(row, `${field}[${i}]`, p)],
    );
  }
  const { lower, upper, points } = spec.grid;
  const axes = points.map((n, i) => {
    const lo = specNumber(lower[i] as number | string, `${field}.grid.lower[${i}]`, p);
    const hi = specNumber(upper[i] as number | string, `${field}.grid.upper[${i}]`, p);
    if (hi.lt(lo)) throw new InputError(`${field}.grid.upper[${i}]: is below lower[${i}]`);
    if (n === 1) return [lo];
    const step = hi.minus(lo).div(n - 1);
    return Array.from({ length: n }, (_, k) => (k === n - 1 ? hi : lo.plus(step.times(k))));
  });
  let rows: Decimal[][] = [[]];
  for (const axis of axes) rows = rows.flatMap((row) => axis.map((v) => [...row, v]));
  return rows;
}

/** Parameters from a spec, shape-checked against `layout` (messages name `field`). */
export function realiseParams(spec: ParamsSpec, layout: Layout, field: string, p: Precision): Params {
  const w = spec.w.map((row, k) => row.map((v, j) => specNumber(v, `${field}.w[${k}][${j}]`, p)));
  const a = spec.a.map((v, k) => specNumber(v, `${field}.a[${k}]`, p));
  const params: Params = spec.b === undefined ? { w, a } : { w, a, b: specNumber(spec.b, `${field}.b`, p) };
  checkShape(layout, params, field);
  return params;
}

/** A teacher network and its parameters (validated; messages name `field`). */
export interface Teacher {
  readonly net: Network;
  readonly spec: ParamsSpec;
  readonly field: string;
  /** The parameters realised per precision (digits → params). */
  readonly params: Map<number, Params>;
}

export function teacherOf(spec: TeacherSpec, studentActivation: string, d: number, field: string): Teacher {
  let activation;
  try {
    activation = resolveActivation(spec.activation ?? studentActivation);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${field}.activation: ${e.message}`);
    throw e;
  }
  if (spec.params.w.length === 0)
    throw new InputError(`${field}.params.w: the teacher needs at least one neuron`);
  const layout: Layout = {
    width: spec.params.w.length,
    inputDimension: d,
    hiddenBias: spec.hiddenBias,
    outputBias: spec.outputBias,
  };
  const net: Network = { layout, activation };
  realiseParams(spec.params, layout, `${field}.params`, precision(20));
  return { net, spec: spec.params, field, params: new Map() };
}

/** The teacher's outputs at `inputs`, in context p. */
export function teacherTargets(
  teacher: Teacher,
  inputs: readonly (readonly Decimal[])[],
  p: Precision,
): Decimal[] {
  let params = teacher.params.get(p.digits);
  if (params === undefined) {
    params = realiseParams(teacher.spec, teacher.net.layout, `${teacher.field}.params`, p);
    teacher.params.set(p.digits, params);
  }
  return inputs.map((x) => networkOutput(teacher.net, params, x, p));
}

/** Sample weights: finite, ≥ 0, not all 0, one per sample (messages name `field`). */
export function realiseWeights(
  spec: readonly (number | string)[],
  n: number,
  field: string,
  p: Precision,
): Decimal[] {
  if (spec.length !== n)
    throw new InputError(`${field}: has ${spec.length} entries, expected ${n} (one per input)`);
  const w = spec.map((v, i) => specNumber(v, `${field}[${i}]`, p));
  w.forEach((v, i) => {
    if (v.isNeg() && !v.isZero())
      throw new InputError(`${field}[${i}]: weights must be ≥ 0, got ${v.toString()}`);
  });
  if (w.every((v) => v.isZero())) throw new InputError(`${field}: all weights are 0`);
  return w;
}

/** y ↦ (y − mean)/sd with the population (1/N) standard deviation; InputError when the targets are constant. */
export function zscore(targets: readonly Decimal[], p: Precision, field: string): Decimal[] {
  const n = targets.length;
  const zero = new p.D(0);
  const mean = targets.reduce((s, y) => s.plus(y), zero).div(n);
  const variance = targets.reduce((s, y) => s.plus(y.minus(mean).pow(2)), zero).div(n);
  if (variance.isZero()) throw new InputError(`${field}: cannot z-score constant targets`);
  const sd = variance.sqrt();
  return targets.map((y) => y.minus(mean).div(sd));
}
