import type { Activation } from '../activation.js';
import { buildActivation } from '../_internals/build-activation.js';
import { NonSmoothError } from '../non-smooth-error.js';

/**
 * relu x = max(0, x). Not smooth: at x = 0 every derivative of order ≥ 1 is undefined and is reported as such
 * (NonSmoothError, or a `non-smooth` outcome of tryDerivatives); elsewhere its jet is exact (u or 0).
 */
export const reluActivation: Activation = buildActivation({
  name: 'relu',
  kind: 'registered',
  formula: '(x + abs(x))/2',
  smooth: false,
  jet: (J, u) => J.relu(u),
  value64: (x) => Math.max(0, x),
  closedOrder64: Infinity,
  closed64(x, order, out) {
    if (x === 0 && order >= 1) {
      throw new NonSmoothError('relu', '0', 1, 'the argument changes sign at the base point');
    }
    out.fill(0, 0, order + 1);
    if (x > 0) {
      out[0] = x;
      if (order >= 1) out[1] = 1;
    }
  },
});
