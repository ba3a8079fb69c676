import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { staticChannelEvidence } from '../../src/flow/channel-evidence.js';
import { detectChannels } from '../../src/landscape/detect-channels.js';
import { digitsForA } from '../../src/landscape/follow-channel.js';
import {
  channelDigits,
  channelVerdict,
  decimalsOf,
  networkSymmetries,
} from '../../src/network/channel-criteria.js';
import type { Layout } from '../../src/network/params.js';
import { problemFromSpec } from '../../src/network/problem.js';
import { ProblemSpec, parseWith } from '../../src/network/spec.js';
import { precision } from '../../src/precision/context.js';
import { sweepProblemOf } from '../../src/sweep/_internals/problem-cache.js';
import { classifyEndPoint } from '../../src/sweep/classify-end-point.js';
import { channelCriteria } from '../../src/testing/channel-criteria.js';
import { endPoint } from '../sweep/helpers.js';

/** One network of the corpus: rows of w (no biases), readouts, activation, and whether it is a channel. */
interface Case {
  readonly name: string;
  readonly activation: string;
  readonly w: readonly (readonly number[])[];
  readonly a: readonly number[];
  readonly channel: boolean;
}

/** Rotates (1, 0.5)·scale by the angle whose cosine distance is `cosDist`. */
function rotated(cosDist: number, scale: number): number[] {
  const phi = Math.acos(1 - cosDist) + Math.atan2(0.5, 1);
  const r = Math.hypot(1, 0.5) * scale;
  return [r * Math.cos(phi), r * Math.sin(phi)];
}

const CORPUS: readonly Case[] = [
  // The example: the matcher said "in a channel" (cosine only), detect noChannel. Weights 0.7 and 5 are
  // apart: in one input dimension the relative distance decides.
  { name: '1-D apart, a = ±2000', activation: 'tanh', w: [[0.7], [5.0]], a: [2000, -2000], channel: false },
  {
    name: '1-D merged, a = ±2000',
    activation: 'tanh',
    w: [[1.0], [1.0005]],
    a: [2000, -2000],
    channel: true,
  },
  // The sign flip of an odd σ: (w, a) → (−w, −a) is the same network.
  { name: '1-D mirrored, tanh', activation: 'tanh', w: [[1.0], [-1.0005]], a: [2000, 2000], channel: true },
  { name: '1-D mirrored, erf', activation: 'erf', w: [[-1.0], [1.0005]], a: [-2000, -2000], channel: true },
  // softplus is not odd: the mirrored form is not a symmetry, the pair is apart.
  {
    name: '1-D mirrored, softplus',
    activation: 'softplus',
    w: [[1.0], [-1.0005]],
    a: [2000, 2000],
    channel: false,
  },
  // 2-D pairs the paper's cosine criterion accepts although their norms differ (relative distance ≈ 0.4).
  {
    name: '2-D cosine 7e-4',
    activation: 'tanh',
    w: [[1, 0.5], rotated(7e-4, 1.4)],
    a: [2000, -2000],
    channel: true,
  },
  {
    name: '2-D cosine 3e-4 mirrored',
    activation: 'erf',
    w: [[1, 0.5], rotated(3e-4, -0.8)],
    a: [1500, 1500],
    channel: true,
  },
  {
    name: '2-D cosine 2e-3',
    activation: 'tanh',
    w: [[1, 0.5], rotated(2e-3, 1)],
    a: [2000, -2000],
    channel: false,
  },
  {
    name: 'duplicate (same signs)',
    activation: 'tanh',
    w: [[1.0], [1.0001]],
    a: [2000, 2000],
    channel: false,
  },
  {
    name: 'small readouts (candidate)',
    activation: 'tanh',
    w: [[1.0], [1.0001]],
    a: [50, -50],
    channel: false,
  },
  {
    name: 'width 3, one channel pair',
    activation: 'tanh',
    w: [[0.3], [1.0], [-1.0002]],
    a: [0.5, 3000, 3000],
    channel: true,
  },
  { name: 'finite, apart', activation: 'tanh', w: [[0.4], [-1.3]], a: [1.2, 0.7], channel: false },
];

function specOf(c: Case): ProblemSpec {
  const d = (c.w[0] as readonly number[]).length;
  const inputs =
    d === 1
      ? ['-1', '0.5', '2']
      : [
          ['-1', '0.5'],
          ['0.3', '-2'],
          ['1.5', '1'],
        ];
  return parseWith(
    ProblemSpec,
    {
      format: 'flat-channels-problem',
      version: 1,
      name: 'corpus',
      activation: c.activation,
      hiddenBias: false,
      outputBias: false,
      inputDimension: d,
      data: { kind: 'samples', inputs, targets: ['0.1', '-0.2', '0.3'] },
      student: { width: c.a.length, init: { kind: 'glorot-normal', seed: 1 } },
    },
    c.name,
  );
}

describe('one channel verdict: detect, the sweep classification, the flow and the test matcher agree', () => {
  for (const c of CORPUS) {
    it(c.name, () => {
      const layout: Layout = {
        width: c.a.length,
        inputDimension: (c.w[0] as readonly number[]).length,
        hiddenBias: false,
        outputBias: false,
      };
      const theta = [...c.w.flat(), ...c.a];
      const flat: Decimal[] = decimalsOf(theta);
      const symmetries = networkSymmetries(resolveActivation(c.activation));
      expect(symmetries.signFlip).toBe(c.activation === 'tanh' || c.activation === 'erf');

      const truth = channelVerdict(layout, flat, { symmetries }).verdict === 'channel';
      const matcher = channelCriteria(
        { w: c.w.map((r) => decimalsOf(r)), a: decimalsOf(c.a) },
        { symmetries },
      ).inChannel;
      const detect = detectChannels(layout, flat, undefined, { symmetries }).verdict === 'channel';
      const spec = specOf(c);
      const classify =
        classifyEndPoint(sweepProblemOf(spec).sweep, endPoint(theta), { escalate: false }).class ===
        'channel';
      // The flow's end-of-run evidence is this static verdict unless the growth of A along the run already
      // showed a channel being entered (FlowRun's channelEvidence), which a static point cannot show.
      const problem = problemFromSpec(spec, c.name);
      const flow =
        staticChannelEvidence(problem.network, flat, undefined, new (precision(30).D)(1)) !== undefined;

      expect({ truth, matcher, detect, classify, flow }).toEqual({
        truth: c.channel,
        matcher: c.channel,
        detect: c.channel,
        classify: c.channel,
        flow: c.channel,
      });
    });
  }

  it('the digits rule exists once: the follower’s digitsForA is channelDigits', () => {
    for (const A of ['0.5', '10', '1e12', '1e30', '-3e7']) expect(digitsForA(A)).toBe(channelDigits(A));
    expect(channelDigits('1e30')).toBe(120);
  });
});
