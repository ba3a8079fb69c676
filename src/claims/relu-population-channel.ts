import { precision } from '../precision/context.js';
import {
  RELU_B13_START,
  RELU_POPULATION_TEACHER,
  reluPairLoss64,
  reluPopulationLoss,
  reluPopulationRun,
} from '../landscape/relu-population.js';
import type { Claim, Verdict } from './claim.js';

/**
 * Figure B13: from w₁ = (1, 0), w₂ = (1, 10⁻⁵), a = ±10⁵ the gradient flow of a 2-2-1 ReLU student on the Gaussian
 * population loss stays in the channel (docs/relu-population.md). Teacher: our choice, relu(x₁) − x₂·1[x₁ > 0]. The
 * check runs the flow to t = 100 (about 1 s of CPU) and confirms the float64 loss at the end against the 40-digit
 * closed form.
 */
export const reluPopulationChannel: Claim = {
  id: 'relu-population-channel',
  title: 'ReLU in the infinite-data limit converges into a channel (figure B13)',
  statement:
    'Gradient flow on the Gaussian population loss from the B13 start keeps the two input weights merged and the ' +
    'readouts at ±10⁵ while the loss falls 10⁵-fold and the pair’s output tends to a gated linear unit.',
  latex:
    'a_1\\,\\mathrm{relu}(w_1\\cdot x) + a_2\\,\\mathrm{relu}(w_2\\cdot x) \\to c\\,\\mathrm{relu}(w\\cdot x) + (v\\cdot x)\\,\\mathbb{1}[w\\cdot x>0]',
  hypotheses: [
    'x ~ N(0, I₂), ReLU, no biases, width 2',
    'teacher relu(x₁) − x₂·1[x₁ > 0] (our choice; the paper does not state its own)',
  ],
  source: 'paper, appendix B, figure B13',
  ownActivation: 'relu',
  check(): Verdict {
    const records = reluPopulationRun([0.01, 100], { log10Tolerance: -12 });
    const start = records[0]!;
    const end = records[records.length - 1]!;
    const exact = reluPopulationLoss(
      end.theta.map((x) => x.toString()),
      RELU_POPULATION_TEACHER,
      precision(40),
    ).loss;
    const f64Error = Math.abs(reluPairLoss64(end.theta, RELU_POPULATION_TEACHER) - exact.toNumber());
    const unitError = Math.hypot(end.c * end.w[0] + end.v[0] - 1, end.c * end.w[1] + end.v[1] + 1);
    const evidence = {
      start: RELU_B13_START.map(String),
      lossStart: start.loss.toExponential(4),
      lossEnd: exact.toSignificantDigits(6).toString(),
      float64LossError: f64Error.toExponential(1),
      epsEnd: end.eps.toExponential(4),
      readouts: [end.a1.toExponential(6), end.a2.toExponential(6)],
      unitError: unitError.toExponential(1),
      gapOverEps: ((end.loss - end.gluLoss) / end.eps).toFixed(4),
    };
    const ok =
      end.loss < 1e-5 * start.loss &&
      end.eps < 1e-5 &&
      Math.min(Math.abs(end.a1), Math.abs(end.a2)) > 0.99e5 &&
      unitError < 1e-5 &&
      f64Error < 1e-11;
    return ok
      ? {
          kind: 'verified',
          summary:
            `loss ${evidence.lossStart} → ${evidence.lossEnd} by t = 100 with ε = ${evidence.epsEnd} and readouts ` +
            `±10⁵ kept; the pair's unit is the teacher's to ${evidence.unitError}; L − L_GLU = ${evidence.gapOverEps}·ε`,
          evidence,
        }
      : {
          kind: 'refuted',
          summary: 'the flow from the B13 start left the channel or the loss did not fall',
          evidence,
        };
  },
};
