import { sigmoidPair64, softplus64 } from '../../precision/jet/index.js';
import type { Activation } from '../activation.js';
import { buildActivation } from '../_internals/build-activation.js';
import { gClosed } from '../_internals/closed-decimal.js';

/** The paper's asymmetric activation g(x) = σ(4x) + softplus(x). */
export const gActivation: Activation = buildActivation({
  name: 'g',
  kind: 'registered',
  formula: '1/(1 + exp(-4*x)) + log(1 + exp(x))',
  smooth: true,
  jet: (J, u) => J.add(J.sigmoid(J.scale(u, J.field.fromInt(4))), J.softplus(u)),
  closed: gClosed,
  value64: (x) => sigmoidPair64(4 * x)[0] + softplus64(x),
  closedOrder64: 3,
  closed64(x, order, out) {
    const [s4, q4] = sigmoidPair64(4 * x);
    out[0] = s4 + softplus64(x);
    if (order === 0) return;
    const [s, q] = sigmoidPair64(x);
    const sq4 = s4 * q4;
    const sq = s * q;
    out[1] = 4 * sq4 + s;
    if (order >= 2) out[2] = 16 * sq4 * (q4 - s4) + sq;
    if (order >= 3) out[3] = 64 * sq4 * (1 - 6 * sq4) + sq * (q - s);
  },
});
