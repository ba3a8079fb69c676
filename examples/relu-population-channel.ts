// A 2-2-1 ReLU student on the Gaussian population converges into a channel (the paper's figure B13;
// docs/relu-population.md). Start: w₁ = (1, 0), w₂ = (1, 10⁻⁵), a₁ = 10⁵, a₂ = −10⁵. Teacher (our choice; the paper
// does not state its own): the gated linear unit y = relu(x₁) − x₂·1[x₁ > 0], which no finite ReLU network computes.
// The loss and its gradient are exact (arc-cosine kernel); gradient flow in float64 (Radau IIA once stiff, λ ∼ a²).
// Cost: about 1 s of CPU.
import { reluPopulationRun } from '../src/index.js';

const records = reluPopulationRun([0.01, 0.1, 1, 10, 100], { log10Tolerance: -12 });
console.log('t        loss          L − L_GLU     ε             a₁            a₂            c·w + v');
for (const r of records)
  console.log(
    [
      r.t.toString().padEnd(8),
      r.loss.toExponential(4),
      (r.loss - r.gluLoss).toExponential(4),
      r.eps.toExponential(4),
    ]
      .concat([r.a1.toExponential(6), r.a2.toExponential(6)])
      .join('    ') + `    (${(r.c * r.w[0] + r.v[0]).toFixed(6)}, ${(r.c * r.w[1] + r.v[1]).toFixed(6)})`,
  );
const first = records[0]!;
const last = records[records.length - 1]!;
if (!(last.loss < 1e-5 * first.loss)) throw new Error('the loss did not fall');
if (!(last.eps < 1e-5 && Math.abs(last.a1) > 0.99e5)) throw new Error('the pair left the channel');
console.log(
  `the pair stays merged (ε = ${last.eps.toExponential(3)}) with readouts ±${Math.abs(last.a1).toExponential(3)}; ` +
    `its unit tends to the teacher's (1, −1); L − L_GLU = ${((last.loss - last.gluLoss) / last.eps).toFixed(4)}·ε`,
);
