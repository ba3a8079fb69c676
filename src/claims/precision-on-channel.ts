import { toDataset64 } from '../network/dataset.js';
import { lossAndDerivatives } from '../network/loss.js';
import { lossAndDerivatives64 } from '../network/loss64.js';
import { digitsForA, followChannel } from '../landscape/follow-channel.js';
import { loadProblem } from '../network/problem.js';
import { precision } from '../precision/context.js';
import type { Claim, Verdict } from './claim.js';
import { fixedProblemCheck } from './_internals/not-smooth.js';

function compute(): Verdict {
  const problem = loadProblem('glu-teacher');
  const out = followChannel(
    problem.network,
    (q) => problem.dataset(q),
    problem.initial(precision(40)),
    '1e30',
    {
      values: ['1e30'],
    },
  );
  const last = out.points[out.points.length - 1];
  if (out.kind !== 'reached' || last === undefined) {
    return { kind: 'inconclusive', summary: 'the channel could not be followed to 1e30', evidence: {} };
  }
  const theta = last.params;
  const at = (digits: number, guard = 10): string => {
    const q = precision(digits);
    return lossAndDerivatives(problem.network, problem.dataset(q), theta, q, { gradient: false, guard })
      .loss.toSignificantDigits(12)
      .toString();
  };
  const chosen = last.digits;
  const lossChosen = at(chosen, 70);
  const lossPlus20 = at(chosen + 20, 70);
  const loss60 = at(60);
  const loss64 = lossAndDerivatives64(
    problem.network,
    toDataset64(problem.dataset(precision(20))),
    Float64Array.from(theta, (x) => x.toNumber()),
    { gradient: false },
  ).loss;
  const q = precision(40);
  const ref = new q.D(lossPlus20);
  const wrong = (x: string | number): boolean =>
    !Number.isFinite(Number(x)) || new q.D(x).minus(ref).abs().gt(ref.abs());
  const evidence = {
    point: 'glu-teacher valley floor at A = 1e30 (parameters rounded to the chosen digits)',
    chosenDigits: chosen,
    rule: `digitsForA(1e30) = ${digitsForA('1e30')}`,
    lossChosen,
    lossPlus20,
    loss60Digits: loss60,
    lossFloat64: String(loss64),
  };
  if (lossChosen !== lossPlus20) {
    return { kind: 'refuted', summary: 'the chosen digits and +20 digits disagree on the loss', evidence };
  }
  if (!wrong(loss60) || !wrong(loss64)) {
    return {
      kind: 'refuted',
      summary:
        'a 60-digit or float64 loss at A = 1e30 came out right: the precision rule is not needed there',
      evidence,
    };
  }
  return {
    kind: 'verified',
    summary: `at A = 1e30 the loss ${lossChosen} reproduces at +20 digits, while 60 digits give ${loss60} and float64 ${String(loss64)}`,
    evidence,
  };
}

/** The check does not depend on the activation under test (its problem fixes one): computed once per process. */
const check = fixedProblemCheck(compute);

/** mathematics.md §2, "Precision": a channel needs about 3·log₁₀|A| + 10 digits. */
export const precisionOnChannel: Claim = {
  id: 'precision-on-channel',
  ownActivation: 'tanh',
  title: 'A channel far out needs ~3·log₁₀|A| digits',
  statement:
    'At |A| = 10³⁰ on the glu-teacher channel the loss computed with the digits chosen from A agrees with a ' +
    'recomputation at +20 digits, while 60 digits and float64 return losses wrong by orders of magnitude.',
  latex: 'd(A)\\approx 3\\log_{10}|A|+10',
  hypotheses: ['glu-teacher channel, valley floor at A = 1e30'],
  source: 'mathematics.md §2 (Precision); numerics.md (integrating gradient flows)',
  check,
};
