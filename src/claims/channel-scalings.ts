import { digitsForA, followChannel } from '../landscape/follow-channel.js';
import { loadProblem } from '../network/problem.js';
import { precision } from '../precision/context.js';
import type { Claim, Verdict } from './claim.js';
import { fixedProblemCheck } from './_internals/not-smooth.js';
import { figureSeries, type Figure } from './figure.js';

function compute(): Verdict {
  const problem = loadProblem('glu-teacher');
  const values = ['1e4', '1e8', '1e12'];
  const out = followChannel(
    problem.network,
    (q) => problem.dataset(q),
    problem.initial(precision(40)),
    '1e12',
    {
      values,
    },
  );
  if (out.kind !== 'reached' || out.fits === undefined) {
    return {
      kind: 'inconclusive',
      summary: `the channel could not be followed: ${out.kind === 'failed' ? out.reason : 'too few points'}`,
      evidence: { problem: 'glu-teacher' },
    };
  }
  const f = out.fits;
  const evidence = {
    problem: 'glu-teacher (realisable GLU target: L∞ = 0, so the gap starts at ε⁴)',
    A: out.points.map((p) => p.A.toString()),
    invEps: out.points.map((p) => p.invEps.toSignificantDigits(8).toString()),
    loss: out.points.map((p) => p.loss.toSignificantDigits(8).toString()),
    lambdaMax: out.points.map((p) => p.lambdaMax.toSignificantDigits(8).toString()),
    digits: out.points.map((p) => String(p.digits)),
    digitsRule: `3·log10|A| + 30 (e.g. ${digitsForA('1e12')} at 1e12)`,
    gapPower: f.gapPower.toString(),
    lambdaPower: f.lambdaPower.toString(),
    slopePower: f.slopePower.toString(),
  };
  const near = (x: typeof f.gapPower, y: number): boolean => x.minus(y).abs().lt('1e-3');
  const eps = out.points.map((p) => p.eps.abs());
  const gap = out.points.map((p) => p.loss.minus(f.lossAtInfinity));
  const lastPoint = out.points[out.points.length - 1];
  const through = (x: typeof f.gapPower, y: typeof f.gapPower): readonly [string, string] => [
    x.toSignificantDigits(17).toString(),
    y.toSignificantDigits(17).toString(),
  ];
  const figures: Figure[] =
    lastPoint === undefined
      ? []
      : [
          {
            id: 'loss-gap-vs-epsilon',
            title: 'glu-teacher: loss gap L − L∞ against ε along the valley floor',
            caption:
              'Realisable GLU target: the gap vanishes like ε⁴ (slope 4; a target with L∞ > 0 gives ε²).',
            x: { label: '|ε|', scale: 'log' },
            y: { label: 'L − L∞', scale: 'log' },
            series: [figureSeries('L − L∞ (valley floor)', eps, gap)],
            references: [
              {
                label: 'slope 4',
                slope: 4,
                through: through(lastPoint.eps.abs(), lastPoint.loss.minus(f.lossAtInfinity)),
              },
            ],
          },
          {
            id: 'lambda-max-vs-inverse-epsilon',
            title: 'glu-teacher: largest Hessian eigenvalue against 1/ε',
            caption:
              'The channel gets sharper across as it gets flatter along: λ_max grows like 1/ε² (slope 2).',
            x: { label: '1/|ε|', scale: 'log' },
            y: { label: 'λ_max', scale: 'log' },
            series: [
              figureSeries(
                'λ_max',
                out.points.map((p) => p.invEps.abs()),
                out.points.map((p) => p.lambdaMax),
              ),
            ],
            references: [
              { label: 'slope 2', slope: 2, through: through(lastPoint.invEps.abs(), lastPoint.lambdaMax) },
            ],
          },
        ];
  // Realisable target: gap ∝ ε⁴ and slope ∝ ε⁵ (the generic laws ε², ε³ shifted by the vanishing h), λ_max ∝ ε⁻².
  return near(f.gapPower, 4) && near(f.slopePower, 5) && near(f.lambdaPower, 2)
    ? {
        kind: 'verified',
        summary: `on the followed channel: loss gap ∝ ε^${f.gapPower.toString()}, |dL/dA| ∝ ε^${f.slopePower.toString()}, λ_max ∝ ε^−${f.lambdaPower.toString()}`,
        evidence,
        figures,
      }
    : {
        kind: 'refuted',
        summary: 'a fitted power is off the predicted one by more than 1e−3',
        evidence,
        figures,
      };
}

/** The check does not depend on the activation under test (its problem fixes one): computed once per process. */
const check = fixedProblemCheck(compute);

/** Paper §4 scalings measured on a channel followed at high precision (realisable case of mathematics.md §2). */
export const channelScalings: Claim = {
  id: 'channel-scalings',
  ownActivation: 'tanh',
  title: 'Scalings along a channel: sharper across, flatter along',
  statement:
    'Along the valley floor of a channel the largest Hessian eigenvalue grows like 1/ε² while the loss gap and the ' +
    'slope dL/dA vanish like powers of ε: ε², ε³ when the limit loss L∞ > 0 (h ≠ 0), and ε⁴, ε⁵ when the limit ' +
    'GLU fits the data exactly (L∞ = 0, as for glu-teacher, which is checked here).',
  latex:
    '\\lambda_{\\max}\\propto\\varepsilon^{-2},\\quad L-L_\\infty\\propto\\varepsilon^{4},\\quad \\tfrac{dL}{dA}\\propto\\varepsilon^{5}',
  hypotheses: ['glu-teacher: tanh neurons, the target is a GLU, reached only at infinity'],
  source: 'Martinelli et al. 2025, §4; mathematics.md §2 (derived time laws)',
  check,
};
