import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import { toDataset64, type Dataset } from '../../network/dataset.js';
import { loadProblem } from '../../network/problem.js';
import { lossAndDerivatives, type Network } from '../../network/loss.js';
import { lossAndDerivatives64 } from '../../network/loss64.js';
import { fromDouble, precision } from '../../precision/context.js';
import type { SeededRandom } from '../../precision/random.js';
import type { Evaluation, Gene } from '../../search/targeted-search.js';
import { defineSearchableClaim, type SearchSettings } from './searchable-claim.js';

/** The decoded input: the four parameters (w₁, w₂, a₁, a₂) of a width-2 student, as doubles. */
export interface Float64ChannelInput {
  readonly w1: number;
  readonly w2: number;
  readonly a1: number;
  readonly a2: number;
}

/** A loss computed in float64 is "wrong" when its relative error exceeds this. */
const TOLERANCE = 1e-6;
const U = 2 ** -53;
const W_SCALE = 1e-15;
const A_SCALE = 1e-3;

// Raw parameters on fine grids, drawn uniformly like any random initialisation of a wide range: w ∈ [−3, 3] on a
// 10⁻¹⁵ grid and a ∈ [−9·10¹², 9·10¹²] on a 10⁻³ grid. A channel point (a₁ ≈ −a₂ huge, w₁ ≈ w₂) has
// probability ~0 under this distribution: plain random generation essentially never lands on one.
const GENES: readonly Gene[] = [
  { name: 'w1', min: -3e15, max: 3e15 },
  { name: 'w2', min: -3e15, max: 3e15 },
  { name: 'a1', min: -9e15, max: 9e15 },
  { name: 'a2', min: -9e15, max: 9e15 },
];

function decode(g: readonly number[]): Float64ChannelInput {
  const [w1 = 0, w2 = 0, a1 = 0, a2 = 0] = g;
  return { w1: w1 * W_SCALE, w2: w2 * W_SCALE, a1: a1 * A_SCALE, a2: a2 * A_SCALE };
}

/**
 * The search's domain knowledge, as moves in channel coordinates (c = a₁ + a₂, a = ε(a₁ − a₂), w = (w₁ + w₂)/2,
 * ε = (w₁ − w₂)/2): twice as far along the channel (ε → ε/2 with c, a, w fixed, so A → 2A), and random relative
 * steps and tenfold reductions of c, a or w (to settle on the valley floor, where the loss is small and the cancellation largest).
 */
function moves(g: readonly number[], rng: SeededRandom): (readonly number[])[] {
  const { w1, w2, a1, a2 } = decode(g);
  const w = (w1 + w2) / 2;
  const eps = (w1 - w2) / 2;
  const c = a1 + a2;
  const A = (a1 - a2) / 2;
  const encode = (cc: number, aa: number, ww: number, ee: number): number[] => {
    const AA = ee === 0 ? 0 : aa / (2 * ee);
    return [(ww + ee) / W_SCALE, (ww - ee) / W_SCALE, (cc / 2 + AA) / A_SCALE, (cc / 2 - AA) / A_SCALE];
  };
  const a = 2 * A * eps;
  const step = (): number => (rng.next() < 0.5 ? -1 : 1) * 10 ** -rng.int(0, 6);
  return [
    encode(c, a, w, eps / 2),
    encode(c, a, w, eps / 10),
    encode(c / 10, a, w, eps),
    encode(c, a / 10, w, eps),
    encode(c, a * 10, w, eps),
    encode(c * (1 + step()), a, w, eps),
    encode(c + step(), a, w, eps),
    encode(c, a * (1 + step()), w, eps),
    encode(c, a + step(), w, eps),
    encode(c, a, w + step(), eps),
  ];
}

/**
 * The data of a search, identical in float64 and in Decimal (the exact data are the doubles themselves). Default:
 * the GLU target y(x) = σ(x)/2 + x σ′(x) (c = ½, w = 1, v = 1, reachable only at infinity) at nine points of
 * [−3, 3]; with a problem, its student network and data (rounded to doubles).
 */
