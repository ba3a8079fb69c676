import type { Dataset, Dataset64 } from '../../network/dataset.js';
import { fromDouble, type Precision } from '../../precision/context.js';

/**
 * The Decimal dataset whose values are exactly the doubles of `data` (the inverse of toDataset64 on its image), so
 * that an objective built from float64 training data evaluates the same data at any precision.
 */
export function datasetOfDoubles(data: Dataset64, p: Precision): Dataset {
  const row = (n: number): ReturnType<typeof fromDouble>[] =>
    Array.from({ length: data.d }, (_, j) => fromDouble(p, data.inputs[n * data.d + j] as number));
  const inputs = Array.from({ length: data.n }, (_, n) => row(n));
  const targets = Array.from(data.targets, (v) => fromDouble(p, v));
  return data.weights === undefined
    ? { inputs, targets }
    : { inputs, targets, weights: Array.from(data.weights, (v) => fromDouble(p, v)) };
}
