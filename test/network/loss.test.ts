import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation, type Activation } from '../../src/activations/index.js';
import { toDataset64, type Dataset } from '../../src/network/dataset.js';
import { lossAndDerivatives, type Network } from '../../src/network/loss.js';
import { lossAndDerivatives64 } from '../../src/network/loss64.js';
import { networkOutput } from '../../src/network/network-output.js';
import { parameterCount, rowLength, unflatten, type Layout } from '../../src/network/params.js';
import { precision, type Precision } from '../../src/precision/context.js';
import { certifyByLadder } from '../../src/precision/ladder.js';
import { SeededRandom } from '../../src/precision/random.js';
import { lossCaseArbitrary } from '../../src/testing/loss-case-arbitrary.js';
import { splitNeuron } from '../../src/testing/saddle-line.js';

const SEED = Number(process.env['FC_SEED'] ?? 20261201);
const activations = ['tanh', 'erf', 'g', 'softplus', 'log(cosh(x)) + x/3'].map((n) => resolveActivation(n));
const anyActivation = fc.constantFrom(...activations);

/** |a − b| ≤ tol · max(1, |b|). */
function close(a: Decimal, b: Decimal, tol: Decimal.Value): boolean {
  const scale = b.abs().gt(1) ? b.abs() : new (b.constructor as typeof Decimal)(1);
  return a.minus(b).abs().lte(scale.times(tol));
}

/** The loss by the definition, written independently: f = Σ a_k σ(w_k·x̃) + b summed plainly, (1/N) Σ ρ r². */
function naiveLoss(net: Network, data: Dataset, flat: readonly Decimal[], p: Precision): Decimal {
  const { layout, activation } = net;
  const m = rowLength(layout);
  const r = layout.width;
  let total = new p.D(0);
  data.targets.forEach((y, n) => {
    const x = data.inputs[n]!;
    let f = layout.outputBias ? new p.D(flat[flat.length - 1]!) : new p.D(0);
    for (let k = 0; k < r; k++) {
      let z = new p.D(0);
      for (let j = 0; j < layout.inputDimension; j++) z = z.plus(flat[k * m + j]!.times(x[j]!));
      if (layout.hiddenBias) z = z.plus(flat[k * m + m - 1]!);
      f = f.plus(flat[r * m + k]!.times(activation.value(z, p)));
    }
    const rho = data.weights?.[n] ?? new p.D(1);
    total = total.plus(rho.times(f.minus(y).pow(2)));
  });
  return total.div(data.targets.length);
}

function naiveLoss64(net: Network, data: Dataset, flat: readonly Decimal[]): number {
  const { layout, activation } = net;
  const m = rowLength(layout);
  const r = layout.width;
  let total = 0;
  data.targets.forEach((y, n) => {
    const x = data.inputs[n]!;
    let f = layout.outputBias ? flat[flat.length - 1]!.toNumber() : 0;
    for (let k = 0; k < r; k++) {
      let z = layout.hiddenBias ? flat[k * m + m - 1]!.toNumber() : 0;
      for (let j = 0; j < layout.inputDimension; j++) z += flat[k * m + j]!.toNumber() * x[j]!.toNumber();
      f += flat[r * m + k]!.toNumber() * activation.value64(z);
    }
    total += (data.weights?.[n]?.toNumber() ?? 1) * (f - y.toNumber()) ** 2;
  });
  return total / data.targets.length;
}

function randomData(rng: SeededRandom, n: number, d: number, p: Precision, weights: boolean): Dataset {
  const inputs = Array.from({ length: n }, () =>
    Array.from({ length: d }, () => new p.D(rng.decimal(-3, 3, 4))),
  );
  const targets = Array.from({ length: n }, () => new p.D(rng.decimal(-2, 2, 4)));
  return weights
    ? { inputs, targets, weights: Array.from({ length: n }, () => new p.D(rng.decimal(0, 2, 3))) }
    : { inputs, targets };
}