interface Problem {
  readonly network: Network;
  readonly data: Dataset;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly rho: Float64Array;
}

function searchProblem(settings: SearchSettings): Problem {
  const exact = precision(20);
  const layout = { width: 2, inputDimension: 1, hiddenBias: false, outputBias: false };
  if (settings.problem !== undefined) {
    const prob = loadProblem(settings.problem);
    const l = prob.network.layout;
    if (l.width !== 2 || l.inputDimension !== 1 || l.hiddenBias || l.outputBias) {
      throw new InputError(
        `float64-channel-loss searches width-2 students with one input and no biases; problem ${prob.name} ` +
          `has width ${l.width}, input dimension ${l.inputDimension}` +
          `${l.hiddenBias ? ', hidden biases' : ''}${l.outputBias ? ', an output bias' : ''}`,
      );
    }
    const d64 = toDataset64(prob.dataset(exact));
    const rho = d64.weights ?? new Float64Array(d64.n).fill(1);
    return {
      network: { layout, activation: prob.network.activation },
      data: {
        inputs: Array.from(d64.inputs, (x) => [fromDouble(exact, x)]),
        targets: Array.from(d64.targets, (y) => fromDouble(exact, y)),
        weights: Array.from(rho, (r) => fromDouble(exact, r)),
      },
      xs: d64.inputs,
      ys: d64.targets,
      rho,
    };
  }
  const act = settings.activation;
  const xs = Float64Array.from({ length: 9 }, (_, n) => -3 + 0.75 * n);
  const ys = xs.map((x) => {
    const d = act.derivatives64(x, 1);
    return 0.5 * (d[0] as number) + x * (d[1] as number);
  });
  return {
    network: { layout, activation: act },
    data: {
      inputs: Array.from(xs, (x) => [fromDouble(exact, x)]),
      targets: Array.from(ys, (y) => fromDouble(exact, y)),
    },
    xs,
    ys,
    rho: new Float64Array(xs.length).fill(1),
  };
}

interface Measured {
  /** A rigorous-in-spirit first-order bound of the float64 loss's relative error (see below). */
  readonly predicted: number;
  readonly loss64: number;
  readonly exact?: Decimal;
  readonly relativeError?: number;
}

/**
 * First-order error bound of the float64 loss: δf_n ≤ (r + 5)u·T_n with T_n = Σ_k |a_k σ(z_k)| + |a_k σ′(z_k) z_k|
 * + |y_n| (sums, σ to a few ulps, z rounded), and δL/L ≤ 2 Σ|r_n| δf_n / Σ r_n² + N u. When it is below the
 * tolerance the float64 loss cannot be wrong and the exact loss is not computed (which keeps both the random and the
 * targeted search cheap); the search climbs log₁₀ of this bound.
 */
function measure(
  input: Float64ChannelInput,
  prob: Problem,
  digits: number,
  exactAlways: boolean,
): Measured | undefined {
  const { xs, ys, rho, network } = prob;
  const act = network.activation;
  const ws = [input.w1, input.w2];
  const as = [input.a1, input.a2];
  let num = 0;
  let den = 0;
  let maxCancel = 0;
  for (let n = 0; n < xs.length; n++) {
    const x = xs[n] as number;
    let f = 0;
    let T = Math.abs(ys[n] as number);
    for (let k = 0; k < 2; k++) {
      const z = (ws[k] as number) * x;
      const d = act.derivatives64(z, 1);
      f += (as[k] as number) * (d[0] as number);
      T +=
        Math.abs((as[k] as number) * (d[0] as number)) + Math.abs((as[k] as number) * (d[1] as number) * z);
    }
    const r = f - (ys[n] as number);
    num += (rho[n] as number) * Math.abs(r) * T;
    den += (rho[n] as number) * r * r;
    maxCancel = Math.max(maxCancel, T / Math.max(Math.abs(r), Number.MIN_VALUE));
  }
  if (!Number.isFinite(num) || !Number.isFinite(den) || den === 0) return undefined;
  const predicted = (2 * 7 * U * num) / den + xs.length * U;
  const loss64 = lossAndDerivatives64(network, toDataset64(prob.data), Float64Array.from([...ws, ...as]), {
    gradient: false,
  }).loss;
  if (!exactAlways && predicted < TOLERANCE) return { predicted, loss64 };
  const exact = exactLoss(input, prob, digits, maxCancel);
  const relativeError = Math.abs(
    exact
      .minus(fromDouble(precision(digits + 20), loss64))
      .div(exact)
      .toNumber(),
  );
  return { predicted, loss64, exact, relativeError };
}

