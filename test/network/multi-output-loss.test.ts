import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { toDataset64 } from '../../src/network/dataset.js';
import { lossAndDerivatives } from '../../src/network/loss.js';
import { lossAndDerivatives64 } from '../../src/network/loss64.js';
import { multiOutputLoss, type MultiOutputDataset } from '../../src/network/multi-output-loss.js';
import { multiOutputLoss64, type MultiOutputDataset64 } from '../../src/network/multi-output-loss64.js';
import {
  multiOutputParameterCount,
  type MultiOutputLayout,
  type MultiOutputNetwork,
} from '../../src/network/multi-output-params.js';
import { rowLength } from '../../src/network/params.js';
import { precision, type Precision } from '../../src/precision/context.js';
import { lossCaseArbitrary } from '../../src/testing/loss-case-arbitrary.js';

const SEED = Number(process.env['FC_SEED'] ?? 20261207);

// Written by scripts/multi-output-reference/generate.py (mpmath at 130 and 160 digits, agreeing to 75; the loss
// written out naively, gradient and Hessian by mp.diff; 70 digits printed).
interface RefPoint {
  readonly params: string[];
  readonly loss: string;
  readonly gradient: string[];
  readonly hessian: string[][];
}
interface RefCase {
  readonly name: string;
  readonly loss: 'mse' | 'cross-entropy';
  readonly activation: string;
  readonly width: number;
  readonly outputs: number;
  readonly inputDimension: number;
  readonly hiddenBias: boolean;
  readonly outputBias: boolean;
  readonly inputs: string[][];
  readonly targets?: string[][];
  readonly labels?: number[];
  readonly weights?: string[];
  readonly points: RefPoint[];
}
const reference = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'multi-output', 'reference.json'), 'utf8'),
) as { digits: number; cases: RefCase[] };

function caseNetwork(c: RefCase): MultiOutputNetwork {
  const layout: MultiOutputLayout = {
    width: c.width,
    inputDimension: c.inputDimension,
    outputs: c.outputs,
    hiddenBias: c.hiddenBias,
    outputBias: c.outputBias,
  };
  return { layout, activation: resolveActivation(c.activation) };
}

function caseData(c: RefCase, p: Precision): MultiOutputDataset {
  const inputs = c.inputs.map((row) => row.map((v) => new p.D(v)));
  const weights = c.weights?.map((v) => new p.D(v));
  const extra = weights === undefined ? {} : { weights };
  return c.loss === 'mse'
    ? { loss: 'mse', inputs, targets: c.targets!.map((row) => row.map((v) => new p.D(v))), ...extra }
    : { loss: 'cross-entropy', inputs, labels: c.labels!, ...extra };
}

function caseData64(c: RefCase): MultiOutputDataset64 {
  const d = c.inputDimension;
  const inputs = Float64Array.from(c.inputs.flat(), Number);
  const weights = c.weights === undefined ? {} : { weights: Float64Array.from(c.weights, Number) };
  const n = c.inputs.length;
  return c.loss === 'mse'
    ? { loss: 'mse', n, d, inputs, targets: Float64Array.from(c.targets!.flat(), Number), ...weights }
    : { loss: 'cross-entropy', n, d, inputs, labels: Int32Array.from(c.labels!), ...weights };
}

/** |got − want| ≤ 2 units of the `digits`-th significant digit of want (absolutely 1e−70 for want ≈ 0). */
function withinUnits(got: Decimal, want: string, digits: number): boolean {
  const q = precision(100);
  const w = new q.D(want);
  const unit = w.abs().lt('1e-60') ? new q.D('1e-70') : new q.D(10).pow(w.abs().e - digits + 1);
  return new q.D(got).minus(w).abs().lte(unit.times(2));
}

