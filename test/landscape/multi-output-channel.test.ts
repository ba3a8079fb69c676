import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { followChannel } from '../../src/landscape/follow-channel.js';
import {
  defaultVectorChannelPair,
  followMultiOutputChannel,
  sphereFloor,
} from '../../src/landscape/multi-output-follow.js';
import {
  vectorChannelLoss,
  vectorChannelOf,
  vectorLossExpansion,
  vectorPairExpansion,
  withVectorChannel,
  type VectorChannel,
} from '../../src/landscape/multi-output-glu.js';
import { GLU_TEACHER_C2, multiOutputGluTeacher } from '../../src/network/multi-output-glu-teacher.js';
import type { MultiOutputDataset } from '../../src/network/multi-output-loss.js';
import {
  loadMultiOutputProblem,
  multiOutputProblemFromSpec,
} from '../../src/network/multi-output-problem.js';
import type { MultiOutputNetwork } from '../../src/network/multi-output-params.js';
import { loadProblem } from '../../src/network/problem.js';
import { precision, type Precision } from '../../src/precision/context.js';
import { SeededRandom } from '../../src/precision/random.js';
import { checkLossExpansion, lossExpansionPoint } from '../../src/symbolic/loss-expansion.js';

const SEED = Number(process.env['FC_SEED'] ?? 20261207);
const tanh = resolveActivation('tanh');

/** A random tanh network (other neurons + the pair 0, 1) with C outputs and data for either loss. */
interface Case {
  readonly net: MultiOutputNetwork;
  readonly data: MultiOutputDataset;
  readonly flat: Decimal[];
  readonly ch: Omit<VectorChannel, 'eps'>;
}

function randomCase(
  seed: number,
  C: number,
  d: number,
  width: number,
  loss: 'mse' | 'cross-entropy',
  p: Precision,
): Case {
  const rng = new SeededRandom(seed);
  const r = (lo: number, hi: number): Decimal => new p.D(rng.decimal(lo, hi));
  const layout = {
    width,
    inputDimension: d,
    hiddenBias: seed % 2 === 0,
    outputBias: seed % 3 !== 0,
    outputs: C,
  };
  const m = d + (layout.hiddenBias ? 1 : 0);
  const N = 5;
  const inputs = Array.from({ length: N }, () => Array.from({ length: d }, () => r(-1.5, 1.5)));
  const weights = Array.from({ length: N }, () => r(0.5, 1.5));
  const data: MultiOutputDataset =
    loss === 'mse'
      ? { loss, inputs, weights, targets: inputs.map(() => Array.from({ length: C }, () => r(-1, 1))) }
      : { loss, inputs, weights, labels: inputs.map((_, n) => (n * 7 + seed) % C) };
  const P = width * m + C * width + (layout.outputBias ? C : 0);
  const flat = Array.from({ length: P }, () => r(-1, 1));
  const delta = Array.from({ length: m }, () => r(-1, 1));
  const len = delta.reduce((s, x) => s.plus(x.times(x)), new p.D(0)).sqrt();
  const ch = {
    i: 0,
    j: 1,
    c: Array.from({ length: C }, () => r(-2, 2)),
    a: Array.from({ length: C }, () => r(-2, 2)),
    w: Array.from({ length: m }, () => r(-1, 1)),
    delta: delta.map((x) => x.div(len)),
  };
  return { net: { layout, activation: tanh }, data, flat, ch };
}

/** The naive reference: outputs of A tanh(W x̃) + b with Decimal's own tanh, and the loss written out. */
function naiveLoss(c: Case, flat: readonly Decimal[], p: Precision): Decimal {
  const { layout } = c.net;
  const { width: r, outputs: C } = layout;
  const m = layout.inputDimension + (layout.hiddenBias ? 1 : 0);
  let sum = new p.D(0);
  c.data.inputs.forEach((x, n) => {
    const xt = layout.hiddenBias ? [...x, new p.D(1)] : [...x];
    const h = Array.from({ length: r }, (_, k) =>
      xt.reduce((s, v, e) => s.plus(new p.D(flat[k * m + e] as Decimal).times(v)), new p.D(0)).tanh(),
    );
    const f = Array.from({ length: C }, (_, cc) =>
      h.reduce(
        (s, v, k) => s.plus(new p.D(flat[r * m + cc * r + k] as Decimal).times(v)),
        layout.outputBias ? new p.D(flat[r * m + C * r + cc] as Decimal) : new p.D(0),
      ),
    );
    const rho = c.data.weights?.[n] ?? new p.D(1);
    if (c.data.loss === 'mse') {
      const y = c.data.targets[n] as Decimal[];
      sum = sum.plus(rho.times(f.reduce((s, v, k) => s.plus(v.minus(y[k] as Decimal).pow(2)), new p.D(0))));
    } else {
      const lse = f.reduce((s, v) => s.plus(v.exp()), new p.D(0)).ln();
      sum = sum.plus(rho.times(lse.minus(f[c.data.labels[n] as number] as Decimal)));
    }
  });
  return sum.div(c.data.inputs.length);
}

const caseArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  C: fc.integer({ min: 1, max: 4 }),
  d: fc.integer({ min: 1, max: 3 }),
  width: fc.integer({ min: 2, max: 3 }),
  loss: fc.constantFrom('mse' as const, 'cross-entropy' as const),
});

describe('vector GLU ε-expansion against a naive pair', () => {
  it('f₀ is the vector GLU and (F(ε) − f₀)/ε² → f₂ (Richardson in ε, ε = 1e-8)', () => {
    fc.assert(
      fc.property(caseArb, ({ seed, C, d }) => {
        const p = precision(120);
        const rng = new SeededRandom(seed);
        const ch = randomCase(seed, C, d, 2, 'mse', p).ch;
        const x = Array.from({ length: ch.w.length }, () => new p.D(rng.decimal(-1.5, 1.5)));
        const [f0, f2] = vectorPairExpansion(tanh, ch, x, 2, precision(60)) as [Decimal[], Decimal[]];
        const dot = (u: readonly Decimal[]): Decimal =>
          u.reduce((s, v, k) => s.plus(v.times(x[k] as Decimal)), new p.D(0));
        const z = dot(ch.w);
        const del = dot(ch.delta);
        const F = (eps: Decimal): Decimal[] =>
          ch.c.map((c, k) => {
            const ai = c.div(2).plus((ch.a[k] as Decimal).div(eps.times(2)));
            const aj = c.div(2).minus((ch.a[k] as Decimal).div(eps.times(2)));
            return ai.times(z.plus(eps.times(del)).tanh()).plus(aj.times(z.minus(eps.times(del)).tanh()));
          });
        const glu = ch.c.map((c, k) =>
          c.times(z.tanh()).plus((ch.a[k] as Decimal).times(del).times(new p.D(1).minus(z.tanh().pow(2)))),
        );
        const e = new p.D('1e-8');
        const Fe = F(e);
        const F2e = F(e.times(2));
        for (let k = 0; k < C; k++) {
          expect(
            new p.D(f0[k] as Decimal)
              .minus(glu[k] as Decimal)
              .abs()
              .lte('1e-58'),
          ).toBe(true);
          const q1 = (Fe[k] as Decimal).minus(glu[k] as Decimal).div(e.pow(2));
          const q2 = (F2e[k] as Decimal).minus(glu[k] as Decimal).div(e.times(2).pow(2));
          // Q(ε) = f₂ + f₄ε² + O(ε⁴): (4Q(ε) − Q(2ε))/3 = f₂ + O(ε⁴) ≈ 1e-32; the pair's cancellation costs 8 of 120 digits.
          const rich = q1.times(4).minus(q2).div(3);
          expect(
            rich
              .minus(f2[k] as Decimal)
              .abs()
              .lte('1e-28'),
          ).toBe(true);
        }
      }),
      { numRuns: 15, seed: SEED },
    );
  });
});

