import { sigmoidPair64 } from '../../precision/jet/index.js';
import type { Activation } from '../activation.js';
import { buildActivation } from '../_internals/build-activation.js';
import { siluClosed } from '../_internals/closed-decimal.js';

/** silu x = x·σ(x) (also called swish). */
export const siluActivation: Activation = buildActivation({
  name: 'silu',
  kind: 'registered',
  formula: 'x/(1 + exp(-x))',
  smooth: true,
  jet: (J, u) => J.mul(u, J.sigmoid(u)),
  closed: siluClosed,
  value64: (x) => x * sigmoidPair64(x)[0],
  closedOrder64: 3,
  closed64(x, order, out) {
    const [s, q] = sigmoidPair64(x);
    out[0] = x * s;
    if (order === 0) return;
    const sq = s * q;
    const d = q - s;
    // silu′ = s(1 + xq), silu″ = sq(2 + x(q − s)), silu‴ = sq((q − s)(3 + x(q − s)) − 2x·sq).
    out[1] = s * (1 + x * q);
    if (order >= 2) out[2] = sq * (2 + x * d);
    if (order >= 3) out[3] = sq * (d * (3 + x * d) - 2 * x * sq);
  },
});
