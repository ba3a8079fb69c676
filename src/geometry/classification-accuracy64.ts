import type { MultiOutputDataset64 } from '../network/multi-output-loss64.js';
import { multiOutputParameterCount, type MultiOutputNetwork } from '../network/multi-output-params.js';

/**
 * The fraction of samples whose largest output f_c(x_n) is at the label (ties count as wrong), in float64, for a
 * cross-entropy dataset; θ in the flat order of docs/multi-output.md (W row by row, A row by row, b).
 */
export function classificationAccuracy64(
  net: MultiOutputNetwork,
  data: MultiOutputDataset64,
  theta: Float64Array,
): number {
  if (data.loss !== 'cross-entropy')
    throw new RangeError('classificationAccuracy64: needs labels (cross-entropy)');
  const { layout, activation } = net;
  const { width: r, outputs: C } = layout;
  const m = data.d + (layout.hiddenBias ? 1 : 0);
  if (theta.length !== multiOutputParameterCount(layout))
    throw new RangeError(`classificationAccuracy64: ${theta.length} parameters for this layout`);
  const aOffset = r * m;
  const bOffset = aOffset + C * r;
  const ds = new Float64Array(3);
  const s = new Float64Array(r);
  let right = 0;
  for (let n = 0; n < data.n; n++) {
    for (let k = 0; k < r; k++) {
      let z = layout.hiddenBias ? (theta[k * m + data.d] as number) : 0;
      for (let j = 0; j < data.d; j++)
        z += (theta[k * m + j] as number) * (data.inputs[n * data.d + j] as number);
      activation.derivatives64(z, 0, ds);
      s[k] = ds[0] as number;
    }
    let best = -Infinity;
    let arg = -1;
    let tie = false;
    for (let c = 0; c < C; c++) {
      let f = layout.outputBias ? (theta[bOffset + c] as number) : 0;
      for (let k = 0; k < r; k++) f += (theta[aOffset + c * r + k] as number) * (s[k] as number);
      if (f > best) [best, arg, tie] = [f, c, false];
      else if (f === best) tie = true;
    }
    if (!tie && arg === data.labels[n]) right++;
  }
  return right / data.n;
}
