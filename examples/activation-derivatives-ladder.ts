// Activation derivatives certified by the precision ladder: σ, σ′, …, σ⁗ of gelu at x = 0.3 are computed at
// 40 + 10 and at 40 + 30 digits and printed only because both round to the same 40 digits. The jet's derivatives
// are then checked against a central difference of the previous derivative, an independent route.
import { certifyByLadder, precision, resolveActivation } from '../src/index.js';

const gelu = resolveActivation('gelu');
const p = precision(40);
const outcome = certifyByLadder((q) => gelu.derivatives('0.3', 4, q), p);
if (outcome.kind !== 'certified') throw new Error(`not certified: ${outcome.reason}`);
console.log(
  `gelu at x = 0.3, ${outcome.digits} digits (working precisions ${outcome.workingDigits.join(' and ')}):`,
);
outcome.values.forEach((v, k) => console.log(`  σ^(${k})(0.3) = ${v.toString()}`));

// Independent check: (σ^(k−1)(x+h) − σ^(k−1)(x−h)) / (2h) = σ^(k)(x) + O(h²), with h = 1e-15 at 80 digits.
const q = precision(80);
const h = new q.D('1e-15');
const up = gelu.derivatives(new q.D('0.3').plus(h), 3, q);
const down = gelu.derivatives(new q.D('0.3').minus(h), 3, q);
for (let k = 1; k <= 4; k++) {
  const fd = (up[k - 1] ?? new q.D(NaN)).minus(down[k - 1] ?? new q.D(NaN)).div(h.times(2));
  const diff = fd.minus(outcome.values[k] ?? new q.D(NaN)).abs();
  // The difference is the truncation h² σ^(k+2)/6 ≈ 1e-30 (rounding at 80 digits adds only ~1e-65).
  if (!diff.lt('1e-28'))
    throw new Error(`σ^(${k}) disagrees with its finite difference by ${diff.toString()}`);
  console.log(
    `  σ^(${k}): central difference of σ^(${k - 1}) agrees to ${diff.isZero() ? 'all' : `|Δ| = ${diff.toExponential(1)}`}`,
  );
}
