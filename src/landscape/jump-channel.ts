import type { Decimal } from 'decimal.js';
import { integrate } from '../flow/integrate.js';
import type { Dataset } from '../network/dataset.js';
import type { Network } from '../network/loss.js';
import { neuronPair, pairDivergence } from '../network/neuron-pair.js';
import { integerOption, knownOptions, OptionError } from '../errors.js';
import { MAX_INTERNAL_DIGITS, precision, roundTo, type Precision } from '../precision/context.js';
import { symmetricEigenvalues } from '../precision/linalg/index.js';
import {
  defaultChannelPair,
  digitsForA,
  fitPowers,
  type FollowOutcome,
  type FollowPoint,
} from './follow-channel.js';
import { confirmFloorPoint } from './_internals/confirm-floor-point.js';
import { restricted, type Restricted } from './_internals/valley-floor.js';

/** Options of {@link jumpChannel}. */
export interface JumpOptions {
  /** The pair (0-based). Default as in followChannel. */
  readonly pair?: readonly [number, number];
  /** Significant digits of the reported values, each confirmed by a solve at +`confirmStep` digits. Default 20. */
  readonly reportDigits?: number;
  /** Digits added for the confirming Newton solve of every point. Default 20. */
  readonly confirmStep?: number;
  /** Relaxation rounds (each of duration 20/λ_min) per point before giving up. Default 12. */
  readonly maxRounds?: number;
}

/**
 * The paper's jump procedure, a second route along a channel independent of the Newton continuation: from the start,
 * relax the other coordinates u = (w, v = aΔ, c, the other neurons) at fixed A with the gradient flow (src/flow's
 * `integrate` with its implicit Radau IIA method, on the loss restricted to u); then repeatedly halve ε keeping c, a, w and Δ — so A = a/(2ε) doubles
 * and u is unchanged — and relax again, until |A| ≥ |toA|. A relaxation runs in rounds of duration 20/λ_min (λ_min
 * the smallest eigenvalue of the restricted Hessian at the jump, so each round shrinks the distance to the floor
 * by e^−20) until the loss of two consecutive rounds agrees to reportDigits + 2 digits. Works at
 * digitsForA(A) digits. Every point is then confirmed as in followChannel: Newton at +`confirmStep` digits from the
 * relaxed point must reproduce every reported value to reportDigits; otherwise the point is relaxed again with 20
 * more digits (twice) before the route stops (`failed`, the unconfirmed point not reported). Points as in
 * followChannel (no `t`).
 */
