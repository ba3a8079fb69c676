import type { Activation } from '../activation.js';
import { buildActivation } from '../_internals/build-activation.js';
import { erfHalfClosed } from '../_internals/closed-decimal.js';
import { erfHalf64, erfHalfDerivative64 } from '../_internals/gauss64.js';

/**
 * The paper's "erf": erf(x/√2) = 2Φ(x) − 1 (NOT the standard erf x). Derivatives: √(2/π) e^(−x²/2), −x·that,
 * (x² − 1)·that, …
 */
export const erfActivation: Activation = buildActivation({
  name: 'erf',
  kind: 'registered',
  formula: 'erf(x/sqrt(2))',
  smooth: true,
  jet: (J, u) => J.erf(J.scale(u, J.field.div(J.field.one, J.field.constant('sqrt2')))),
  closed: erfHalfClosed,
  value64: erfHalf64,
  closedOrder64: 3,
  closed64(x, order, out) {
    out[0] = erfHalf64(x);
    if (order === 0) return;
    const d = erfHalfDerivative64(x);
    out[1] = d;
    if (order >= 2) out[2] = -x * d;
    if (order >= 3) out[3] = (x * x - 1) * d;
  },
});