describe('vector loss expansion: L(θ₀, ε) = L₀ + ε²h + ε⁴h₄ + O(ε⁶) against the naive loss', () => {
  it('both losses, C = 1…4, random biases and weights', () => {
    fc.assert(
      fc.property(caseArb, ({ seed, C, d, width, loss }) => {
        const p = precision(110);
        const c = randomCase(seed, C, d, width, loss, p);
        const ex = vectorLossExpansion(c.net, c.data, c.flat, c.ch, precision(60));
        // L₀ against the naive loss with the pair replaced by the GLU: at ε = 1e-20 the pair is the GLU to 1e-40.
        const at = (eps: string): Decimal => naiveLoss(c, withVectorChannel(c.net, c.flat, c.ch, eps, p), p);
        expect(at('1e-20').minus(ex.limitLoss).abs().lte('1e-38')).toBe(true);
        const e = new p.D('1e-6');
        // The library's loss at finite ε (guarded against the pair's cancellation) is the naive one at 60 digits.
        const lib = vectorChannelLoss(c.net, c.data, c.flat, c.ch, e, precision(60));
        expect(
          lib
            .minus(at('1e-6'))
            .abs()
            .lte(new p.D(10).pow(-58).times(lib.abs().plus(1))),
        ).toBe(true);
        const Q = (eps: Decimal): Decimal => at(eps.toString()).minus(ex.limitLoss).div(eps.pow(2));
        const q1 = Q(e);
        const q2 = Q(e.times(2));
        // h: (4Q(ε) − Q(2ε))/3 = h + O(ε⁴) (1e-24 · coefficient); h₄: (Q(ε) − h)/ε² = h₄ + O(ε²).
        expect(q1.times(4).minus(q2).div(3).minus(ex.h).abs().lte('1e-20')).toBe(true);
        expect(q1.minus(ex.h).div(e.pow(2)).minus(ex.h4).abs().lte('1e-8')).toBe(true);
      }),
      { numRuns: 15, seed: SEED },
    );
  });

  it('precision ladder: at 30 digits, the 50-digit values to half a unit of the 30th digit (plus 10^−38)', () => {
    for (const loss of ['mse', 'cross-entropy'] as const) {
      const p = precision(60);
      const c = randomCase(11, 3, 2, 3, loss, p);
      const lo = vectorLossExpansion(c.net, c.data, c.flat, c.ch, precision(30));
      const hi = vectorLossExpansion(c.net, c.data, c.flat, c.ch, precision(50));
      for (const key of ['limitLoss', 'h', 'h4'] as const) {
        const ulp = new p.D(10).pow(hi[key].abs().log(10).floor().toNumber() - 29);
        expect(lo[key].minus(hi[key]).abs().lte(ulp.div(2).plus('1e-38'))).toBe(true);
      }
    }
  });

  it('C = 1 reproduces the scalar loss expansion (symbolic coefficients, src/symbolic/loss-expansion.ts)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const digits = 50;
        const scalar = checkLossExpansion(tanh, { digits, seed, samples: 6 });
        const g = precision(digits + 30);
        const pt = lossExpansionPoint(g, seed, 6);
        const net: MultiOutputNetwork = {
          layout: { width: 3, inputDimension: 2, hiddenBias: false, outputBias: false, outputs: 1 },
          activation: tanh,
        };
        const D = (v: Decimal.Value): Decimal => new g.D(v);
        // Neuron 0 is the other neuron; the pair (1, 2) is set from the channel variables.
        const flat = [...pt.other.w.map(D), D(0), D(0), D(0), D(0), D(pt.other.a), D(0), D(0)];
        const data: MultiOutputDataset = {
          loss: 'mse',
          inputs: pt.data.inputs,
          targets: pt.data.targets.map((y) => [y]),
          ...(pt.data.weights === undefined ? {} : { weights: pt.data.weights }),
        };
        const ch = { i: 1, j: 2, c: [D(pt.c)], a: [D(pt.a)], w: pt.w.map(D), delta: pt.Delta.map(D) };
        const ex = vectorLossExpansion(net, data, flat, ch, precision(digits));
        // Two routes rounded to 50 digits: equal to one unit of the 50th digit.
        const close = (x: Decimal, y: string): boolean => {
          const ulp = new g.D(10).pow(new g.D(y).abs().log(10).floor().toNumber() - digits + 1);
          return x.minus(y).abs().lte(ulp);
        };
        expect(close(ex.h, scalar.h)).toBe(true);
        expect(close(ex.h4, scalar.h4)).toBe(true);
        expect(close(ex.limitLoss, scalar.lossAtInfinity)).toBe(true);
      }),
      { numRuns: 3, seed: SEED },
    );
  });
});

describe('sphereFloor: the restricted objective on ‖A‖ = R', () => {
  it('gradient and Hessian (with the chart’s curvature) match central differences of the loss, C = 3', () => {
    const p = precision(80);
    const c = randomCase(5, 3, 2, 3, 'cross-entropy', p);
    const problem = { network: c.net, dataset: () => c.data };
    const R = new p.D('7.5');
    const floor = sphereFloor(problem, 0, 1, R, [new p.D('0.3'), new p.D('-0.8'), new p.D('0.5')]);
    const u = floor.fromFlat(c.flat, p).map((x, k) => x.plus(new p.D(k % 3).div(10)));
    const q = precision(60);
    const at = floor.objective.evaluate(u, q, { gradient: true, hessian: true });
    const h = new p.D('1e-20');
    const shifted = (k: number, s: Decimal): Decimal[] => u.map((x, l) => (l === k ? x.plus(s) : x));
    u.forEach((_, k) => {
      const plus = floor.objective.evaluate(shifted(k, h), q, { gradient: true });
      const minus = floor.objective.evaluate(shifted(k, h.neg()), q, { gradient: true });
      const fd = plus.loss.minus(minus.loss).div(h.times(2));
      expect(
        fd
          .minus(at.gradient?.[k] as Decimal)
          .abs()
          .lte('1e-30'),
      ).toBe(true);
      (plus.gradient as Decimal[]).forEach((gp, l) => {
        const fdH = gp.minus((minus.gradient as Decimal[])[l] as Decimal).div(h.times(2));
        expect(
          fdH
            .minus(at.hessian?.[k]?.[l] as Decimal)
            .abs()
            .lte('1e-30'),
        ).toBe(true);
      });
    });
  });
});

