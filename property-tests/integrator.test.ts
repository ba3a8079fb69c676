// The gradient-flow integrator (src/flow): agreement across methods and precisions, tolerance proportionality of
// the implicit method, float64 against Decimal, and the flow's defining monotonicity. Random width-1 tanh
// networks on three samples, t = 1. One Taylor or GBS flow at 20 digits ≈ 0.5–2 s, an implicit one ≈ 2–5 s:
// numRuns 2–3 per law; the file runs in ≈ 30–60 s on a loaded machine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../src/activations/index.js';
import { integrate, type FlowMethod } from '../src/flow/integrate.js';
import { networkObjective, type Objective } from '../src/flow/objective.js';
import { precision } from '../src/precision/context.js';
import { gridDecimal } from '../src/testing/_internals/grid-decimal.js';
import { checkLaw } from './_support/law.js';
import './_support/matchers.js';

const tanh = resolveActivation('tanh');
const q = precision(20);
const TIMEOUT = 180_000;

interface FlowCase {
  readonly xs: readonly string[];
  readonly ys: readonly string[];
  readonly init: readonly string[];
}

const caseArb: fc.Arbitrary<FlowCase> = fc.record({
  xs: fc.array(gridDecimal(q, -2, 2, 2), { minLength: 3, maxLength: 3 }).map((v) => v.map(String)),
  ys: fc.array(gridDecimal(q, -1, 1, 2), { minLength: 3, maxLength: 3 }).map((v) => v.map(String)),
  init: fc.array(gridDecimal(q, -1.5, 1.5, 2), { minLength: 2, maxLength: 2 }).map((v) => v.map(String)),
});

function objective(fc_: FlowCase): Objective {
  return networkObjective(
    { layout: { width: 1, inputDimension: 1, hiddenBias: false, outputBias: false }, activation: tanh },
    (p) => ({ inputs: fc_.xs.map((x) => [new p.D(x)]), targets: fc_.ys.map((y) => new p.D(y)) }),
  );
}

function endPoint(c: FlowCase, method: FlowMethod, digits: number, extra: object = {}): readonly string[] {
  const r = integrate(objective(c), c.init, precision(digits), {
    times: ['1'],
    method,
    recordsPerDecade: 0,
    ...extra,
  });
  return r.states[0]?.params ?? [];
}

describe('gradient-flow integrator', () => {
  it(
    'Taylor and GBS (extrapolation) agree at t = 1 to 16 digits at 20 working digits (estimated 17)',
    () => {
      checkLaw(
        fc.property(caseArb, (c) => {
          const taylor = endPoint(c, 'taylor', 20);
          const gbs = endPoint(c, 'gbs', 20);
          taylor.forEach((v, k) => expect(v).toAgreeToDigits(gbs[k] ?? '', 16));
        }),
        { numRuns: 3 },
      );
    },
    TIMEOUT,
  );

  it(
    'the flow at 20 digits is the flow at 30 digits to 17 digits (precision ladder)',
    () => {
      checkLaw(
        fc.property(caseArb, (c) => {
          const lo = endPoint(c, 'taylor', 20);
          const hi = endPoint(c, 'taylor', 30);
          lo.forEach((v, k) => expect(v).toAgreeToDigits(hi[k] ?? '', 17));
        }),
        { numRuns: 3 },
      );
    },
    TIMEOUT,
  );

  it(
    'the implicit method (Radau IIA) is tolerance-proportional: at local tolerance 10⁻⁸ it agrees with Taylor to 10⁻⁶',
    () => {
      checkLaw(
        fc.property(caseArb, (c) => {
          const ref = endPoint(c, 'taylor', 20);
          const imp = endPoint(c, 'implicit', 20, { implicitLog10Tolerance: -8 });
          imp.forEach((v, k) => {
            const err = Math.abs(Number(v) - Number(ref[k]));
            expect(err).toBeLessThan(1e-6 * (1 + Math.abs(Number(ref[k]))));
          });
        }),
        { numRuns: 2 },
      );
    },
    TIMEOUT,
  );

  it(
    'the float64 integrator agrees with the 20-digit Taylor flow to 10⁻⁸ (its estimated 8 digits)',
    () => {
      checkLaw(
        fc.property(caseArb, (c) => {
          const ref = endPoint(c, 'taylor', 20);
          const f64 = endPoint(c, 'float64', 20);
          f64.forEach((v, k) => {
            const err = Math.abs(Number(v) - Number(ref[k]));
            expect(err).toBeLessThan(1e-8 * (1 + Math.abs(Number(ref[k]))));
          });
        }),
        { numRuns: 3 },
      );
    },
    TIMEOUT,
  );

  it(
    'the loss never increases along the flow (dL/dt = −‖∇L‖² ≤ 0), at every recorded time',
    () => {
      checkLaw(
        fc.property(caseArb, (c) => {
          const r = integrate(objective(c), c.init, q, {
            times: ['100'],
            method: 'float64',
            recordsPerDecade: 5,
          });
          const losses = r.records.map((s) => Number(s.loss));
          losses.slice(1).forEach((l, k) => expect(l).toBeLessThanOrEqual((losses[k] ?? 0) * (1 + 1e-12)));
        }),
        { numRuns: 3 },
      );
    },
    TIMEOUT,
  );
});
