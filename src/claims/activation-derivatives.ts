import type { Decimal } from 'decimal.js';
import { precision } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';

const POINTS = 4;
const ORDER = 5;

/**
 * The numeric core's derivatives σ^(k) (from Taylor-mode jets) agree with central finite differences of
 * σ^(k−1), computed independently at a much higher precision, for k = 1…ORDER.
 * Central differences err by σ^(k+2) h²/6 and lose log₁₀(1/h) digits to cancellation; with h = 10^−(d/2+8)
 * at 2d + 40 working digits both effects stay below 10^−(d+10), so agreement to d digits is a real test.
 */
function check(ctx: ClaimContext): Verdict {
  const act = ctx.activation;
  const d = ctx.digits;
  const work = precision(2 * d + 40);
  const rng = new SeededRandom(ctx.seed);
  const h = new work.D(10).pow(-(Math.ceil(d / 2) + 8));
  let leastAgreed = Infinity;
  let worstAt = '';
  let points = 0;
  for (let i = 0; i < POINTS; i++) {
    const x = new work.D(rng.decimal(-3, 3));
    if (!act.smooth && x.isZero()) continue;
    const at = act.derivatives(x, ORDER, work);
    const up = act.derivatives(x.plus(h), ORDER - 1, work);
    const down = act.derivatives(x.minus(h), ORDER - 1, work);
    const scale = at.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new work.D(1));
    for (let k = 1; k <= ORDER; k++) {
      const fd = get(up, k - 1)
        .minus(get(down, k - 1))
        .div(h.times(2));
      const err = fd.minus(get(at, k)).abs().div(scale);
      const agreed = err.isZero() ? work.digits : -err.log(10).toNumber();
      if (agreed < leastAgreed) {
        leastAgreed = agreed;
        worstAt = `x=${x.toString()}, k=${k}`;
      }
    }
    points++;
  }
  const evidence = {
    activation: act.name,
    digits: d,
    workingDigits: work.digits,
    step: h.toString(),
    seed: ctx.seed,
    points,
    maxOrder: ORDER,
    leastDigitsAgreed: leastAgreed.toFixed(1),
    worstAt,
  };
  if (points === 0) return { kind: 'inconclusive', summary: 'no admissible point was drawn', evidence };
  return leastAgreed >= d
    ? { kind: 'verified', summary: `σ′…σ^(${ORDER}) agree with finite differences to ${d} digits`, evidence }
    : {
        kind: 'refuted',
        summary: `σ^(k) agrees with finite differences to only ${leastAgreed.toFixed(1)} digits at ${worstAt}`,
        evidence,
      };
}

function get(v: readonly Decimal[], k: number): Decimal {
  const x = v[k];
  if (x === undefined) throw new Error(`activation-derivatives: derivative ${k} missing`);
  return x;
}

export const activationDerivatives: Claim = {
  id: 'activation-derivatives',
  title: 'Activation derivatives from jets agree with finite differences',
  statement:
    'For each activation, σ^(k)(x) computed by Taylor-mode differentiation equals the central difference ' +
    '(σ^(k−1)(x+h) − σ^(k−1)(x−h))/(2h) up to O(h²), for k = 1…5 (a self-check of the numeric core).',
  latex: '\\sigma^{(k)}(x)=\\frac{\\sigma^{(k-1)}(x+h)-\\sigma^{(k-1)}(x-h)}{2h}+O(h^2)',
  hypotheses: ['σ is smooth near x'],
  source: 'toolkit self-check (numerics.md: every numeric routine tested against finite differences)',
  check,
};
