import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { integrate } from '../../src/flow/integrate.js';
import { networkObjective, type Objective } from '../../src/flow/objective.js';
import { decimalSystem } from '../../src/flow/_internals/flow-system.js';
import { taylorCoefficients } from '../../src/flow/_internals/taylor-series.js';
import { precision, type Precision } from '../../src/precision/context.js';
import { agreeingDigits } from './helpers.js';

/** Two neurons with biases on both layers fitting a smooth target at 7 points; activation by name or formula. */
function problem(activation: string): Objective {
  const act = resolveActivation(activation);
  const xs = ['-2', '-1.25', '-0.5', '0', '0.75', '1.5', '2.5'];
  return networkObjective(
    { layout: { width: 2, inputDimension: 1, hiddenBias: true, outputBias: true }, activation: act },
    (p: Precision) => ({
      inputs: xs.map((x) => [new p.D(x)]),
      targets: xs.map((x) => new p.D(x).times('0.7').sin()),
    }),
  );
}

const start = ['0.9', '-0.3', '-1.2', '0.4', '0.8', '-0.6', '0.1'];

/**
 * The closed recurrences of the registered erf, sigmoid and softplus (σ′ from a first-order ODE, O(q) per order)
 * against the generic series of the same function given as a formula (Taylor coefficients of the activation's jet
 * composed with z(t), O(q²) per order): a different code path, equal up to rounding.
 */
describe('Taylor series of the flow: closed recurrences = generic series', () => {
  const cases = [
    ['erf', 'erf(x/sqrt(2))'],
    ['sigmoid', '1/(1 + exp(-x))'],
    ['softplus', 'log(1 + exp(x))'],
    ['tanh', 'tanh(x)'],
  ] as const;
  for (const [name, formula] of cases) {
    it(`${name}: all 30 orders agree with the formula's generic series to ≥ 45 of 60 digits`, () => {
      const w = precision(60);
      const y = start.map((v) => new w.D(v));
      const closed = decimalSystem(problem(name), w);
      const generic = decimalSystem(problem(formula), w);
      const a = taylorCoefficients(closed.F, closed.taylor!, y, 30);
      const b = taylorCoefficients(generic.F, generic.taylor!, y, 30);
      let worst = Infinity;
      for (let k = 0; k <= 30; k++) {
        const scale = b[k]!.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new w.D(0));
        a[k]!.forEach((v, i) => {
          const err = v.minus(b[k]![i]!).abs();
          if (!err.isZero()) worst = Math.min(worst, -err.div(scale).log(10).toNumber());
        });
      }
      expect(worst).toBeGreaterThan(45);
    });
  }
});

describe('Taylor steps cut short by a record time use fewer orders', () => {
  it('the series stops when the orders so far allow the remaining step; the flow keeps its digits', () => {
    const p = precision(30);
    // Many records at small t force short steps, where the early stop applies; none at t = 1 alone.
    const dense = integrate(problem('erf'), start, p, {
      times: ['1'],
      method: 'taylor',
      recordsPerDecade: 10,
    });
    const sparse = integrate(problem('erf'), start, p, {
      times: ['1'],
      method: 'taylor',
      recordsPerDecade: 0,
    });
    const reference = integrate(problem('erf'), start, precision(50), {
      times: ['1'],
      method: 'taylor',
      recordsPerDecade: 0,
    });
    const at1 = (r: typeof dense) => r.states[r.states.length - 1]!.params;
    at1(dense).forEach((v, i) => expect(agreeingDigits(v, at1(reference)[i]!)).toBeGreaterThan(27));
    at1(sparse).forEach((v, i) => expect(agreeingDigits(v, at1(reference)[i]!)).toBeGreaterThan(27));
  });
});
