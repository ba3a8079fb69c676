// Laws of the exact loss, gradient and Hessian (src/network/loss.ts) on random small networks and datasets
// (width ≤ 3, input dimension ≤ 2, ≤ 4 samples, with and without biases). numRuns 25–40 per law: a loss with
// Hessian costs ≈ 20–60 ms at 60 digits; the file runs in ≈ 20 s.
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { toDataset64 } from '../src/network/dataset.js';
import { lossAndDerivatives } from '../src/network/loss.js';
import { lossAndDerivatives64 } from '../src/network/loss64.js';
import { parameterCount, rowLength, unflatten } from '../src/network/params.js';
import { fromDouble, precision, roundTo } from '../src/precision/context.js';
import { activationArbitrary } from '../src/testing/activation-arbitrary.js';
import { gridDecimal } from '../src/testing/_internals/grid-decimal.js';
import { lossCaseArbitrary, type LossCase } from '../src/testing/loss-case-arbitrary.js';
import { saddleLineArbitrary } from '../src/testing/saddle-line-arbitrary.js';
import { splitNeuron } from '../src/testing/saddle-line.js';
import { checkLaw } from './_support/law.js';
import './_support/matchers.js';

const p = precision(60);
const cases = lossCaseArbitrary(p, { data: { maxSamples: 4 } });
const registeredCases = lossCaseArbitrary(p, {
  network: { activation: activationArbitrary({ formulas: false }), maxWidth: 2 },
  data: { maxSamples: 3, weights: true },
});

/** A case with a random direction u (entries on a 10⁻³ grid in [−1, 1]) of the parameter space. */
const withDirection = (arb: fc.Arbitrary<LossCase>): fc.Arbitrary<[LossCase, Decimal[]]> =>
  arb.chain((c) =>
    fc.tuple(
      fc.constant(c),
      fc.array(gridDecimal(p, -1, 1), { minLength: c.params.length, maxLength: c.params.length }),
    ),
  );

const shift = (theta: readonly Decimal[], u: readonly Decimal[], h: Decimal.Value): Decimal[] =>
  theta.map((t, i) => t.plus((u[i] as Decimal).times(h)));
const dot = (x: readonly Decimal[], y: readonly Decimal[]): Decimal =>
  x.reduce((s, v, i) => s.plus(v.times(y[i] as Decimal)), new p.D(0));
const maxAbs = (xs: readonly Decimal[]): Decimal =>
  xs.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new p.D(1));

/** The loss written out from its definition (no shared code with loss.ts beyond σ itself). */
function naiveLoss(c: LossCase): Decimal {
  const { layout, activation } = c.network;
  const q = precision(80);
  const { w, a, b } = unflatten(
    layout,
    c.params.map((v) => new q.D(v)),
  );
  let sum = new q.D(0);
  c.data.targets.forEach((y, n) => {
    const x = [...(c.data.inputs[n] ?? []), ...(layout.hiddenBias ? [new q.D(1)] : [])];
    let f = b ?? new q.D(0);
    w.forEach((row, k) => {
      const z = row.reduce((s, v, j) => s.plus(v.times(x[j] as Decimal)), new q.D(0));
      f = f.plus((a[k] as Decimal).times(activation.value(z, q)));
    });
    const rho = c.data.weights?.[n] ?? new q.D(1);
    sum = sum.plus(rho.times(f.minus(y).pow(2)));
  });
  return sum.div(c.data.targets.length);
}

