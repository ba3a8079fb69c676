import type { Decimal } from 'decimal.js';
import { integerOption, knownOptions } from '../errors.js';
import { MAX_INTERNAL_DIGITS, roundTo, withGuard, type Precision } from '../precision/context.js';
import type { Network } from './loss.js';
import { checkShape, rowLength, type Params } from './params.js';

/** Options of {@link networkOutput}. */
export interface NetworkOutputOptions {
  /** Guard digits for the sum over neurons. Default 10. */
  readonly guard?: number;
}

/**
 * The network function f(x; θ) = Σ_k a_k σ(w_k·x̃) (+ b), x̃ = (x, 1) when hidden biases are on, rounded to p.
 * `x` has the input dimension d. Throws an InputError when `params` does not fit the layout.
 *
 * Example: for a·tanh(w x) with a = 2, w = 1, `networkOutput(net, params, [x], p)` is 2·tanh(x).
 */
export function networkOutput(
  net: Network,
  params: Params,
  x: readonly Decimal.Value[],
  p: Precision,
  options: NetworkOutputOptions = {},
): Decimal {
  const { guard = 10 } = options;
  knownOptions('networkOutput', options, ['guard']);
  integerOption('networkOutput', 'guard', guard, 0, MAX_INTERNAL_DIGITS - p.digits);
  const { layout, activation } = net;
  checkShape(layout, params);
  if (x.length !== layout.inputDimension) {
    throw new RangeError(`networkOutput: x has ${x.length} entries, expected ${layout.inputDimension}`);
  }
  const g = withGuard(p, guard);
  const m = rowLength(layout);
  let f = new g.D(params.b ?? 0);
  for (let k = 0; k < layout.width; k++) {
    const wk = params.w[k] as readonly Decimal[];
    let z = new g.D(0);
    for (let j = 0; j < m; j++)
      z = z.plus((wk[j] as Decimal).times(j < x.length ? (x[j] as Decimal.Value) : 1));
    f = f.plus((params.a[k] as Decimal).times(activation.value(z, g)));
  }
  return roundTo(p, f);
}
