import type { Decimal } from 'decimal.js';
import { InputError } from '../errors.js';
import type { Precision } from '../precision/context.js';

/** The shape of a two-layer network: width r, input dimension d, hidden biases, output bias. */
export interface Layout {
  readonly width: number;
  readonly inputDimension: number;
  readonly hiddenBias: boolean;
  readonly outputBias: boolean;
}

/** Entries of one hidden weight row: d inputs plus the bias when hidden biases are on. */
export function rowLength(layout: Layout): number {
  return layout.inputDimension + (layout.hiddenBias ? 1 : 0);
}

/** Number of parameters: r rows of w, r output weights, and the output bias if present. */
export function parameterCount(layout: Layout): number {
  return layout.width * rowLength(layout) + layout.width + (layout.outputBias ? 1 : 0);
}

/** Parameters of a network (values of one precision context). */
export interface Params {
  /** Row k holds neuron k's input weights (bias last when hidden biases are on). */
  readonly w: readonly (readonly Decimal[])[];
  readonly a: readonly Decimal[];
  /** The output bias, present exactly when the layout has one. */
  readonly b?: Decimal;
}

/** The flat order used everywhere (gradients, Hessians, flows): w row by row, then a, then the output bias. */
export function flatten(params: Params): Decimal[] {
  const out = [...params.w.flat(), ...params.a];
  if (params.b !== undefined) out.push(params.b);
  return out;
}

/** Inverse of {@link flatten}. */
export function unflatten(layout: Layout, flat: readonly Decimal[]): Params {
  if (flat.length !== parameterCount(layout)) {
    throw new RangeError(`unflatten: expected ${parameterCount(layout)} values, got ${flat.length}`);
  }
  const m = rowLength(layout);
  const w = Array.from({ length: layout.width }, (_, k) => flat.slice(k * m, (k + 1) * m));
  const a = flat.slice(layout.width * m, layout.width * m + layout.width);
  const b = flat[layout.width * (m + 1)];
  return layout.outputBias && b !== undefined ? { w, a, b } : { w, a };
}

/** Human-readable names in the flat order, 1-based: `w[1][1]`, …, `a[1]`, …, `b`. */
export function parameterNames(layout: Layout): string[] {
  const names: string[] = [];
  for (let k = 1; k <= layout.width; k++) {
    for (let j = 1; j <= rowLength(layout); j++) names.push(`w[${k}][${j}]`);
  }
  for (let k = 1; k <= layout.width; k++) names.push(`a[${k}]`);
  if (layout.outputBias) names.push('b');
  return names;
}

/** Checks that `params` fits `layout`; the message names the mismatching part (an input error). */
export function checkShape(layout: Layout, params: Params, what = 'parameters'): void {
  if (params.w.length !== layout.width) {
    throw new InputError(`${what}: w has ${params.w.length} rows, expected the width ${layout.width}`);
  }
  params.w.forEach((row, k) => {
    if (row.length !== rowLength(layout)) {
      const bias = layout.hiddenBias ? ' (input dimension + 1 for the bias)' : '';
      throw new InputError(
        `${what}: w[${k}] has ${row.length} entries, expected ${rowLength(layout)}${bias}`,
      );
    }
  });
  if (params.a.length !== layout.width) {
    throw new InputError(`${what}: a has ${params.a.length} entries, expected the width ${layout.width}`);
  }
  if (layout.outputBias !== (params.b !== undefined)) {
    throw new InputError(
      layout.outputBias
        ? `${what}: b (the output bias) is missing`
        : `${what}: b given but the network has no output bias`,
    );
  }
}

/** Parameters as JSON: decimal strings in the `{"w": [[…]], "a": […], "b"?: …}` layout. */
export function paramsToJson(params: Params): { w: string[][]; a: string[]; b?: string } {
  const out: { w: string[][]; a: string[]; b?: string } = {
    w: params.w.map((row) => row.map((v) => v.toString())),
    a: params.a.map((v) => v.toString()),
  };
  if (params.b !== undefined) out.b = params.b.toString();
  return out;
}

/** Converts every value to the context `p` (exactly; no rounding). */
export function paramsIn(p: Precision, params: Params): Params {
  const w = params.w.map((row) => row.map((v) => new p.D(v)));
  const a = params.a.map((v) => new p.D(v));
  return params.b === undefined ? { w, a } : { w, a, b: new p.D(params.b) };
}
