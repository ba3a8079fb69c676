import type { Network } from '../network/loss.js';
import { rowLength } from '../network/params.js';
import type { Precision } from '../precision/context.js';
import { type Ball, ballAdd, ballField, ballMul, exactBall } from '../precision/ball/index.js';
import { jetArithmetic } from '../precision/jet/index.js';

/**
 * f(x) = Σ_k a_k σ(w_k·x̃) (+ b) in ball arithmetic, x̃ = (x, 1) with hidden biases; `flat` in the toolkit's flat
 * order (w row by row, then a, then b). Used for teacher targets; the loss has its own loop (ball-loss.ts).
 */
export function ballNetworkOutput(
  net: Network,
  flat: readonly Ball[],
  x: readonly Ball[],
  p: Precision,
): Ball {
  const { layout, activation } = net;
  const m = rowLength(layout);
  const J = jetArithmetic(ballField(p), 0);
  const one = exactBall(p, 1);
  let f = layout.outputBias ? (flat[layout.width * (m + 1)] as Ball) : exactBall(p, 0);
  for (let k = 0; k < layout.width; k++) {
    let z = exactBall(p, 0);
    for (let j = 0; j < m; j++) z = ballAdd(z, ballMul(flat[k * m + j] as Ball, x[j] ?? one, p), p);
    const s = activation.jet(J, J.constant(z))[0] as Ball;
    f = ballAdd(f, ballMul(flat[layout.width * m + k] as Ball, s, p), p);
  }
  return f;
}