describe('followMultiOutputChannel', () => {
  const problem = multiOutputProblemFromSpec(multiOutputGluTeacher());
  const p = precision(40);

  it('glu-teacher-c2: followed to |A| = 1e10, the vector GLU limit is the teacher to 30 digits', () => {
    const start = problem.initial(p);
    expect(defaultVectorChannelPair(problem.network, start)).toEqual([0, 1]);
    const out = followMultiOutputChannel(problem, start, '1e10', {
      values: ['1e2', '1e4', '1e6', '1e8', '1e9', '1e10'],
      reportDigits: 30,
    });
    expect(out.kind).toBe('reached');
    if (out.kind !== 'reached') return;
    const last = out.points[out.points.length - 1]!;
    expect(last.A.toString()).toBe('10000000000');
    expect(last.confirmedDigits).toBe(30);
    expect(out.limit?.digits).toBe(30);
    const exact = (xs: readonly Decimal[] | undefined, ys: readonly string[]): void =>
      expect(xs?.map((x) => x.toSignificantDigits(30).toString())).toEqual(
        ys.map((y) => new p.D(y).toString()),
      );
    exact(out.limit?.c, GLU_TEACHER_C2.c);
    exact(out.limit?.a, GLU_TEACHER_C2.a);
    exact(out.limit?.w, GLU_TEACHER_C2.w);
    exact(out.limit?.delta, GLU_TEACHER_C2.delta);
    // |A| = ‖A‖ on every point; the realisable GLU's law L ∝ |A|⁻⁴ (mathematics.md §2) from 1e8 to 1e10 to 1e-6.
    for (const pt of out.points) {
      const norm = pt.divergence.reduce((s, x) => s.plus(x.times(x)), new p.D(0)).sqrt();
      expect(norm.div(pt.A).minus(1).abs().lte('1e-28')).toBe(true);
    }
    const L8 = out.points[4]!.loss;
    expect(L8.div(last.loss).div('1e8').minus(1).abs().lte('1e-6')).toBe(true);
    // The floor point's loss = L₀ + ε²h + ε⁴h₄ + O(ε⁶) at its own channel variables (h ≈ 0: realisable target).
    const q = precision(80);
    const flat = last.params.map((x) => new q.D(x));
    const ch = vectorChannelOf(problem.network, flat, 0, 1, q);
    const ex = vectorLossExpansion(problem.network, problem.dataset(q), flat, ch, q);
    const predicted = ex.limitLoss.plus(ch.eps.pow(2).times(ex.h)).plus(ch.eps.pow(4).times(ex.h4));
    expect(predicted.div(last.loss).minus(1).abs().lte('1e-15')).toBe(true);
  });

  it('C = 1 reproduces the scalar follow (glu-teacher read as a multi-output problem), to all 20 digits', () => {
    const multi = loadMultiOutputProblem('glu-teacher');
    const scalar = loadProblem('glu-teacher');
    const values = ['20', '1e3'];
    const a = followMultiOutputChannel(multi, multi.initial(p), '1e3', { values });
    const b = followChannel(scalar.network, (q) => scalar.dataset(q), scalar.initial(p), '1e3', { values });
    expect(a.kind).toBe('reached');
    expect(b.kind).toBe('reached');
    b.points.forEach((pb, k) => {
      const pa = a.points[k]!;
      expect(pa.A.toString()).toBe(pb.A.abs().toString());
      expect(pa.loss.toString()).toBe(pb.loss.toString());
      expect(pa.c[0]?.toString()).toBe(pb.c.toString());
      expect(pa.w.map(String)).toEqual(pb.w.map(String));
      expect(pa.eps.toString()).toBe(pb.eps.abs().toString());
    });
  });
});
