import type { Activation } from '../../activations/index.js';
import type { Dataset64 } from '../../network/dataset.js';
import { luSolveF64 } from '../../precision/linalg/index.js';

/**
 * dℓ/dw of the limit model in float64 (the same formulas as `evaluateLimit`, readouts from the 2×2 or 3×3 normal
 * equations). Used only to bracket sign changes on the scan grid quickly; every reported
 * number is recomputed in Decimal. NaN when the Gram matrix is singular in float64.
 */
export function limitSlope64(
  activation: Activation,
  data: Dataset64,
  others: Float64Array | undefined,
  glu: boolean,
  bias: boolean,
  w: number,
): number {
  const n = 1 + (glu ? 1 : 0) + (bias ? 1 : 0);
  const G = new Float64Array(n * n);
  const g = new Float64Array(n);
  const s = new Float64Array(4);
  const phi = new Float64Array(n);
  for (let k = 0; k < data.n; k++) {
    const x = data.inputs[k * data.d] as number;
    const rho = data.weights?.[k] ?? 1;
    const t = (data.targets[k] as number) - (others?.[k] ?? 0);
    activation.derivatives64(w * x, 2, s);
    phi[0] = s[0] as number;
    if (glu) phi[1] = x * (s[1] as number);
    if (bias) phi[n - 1] = 1;
    for (let i = 0; i < n; i++) {
      g[i] = (g[i] as number) + rho * (phi[i] as number) * t;
      for (let j = 0; j < n; j++)
        G[i * n + j] = (G[i * n + j] as number) + rho * (phi[i] as number) * (phi[j] as number);
    }
  }
  const rows = Array.from({ length: n }, (_, i) => G.subarray(i * n, (i + 1) * n));
  const solved = luSolveF64(rows, g);
  if (solved.kind !== 'solved') return Number.NaN;
  const beta = solved.x;
  let slope = 0;
  for (let k = 0; k < data.n; k++) {
    const x = data.inputs[k * data.d] as number;
    const rho = data.weights?.[k] ?? 1;
    const t = (data.targets[k] as number) - (others?.[k] ?? 0);
    activation.derivatives64(w * x, 2, s);
    let f = (beta[0] as number) * (s[0] as number);
    let fw = (beta[0] as number) * x * (s[1] as number);
    if (glu) {
      f += (beta[1] as number) * x * (s[1] as number);
      fw += (beta[1] as number) * x * x * (s[2] as number);
    }
    if (bias) f += beta[n - 1] as number;
    slope += rho * (f - t) * fw;
  }
  return (2 * slope) / data.n;
}
