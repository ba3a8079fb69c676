import { describe, expect, it } from 'vitest';
import { registeredActivations, resolveActivation } from '../../src/activations/index.js';
import { precision } from '../../src/precision/context.js';
import { decimalField, derivativesFromJet, jetArithmetic } from '../../src/precision/jet/index.js';

// The guard-digit policy (src/activations/_internals/guard-digits.ts) budgets ⌈K/4⌉ digits for cancellation in
// the recurrences on top of 10 for rounding. This measures the actual loss of raw jets (no guard digits) at
// 30 digits against 70 digits, for every registered smooth activation, and keeps it well inside that budget.
const K = 24;
const W = 30;
const POINTS = ['-20', '-9', '-2.5', '-0.3', '0.3', '2.5', '9'];

describe('digits lost inside the jet recurrences', () => {
  it(`stay below ⌈K/4⌉ + 1 = ${Math.ceil(K / 4) + 1} for registered activations up to order ${K}`, () => {
    const lo = jetArithmetic(decimalField(precision(W)), K);
    const hi = jetArithmetic(decimalField(precision(W + 40)), K);
    let worst = 0;
    let worstAt = '';
    for (const name of registeredActivations().filter((n) => resolveActivation(n).smooth)) {
      const act = resolveActivation(name);
      for (const x of POINTS) {
        const truth = derivativesFromJet(hi.field, act.jet(hi, hi.variable(new (precision(W + 40).D)(x))));
        const got = derivativesFromJet(lo.field, act.jet(lo, lo.variable(new (precision(W).D)(x))));
        const scale = truth.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), truth[0]!.abs());
        got.forEach((g, k) => {
          const t = truth[k]!;
          // Values tiny next to the others are judged in absolute terms by the ladder; skip them here.
          if (t.abs().lt(scale.times('1e-5'))) return;
          const err = t.minus(g).abs();
          if (err.isZero()) return;
          const lost = err.div(t.abs()).log(10).toNumber() + W;
          if (lost > worst) {
            worst = lost;
            worstAt = `${name}^(${k})(${x})`;
          }
        });
      }
    }
    expect(worst, `worst at ${worstAt}`).toBeLessThan(Math.ceil(K / 4) + 1);
  });
});