/** The loss at the same double parameters in Decimal, with guard digits for the cancellation in f. */
function exactLoss(input: Float64ChannelInput, prob: Problem, digits: number, maxCancel: number): Decimal {
  const p = precision(digits);
  const guard = 10 + Math.min(300, Math.max(0, Math.ceil(Math.log10(maxCancel))));
  const flat = [input.w1, input.w2, input.a1, input.a2].map((v) => fromDouble(p, v));
  return lossAndDerivatives(prob.network, prob.data, flat, p, { gradient: false, guard }).loss;
}

function evaluate(settings: SearchSettings): (input: Float64ChannelInput) => Evaluation {
  const prob = searchProblem(settings);
  return (input) => {
    const m = measure(input, prob, settings.digits, false);
    if (m === undefined) return { kind: 'invalid', reason: 'non-finite or zero float64 loss' };
    return {
      kind: 'scored',
      score: Math.log10(m.predicted),
      violated: m.relativeError !== undefined && m.relativeError > TOLERANCE,
    };
  };
}

function sig(x: number): string {
  return x.toPrecision(4);
}

export const float64ChannelLossSearch = defineSearchableClaim<Float64ChannelInput>({
  id: 'float64-channel-loss',
  statement:
    'the float64 loss of a width-2 network fitting a GLU target agrees with the exact loss to a relative 10⁻⁶ ' +
    '(false far along a channel, where the two readout terms cancel)',
  scoreNote:
    'log₁₀ of the predicted relative error of the float64 loss; a violation needs a measured error above 10⁻⁶',
  defaultActivation: 'tanh',
  defaultBudget: 1000,
  baselineByDefault: true,
  // Random inputs are almost all equally far from a channel: explore little, climb from many starts.
  searchDefaults: { exploreFraction: 0.05, patience: 60 },
  space: () => ({ genes: GENES, decode, moves }),
  evaluate,
  describe: (input) => {
    const p = precision(40);
    return {
      w1: fromDouble(p, input.w1).toString(),
      w2: fromDouble(p, input.w2).toString(),
      a1: fromDouble(p, input.a1).toString(),
      a2: fromDouble(p, input.a2).toString(),
    };
  },
  explain(input, settings) {
    const prob = searchProblem(settings);
    const m = measure(input, prob, settings.digits, true);
    const eps = Math.abs(input.w1 - input.w2) / 2;
    const A = Math.abs(input.a1 - input.a2) / 2;
    if (m?.exact === undefined) return 'the float64 loss is not finite here';
    // Both losses to the same significant digits, in the same notation, and enough of them that they differ where
    // they differ (a relative error of 1e-6 printed 833518 against 833517.5 rounded to 833517 or 833518): two
    // digits past the first that differs, at least 6, at most float64's 17.
    const rel = m.relativeError ?? NaN;
    const digits =
      Number.isFinite(rel) && rel > 0 ? Math.min(17, Math.max(6, Math.ceil(-Math.log10(rel)) + 2)) : 6;
    return (
      `Near a channel (A = (a₁ − a₂)/2 ≈ ${sig(A)}, ε = |w₁ − w₂|/2 ≈ ${sig(eps)}) float64 gives L = ` +
      `${fromDouble(precision(40), m.loss64).toSignificantDigits(digits).toString()} ` +
      `but the exact loss at the same parameters is ${m.exact.toSignificantDigits(digits).toString()} (relative error ` +
      `${sig(m.relativeError ?? NaN)}): the readout terms of size ${sig(A)} cancel and take float64's digits with them.`
    );
  },
});
