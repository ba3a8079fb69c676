/** One accepted or rejected step of {@link dopri5Step}. */
export interface Dopri5Step {
  /** The 5th-order solution at t + h. */
  readonly y: Float64Array;
  /** The right-hand side at the new point (first-same-as-last: the next step's k1). */
  readonly f: Float64Array;
  /** The scaled error norm (≤ 1: accept). */
  readonly error: number;
}

// Dormand–Prince 5(4) tableau (Hairer, Nørsett & Wanner, Solving ODEs I, Table II.5.2).
const A: readonly (readonly number[])[] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
// b5 − b4 (error weights).
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];

/**
 * One Dormand–Prince 5(4) step of y′ = rhs(y) (autonomous) from y with right-hand side f0, step h; the error
 * norm is the RMS of |err_i| / (atol + rtol·max(|y_i|, |y_new,i|)).
 */
export function dopri5Step(
  rhs: (y: Float64Array) => Float64Array,
  y: Float64Array,
  f0: Float64Array,
  h: number,
  rtol: number,
  atol: number,
): Dopri5Step {
  const n = y.length;
  const k: Float64Array[] = [f0];
  const tmp = new Float64Array(n);
  for (let s = 1; s < 7; s++) {
    const row = A[s] as readonly number[];
    for (let i = 0; i < n; i++) {
      let acc = y[i] as number;
      for (let j = 0; j < s; j++) acc += h * (row[j] as number) * ((k[j] as Float64Array)[i] as number);
      tmp[i] = acc;
    }
    k.push(rhs(tmp.slice()));
  }
  const yNew = tmp.slice(); // stage 7 evaluates at the 5th-order solution (FSAL)
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let err = 0;
    for (let s = 0; s < 7; s++) err += h * (E[s] as number) * ((k[s] as Float64Array)[i] as number);
    const scale = atol + rtol * Math.max(Math.abs(y[i] as number), Math.abs(yNew[i] as number));
    sum += (err / scale) ** 2;
  }
  return { y: yNew, f: k[6] as Float64Array, error: Math.sqrt(sum / Math.max(1, n)) };
}
