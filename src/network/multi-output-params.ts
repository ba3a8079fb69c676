import type { Decimal } from 'decimal.js';
import { InputError } from '../errors.js';
import type { Activation } from '../activations/index.js';
import { rowLength, type Layout } from './params.js';

/**
 * The shape of a two-layer network with C outputs, f(x) = A σ(W x̃) + b: width r, input dimension d, C outputs,
 * hidden biases (x̃ = (x, 1)), output biases b ∈ R^C. With C = 1 it is the scalar {@link Layout}.
 */
export interface MultiOutputLayout extends Layout {
  readonly outputs: number;
}

/** A network with C outputs: its layout and activation. */
export interface MultiOutputNetwork {
  readonly layout: MultiOutputLayout;
  readonly activation: Activation;
}

/** Number of parameters: r rows of W, the C × r readout A, and C output biases if present. */
export function multiOutputParameterCount(layout: MultiOutputLayout): number {
  const { width: r, outputs: C } = layout;
  return r * rowLength(layout) + C * r + (layout.outputBias ? C : 0);
}

/** Parameters of a network with C outputs (values of one precision context). */
export interface MultiOutputParams {
  /** Row k holds neuron k's input weights (bias last when hidden biases are on). */
  readonly w: readonly (readonly Decimal[])[];
  /** Row c holds output c's readout weights a[c][1..r]. */
  readonly a: readonly (readonly Decimal[])[];
  /** The output biases, present exactly when the layout has them. */
  readonly b?: readonly Decimal[];
}

/**
 * The flat order: W row by row, then A row by row (output by output), then b. With C = 1 it is the scalar flat
 * order (w, a, b), so a scalar parameter vector is a C = 1 one.
 */
export function flattenMultiOutput(params: MultiOutputParams): Decimal[] {
  return [...params.w.flat(), ...params.a.flat(), ...(params.b ?? [])];
}

/** Inverse of {@link flattenMultiOutput}. */
export function unflattenMultiOutput(layout: MultiOutputLayout, flat: readonly Decimal[]): MultiOutputParams {
  const P = multiOutputParameterCount(layout);
  if (flat.length !== P)
    throw new RangeError(`unflattenMultiOutput: expected ${P} values, got ${flat.length}`);
  const m = rowLength(layout);
  const { width: r, outputs: C } = layout;
  const w = Array.from({ length: r }, (_, k) => flat.slice(k * m, (k + 1) * m));
  const a = Array.from({ length: C }, (_, c) => flat.slice(r * m + c * r, r * m + (c + 1) * r));
  if (!layout.outputBias) return { w, a };
  return { w, a, b: flat.slice(r * m + C * r) };
}

/** Names in the flat order, 1-based: `w[k][j]`, then `a[c][k]`, then `b[c]`. */
export function multiOutputParameterNames(layout: MultiOutputLayout): string[] {
  const names: string[] = [];
  for (let k = 1; k <= layout.width; k++) {
    for (let j = 1; j <= rowLength(layout); j++) names.push(`w[${k}][${j}]`);
  }
  for (let c = 1; c <= layout.outputs; c++) {
    for (let k = 1; k <= layout.width; k++) names.push(`a[${c}][${k}]`);
  }
  if (layout.outputBias) for (let c = 1; c <= layout.outputs; c++) names.push(`b[${c}]`);
  return names;
}

/** Checks that `params` fits `layout`; the message names the mismatching part (an input error). */
export function checkMultiOutputShape(
  layout: MultiOutputLayout,
  params: {
    readonly w: readonly (readonly unknown[])[];
    readonly a: readonly (readonly unknown[])[];
    readonly b?: readonly unknown[] | undefined;
  },
  what = 'parameters',
): void {
  const { width: r, outputs: C } = layout;
  if (params.w.length !== r)
    throw new InputError(`${what}: w has ${params.w.length} rows, expected the width ${r}`);
  params.w.forEach((row, k) => {
    if (row.length !== rowLength(layout)) {
      const bias = layout.hiddenBias ? ' (input dimension + 1 for the bias)' : '';
      throw new InputError(
        `${what}: w[${k}] has ${row.length} entries, expected ${rowLength(layout)}${bias}`,
      );
    }
  });
  if (params.a.length !== C)
    throw new InputError(`${what}: a has ${params.a.length} rows, expected one per output (${C})`);
  params.a.forEach((row, c) => {
    if (row.length !== r)
      throw new InputError(`${what}: a[${c}] has ${row.length} entries, expected the width ${r}`);
  });
  if (layout.outputBias !== (params.b !== undefined)) {
    throw new InputError(
      layout.outputBias
        ? `${what}: b (the ${C} output biases) is missing`
        : `${what}: b given but the network has no output biases`,
    );
  }
  if (params.b !== undefined && params.b.length !== C)
    throw new InputError(`${what}: b has ${params.b.length} entries, expected one per output (${C})`);
}
