import type { Precision } from '../context.js';
import { derivativesFromJet } from '../jet/derivatives-from-jet.js';
import { type Jet, type JetArithmetic, jetArithmetic } from '../jet/jet-arithmetic.js';
import type { Ball } from './ball.js';
import { ballField } from './ball-field.js';

/**
 * Balls containing σ(x), σ′(x), …, σ^(order)(x) for every x in the ball X, for any σ given as a jet function (an
 * activation's `jet`, e.g. `(J, u) => tanhActivation.jet(J, u)`): the jet of σ(X + t) in the ball field, times k!.
 * This is the interval extension of the Taylor recurrences, so it is an enclosure of the range of each derivative
 * over X: no separate bound of σ^(k+1) over the ball is needed. It overestimates by O(rad X) (the dependency
 * effect of interval arithmetic), which is negligible for the point-like balls of a computation at p digits.
 *
 * Example: ballDerivatives((J, u) => J.tanh(u), exactBall(p, 0), 3, p) → [0, 1 ± …, 0 ± …, −2 ± …].
 */
export function ballDerivatives(
  sigma: (J: JetArithmetic<Ball>, u: Jet<Ball>) => Jet<Ball>,
  x: Ball,
  order: number,
  p: Precision,
): Ball[] {
  const F = ballField(p);
  const J = jetArithmetic(F, order);
  return derivativesFromJet(F, sigma(J, J.variable(x)));
}
