import { sigmoidPair64, softplus64 } from '../../precision/jet/index.js';
import type { Activation } from '../activation.js';
import { buildActivation } from '../_internals/build-activation.js';
import { softplusClosed } from '../_internals/closed-decimal.js';

/** softplus x = log(1 + e^x); softplus′ = σ. */
export const softplusActivation: Activation = buildActivation({
  name: 'softplus',
  kind: 'registered',
  formula: 'log(1 + exp(x))',
  smooth: true,
  jet: (J, u) => J.softplus(u),
  closed: softplusClosed,
  value64: softplus64,
  closedOrder64: 3,
  closed64(x, order, out) {
    out[0] = softplus64(x);
    if (order === 0) return;
    const [s, q] = sigmoidPair64(x);
    const sq = s * q;
    out[1] = s;
    if (order >= 2) out[2] = sq;
    if (order >= 3) out[3] = sq * (q - s);
  },
});