export function jumpChannel(
  network: Network,
  data: (q: Precision) => Dataset,
  start: readonly Decimal[],
  toA: Decimal.Value,
  options: JumpOptions = {},
): FollowOutcome {
  const fn = 'jumpChannel';
  knownOptions(fn, options, ['pair', 'reportDigits', 'confirmStep', 'maxRounds']);
  const { reportDigits = 20, confirmStep = 20, maxRounds = 12 } = options;
  integerOption(fn, 'reportDigits', reportDigits, 1, MAX_INTERNAL_DIGITS);
  integerOption(fn, 'confirmStep', confirmStep, 1, MAX_INTERNAL_DIGITS);
  integerOption(fn, 'maxRounds', maxRounds, 1, 1e6);
  if (options.pair !== undefined) {
    const width = network.layout.width;
    options.pair.forEach((k, n) => integerOption(fn, `pair[${n}]`, k, 0, width - 1));
    if (options.pair.length !== 2 || options.pair[0] === options.pair[1])
      throw new OptionError(fn, 'pair', 'pair must be two different neuron indices (0-based)');
  }
  const pair = options.pair ?? defaultChannelPair(network, start);
  if (pair === undefined)
    throw new RangeError('jumpChannel: no pair of neurons with readouts of opposite signs');
  const [i, j] = pair;
  const q0 = precision(40);
  const startPair = neuronPair(network.layout, start, i, j);
  let A = pairDivergence({ ai: new q0.D(startPair.ai), aj: new q0.D(startPair.aj) });
  if (A.isZero()) throw new RangeError('jumpChannel: A = 0 at the start (a_i = a_j)');
  const target = new q0.D(toA).abs();
  if (!target.gt(A.abs())) throw new RangeError('jumpChannel: the target |A| must exceed the start’s |A|');
  const r = (x: Decimal): Restricted => restricted(network, data, i, j, x);
  let u = r(A).fromFlat(start, precision(digitsForA(target) + 10));
  const out: FollowPoint[] = [];
  for (;;) {
    const needed = digitsForA(A);
    let accepted: FollowPoint | undefined;
    let reason = '';
    // As in followChannel: a point that the +confirmStep solve does not confirm is tried again with 20 more
    // working digits (twice) before the route stops; an unconfirmed point is never reported.
    for (let W = needed; W <= needed + 40 && accepted === undefined; W += 20) {
      const relaxed = relax(r(A), u, precision(W), A, reportDigits, maxRounds);
      if (relaxed.kind === 'failed') return { kind: 'failed', pair, points: out, reason: relaxed.reason };
      u = relaxed.u;
      const confirmation = confirmFloorPoint(network, data, i, j, A, r(A), u, W, {
        reportDigits,
        confirmStep,
      });
      if (confirmation.kind !== 'confirmed') {
        reason = confirmation.reason;
        continue;
      }
      const q = precision(W);
      accepted = {
        ...confirmation.values,
        digits: W,
        confirmedDigits: confirmation.confirmedDigits,
        params: r(A)
          .toFlat(u, q)
          .map((x) => roundTo(q, x)),
      };
    }
    if (accepted === undefined) return { kind: 'failed', pair, points: out, reason };
    out.push(accepted);
    if (!A.abs().lt(target)) break;
    A = A.times(2); // ε halved at fixed c, a, w, Δ: u is unchanged
  }
  const fits = fitPowers(out);
  return fits === undefined
    ? { kind: 'reached', pair, points: out }
    : { kind: 'reached', pair, points: out, fits };
}

type Relaxation =
  { readonly kind: 'settled'; readonly u: Decimal[] } | { readonly kind: 'failed'; readonly reason: string };

/**
 * Relaxes u at fixed A by the gradient flow on the restricted loss, in rounds of duration 20/λ_min, until the loss
 * of two consecutive rounds agrees to reportDigits + 2 digits (at most maxRounds rounds).
 */
function relax(
  r: Restricted,
  start: readonly Decimal[],
  q: Precision,
  A: Decimal,
  reportDigits: number,
  maxRounds: number,
): Relaxation {
  let u = start.map((x) => new q.D(x));
  const H = r.objective.evaluate(u, q, { hessian: true }).hessian as readonly (readonly Decimal[])[];
  const eig = symmetricEigenvalues(H, q);
  if (eig.kind !== 'converged') throw new Error('jumpChannel: Jacobi did not converge');
  const lamMin = eig.values[0] as Decimal;
  if (!lamMin.gt(0)) {
    const reason = `the restricted Hessian is not positive definite at A = ${A.toString()}: no floor to relax to`;
    return { kind: 'failed', reason };
  }
  const round = new q.D(20).div(lamMin).toSignificantDigits(3);
  let prevLoss: Decimal | undefined;
  for (let k = 0; k < maxRounds; k++) {
    // Solved to 10^−(reportDigits+5), not to the working precision's 10^−(W+3): the rounds only have to settle the
    // loss to reportDigits + 2 digits, and every relaxed point is confirmed by Newton 20 digits higher after.
    const flow = integrate(r.objective, u, q, {
      times: [round],
      recordsPerDecade: 0,
      method: 'implicit',
      implicitLog10Tolerance: -(reportDigits + 5),
    });
    const state = flow.states[0];
    if (state === undefined) return { kind: 'failed', reason: `relaxation stopped (${flow.outcome.kind})` };
    u = state.params.map((x) => new q.D(x));
    const loss = new q.D(state.loss);
    if (
      prevLoss !== undefined &&
      loss.toSignificantDigits(reportDigits + 2).eq(prevLoss.toSignificantDigits(reportDigits + 2))
    )
      return { kind: 'settled', u };
    prevLoss = loss;
  }
  return {
    kind: 'failed',
    reason: `the relaxation at A = ${A.toString()} did not settle in ${maxRounds} rounds`,
  };
}