describe('multiOutputLoss against an independent implementation (mpmath, scripts/multi-output-reference)', () => {
  for (const c of reference.cases) {
    it(`${c.name}: loss, gradient and Hessian at 60 digits agree to 2 units of the 60th digit`, () => {
      const p = precision(60);
      const net = caseNetwork(c);
      const data = caseData(c, p);
      expect(c.points[0]!.params.length).toBe(multiOutputParameterCount(net.layout));
      for (const point of c.points) {
        const flat = point.params.map((v) => new p.D(v));
        const got = multiOutputLoss(net, data, flat, p, { hessian: true });
        expect(withinUnits(got.loss, point.loss, 60), `loss ${got.loss.toString()} vs ${point.loss}`).toBe(
          true,
        );
        got.gradient!.forEach((v, i) =>
          expect(withinUnits(v, point.gradient[i]!, 60), `gradient[${i}]: ${v.toString()}`).toBe(true),
        );
        got.hessian!.forEach((row, i) =>
          row.forEach((v, j) =>
            expect(withinUnits(v, point.hessian[i]![j]!, 60), `hessian[${i}][${j}]: ${v.toString()}`).toBe(
              true,
            ),
          ),
        );
      }
    });

    it(`${c.name}: the float64 twin agrees to 1e-13 (relative to max(1, |value|))`, () => {
      const net = caseNetwork(c);
      const data = caseData64(c);
      for (const point of c.points) {
        const got = multiOutputLoss64(net, data, Float64Array.from(point.params, Number), { hessian: true });
        const near = (a: number, b: string): boolean =>
          Math.abs(a - Number(b)) <= 1e-13 * Math.max(1, Math.abs(Number(b)));
        expect(near(got.loss, point.loss)).toBe(true);
        point.gradient.forEach((v, i) => expect(near(got.gradient![i]!, v), `gradient[${i}]`).toBe(true));
        const P = point.gradient.length;
        point.hessian.forEach((row, i) =>
          row.forEach((v, j) => expect(near(got.hessian![i * P + j]!, v), `hessian[${i}][${j}]`).toBe(true)),
        );
        // Loss and gradient alone give the same numbers as with the Hessian.
        const lg = multiOutputLoss64(net, data, Float64Array.from(point.params, Number));
        expect(lg.loss).toBe(got.loss);
        expect(Array.from(lg.gradient!)).toEqual(Array.from(got.gradient!));
      }
    });
  }
});

describe('multiOutputLoss: derivatives against finite differences', () => {
  // Central differences at 80 digits with step 1e-25: truncation ~h² ≈ 1e-50 (all derivatives here are O(10)).
  for (const c of reference.cases) {
    it(`${c.name}: gradient from the loss and Hessian from the gradient, to 40 digits`, () => {
      const p = precision(80);
      const net = caseNetwork(c);
      const data = caseData(c, p);
      const theta = c.points[0]!.params.map((v) => new p.D(v));
      const at = multiOutputLoss(net, data, theta, p, { hessian: true });
      const h = new p.D('1e-25');
      const tol = new p.D('1e-40');
      for (let i = 0; i < theta.length; i++) {
        const plus = theta.map((v, j) => (j === i ? v.plus(h) : v));
        const minus = theta.map((v, j) => (j === i ? v.minus(h) : v));
        const lp = multiOutputLoss(net, data, plus, p);
        const lm = multiOutputLoss(net, data, minus, p);
        const dl = lp.loss.minus(lm.loss).div(h.times(2));
        expect(dl.minus(at.gradient![i]!).abs().lte(tol), `∂L/∂θ${i}: ${dl.toString()}`).toBe(true);
        for (let j = 0; j < theta.length; j++) {
          const dg = lp.gradient![j]!.minus(lm.gradient![j]!).div(h.times(2));
          expect(dg.minus(at.hessian![i]![j]!).abs().lte(tol), `H[${i}][${j}]: ${dg.toString()}`).toBe(true);
        }
      }
    });
  }
});

describe('multiOutputLoss: the precision ladder (p against p + 20)', () => {
  for (const c of reference.cases) {
    it(`${c.name}: every value at 30 digits is the 50-digit value to within one unit of the 30th digit`, () => {
      const lo = precision(30);
      const hi = precision(50);
      const net = caseNetwork(c);
      for (const point of c.points) {
        const a = multiOutputLoss(
          net,
          caseData(c, lo),
          point.params.map((v) => new lo.D(v)),
          lo,
          { hessian: true },
        );
        const b = multiOutputLoss(
          net,
          caseData(c, hi),
          point.params.map((v) => new hi.D(v)),
          hi,
          { hessian: true },
        );
        const pairs: [Decimal, Decimal][] = [
          [a.loss, b.loss],
          ...a.gradient!.map((v, i): [Decimal, Decimal] => [v, b.gradient![i]!]),
          ...a.hessian!.flatMap((row, i) => row.map((v, j): [Decimal, Decimal] => [v, b.hessian![i]![j]!])),
        ];
        for (const [x, y] of pairs) {
          const unit = y.isZero() ? new hi.D('1e-40') : new hi.D(10).pow(y.abs().e - 29);
          expect(new hi.D(x).minus(y).abs().lte(unit), `${x.toString()} vs ${y.toString()}`).toBe(true);
        }
      }
    });
  }
});

