// Precision on a channel (mathematics.md §2, claim precision-on-channel): the loss at A = a/(2ε) needs about
// 3·log₁₀|A| + 10 significant digits. For random channel configurations at ε = 10⁻³ … 10⁻¹², the loss at that
// many digits (no guard digits) agrees with the loss at 20 more to 5 significant digits (that too few digits fail
// is the float64-channel-loss counterexample in the corpus). Two losses per run; numRuns 30; about a second.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lossAndDerivatives } from '../src/network/loss.js';
import { precision } from '../src/precision/context.js';
import { channelParameters } from '../src/testing/channel-configuration.js';
import { channelConfigurationArbitrary } from '../src/testing/channel-configuration-arbitrary.js';
import { checkLaw } from './_support/law.js';
import './_support/matchers.js';

const p = precision(60);
const configs = channelConfigurationArbitrary(p, { minAbsA: 0.5, maxInputDimension: 1 });

describe('precision on a channel', () => {
  it('the loss at 3·log₁₀|A| + 10 digits agrees with the loss at 20 digits more to 5 significant digits', () => {
    checkLaw(
      fc.property(configs, fc.integer({ min: 3, max: 12 }), (config, k) => {
        const eps = new p.D(10).pow(-k);
        const A = config.a.abs().div(eps.times(2));
        const digits = Math.ceil(3 * A.log(10).toNumber()) + 10;
        const net = { layout: config.layout, activation: config.activation };
        const loss = (d: number) => {
          const q = precision(d);
          // The parameters are exact at d + 20 digits; the loss computed with the default guard at d digits.
          const theta = channelParameters(config, eps, precision(digits + 20));
          return lossAndDerivatives(net, config.data, theta, q, { gradient: false, guard: 0 }).loss;
        };
        fc.pre(!loss(digits + 20).isZero());
        expect(loss(digits)).toAgreeToDigits(loss(digits + 20), 5);
      }),
      { numRuns: 30 },
    );
  });
});
