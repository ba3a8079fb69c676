// Symmetry-induced subspaces (docs/subspaces.md, issue 18): for random exact critical points (targets built from a
// residual orthogonal to the Jacobian, criticalData; no Newton) of width r ≤ 2 and random zero-loss teachers of
// width r ≤ 3, every enumerated subspace at a random width m ∈ [r, r + 2] is critical with the parent's loss; and
// the closed-form counts satisfy identities independent of their derivation. Budget: 40-digit data, checks at 30
// digits, ≤ 20 subspaces per case, gradients only; numRuns 10–40 per law.
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../src/activations/index.js';
import { criticalData } from '../src/claims/counterexamples/_internals/critical-data.js';
import { lossAndDerivatives, type Network } from '../src/network/loss.js';
import { parameterCount, rowLength, type Layout } from '../src/network/params.js';
import { precision } from '../src/precision/context.js';
import { gridDecimal } from '../src/testing/_internals/grid-decimal.js';
import { checkCriticalSubspaces, reducibility } from '../src/symmetry/critical-subspaces.js';
import { factorial } from '../src/symmetry/combinatorics.js';
import {
  expansionCount,
  expansionCountBySum,
  replicationCount,
  replicationCountInclusionExclusion,
} from '../src/symmetry/subspace-counts.js';
import { checkLaw } from './_support/law.js';

const p = precision(40);
const DIGITS = 30;
const smooth = fc.constantFrom(
  ...['tanh', 'sigmoid', 'softplus', 'erf', 'gelu', 'silu'].map(resolveActivation),
);

const layoutArb = (maxWidth: number): fc.Arbitrary<Layout> =>
  fc.record({
    width: fc.integer({ min: 1, max: maxWidth }),
    inputDimension: fc.integer({ min: 1, max: 2 }),
    hiddenBias: fc.boolean(),
    outputBias: fc.boolean(),
  });

const paramsArb = (layout: Layout): fc.Arbitrary<Decimal[]> =>
  fc.array(
    gridDecimal(p, -2, 2).filter((v) => v.abs().gt('0.05')),
    { minLength: parameterCount(layout), maxLength: parameterCount(layout) },
  );

const inputsArb = (layout: Layout, n: number): fc.Arbitrary<Decimal[][]> =>
  fc.array(
    fc.array(gridDecimal(p, -2, 2), { minLength: layout.inputDimension, maxLength: layout.inputDimension }),
    {
      minLength: n,
      maxLength: n,
    },
  );

