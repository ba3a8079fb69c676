/**
 * Float64 companions of tanh, σ and softplus that keep full relative accuracy in the tails, shared by
 * {@link float64Field} and the activations' closed forms: sech² x is not formed as 1 − tanh² x (which is 0 for
 * |x| > 19), nor 1 − σ(x) as 1 − σ(x).
 */

/** [tanh x, sech² x = 1 − tanh² x], from one exponential. */
export function tanhPair64(x: number): readonly [number, number] {
  const a = Math.abs(x);
  // With E = e^(−2a) and m = E − 1: tanh a = −m/(2+m), sech² a = 4E/(2+m)². expm1 keeps m accurate for small a,
  // exp keeps E accurate for large a; neither formula then cancels.
  let E: number;
  let m: number;
  if (a < 0.35) {
    m = Math.expm1(-2 * a);
    E = 1 + m;
  } else {
    E = Math.exp(-2 * a);
    m = E - 1;
  }
  const den = 2 + m;
  const t = -m / den;
  return [x < 0 ? -t : t, (4 * E) / (den * den)];
}

/** [σ(x), 1 − σ(x) = σ(−x)] with σ(x) = 1/(1 + e^(−x)), from one exponential. */
export function sigmoidPair64(x: number): readonly [number, number] {
  const E = Math.exp(-Math.abs(x));
  const big = 1 / (1 + E);
  return x < 0 ? [E * big, big] : [big, E * big];
}

/** softplus x = log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)). */
export function softplus64(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}
