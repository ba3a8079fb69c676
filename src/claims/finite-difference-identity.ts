import type { Decimal } from 'decimal.js';
import { fromChannelCoordinates } from '../network/neuron-pair.js';
import { pairOutput } from '../landscape/pair-expansion.js';
import { networkOutput } from '../network/network-output.js';
import type { Network } from '../network/loss.js';
import { precision, type Precision } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import type { Claim, ClaimContext, Evidence, Verdict } from './claim.js';
import { referenceValue } from './_internals/reference-activation.js';
import { halfUlp } from './_internals/half-ulp.js';

/** One point per decade of ε from 1e-3 to 1e-14: the pair code's guard digits (log₁₀|a/ε| + 10) must cover them all. */
const POINTS = 12;
/** Two inputs and a hidden bias: the network code's dot products w·x̃ with x̃ = (x, 1) are part of the check. */
const INPUTS = 2;

/**
 * Paper eq. 3, checked through three independent routes. A pair given in channel coordinates (c, a, w, Δ, ε) is
 * (1) turned into two neurons by the coordinate map (fromChannelCoordinates) and evaluated by the network code
 * (networkOutput, the function the losses are built on), (2) evaluated by the pair code of the landscape layer
 * (pairOutput), and (3) evaluated as the finite difference (c/2)[σ(z+εδ) + σ(z−εδ)] + a[σ(z+εδ) − σ(z−εδ)]/(2ε)
 * with z = w·x̃, δ = Δ·x̃ and σ from the independent reference (the activation's formula with decimal.js functions).
 *
 * Error model: routes 1 and 2 round their result to d digits once, after working with the log₁₀|a/ε| digits the
 * cancellation costs plus guard digits, so each must be correctly rounded: within half a unit in the d-th digit of
 * route 3, which is computed with 30 more digits and confirmed at +25 (its own error must be below 10^−(d+5) of the
 * terms' size, otherwise the point is undecided).
 */
function check(ctx: ClaimContext): Verdict {
  const act = ctx.activation;
  const d = ctx.digits;
  const rng = new SeededRandom(ctx.seed);
  const net: Network = {
    layout: { width: 2, inputDimension: INPUTS, hiddenBias: true, outputBias: false },
    activation: act,
  };
  const routes = { network: { worst: 0, at: '' }, pair: { worst: 0, at: '' } };
  let checked = 0;
  const undecided: string[] = [];
  for (let i = 0; i < POINTS; i++) {
    const c = rng.decimal(-3, 3);
    const a = rng.decimal(-3, 3);
    const w = Array.from({ length: INPUTS + 1 }, () => rng.decimal(-2, 2));
    const u = Array.from({ length: INPUTS + 1 }, () => rng.decimal(-1, 1));
    const x = Array.from({ length: INPUTS }, () => rng.decimal(-2, 2));
    const eps = new (precision(d).D)(10)
      .pow(-(i + 3))
      .times(rng.decimal(0.1, 1))
      .toString();
    // Digits the pair's two terms of size |a/ε| cancel.
    const lost = Math.max(0, Math.ceil(Math.log10(1 + Math.abs(Number(a) / Number(eps)))));
    const W = precision(d + lost + 30);
    const norm = u.reduce((s, v) => s.plus(new W.D(v).pow(2)), new W.D(0)).sqrt();
    if (norm.isZero()) continue;
    const delta = u.map((v) => new W.D(v).div(norm));
    const where = `c=${c}, a=${a}, ε=${eps}`;
    let ref: { readonly value: Decimal; readonly scale: Decimal; readonly z: Decimal; readonly dz: Decimal };
    try {
      ref = finiteDifference(act, { c, a, w, delta, eps, x }, W);
      const confirm = finiteDifference(act, { c, a, w, delta, eps, x }, precision(W.digits + 25));
      if (
        confirm.value
          .minus(ref.value)
          .abs()
          .gt(ref.scale.times(new W.D(10).pow(-(d + 5))))
      ) {
        undecided.push(where);
        continue;
      }
    } catch (e) {
      if (e instanceof RangeError) {
        undecided.push(`${where} (outside σ's domain)`);
        continue;
      }
      throw e;
    }
    const tol = halfUlp(ref.value, d, W).plus(ref.scale.times(new W.D(10).pow(-(d + 5))));
    const pair = fromChannelCoordinates({ c, a, w, delta, eps }, precision(d + lost + 20));
    const viaNetwork = networkOutput(net, { w: [pair.wi, pair.wj], a: [pair.ai, pair.aj] }, x, precision(d), {
      guard: lost + 10,
    });
    const viaPair = pairOutput(act, { c, a, z: ref.z, delta: ref.dz }, eps, precision(d));
    for (const [route, value] of [
      ['network', viaNetwork],
      ['pair', viaPair],
    ] as const) {
      const ratio = new W.D(value).minus(ref.value).abs().div(tol).toNumber();
      if (!(ratio <= routes[route].worst)) {
        routes[route].worst = Number.isNaN(ratio) ? Infinity : ratio;
        routes[route].at = where;
      }
    }
    checked++;
  }
  const worst = Math.max(routes.network.worst, routes.pair.worst);
  const worstRoute = routes.network.worst >= routes.pair.worst ? 'network' : 'pair';
  const evidence: Evidence = {
    activation: act.name,
    digits: d,
    seed: ctx.seed,
    points: POINTS,
    checked,
    routes: [
      `network code on the two neurons (fromChannelCoordinates + networkOutput): worst ${routes.network.worst.toPrecision(2)} of tolerance`,
      `pair code (pairOutput): worst ${routes.pair.worst.toPrecision(2)} of tolerance`,
    ],
    reference: `finite-difference form with σ from the formula ${JSON.stringify(act.formula)} (decimal.js functions), d + log₁₀|a/ε| + 30 digits, confirmed at +25`,
    tolerance:
      'correct rounding to d digits: half a unit in the last place, plus 10^−(d+5) of the terms’ size',
    worstAt: routes[worstRoute].at,
    undecided: undecided.length === 0 ? null : undecided.join('; '),
  };
  if (worst > 1) {
    return {
      kind: 'refuted',
      summary: `the ${worstRoute} route is off the finite difference by ${worst.toPrecision(3)}× its tolerance at ${routes[worstRoute].at}`,
      evidence,
    };
  }
  if (checked === 0 || undecided.length > 0) {
    return {
      kind: 'inconclusive',
      summary:
        checked === 0
          ? 'no point could be checked'
          : `the reference could not be confirmed at ${undecided.length} points`,
      evidence,
    };
  }
  return {
    kind: 'verified',
    summary: `the network code and the pair code both give the finite difference correctly rounded to ${d} digits at ${checked} points (ε down to 1e-14)`,
    evidence,
  };
}