describe('loss and derivatives', () => {
  it('the loss equals its definition summed naively at 80 digits', () => {
    checkLaw(
      fc.property(registeredCases, (c) => {
        expect(lossAndDerivatives(c.network, c.data, c.params, p, { gradient: false }).loss).toAgreeToDigits(
          naiveLoss(c),
          55,
        );
      }),
      { numRuns: 30 },
    );
  });

  it('the gradient along u equals the central difference of the loss (h = 10⁻¹⁵, error O(h²))', () => {
    const h = new p.D('1e-15');
    checkLaw(
      fc.property(withDirection(cases), ([c, u]) => {
        const g = lossAndDerivatives(c.network, c.data, c.params, p).gradient as Decimal[];
        const up = lossAndDerivatives(c.network, c.data, shift(c.params, u, h), p, { gradient: false }).loss;
        const down = lossAndDerivatives(c.network, c.data, shift(c.params, u, h.neg()), p, {
          gradient: false,
        }).loss;
        const fd = up.minus(down).div(h.times(2));
        // Truncation h²·L‴/6 ≈ 10⁻³⁰·scale, rounding 10⁻⁶⁰/h = 10⁻⁴⁵: agreement to 10⁻²⁵ of the scale.
        expect(
          fd
            .minus(dot(g, u))
            .abs()
            .lte(maxAbs([...g, up]).times('1e-25')),
        ).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('the Hessian times u equals the central difference of the gradient', () => {
    const h = new p.D('1e-15');
    checkLaw(
      fc.property(withDirection(cases), ([c, u]) => {
        const H = lossAndDerivatives(c.network, c.data, c.params, p, { hessian: true }).hessian ?? [];
        const gp = lossAndDerivatives(c.network, c.data, shift(c.params, u, h), p).gradient as Decimal[];
        const gm = lossAndDerivatives(c.network, c.data, shift(c.params, u, h.neg()), p)
          .gradient as Decimal[];
        const scale = maxAbs(H.flat());
        H.forEach((row, i) => {
          const fd = (gp[i] as Decimal).minus(gm[i] as Decimal).div(h.times(2));
          expect(fd.minus(dot(row, u)).abs().lte(scale.times('1e-25'))).toBe(true);
        });
      }),
      { numRuns: 30 },
    );
  });

  it('the Hessian is symmetric: v·(∂_u ∇L) = u·(∂_v ∇L) from differences of gradients alone', () => {
    const h = new p.D('1e-15');
    const arb = withDirection(cases).chain(([c, u]) =>
      fc.tuple(
        fc.constant(c),
        fc.constant(u),
        fc.array(gridDecimal(p, -1, 1), { minLength: u.length, maxLength: u.length }),
      ),
    );
    checkLaw(
      fc.property(arb, ([c, u, v]) => {
        const grad = (theta: Decimal[]): Decimal[] =>
          lossAndDerivatives(c.network, c.data, theta, p).gradient as Decimal[];
        const du = grad(shift(c.params, u, h)).map((x, i) =>
          x.minus(grad(shift(c.params, u, h.neg()))[i] as Decimal),
        );
        const dv = grad(shift(c.params, v, h)).map((x, i) =>
          x.minus(grad(shift(c.params, v, h.neg()))[i] as Decimal),
        );
        const left = dot(du, v).div(h.times(2));
        const right = dot(dv, u).div(h.times(2));
        expect(
          left
            .minus(right)
            .abs()
            .lte(maxAbs([left, right]).times('1e-25')),
        ).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('permuting hidden neurons leaves the loss unchanged and permutes the gradient', () => {
    const arb = cases.chain((c) =>
      fc.tuple(
        fc.constant(c),
        fc.shuffledSubarray([...Array(c.network.layout.width).keys()], {
          minLength: c.network.layout.width,
          maxLength: c.network.layout.width,
        }),
      ),
    );
    checkLaw(
      fc.property(arb, ([c, perm]) => {
        const { layout } = c.network;
        const m = rowLength(layout);
        const r = layout.width;
        const permuted = [...c.params];
        perm.forEach((from, to) => {
          for (let j = 0; j < m; j++) permuted[to * m + j] = c.params[from * m + j] as Decimal;
          permuted[r * m + to] = c.params[r * m + from] as Decimal;
        });
        const L = lossAndDerivatives(c.network, c.data, c.params, p);
        const Lp = lossAndDerivatives(c.network, c.data, permuted, p);
        expect(Lp.loss).toAgreeToDigits(L.loss, 58);
        const g = L.gradient as Decimal[];
        const gp = Lp.gradient as Decimal[];
        const scale = maxAbs(g);
        perm.forEach((from, to) => {
          for (let j = 0; j < m; j++)
            expect(
              (gp[to * m + j] as Decimal)
                .minus(g[from * m + j] as Decimal)
                .abs()
                .lte(scale.times('1e-57')),
            ).toBe(true);
        });
      }),
      { numRuns: 30 },
    );
  });

  it('splitting a neuron at any γ leaves the loss unchanged (the saddle line has the parent’s loss)', () => {
    checkLaw(
      fc.property(saddleLineArbitrary(p, { data: { maxSamples: 4 } }), ({ parent, neuron, gamma }) => {
        const split = splitNeuron(parent.network.layout, parent.params, neuron, gamma, p);
        expect(split.params.length).toBe(parameterCount(split.layout));
        const wider = { ...parent.network, layout: split.layout };
        const L = lossAndDerivatives(parent.network, parent.data, parent.params, p, { gradient: false }).loss;
        const Ls = lossAndDerivatives(wider, parent.data, split.params, p, { gradient: false }).loss;
        expect(Ls).toAgreeToDigits(L, 57);
      }),
      { numRuns: 30 },
    );
  });

  it('float64 agrees with Decimal to 1e-12 where nothing cancels (|parameters| ≤ 2)', () => {
    checkLaw(
      fc.property(registeredCases, (c) => {
        // The float64 inputs are the doubles nearest the decimals; the reference is computed at those doubles.
        const flat64 = Float64Array.from(c.params, (v) => v.toNumber());
        const d64 = toDataset64(c.data);
        const exactData = {
          inputs: c.data.inputs.map((row, n) =>
            row.map((_, j) => fromDouble(p, d64.inputs[n * d64.d + j] as number)),
          ),
          targets: Array.from(d64.targets, (y) => fromDouble(p, y)),
          ...(d64.weights === undefined ? {} : { weights: Array.from(d64.weights, (r) => fromDouble(p, r)) }),
        };
        const exact = lossAndDerivatives(
          c.network,
          exactData,
          Array.from(flat64, (v) => fromDouble(p, v)),
          p,
        );
        const r64 = lossAndDerivatives64(c.network, d64, flat64);
        const scale = Math.max(1, ...exact.gradient!.map((g) => Math.abs(g.toNumber())));
        expect(Math.abs(r64.loss - exact.loss.toNumber())).toBeLessThanOrEqual(
          1e-12 * Math.max(1, exact.loss.toNumber()),
        );
        exact.gradient!.forEach((g, i) => {
          expect(Math.abs((r64.gradient![i] as number) - g.toNumber())).toBeLessThanOrEqual(1e-11 * scale);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('the loss at p digits is the loss at p + 20 digits rounded to p (precision ladder)', () => {
    const q = precision(40);
    const hi = precision(60);
    checkLaw(
      fc.property(cases, (c) => {
        const lo = lossAndDerivatives(c.network, c.data, c.params, q, { gradient: false }).loss;
        const up = lossAndDerivatives(c.network, c.data, c.params, hi, { gradient: false }).loss;
        expect(lo).toAgreeToDigits(roundTo(q, up), 39);
      }),
      { numRuns: 30 },
    );
  });
});
