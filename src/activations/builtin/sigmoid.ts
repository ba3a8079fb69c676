import { sigmoidPair64 } from '../../precision/jet/index.js';
import type { Activation } from '../activation.js';
import { buildActivation } from '../_internals/build-activation.js';
import { sigmoidClosed } from '../_internals/closed-decimal.js';

/** The logistic sigmoid σ(x) = 1/(1 + e^(−x)); σ′ = σ(1 − σ) with 1 − σ = σ(−x) formed without cancellation. */
export const sigmoidActivation: Activation = buildActivation({
  name: 'sigmoid',
  kind: 'registered',
  formula: '1/(1 + exp(-x))',
  smooth: true,
  jet: (J, u) => J.sigmoid(u),
  closed: sigmoidClosed,
  value64: (x) => sigmoidPair64(x)[0],
  closedOrder64: 3,
  closed64(x, order, out) {
    const [s, q] = sigmoidPair64(x);
    const sq = s * q;
    out[0] = s;
    if (order >= 1) out[1] = sq;
    if (order >= 2) out[2] = sq * (q - s);
    if (order >= 3) out[3] = sq * (1 - 6 * sq);
  },
});
