import type { Decimal } from 'decimal.js';

/**
 * Weighted data at one precision: L = (1/N) Σ_n ρ_n (f(x_n) − y_n)². Rows of `inputs` have the input dimension d
 * (the bias entry 1 is appended by the network, not stored here). `weights` ρ_n default to 1; a population loss is
 * a dataset whose inputs are quadrature nodes and whose weights satisfy Σ ρ_n / N = 1.
 */
export interface Dataset {
  readonly inputs: readonly (readonly Decimal[])[];
  readonly targets: readonly Decimal[];
  readonly weights?: readonly Decimal[];
}

/** The same dataset in float64 (row-major inputs, n × d). */
export interface Dataset64 {
  readonly n: number;
  readonly d: number;
  readonly inputs: Float64Array;
  readonly targets: Float64Array;
  readonly weights?: Float64Array;
}

/** Converts a Decimal dataset to float64 (each value rounded to the nearest double). */
export function toDataset64(data: Dataset): Dataset64 {
  const n = data.targets.length;
  const d = data.inputs[0]?.length ?? 0;
  const inputs = new Float64Array(n * d);
  data.inputs.forEach((row, i) => row.forEach((v, j) => (inputs[i * d + j] = v.toNumber())));
  const targets = Float64Array.from(data.targets, (v) => v.toNumber());
  return data.weights === undefined
    ? { n, d, inputs, targets }
    : { n, d, inputs, targets, weights: Float64Array.from(data.weights, (v) => v.toNumber()) };
}
