// The GLU limit for a user formula: two neurons with input weights w ± εΔ and output weights c/2 ± a/(2ε)
// compute c σ(z) + a δ σ′(z) + O(ε²). As ε halves, the error must shrink by a factor tending to 4 (no ε¹ or ε³
// term), and error/ε² must tend to f₂ = (c/2) δ² σ″(z) + (a/6) δ³ σ‴(z).
import { pairExpansion, pairOutput, precision, resolveActivation } from '../src/index.js';

const sigma = resolveActivation('log(cosh(x))');
const p = precision(60);
const pt = { c: '0.7', a: '-1.3', z: '0.4', delta: '0.9' };
const [f0, f2] = pairExpansion(sigma, pt, 2, p);
if (f0 === undefined || f2 === undefined) throw new Error('expansion too short');

console.log(`σ(x) = ${sigma.name}, c = ${pt.c}, a = ${pt.a}, z = ${pt.z}, δ = ${pt.delta}`);
console.log(`GLU limit f₀ = ${f0.toSignificantDigits(20).toString()}`);
// An independent reference for f₂: σ′ = tanh, σ″ = 1 − tanh², σ‴ = −2 tanh (1 − tanh²), in float64.
const t = Math.tanh(0.4);
const f2Closed = (0.7 / 2) * 0.9 ** 2 * (1 - t * t) + (-1.3 / 6) * 0.9 ** 3 * (-2 * t * (1 - t * t));
console.log(`f₂           = ${f2.toSignificantDigits(20).toString()} (closed form in float64: ${f2Closed})`);
console.log('ε          error |F(ε) − f₀|      ratio to previous   error/ε²');
let previous: ReturnType<typeof f0.abs> | undefined;
let lastRatio = 0;
let lastScaled = f0;
for (let k = 1; k <= 12; k++) {
  const eps = new p.D(2).pow(-k);
  const error = pairOutput(sigma, pt, eps, p).minus(f0).abs();
  const ratio = previous === undefined ? undefined : previous.div(error);
  lastRatio = ratio?.toNumber() ?? 0;
  lastScaled = error.div(eps.pow(2));
  console.log(
    `2^-${String(k).padEnd(3)}  ${error.toExponential(6).padEnd(22)} ${(ratio?.toFixed(6) ?? '').padEnd(19)} ${lastScaled.toFixed(8)}`,
  );
  previous = error;
}
// The ratio is 4 (1 + O(ε²)); at ε = 2^-12 it must be 4 to about 6 digits, and error/ε² must be |f₂| to O(ε²).
if (Math.abs(lastRatio - 4) > 1e-5 || Math.abs(lastScaled.toNumber() - Math.abs(f2Closed)) > 1e-6) {
  throw new Error(`not an O(ε²) error: ratio ${lastRatio}, error/ε² ${lastScaled.toString()}`);
}
console.log('error ratio → 4 and error/ε² → |f₂|: the pair tends to the GLU with an O(ε²) error');
