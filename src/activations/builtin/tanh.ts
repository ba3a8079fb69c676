import { tanhPair64 } from '../../precision/jet/index.js';
import type { Activation } from '../activation.js';
import { buildActivation } from '../_internals/build-activation.js';
import { tanhClosed } from '../_internals/closed-decimal.js';

/** tanh x; derivatives by the tanh jet (y′ = (1 − y²)u′), float64 closed forms up to σ‴. */
export const tanhActivation: Activation = buildActivation({
  name: 'tanh',
  kind: 'registered',
  formula: 'tanh(x)',
  smooth: true,
  jet: (J, u) => J.tanh(u),
  closed: tanhClosed,
  value64: Math.tanh,
  closedOrder64: 3,
  closed64(x, order, out) {
    const [t, s2] = tanhPair64(x);
    out[0] = t;
    if (order >= 1) out[1] = s2;
    if (order >= 2) out[2] = -2 * t * s2;
    if (order >= 3) out[3] = s2 * (4 * t * t - 2 * s2);
  },
});