describe('symmetry-induced subspaces (property)', () => {
  it('random critical points (positive loss): every enumerated subspace at m ∈ [r, r + 2] is critical, equal loss', () => {
    const N = 12;
    const cases = fc
      .record({ activation: smooth, layout: layoutArb(2), extra: fc.integer({ min: 0, max: 2 }) })
      .chain(({ activation, layout, extra }) =>
        fc.record({
          activation: fc.constant(activation),
          layout: fc.constant(layout),
          extra: fc.constant(extra),
          params: paramsArb(layout),
          inputs: inputsArb(layout, N),
          direction: fc.array(gridDecimal(p, -1, 1), { minLength: N, maxLength: N }),
          scale: gridDecimal(p, 0.05, 1),
        }),
      );
    checkLaw(
      fc.property(cases, (c) => {
        fc.pre(reducibility(c.layout, c.params, p) === undefined);
        const cc = criticalData({ ...c, weights: undefined }, p);
        fc.pre(cc !== undefined);
        const q = precision(DIGITS + 10);
        const loss = lossAndDerivatives(cc!.network, cc!.data, cc!.params, q, { gradient: false }).loss;
        const m = c.layout.width + c.extra;
        const res = checkCriticalSubspaces(
          cc!.network,
          () => cc!.data,
          { point: cc!.params, loss, zeroLoss: false },
          m,
          DIGITS,
          { cap: 20, samples: 1, hessian: false, seed: 3 },
        );
        expect(res.zeroType).toBe(false);
        expect(BigInt(res.subspaces.length)).toBe(res.total < 20n ? res.total : 20n);
        for (const s of res.subspaces)
          for (const pt of s.points) expect(pt.critical, s.subspace.parentOf.join(',')).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it('random zero-loss teachers: replication and zero-type subspaces all critical, as many as r!·S(m+1, r+1)', () => {
    const N = 8;
    const cases = fc
      .record({ activation: smooth, layout: layoutArb(3), extra: fc.integer({ min: 0, max: 2 }) })
      .chain(({ activation, layout, extra }) =>
        fc.record({
          activation: fc.constant(activation),
          layout: fc.constant(layout),
          extra: fc.constant(extra),
          params: paramsArb(layout),
          inputs: inputsArb(layout, N),
        }),
      );
    checkLaw(
      fc.property(cases, (c) => {
        fc.pre(reducibility(c.layout, c.params, p) === undefined);
        const q = precision(DIGITS + 10);
        const network: Network = { activation: c.activation, layout: c.layout };
        // Targets: the teacher's outputs at 40 digits (f by direct summation), so the parent has zero loss.
        const row = rowLength(c.layout);
        const r = c.layout.width;
        const targets = c.inputs.map((x) => {
          const xt = c.layout.hiddenBias ? [...x, new p.D(1)] : x;
          let f = c.layout.outputBias ? new p.D(c.params[parameterCount(c.layout) - 1]!) : new p.D(0);
          for (let k = 0; k < r; k++) {
            const z = xt.reduce((s, v, j) => s.plus(v.times(c.params[k * row + j]!)), new p.D(0));
            f = f.plus(c.params[r * row + k]!.times(c.activation.value(z, p)));
          }
          return f;
        });
        const data = { inputs: c.inputs, targets };
        const loss = lossAndDerivatives(network, data, c.params, q, { gradient: false }).loss;
        const m = r + c.extra;
        const res = checkCriticalSubspaces(
          network,
          () => data,
          { point: c.params, loss, zeroLoss: true },
          m,
          DIGITS,
          { cap: 20, samples: 1, hessian: false, seed: 5 },
        );
        expect(res.total).toBe(expansionCount(r, m));
        expect(res.complete).toBe(res.total <= 20n);
        for (const s of res.subspaces)
          for (const pt of s.points) expect(pt.critical, s.subspace.parentOf.join(',')).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it('count identities for random 1 ≤ r ≤ m ≤ 14: inclusion–exclusion, the sum over zero-type units, multinomials', () => {
    /** Σ over compositions (c_1…c_r), c_i ≥ 1, of m!/(c_1!⋯c_r!): the labelled surjections, by orbits. */
    const byOrbits = (r: number, m: number): bigint => {
      if (r === 0) return m === 0 ? factorial(0) : 0n;
      let s = 0n;
      for (let c = 1; c <= m - r + 1; c++) {
        // Choose the c units of the last parent, then surject the rest onto the others.
        s += (factorial(m) / (factorial(c) * factorial(m - c))) * byOrbits(r - 1, m - c);
      }
      return s;
    };
    checkLaw(
      fc.property(
        fc
          .integer({ min: 1, max: 14 })
          .chain((m) => fc.tuple(fc.integer({ min: 1, max: m }), fc.constant(m))),
        ([r, m]) => {
          expect(replicationCount(r, m)).toBe(replicationCountInclusionExclusion(r, m));
          expect(replicationCount(r, m)).toBe(byOrbits(r, m));
          expect(expansionCount(r, m)).toBe(expansionCountBySum(r, m));
          // Zero-type units on top of replication: at least as many subspaces, equal only when m = r.
          expect(expansionCount(r, m) >= replicationCount(r, m)).toBe(true);
          expect(expansionCount(r, m) === replicationCount(r, m)).toBe(m === r);
        },
      ),
      { numRuns: 40 },
    );
  });
});
