// Arbitrary-precision special functions: each returns a value of `p.D` correctly rounded (half-even) to
// `p.digits` significant digits, for every finite argument (see the file of each function for its method).
//
// Internally they do not use decimal.js contexts but BigInt ball arithmetic (`_internals/ball.ts`): every
// intermediate carries a rigorous error radius, and the result is returned only when both ends of the final ball
// round to the same p.digits-digit number (Ziv's test), otherwise the computation is repeated with 1.5× the
// working bits. Guard bits therefore decide speed (how often a retry happens), never correctness. The one
// exception: after six attempts (≈ 11× the bits) the midpoint is rounded, which is then only faithful; this needs
// an argument that is itself a near-tie at the requested digits and whose deciding term lies more than ~10·digits
// digits down (e.g. a 1001-digit x ending in 5 with |x| < 10^−5000 for tanh at 1000 digits). Not observed in
// test/precision, test/activations or test/symbolic (zivStatistics.fallbacks, which also counts six attempts
// that all threw, stayed 0 after the fix for |x| ≳ 1e33 in erf, erfc, normalCdf; the file behind
// CI's count of 2 was not identified).
export { erf } from './erf.js';
export { erfc } from './erfc.js';
export { exp } from './exp.js';
export { expm1 } from './expm1.js';
export { log1p } from './log1p.js';
export { normalCdf } from './normal-cdf.js';
export { normalPdf } from './normal-pdf.js';
export { sigmoid } from './sigmoid.js';
export { softplus } from './softplus.js';
export { tanh } from './tanh.js';