interface PairInput {
  readonly c: string;
  readonly a: string;
  readonly w: readonly string[];
  readonly delta: readonly Decimal[];
  readonly eps: string;
  readonly x: readonly string[];
}

/** The right-hand side of eq. 3 at `W`, its terms' size, and the projections z = w·x̃, δ = Δ·x̃ (x̃ = (x, 1)). */
function finiteDifference(
  act: ClaimContext['activation'],
  pt: PairInput,
  W: Precision,
): { value: Decimal; scale: Decimal; z: Decimal; dz: Decimal } {
  const xt = [...pt.x.map((v) => new W.D(v)), new W.D(1)];
  const dot = (v: readonly (string | Decimal)[]): Decimal =>
    v.reduce<Decimal>((s, vk, k) => s.plus(new W.D(vk).times(xt[k] ?? 0)), new W.D(0));
  const z = dot(pt.w);
  const dz = dot(pt.delta);
  const eps = new W.D(pt.eps);
  const plus = referenceValue(act, z.plus(eps.times(dz)), W);
  const minus = referenceValue(act, z.minus(eps.times(dz)), W);
  const half = new W.D(pt.c).div(2);
  const slope = new W.D(pt.a).div(eps.times(2));
  const value = half.times(plus.plus(minus)).plus(slope.times(plus.minus(minus)));
  const scale = half
    .abs()
    .times(plus.abs().plus(minus.abs()))
    .plus(slope.times(plus.minus(minus)).abs());
  return { value, scale, z, dz };
}

/** Half a unit in the d-th significant digit of `v` (of 1 when v = 0). */
export const finiteDifferenceIdentity: Claim = {
  id: 'finite-difference-identity',
  title: 'The pair output is a central finite difference (three independent routes)',
  statement:
    'a_i σ(w_i·x) + a_j σ(w_j·x) = (c/2)[σ(z+εδ) + σ(z−εδ)] + a [σ(z+εδ) − σ(z−εδ)]/(2ε) with z = w·x, δ = Δ·x, ' +
    'for a pair built from channel coordinates (w_i,j = w ± εΔ, a_i,j = c/2 ± a/(2ε)): the network code on the two ' +
    'neurons and the pair code both give the finite difference, evaluated independently, correctly rounded.',
  latex:
    'a_i\\sigma(w_i\\cdot x)+a_j\\sigma(w_j\\cdot x)=\\tfrac{c}{2}[\\sigma(z+\\varepsilon\\delta)+' +
    '\\sigma(z-\\varepsilon\\delta)]+a\\,\\frac{\\sigma(z+\\varepsilon\\delta)-\\sigma(z-\\varepsilon\\delta)}{2\\varepsilon}',
  hypotheses: ['ε ≠ 0', 'w_{i,j} = w ± εΔ, a_{i,j} = c/2 ± a/(2ε), ‖Δ‖ = 1'],
  source: 'Martinelli et al. 2025, §3, eq. 3 (docs/mathematics.md §2)',
  check,
};
