import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { detectChannels, type Detection } from '../../src/landscape/detect-channels.js';
import { importNetwork, type ImportedNetwork } from '../../src/landscape/detect-import.js';
import { detectionProblemChecked } from '../../src/landscape/detect-problem.js';
import { networkSymmetries } from '../../src/network/channel-criteria.js';
import { itScaled } from '../_support/tier.js';

/**
 * Networks trained by scikit-learn (scripts/sklearn-fixtures/generate.py: MLPRegressor, alpha = 0, width 2 and 3,
 * tanh and logistic, 1-D and 2-D inputs, with and without intercepts), each LABELLED by the generator alone in
 * float64 — `channel`: the continued gradient flow grows |A| by 10% while ε and the loss fall, and the valley-floor
 * loss decreases from A to 2A to 4A; `finite-minimum`: Newton converges nearby to a positive definite Hessian.
 * detect must agree with those labels, reading each file as docs/detect.md's scikit-learn recipe writes it.
 */
const DIR = join(import.meta.dirname, '..', 'fixtures', 'sklearn');

interface Fixture {
  readonly name: string;
  readonly data: string;
  readonly activation: 'tanh' | 'logistic';
  readonly width: number;
  readonly inputDimension: number;
  readonly intercepts: boolean;
  readonly label: 'channel' | 'finite-minimum';
  readonly evidence: {
    readonly pair?: { i: number; j: number; mirrored: boolean; cosineDistance: number };
  };
}

const MANIFEST = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  fixtures: Fixture[];
};

function detect(f: Fixture): { net: ImportedNetwork; result: Detection } {
  const net = importNetwork(join(DIR, `${f.name}.sklearn.json`));
  const activation = net.activation ?? '';
  const data = JSON.parse(readFileSync(join(DIR, f.data), 'utf8')) as unknown;
  const { problem, warnings } = detectionProblemChecked(net, activation, {
    kind: 'json',
    json: data,
    what: f.data,
  });
  expect(warnings).toEqual([]);
  const flat = [
    ...net.params.w.flat(),
    ...net.params.a,
    ...(net.params.b === undefined ? [] : [net.params.b]),
  ];
  const result = detectChannels(net.layout, flat, problem, {
    symmetries: networkSymmetries(resolveActivation(activation)),
  });
  return { net, result };
}

/**
 * Channels detect cannot yet call channels, each for a stated reason (the test checks that they are at least
 * not called finite minima or saddles):
 * - a logistic pair in the mirrored form: σ(x) + σ(−x) = 1, so the flip (w, a, b) → (−w, −a, b + a) is a symmetry
 *   only with the output bias absorbing a_j; the symmetry group (network/neuron-pair.ts) supports odd σ only;
 * - a pair not yet merged by the paper's criterion (cosine distance ≥ 10⁻³ modulo the flip): the static criteria
 *   say "not a channel yet", while the float64 flow already shows it running off.
 */
function gap(f: Fixture): string | undefined {
  const pair = f.evidence.pair;
  if (pair === undefined) return undefined;
  if (f.activation === 'logistic' && pair.mirrored) return 'mirrored logistic pair (flip with bias shift)';
  if (pair.cosineDistance >= 1e-3) return 'cosine distance ≥ 1e-3: not merged by the paper’s criterion yet';
  return undefined;
}

/** The default tier: mirrored and plain, 1-D and 2-D, with and without intercepts, width 3, minima of both σ. */
const QUICK = new Set([
  'glu1d-tanh-w2-noicpt-lbfgs-s1',
  'glu2d-tanh-w2-icpt-lbfgs-s1',
  'glu2d-tanh-w2-noicpt-lbfgs-s0',
  'glu1d-logistic-w2-icpt-lbfgs-s1',
  'glu2d-plus-tanh-w3-icpt-lbfgs-s0',
  'teacher2d-tanh-w2-icpt-lbfgs-s0',
  'teacher1d-logistic-w2-icpt-lbfgs-s0',
  'teacher1d-tanh-w2-noicpt-lbfgs-s1',
  'glu2d-plus-tanh-w3-icpt-lbfgs-s2',
]);

describe('detect on networks trained by scikit-learn (test/fixtures/sklearn, labelled by the generator)', () => {
  itScaled('the manifest covers the cases the issue names', () => {
    const fx = MANIFEST.fixtures;
    const channels = fx.filter((f) => f.label === 'channel');
    expect(channels.length).toBeGreaterThanOrEqual(10);
    expect(fx.filter((f) => f.label === 'finite-minimum').length).toBeGreaterThanOrEqual(5);
    // Mirrored, sign-flipped tanh pairs, and 2-D pairs with cosine distance < 1e-3 but far from 0.
    expect(channels.some((f) => f.activation === 'tanh' && f.evidence.pair?.mirrored === true)).toBe(true);
    expect(
      channels.some(
        (f) =>
          f.inputDimension === 2 &&
          (f.evidence.pair?.cosineDistance ?? 1) < 1e-3 &&
          (f.evidence.pair?.cosineDistance ?? 0) > 1e-5,
      ),
    ).toBe(true);
    expect(fx.some((f) => !f.intercepts)).toBe(true);
    expect(fx.some((f) => f.width === 3)).toBe(true);
  });

  itScaled(
    'channels are channels (the labelled pair, mirrored as labelled), finite minima are minima',
    (long) => {
      const cases = MANIFEST.fixtures.filter((f) => long || QUICK.has(f.name));
      expect(cases.length).toBeGreaterThan(0);
      for (const f of cases) {
        const { net, result } = detect(f);
        expect(net.format).toBe('sklearn-json');
        expect(net.layout.hiddenBias, f.name).toBe(f.intercepts);
        expect(net.layout.width).toBe(f.width);
        expect(net.layout.inputDimension).toBe(f.inputDimension);
        if (f.label === 'finite-minimum') {
          expect(result.verdict, f.name).toBe('finiteMinimum');
          continue;
        }
        const why = gap(f);
        if (why !== undefined) {
          expect(['finiteMinimum', 'saddle'], `${f.name} (${why})`).not.toContain(result.verdict);
          continue;
        }
        const labelled = f.evidence.pair as NonNullable<Fixture['evidence']['pair']>;
        const pair = result.pairs.find((q) => q.i === labelled.i && q.j === labelled.j);
        expect(pair, f.name).toBeDefined();
        expect(['channel', 'channelCandidate'], f.name).toContain(pair?.verdict);
        expect(pair?.mirrored === true, f.name).toBe(labelled.mirrored);
        expect(pair?.signsOpposite, f.name).toBe(true);
        expect(['channel', 'channelCandidate'], f.name).toContain(result.verdict);
      }
    },
  );
});