describe('multiOutputLoss with C = 1 and the squared error is the scalar loss', () => {
  const activations = ['tanh', 'erf', 'sigmoid', 'softplus', 'log(cosh(x)) + x/3'].map((n) =>
    resolveActivation(n),
  );
  it('same Decimal strings for loss, gradient and Hessian, and the same float64 bits, on random problems', () => {
    const p = precision(30);
    fc.assert(
      fc.property(
        lossCaseArbitrary(p, {
          network: { activation: fc.constantFrom(...activations) },
          data: { maxSamples: 6, weights: true },
        }),
        ({ network, params, data }) => {
          const net: MultiOutputNetwork = {
            layout: { ...network.layout, outputs: 1 },
            activation: network.activation,
          };
          const multi: MultiOutputDataset = {
            loss: 'mse',
            inputs: data.inputs,
            targets: data.targets.map((y) => [y]),
            ...(data.weights === undefined ? {} : { weights: data.weights }),
          };
          const want = lossAndDerivatives(network, data, params, p, { hessian: true });
          const got = multiOutputLoss(net, multi, params, p, { hessian: true });
          expect(got.loss.toString()).toBe(want.loss.toString());
          expect(got.gradient!.map(String)).toEqual(want.gradient!.map(String));
          expect(got.hessian!.map((row) => row.map(String))).toEqual(
            want.hessian!.map((row) => row.map(String)),
          );
          const d64 = toDataset64(data);
          const m64: MultiOutputDataset64 = {
            loss: 'mse',
            n: d64.n,
            d: d64.d,
            inputs: d64.inputs,
            targets: d64.targets,
            ...(d64.weights === undefined ? {} : { weights: d64.weights }),
          };
          const flat64 = Float64Array.from(params, Number);
          const w64 = lossAndDerivatives64(network, d64, flat64, { hessian: true });
          const g64 = multiOutputLoss64(net, m64, flat64, { hessian: true });
          expect(Object.is(g64.loss, w64.loss)).toBe(true);
          expect(Array.from(g64.gradient!)).toEqual(Array.from(w64.gradient!));
          expect(Array.from(g64.hessian!)).toEqual(Array.from(w64.hessian!));
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });
});

/** Random small multi-output problems as reference-shaped cases (one parameter point, exact 3-decimal values). */
function caseArbitrary(loss: 'mse' | 'cross-entropy'): fc.Arbitrary<RefCase> {
  const num = fc.integer({ min: -2000, max: 2000 }).map((k) => (k / 1000).toString());
  return fc
    .record({
      activation: fc.constantFrom('tanh', 'erf', 'sigmoid', 'softplus'),
      width: fc.integer({ min: 1, max: 3 }),
      outputs: fc.integer({ min: loss === 'mse' ? 1 : 2, max: 4 }),
      inputDimension: fc.integer({ min: 1, max: 3 }),
      hiddenBias: fc.boolean(),
      outputBias: loss === 'mse' ? fc.boolean() : fc.constant(true),
      samples: fc.integer({ min: 1, max: 5 }),
      weighted: fc.boolean(),
    })
    .chain((s) => {
      const m = s.inputDimension + (s.hiddenBias ? 1 : 0);
      const P = s.width * m + s.outputs * s.width + (s.outputBias ? s.outputs : 0);
      return fc
        .record({
          inputs: fc.array(fc.array(num, { minLength: s.inputDimension, maxLength: s.inputDimension }), {
            minLength: s.samples,
            maxLength: s.samples,
          }),
          targets: fc.array(fc.array(num, { minLength: s.outputs, maxLength: s.outputs }), {
            minLength: s.samples,
            maxLength: s.samples,
          }),
          labels: fc.array(fc.integer({ min: 0, max: s.outputs - 1 }), {
            minLength: s.samples,
            maxLength: s.samples,
          }),
          weights: fc.array(
            fc.integer({ min: 0, max: 3000 }).map((k) => (k / 1000).toString()),
            {
              minLength: s.samples,
              maxLength: s.samples,
            },
          ),
          params: fc.array(num, { minLength: P, maxLength: P }),
        })
        .map((v): RefCase => ({
          name: 'random',
          loss,
          activation: s.activation,
          width: s.width,
          outputs: s.outputs,
          inputDimension: s.inputDimension,
          hiddenBias: s.hiddenBias,
          outputBias: s.outputBias,
          inputs: v.inputs,
          ...(loss === 'mse' ? { targets: v.targets } : { labels: v.labels }),
          ...(s.weighted ? { weights: v.weights } : {}),
          points: [{ params: v.params, loss: '', gradient: [], hessian: [] }],
        }));
    });
}

describe('the laws of the two losses (property tests on random problems)', () => {
  it('squared error: L, ∇L and ∇²L are the sums over outputs of the scalar problems (W, A_c, b_c; y_c), i.e. the sum of per-output Gauss–Newton and residual terms', () => {
    const p = precision(40);
    fc.assert(
      fc.property(caseArbitrary('mse'), (c) => {
        const net = caseNetwork(c);
        const { width: r, outputs: C } = net.layout;
        const m = rowLength(net.layout);
        const data = caseData(c, p) as Extract<MultiOutputDataset, { loss: 'mse' }>;
        const theta = c.points[0]!.params.map((v) => new p.D(v));
        const got = multiOutputLoss(net, data, theta, p, { hessian: true });
        const P = theta.length;
        const q = precision(60);
        let loss = new q.D(0);
        const grad = Array.from({ length: P }, () => new q.D(0));
        const hess = Array.from({ length: P }, () => Array.from({ length: P }, () => new q.D(0)));
        for (let out = 0; out < C; out++) {
          // Output c's scalar problem and where its parameters sit in the multi-output flat order.
          const index = [
            ...Array.from({ length: r * m }, (_, i) => i),
            ...Array.from({ length: r }, (_, k) => r * m + out * r + k),
            ...(c.outputBias ? [r * m + C * r + out] : []),
          ];
          const scalar = lossAndDerivatives(
            { layout: net.layout, activation: net.activation },
            {
              inputs: data.inputs,
              targets: data.targets.map((y) => y[out]!),
              ...(data.weights === undefined ? {} : { weights: data.weights }),
            },
            index.map((i) => theta[i]!),
            q,
            { hessian: true },
          );
          loss = loss.plus(scalar.loss);
          index.forEach((i, a) => {
            grad[i] = grad[i]!.plus(scalar.gradient![a]!);
            index.forEach((j, b) => (hess[i]![j] = hess[i]![j]!.plus(scalar.hessian![a]![b]!)));
          });
        }
        const near = (x: Decimal, y: Decimal): boolean =>
          new q.D(x)
            .minus(y)
            .abs()
            .lte(new q.D(10).pow(-38).times(y.abs().plus(1)));
        expect(near(got.loss, loss)).toBe(true);
        got.gradient!.forEach((v, i) => expect(near(v, grad[i]!), `gradient[${i}]`).toBe(true));
        got.hessian!.forEach((row, i) =>
          row.forEach((v, j) => expect(near(v, hess[i]![j]!), `H[${i}][${j}]`).toBe(true)),
        );
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it('cross-entropy: ∂ℓ/∂f sums to zero per sample, so shifting every output bias by t changes nothing: ∇L and every row of ∇²L sum to zero over the biases', () => {
    const p = precision(40);
    const check = (c: RefCase): void => {
      const net = caseNetwork(c);
      const { width: r, outputs: C } = net.layout;
      const bOffset = r * rowLength(net.layout) + C * r;
      for (const point of c.points) {
        const theta = point.params.map((v) => new p.D(v));
        const got = multiOutputLoss(net, caseData(c, p), theta, p, { hessian: true });
        const bias = (v: readonly Decimal[]): Decimal =>
          v.slice(bOffset).reduce((a, b) => a.plus(b), new p.D(0));
        const tol = new p.D('1e-37');
        expect(bias(got.gradient!).abs().lte(tol), bias(got.gradient!).toString()).toBe(true);
        got.hessian!.forEach((row, i) => expect(bias(row).abs().lte(tol), `row ${i}`).toBe(true));
        const shifted = theta.map((v, i) => (i >= bOffset ? v.plus('0.375') : v));
        const moved = multiOutputLoss(net, caseData(c, p), shifted, p, { gradient: false }).loss;
        expect(
          moved
            .minus(got.loss)
            .abs()
            .lte(tol.times(got.loss.abs().plus(1))),
        ).toBe(true);
      }
    };
    for (const c of reference.cases.filter((x) => x.loss === 'cross-entropy' && x.outputBias)) check(c);
    fc.assert(fc.property(caseArbitrary('cross-entropy'), check), { seed: SEED, numRuns: 25 });
  });
});
