import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { precision } from '../../src/precision/context.js';
import { channelCriteria } from '../../src/testing/channel-criteria.js';
import { flatChannelsMatchers } from '../../src/testing/matchers.js';

expect.extend(flatChannelsMatchers);

describe('toAgreeToDigits', () => {
  it('passes within 10^−d relative and fails beyond, for Decimals of any clone, strings and numbers', () => {
    const p = precision(50);
    expect(new p.D('1.2345678901')).toAgreeToDigits('1.2345678902', 10);
    expect('1.2345678901').not.toAgreeToDigits('1.2345678903', 10);
    expect(new Decimal(0)).toAgreeToDigits(0, 40);
    expect(-2.5).toAgreeToDigits(new p.D('-2.5'), 40);
  });

  it('names the first differing significant digit', () => {
    expect(() => expect('3.14159265358979').toAgreeToDigits('3.14159265358988', 20)).toThrow(
      'the first 13 significant digits are equal; digit 14 differs: 7 vs 8',
    );
    expect(() => expect('1').toAgreeToDigits('-1', 5)).toThrow('they differ in sign');
    expect(() => expect('1e-3').toAgreeToDigits('1e-4', 5)).toThrow('they differ in magnitude');
  });

  it('uses digits beyond float64: a 60-digit difference is seen at 60 digits and not at 50', () => {
    const x = '0.' + '3'.repeat(70);
    const y = '0.' + '3'.repeat(55) + '4' + '3'.repeat(14);
    expect(x).toAgreeToDigits(y, 50);
    expect(() => expect(x).toAgreeToDigits(y, 60)).toThrow('digit 56 differs: 3 vs 4');
  });
});

describe('toBeInAChannel and channelCriteria', () => {
  const channel = {
    w: [
      [1.00002, -0.5],
      [1.00001, -0.5],
    ],
    a: [1500.5, -1499.9],
  };

  it('accepts a pair with merged input weights and large opposite readouts', () => {
    expect(channel).toBeInAChannel();
    const r = channelCriteria(channel);
    expect(r.inChannel).toBe(true);
    expect(r.pairs[0]).toMatchObject({ i: 0, j: 1, signsOpposite: true, channelLike: true });
  });

  it('rejects each criterion failing on its own: small norm, equal signs, apart weights', () => {
    // (Cosine distance is the paper's measure: in one dimension without biases all same-sign weights are at 0.)
    expect({ w: [[1.00002], [1.00001]], a: [15.5, -14.9] }).not.toBeInAChannel();
    expect({ w: [[1.00002], [1.00001]], a: [1500.5, 1499.9] }).not.toBeInAChannel();
    expect({
      w: [
        [1, 0],
        [0.5, 0.5],
      ],
      a: [1500.5, -1499.9],
    }).not.toBeInAChannel();
  });

  it('accepts flat parameters with a layout and explains a failure', () => {
    const layout = { width: 2, inputDimension: 1, hiddenBias: false, outputBias: true };
    expect({ layout, params: ['2', '2.0000001', '4000', '-3999', '0.1'] }).toBeInAChannel();
    expect(() => expect({ layout, params: [2, 3, 1, 1, 0] }).toBeInAChannel()).toThrow(
      /to be in a channel: ‖θ‖ = .* \(not above the threshold\); closest pair \(0, 1\)/,
    );
  });
});
