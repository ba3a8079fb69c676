import type { Claim, ClaimContext, Evidence, Verdict } from './claim.js';
import { figureSeries, type Figure } from '../report/plot/figure.js';
import { channelRun, genericProblem, realisableProblem, verdictOfRuns } from './_internals/channel-runs.js';
import { notSmoothVerdict } from './_internals/not-smooth.js';
import { checkParallelism, type ParallelismOutcome } from './_internals/parallelism.js';

function verdictOf(
  outcomes: readonly ParallelismOutcome[],
  noChannel: 'not-applicable' | 'inconclusive',
): Verdict {
  const evidence: Record<string, Evidence[string]> = {};
  const parts: string[] = [];
  const series = [];
  for (const o of outcomes) {
    const prefix = outcomes.length > 1 ? `${String(o.evidence['problem'])}.` : '';
    for (const [key, v] of Object.entries(o.evidence)) evidence[prefix + key] = v;
    if (o.kind === 'checked') {
      parts.push(o.summary);
      series.push(
        figureSeries(
          `1 − cos (${String(o.evidence['problem'])})`,
          o.steps.map((s) => s.eps),
          o.steps.map((s) => s.oneMinusCos),
        ),
      );
    } else parts.push(o.reason);
  }
  const first = series[0];
  const figures: Figure[] =
    first === undefined
      ? []
      : [
          {
            id: 'cosine-to-saddle-line',
            title: 'Updates turn parallel to the saddle-line direction (0,…;+1,−1)',
            caption:
              'One minus the cosine between consecutive gradient-flow updates and the saddle-line direction, against ε: it ' +
              'vanishes like ε⁴ as the flow runs down the channel.',
            x: { label: '|ε|', scale: 'log' },
            y: { label: '1 − |cos(Δθ, e_ai − e_aj)|', scale: 'log' },
            series,
            references: [
              {
                label: 'slope 4',
                slope: 4,
                through: [first.x[first.x.length - 1] ?? '1', first.y[first.y.length - 1] ?? '1'],
              },
            ],
          },
        ];
  return verdictOfRuns(outcomes, parts.join('; '), evidence, figures, noChannel);
}

function check(ctx: ClaimContext): Verdict {
  const notSmooth = notSmoothVerdict(ctx);
  if (notSmooth !== undefined) return notSmooth;
  if (ctx.problem !== undefined)
    return verdictOf([checkParallelism(channelRun(ctx.problem, { until: '1e10' }))], 'not-applicable');
  // The built-in problems were built to run into channels: no channel there is a failed construction.
  return verdictOf(
    [
      checkParallelism(channelRun(genericProblem(), { until: '1e10' })),
      checkParallelism(channelRun(realisableProblem(), { until: '1e11' })),
    ],
    'inconclusive',
  );
}

/** Paper eq. 5: a channel runs parallel to a saddle line, not into it. */
export const asymptoticParallelism: Claim = {
  id: 'asymptotic-parallelism',
  ownActivation: 'tanh',
  title: 'Asymptotic parallelism: channels run parallel to saddle lines',
  statement:
    'Along a gradient-flow trajectory in a channel, the cosine between parameter updates and the saddle-line direction ' +
    '(0,…,0; +1, −1 on the pair’s readouts) tends to 1 (1 − cos ∝ ε⁴), the fraction of each update in the channel ' +
    'subspace tends to 1, and the distance to the parent saddle line (the duplicated one-neuron critical point) stays bounded.',
  latex:
    '\\theta=(\\dots,w,w,\\dots,\\tfrac c2,\\tfrac c2)+(\\dots,\\varepsilon\\Delta,-\\varepsilon\\Delta,\\dots,\\tfrac{a}{2\\varepsilon},-\\tfrac{a}{2\\varepsilon}),\\quad 1-\\cos(\\dot\\theta,e_{a_i}-e_{a_j})=O(\\varepsilon^4)',
  hypotheses: [
    'the flow enters a channel (opposite readouts diverging, input weights merging)',
    'one input dimension without hidden bias (the parent saddle line comes from the 1-D loss at infinity)',
    'σ smooth',
  ],
  source: 'Martinelli et al. 2025, eq. 5 and §4 (cosine distance, channel subspace); mathematics.md §2',
  acceptsProblem: true,
  check,
};
