// The expansion path for random zero-loss teachers (issue 18, item 4; docs/subspaces.md): for a random irreducible
// width-r teacher (r ≤ 3, d ≤ 2, both biases random, six smooth activations) and a random signed permutation (signs
// only for an odd σ), the path at width r + 1 ends at the permuted point, every segment lies exactly in its
// subspace, the width-(r + 1) function at random interior points equals the teacher's (direct sums, independent of
// network/loss.ts), and the sampled loss is zero at 30 digits. Budget: 30-digit checks, 2 samples per segment.
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { networkSymmetries } from '../../src/network/channel-criteria.js';
import type { Network } from '../../src/network/loss.js';
import { parameterCount, rowLength, type Layout } from '../../src/network/params.js';
import { precision } from '../../src/precision/context.js';
import { gridDecimal } from '../../src/testing/_internals/grid-decimal.js';
import { reducibility } from '../../src/symmetry/critical-subspaces.js';
import {
  checkPathExact,
  embedWithSpare,
  expansionPath,
  samplePathLoss,
  type SignedPermutation,
} from '../../src/symmetry/expansion-path.js';
import { checkLaw } from '../../property-tests/_support/law.js';

const p = precision(40);
const activations = ['tanh', 'sigmoid', 'softplus', 'erf', 'gelu', 'silu'].map(resolveActivation);

/** f(x) by direct summation, at p. */
function output(layout: Layout, net: Network, flat: readonly Decimal[], x: readonly Decimal[]): Decimal {
  const R = rowLength(layout);
  const m = layout.width;
  const xt = layout.hiddenBias ? [...x, new p.D(1)] : x;
  let f = layout.outputBias ? new p.D(flat[parameterCount(layout) - 1]!) : new p.D(0);
  for (let u = 0; u < m; u++) {
    const z = xt.reduce((s, v, j) => s.plus(v.times(flat[u * R + j]!)), new p.D(0));
    f = f.plus(new p.D(flat[m * R + u]!).times(net.activation.value(z, p)));
  }
  return f;
}

describe('the expansion path (property)', () => {
  it('random teachers and signed permutations: exact, the teacher’s function, zero sampled loss', () => {
    const cases = fc
      .record({
        activation: fc.constantFrom(...activations),
        layout: fc.record({
          width: fc.integer({ min: 1, max: 3 }),
          inputDimension: fc.integer({ min: 1, max: 2 }),
          hiddenBias: fc.boolean(),
          outputBias: fc.boolean(),
        }),
      })
      .chain(({ activation, layout }) =>
        fc.record({
          activation: fc.constant(activation),
          layout: fc.constant(layout),
          params: fc.array(
            gridDecimal(p, -2, 2).filter((v) => v.abs().gt('0.05')),
            { minLength: parameterCount(layout), maxLength: parameterCount(layout) },
          ),
          order: fc.shuffledSubarray(
            Array.from({ length: layout.width }, (_, i) => i),
            { minLength: layout.width, maxLength: layout.width },
          ),
          signs: fc.array(fc.boolean(), { minLength: layout.width, maxLength: layout.width }),
          inputs: fc.array(
            fc.array(gridDecimal(p, -2, 2), {
              minLength: layout.inputDimension,
              maxLength: layout.inputDimension,
            }),
            { minLength: 6, maxLength: 6 },
          ),
          t: gridDecimal(p, 0, 1),
        }),
      );
    checkLaw(
      fc.property(cases, (c) => {
        fc.pre(reducibility(c.layout, c.params, p) === undefined);
        const odd = networkSymmetries(c.activation).signFlip;
        const target: SignedPermutation = c.order.map((parent, u) => ({
          parent,
          sign: odd && c.signs[u] === true ? -1 : 1,
        }));
        const net: Network = { activation: c.activation, layout: c.layout };
        const data = {
          inputs: c.inputs,
          targets: c.inputs.map((x) => output(c.layout, net, c.params, x)),
        };
        const path = expansionPath(c.layout, c.params, { target });
        const zeros = Array.from({ length: rowLength(c.layout) }, () => new p.D(0));
        expect(path.end.map(String)).toEqual(embedWithSpare(c.layout, c.params, target, zeros).map(String));
        expect(checkPathExact(c.layout, c.params, path).holds).toBe(true);
        const wide: Layout = { ...c.layout, width: c.layout.width + 1 };
        for (const s of path.segments) {
          const flat = s.start.map((v, i) => v.plus(c.t.times(s.end[i]!.minus(v))));
          for (const x of c.inputs.slice(0, 2)) {
            const diff = output(wide, net, flat, x).minus(output(c.layout, net, c.params, x));
            expect(diff.abs().lte('1e-35'), s.subspace.label).toBe(true);
          }
        }
        const loss = samplePathLoss(net, () => data, path, 30, { samples: 2, gradient: false });
        expect(loss.allZero).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