describe('lossAndDerivatives: the loss against a naive sum', () => {
  it('agrees with the definition for every sample count N = 1 … 100 (Decimal and float64)', () => {
    const p = precision(20);
    const ref = precision(40);
    const rng = new SeededRandom(SEED);
    const layout: Layout = { width: 2, inputDimension: 2, hiddenBias: true, outputBias: true };
    const net: Network = { layout, activation: resolveActivation('tanh') };
    const flat = Array.from({ length: parameterCount(layout) }, () => new p.D(rng.decimal(-1.5, 1.5, 3)));
    const all = randomData(rng, 100, 2, p, true);
    const slice = (n: number): Dataset => ({
      inputs: all.inputs.slice(0, n),
      targets: all.targets.slice(0, n),
      weights: all.weights!.slice(0, n),
    });
    const single = (n: number): Dataset => ({
      inputs: [all.inputs[n]!],
      targets: [all.targets[n]!],
      weights: [all.weights![n]!],
    });
    // Per-sample terms ρ_n r_n² by the definition (one sample each), summed plainly for every prefix.
    const terms = all.targets.map((_, n) => naiveLoss(net, single(n), flat, ref));
    let sum = new ref.D(0);
    let sum64 = 0;
    for (let n = 1; n <= 100; n++) {
      sum = sum.plus(terms[n - 1]!);
      const data = slice(n);
      sum64 += naiveLoss64(net, single(n - 1), flat);
      const got = lossAndDerivatives(net, data, flat, p, { gradient: false }).loss;
      const want = sum.div(n);
      expect(close(got, want, '1e-19'), `N = ${n}: ${got.toString()} vs ${want.toString()}`).toBe(true);
      const got64 = lossAndDerivatives64(net, toDataset64(data), Float64Array.from(flat, Number), {
        gradient: false,
      }).loss;
      expect(Math.abs(got64 - sum64 / n), `N = ${n} (float64)`).toBeLessThan(1e-13 * Math.max(1, got64));
    }
  });

  it('agrees with the definition on random networks, activations and weighted data', () => {
    const p = precision(40);
    const ref = precision(60);
    fc.assert(
      fc.property(
        lossCaseArbitrary(p, {
          network: { activation: anyActivation },
          data: { maxSamples: 6, weights: true },
        }),
        ({ network, params, data }) => {
          const got = lossAndDerivatives(network, data, params, p, { gradient: false }).loss;
          expect(close(got, naiveLoss(network, data, params, ref), '1e-38')).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });
});

/** Central differences of `f` along coordinate i, at a precision high enough that h² dominates. */
function centralDifference(
  f: (theta: Decimal[]) => readonly Decimal[],
  theta: readonly Decimal[],
  i: number,
  h: Decimal,
): Decimal[] {
  const plus = theta.map((v, j) => (j === i ? v.plus(h) : v));
  const minus = theta.map((v, j) => (j === i ? v.minus(h) : v));
  const a = f(plus);
  const b = f(minus);
  return a.map((v, k) => v.minus(b[k]!).div(h.times(2)));
}

describe('lossAndDerivatives: gradient and Hessian against finite differences', () => {
  it('match central differences at 100 digits (step 1e-20, truncation ~1e-40)', () => {
    const p = precision(60);
    const hi = precision(100);
    fc.assert(
      fc.property(
        lossCaseArbitrary(p, {
          network: { activation: anyActivation, maxWidth: 2 },
          data: { maxSamples: 4, weights: true },
        }),
        ({ network, params, data }) => {
          const exact = lossAndDerivatives(network, data, params, p, { hessian: true });
          const H = exact.hessian!;
          const h = new hi.D('1e-20');
          const lossAt = (t: Decimal[]): Decimal[] => [
            lossAndDerivatives(network, data, t, hi, { gradient: false }).loss,
          ];
          const gradAt = (t: Decimal[]): Decimal[] => [...lossAndDerivatives(network, data, t, hi).gradient!];
          const theta = params.map((v) => new hi.D(v));
          for (let i = 0; i < params.length; i++) {
            const fd = centralDifference(lossAt, theta, i, h)[0]!;
            expect(close(exact.gradient![i]!, fd, '1e-35'), `∂L/∂θ${i}`).toBe(true);
            const column = centralDifference(gradAt, theta, i, h);
            column.forEach((v, j) => {
              expect(close(H[j]![i]!, v, '1e-35'), `∂²L/∂θ${j}∂θ${i}`).toBe(true);
              expect(H[j]![i]!.eq(H[i]![j]!)).toBe(true);
            });
          }
        },
      ),
      { seed: SEED, numRuns: 8 },
    );
  });
});

describe('lossAndDerivatives: symmetries', () => {
  it('is invariant under permutations of the neurons (gradient permuted alike)', () => {
    const p = precision(40);
    fc.assert(
      fc.property(
        lossCaseArbitrary(p, { network: { activation: anyActivation, minWidth: 2, maxWidth: 3 } }),
        fc.integer({ min: 1, max: 5 }),
        ({ network, params, data }, shift) => {
          const { layout } = network;
          const r = layout.width;
          const perm = Array.from({ length: r }, (_, k) => (k + shift) % r);
          const P = unflatten(layout, params);
          const permuted = [
            ...perm.flatMap((k) => P.w[k]!),
            ...perm.map((k) => P.a[k]!),
            ...(P.b === undefined ? [] : [P.b]),
          ];
          const index = (k: number, j: number): number => k * rowLength(layout) + j;
          const a = lossAndDerivatives(network, data, params, p);
          const b = lossAndDerivatives(network, data, permuted, p);
          expect(close(b.loss, a.loss, '1e-38')).toBe(true);
          perm.forEach((k, newK) => {
            for (let j = 0; j < rowLength(layout); j++)
              expect(close(b.gradient![index(newK, j)]!, a.gradient![index(k, j)]!, '1e-38')).toBe(true);
            expect(
              close(
                b.gradient![r * rowLength(layout) + newK]!,
                a.gradient![r * rowLength(layout) + k]!,
                '1e-38',
              ),
            ).toBe(true);
          });
        },
      ),
      { seed: SEED, numRuns: 30 },
    );
  });

  it('keeps the function and the loss under neuron splitting at any γ', () => {
    const p = precision(40);
    const gamma = fc.oneof(
      fc.constantFrom('0', '1', '0.5', '-3', '1e6', '-2.75e-8'),
      fc.integer({ min: -1_000_000, max: 1_000_000 }).map((k) => `${k}e-3`),
    );
    fc.assert(
      fc.property(
        lossCaseArbitrary(p, { network: { activation: anyActivation } }),
        gamma,
        fc.nat(),
        (c, g, pick) => {
          const { network, params, data } = c;
          const k = pick % network.layout.width;
          const split = splitNeuron(network.layout, params, k, g, p);
          const wider: Network = { layout: split.layout, activation: network.activation };
          const before = lossAndDerivatives(network, data, params, p, { gradient: false }).loss;
          const after = lossAndDerivatives(wider, data, split.params, p, { gradient: false }).loss;
          // |γ| up to 1e6 makes two outputs of that size cancel: allow for the digits the cancellation costs.
          expect(close(after, before, '1e-30'), `γ = ${g}`).toBe(true);
          for (const x of data.inputs) {
            const f0 = networkOutput(network, unflatten(network.layout, params), x, p);
            const f1 = networkOutput(wider, unflatten(split.layout, split.params), x, p);
            expect(close(f1, f0, '1e-30')).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: 30 },
    );
  });
});

describe('lossAndDerivatives64 against Decimal', () => {
  it('agrees to ~1e-12 where float64 is trustworthy (moderate weights, no cancellation)', () => {
    const p = precision(30);
    fc.assert(
      fc.property(
        lossCaseArbitrary(p, {
          network: { activation: anyActivation },
          data: { maxSamples: 6, weights: true },
        }),
        ({ network, params, data }) => {
          const exact = lossAndDerivatives(network, data, params, p, { hessian: true });
          const f64 = lossAndDerivatives64(network, toDataset64(data), Float64Array.from(params, Number), {
            hessian: true,
          });
          const near = (a: number, b: Decimal): boolean =>
            Math.abs(a - b.toNumber()) <= 1e-11 * Math.max(1, Math.abs(b.toNumber()));
          expect(near(f64.loss, exact.loss)).toBe(true);
          exact.gradient!.forEach((g, i) => expect(near(f64.gradient![i]!, g)).toBe(true));
          const P = params.length;
          exact.hessian!.forEach((row, i) =>
            row.forEach((v, j) => expect(near(f64.hessian![i * P + j]!, v)).toBe(true)),
          );
        },
      ),
      { seed: SEED, numRuns: 30 },
    );
  });
});

describe('lossAndDerivatives: precision ladder', () => {
  it('the loss and gradient at p digits are those at p + 20 rounded to p', () => {
    const p = precision(30);
    fc.assert(
      fc.property(
        lossCaseArbitrary(p, { network: { activation: anyActivation } }),
        ({ network, params, data }) => {
          const outcome = certifyByLadder((q) => {
            const r = lossAndDerivatives(network, data, params, q);
            return [r.loss, ...r.gradient!];
          }, p);
          expect(outcome.kind).toBe('certified');
          if (outcome.kind !== 'certified') return;
          // The first rung's result (p + 10 digits, rounded to p) is what a p-digit caller gets.
          const direct = lossAndDerivatives(network, data, params, p);
          const deviation = direct.loss.minus(outcome.values[0]!).abs();
          expect(deviation.lte(direct.loss.abs().times('1e-29'))).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 20 },
    );
  });
});

export type { Activation };
