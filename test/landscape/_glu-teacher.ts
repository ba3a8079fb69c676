import type { Decimal } from 'decimal.js';
import { resolveActivation } from '../../src/activations/index.js';
import type { Dataset } from '../../src/network/dataset.js';
import type { Network } from '../../src/network/loss.js';
import type { Precision } from '../../src/precision/context.js';

/**
 * glu-teacher built by hand (independently of the problem loader): two tanh neurons, no biases, data
 * x_n = −3 + 0.75 n, n = 0…8, target 0.5·tanh(x) + x·sech²(x), start w = (1.1, 0.9), a = (5, −4.5).
 */
export const gluNetwork: Network = {
  layout: { width: 2, inputDimension: 1, hiddenBias: false, outputBias: false },
  activation: resolveActivation('tanh'),
};

const cache = new Map<number, Dataset>();
export function gluData(q: Precision): Dataset {
  let d = cache.get(q.digits);
  if (d === undefined) {
    const xs = Array.from({ length: 9 }, (_, n) => new q.D(-3).plus(new q.D('0.75').times(n)));
    // decimal.js's own tanh is not accurate to the last digits: use the correctly rounded special function.
    const targets = xs.map((x) => {
      const [t, s] = gluNetwork.activation.derivatives(x, 1, q) as [Decimal, Decimal];
      return t.div(2).plus(x.times(s));
    });
    d = { inputs: xs.map((x) => [x]), targets };
    cache.set(q.digits, d);
  }
  return d;
}

export function gluStart(q: Precision): Decimal[] {
  return ['1.1', '0.9', '5', '-4.5'].map((s) => new q.D(s));
}
