// The generic time law of a channel (mathematics.md §2, claim flow-time-laws): when the loss at infinity is not
// reached (L∞ > 0) and h > 0, ε⁻⁴ ≈ ε₀⁻⁴ + 16 h t / a². For random generic targets (a tanh GLU plus d·tanh(k x),
// which no GLU fits), a width-2 tanh student without biases starts ON the channel at the critical point (c, a, w)
// of the loss at infinity ℓ(w, 0) that `limitCriticalPoints` returns (a minimum with h > 0), at ε₀ ∈ [0.01, 0.03],
// and follows dθ/dt = −∇L (src/flow's float64 integrator) to t = 10⁸.
// Why start on the critical point: from the critical point the transient (the O(ε²) shift of the valley floor) is
// over by t ≈ 10³ (measured). Off it, the readouts must first relax to the critical point of the limit model, and
// through a_i − a_j = a/ε that is slow when ε is small (a suspected cause of an earlier attempt from off-critical starts
// missing 16h/a² by a factor ≈ 20 at t = 10⁷; the claim runs its flows to 10¹⁰). The fitted slope of ε⁻⁴ was within
// 0.9987–1.0245 of 16h/a² over 135 random targets (the O(ε²) corrections, largest at ε₀ = 0.02–0.03): the law
// allows 10 %, and any wrong factor in h or a fails it.
// Budget: one scan ≈ 0.3 s plus one flow ≈ 0.5–1 s; numRuns 3 in npm run test:long, 1 in npm test (itScaled,
// tierRuns); the law runs in ≈ 1.5–4.5 s at 3 runs (15 runs: ≈ 6 s). No wall-clock timeout.
import fc from 'fast-check';
import { grid } from './_support/grid.js';
import { describe, expect } from 'vitest';
import { itScaled, tierRuns } from '../test/_support/tier.js';
import { resolveActivation } from '../src/activations/index.js';
import { fitLine } from '../src/claims/_internals/channel-runs.js';
import { integrate } from '../src/flow/integrate.js';
import { networkObjective } from '../src/flow/objective.js';
import { limitCriticalPoints, type LimitCriticalPoint } from '../src/landscape/loss-at-infinity.js';
import type { Dataset } from '../src/network/dataset.js';
import type { Precision } from '../src/precision/context.js';
import { precision } from '../src/precision/context.js';
import { checkLaw } from './_support/law.js';

const tanh = resolveActivation('tanh');
const NET = {
  layout: { width: 2, inputDimension: 1, hiddenBias: false, outputBias: false },
  activation: tanh,
};
const p = precision(20);
const XS = [-3, -2, -1, -0.5, 0.5, 1, 2, 3];
const UNTIL = '1e8';
/** The fit window: the last two decades of t (the transient ends near t ≈ 10³). */
const FIT_FROM = 1e6;
/**
 * The law's hypothesis is that the ε² term of the loss drives the flow: minima with h below this (measured: some
 * minima of ℓ have h ≈ 10⁻¹³, where the ε⁴ term wins at ε ≈ 0.02 and ε does not move) are skipped.
 */
const H_MIN = 1e-5;

interface Target {
  readonly c: number;
  readonly a: number;
  readonly w: number;
  /** The non-GLU part d·tanh(k x). */
  readonly d: number;
  readonly k: number;
  readonly eps0: number;
}

const generic: fc.Arbitrary<Target> = fc.record({
  c: grid(0.3, 1),
  a: grid(0.5, 1.5),
  w: grid(0.6, 1.4),
  d: fc.oneof(grid(-0.4, -0.1), grid(0.1, 0.4)),
  k: grid(2, 4),
  eps0: grid(0.01, 0.03),
});

function dataOf(T: Target): (q: Precision) => Dataset {
  return (q) => ({
    inputs: XS.map((x) => [new q.D(x)]),
    targets: XS.map((x) => {
      const z = new q.D(T.w).times(x);
      const [s0, s1] = tanh.derivatives(z, 1, q) as [typeof z, typeof z];
      return s0
        .times(T.c)
        .plus(s1.times(x).times(T.a))
        .plus(tanh.value(new q.D(T.k).times(x), q).times(T.d));
    }),
  });
}

/** The minimum of ℓ(w, 0) with h ≥ H_MIN closest to the teacher's w (undefined if there is none). */
function limitMinimum(T: Target): LimitCriticalPoint | undefined {
  const pts = limitCriticalPoints({ activation: tanh, layout: NET.layout, data: dataOf(T) }, p);
  return pts
    .filter((pt) => pt.kind === 'minimum' && pt.h.gte(H_MIN) && pt.loss.gt(0))
    .sort((x, y) => Math.abs(x.w.toNumber() - T.w) - Math.abs(y.w.toNumber() - T.w))[0];
}

describe('the generic time law on a channel', () => {
  itScaled(
    'started on the critical point of the loss at infinity (h > 0, L∞ > 0), ε⁻⁴ grows linearly in t with slope 16h/a² (fitted over t ∈ [10⁶, 10⁸], within 10 %)',
    () => {
      checkLaw(
        fc.property(generic, (T) => {
          const pt = limitMinimum(T);
          fc.pre(pt !== undefined);
          if (pt === undefined) return;
          const [c, a, w] = [pt.c.toNumber(), pt.a.toNumber(), pt.w.toNumber()];
          const e = T.eps0;
          const predicted = (16 * pt.h.toNumber()) / (a * a);
          // Observable within the run: ε⁻⁴ must grow by ≥ 10 % of ε₀⁻⁴ by t = 10⁸, else the O(ε²) shift of the valley
          // floor (ε moves by ~10⁻⁴ relative in the first 10⁴ time units) hides the law (measured: h ≈ 1.1·10⁻⁵,
          // a ≈ 1.5, ε₀ = 0.01 grows ε⁻⁴ by 10⁻⁴ only, and ε ends above ε₀).
          fc.pre(predicted * Number(UNTIL) >= 0.1 * e ** -4);
          const init = [w + e, w - e, c / 2 + a / (2 * e), c / 2 - a / (2 * e)].map((v) => v.toPrecision(17));
          const r = integrate(networkObjective(NET, dataOf(T)), init, p, {
            times: [UNTIL],
            method: 'float64',
            recordsPerDecade: 4,
          });
          const late = r.records
            .filter((rec) => Number(rec.t) >= FIT_FROM)
            .map((rec) => {
              const [wi = 0, wj = 0] = rec.params.map(Number);
              return { t: Number(rec.t), eps: (wi - wj) / 2 };
            });
          expect(late.length).toBeGreaterThanOrEqual(5);
          // ε shrank (the channel attracts) but stayed in the regime of the expansion.
          const last = late[late.length - 1] ?? { t: 0, eps: e };
          expect(last.eps).toBeLessThan(e);
          expect(last.eps).toBeGreaterThan(0);
          const fit = fitLine(
            late.map((x) => x.t),
            late.map((x) => x.eps ** -4),
          );
          expect(fit.beta / predicted).toBeGreaterThan(0.9);
          expect(fit.beta / predicted).toBeLessThan(1.1);
        }),
        { numRuns: tierRuns(3, 1) },
      );
    },
  );
});
