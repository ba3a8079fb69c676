import { describe, expect, it } from 'vitest';
import { registeredActivations, resolveActivation } from '../../src/activations/index.js';
import { precision } from '../../src/precision/context.js';
import { agrees, digitsAgreeing, scaleOf } from './helpers.js';

// σ^(k+1)(x) ≈ (σ^(k)(x+h) − σ^(k)(x−h))/(2h) with h = 1e−20 at 100 digits: the truncation error σ^(k+3)h²/6 is
// ~1e−41 and the cancellation costs 20 of the 100 digits, so agreement to 35 digits is a real test of every
// coefficient of the jet (including the recurrences' higher terms, which the closed-form tests do not reach).
const P = precision(100);
const H = new P.D('1e-20');
const K = 5;
const AGREE = 35;
const POINTS = ['-2.75', '-0.4', '0.1', '1.3', '3.6'];

const SMOOTH = registeredActivations().filter((n) => resolveActivation(n).smooth);
const FORMULAS = [
  'log(cosh(x))',
  'x^3/3 + tanh(2*x)',
  'exp(-x^2/2)',
  'sin(x)*cosh(x/3) - sqrt(2 + x^2)',
  '2^x/(1+x^2)',
  'erfc(x) + softplus(-x)',
];

describe('derivatives agree with central differences of the next-lower derivative (h = 1e-20, 100 digits)', () => {
  for (const name of [...SMOOTH, ...FORMULAS]) {
    it(name, () => {
      const act = resolveActivation(name);
      for (const x of POINTS) {
        const X = new P.D(x);
        const at = act.derivatives(X, K + 1, P);
        const up = act.derivatives(X.plus(H), K, P);
        const down = act.derivatives(X.minus(H), K, P);
        const scale = scaleOf(at);
        for (let k = 0; k <= K; k++) {
          const fd = up[k]!.minus(down[k]!).div(H.times(2));
          const want = at[k + 1]!;
          expect(
            agrees(fd, want, AGREE, scale, { absMargin: 0 }),
            `${name}: σ^(${k + 1})(${x}) = ${want} vs difference ${fd} (${digitsAgreeing(fd, want)} digits)`,
          ).toBe(true);
        }
      }
    });
  }

  it('the claim of the registered smooth activations list: relu is the only non-smooth one', () => {
    expect(registeredActivations().filter((n) => !resolveActivation(n).smooth)).toEqual(['relu']);
  });
});
