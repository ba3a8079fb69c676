// An example of how another project uses `flat-channels/testing` for its own mathematical regression tests.
// It imports the published entry points (resolved through package.json "exports"), exactly as a dependent would.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { precision, resolveActivation, tanh } from 'flat-channels';
import { decimalArbitrary, flatChannelsMatchers, networkArbitrary } from 'flat-channels/testing';

expect.extend(flatChannelsMatchers);

const p = precision(40);

it('tanh is odd to 40 digits (Decimal arbitraries shrink to simple numbers)', () => {
  fc.assert(
    fc.property(decimalArbitrary(p), (x) => {
      expect(tanh(x.neg(), p)).toAgreeToDigits(tanh(x, p).neg(), 40);
    }),
    { numRuns: 50 },
  );
});

it('my softplus implementation agrees with the toolkit to 30 digits', () => {
  const mySoftplus = (x: number): string => Math.log1p(Math.exp(x)).toString();
  // A float64 implementation agrees to about 15 digits, not 30: the matcher says where they part.
  expect(() =>
    expect(mySoftplus(0.5)).toAgreeToDigits(resolveActivation('softplus').value('0.5', p), 30),
  ).toThrow(/significant digits are equal; digit \d+ differs/);
  expect(mySoftplus(0.5)).toAgreeToDigits(resolveActivation('softplus').value('0.5', p), 14);
});

it('a "converged" network whose readouts diverge while two neurons merge is in a channel', () => {
  // What float64 training often returns: finite weights, tiny gradient, yet a channel to infinity.
  const trained = { w: [[0.7], [1.00003], [1.00001]], a: [0.4, 2511.2, -2510.9] };
  expect(trained).toBeInAChannel();
  expect({ w: [[0.7], [-1.2]], a: [0.4, 1.3] }).not.toBeInAChannel();
});

it('random small networks are not in a channel (their parameters are bounded by 2)', () => {
  fc.assert(
    fc.property(networkArbitrary(p, { maxWidth: 3 }), (net) => {
      expect(net).not.toBeInAChannel();
    }),
    { numRuns: 30 },
  );
});
