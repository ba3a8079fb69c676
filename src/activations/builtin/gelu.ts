import type { Activation } from '../activation.js';
import { buildActivation } from '../_internals/build-activation.js';
import { geluClosed } from '../_internals/closed-decimal.js';
import { normalCdf64, normalPdf64 } from '../_internals/gauss64.js';

/**
 * gelu x = x·Φ(x). The jet uses Φ(u) = erfc(−u/√2)/2, not (1 + erf(u/√2))/2: for x ≪ 0 the latter cancels
 * (at x = −10 it would lose 23 digits of Φ).
 */
export const geluActivation: Activation = buildActivation({
  name: 'gelu',
  kind: 'registered',
  formula: 'x*(1 + erf(x/sqrt(2)))/2',
  smooth: true,
  jet: (J, u) => {
    const F = J.field;
    const minusInvSqrt2 = F.neg(F.div(F.one, F.constant('sqrt2')));
    const cdf = J.scale(J.erfc(J.scale(u, minusInvSqrt2)), F.div(F.one, F.fromInt(2)));
    return J.mul(u, cdf);
  },
  closed: geluClosed,
  value64: (x) => x * normalCdf64(x),
  closedOrder64: 3,
  closed64(x, order, out) {
    const cdf = normalCdf64(x);
    out[0] = x * cdf;
    if (order === 0) return;
    const pdf = normalPdf64(x);
    out[1] = cdf + x * pdf;
    if (order >= 2) out[2] = pdf * (2 - x * x);
    if (order >= 3) out[3] = x * pdf * (x * x - 4);
  },
});
