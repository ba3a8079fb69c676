import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectChannels } from '../../src/landscape/detect-channels.js';
import { importNetwork, type ImportedNetwork } from '../../src/landscape/detect-import.js';
import { detectionProblem } from '../../src/landscape/detect-problem.js';
import { precision } from '../../src/precision/context.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'detect');
const f = (name: string): string => join(DIR, name);
const flatOf = (net: ImportedNetwork): string[] => [
  ...net.params.w.flat(),
  ...net.params.a,
  ...(net.params.b === undefined ? [] : [net.params.b]),
];

/*
 * Three tanh neurons merging onto w̄ = (1, 0.5): w_k = w̄ + ε u_k with Σu_k = 0 (so w̄ is their mean), readouts
 * a_k = c/3 + b_k/ε with Σb_k = 0. Then Σa_k = c and Σa_k(w_k − w̄) = (c/3)ε Σu_k + Σb_k u_k = Σb_k u_k exactly:
 * with u = (0.6, −0.8), (−0.2, 0.4), (−0.4, 0.4) and b = (1, 2, −3) the group's GLU is c = 0.5, w̄ = (1, 0.5),
 * v = (0.6 − 0.4 + 1.2, −0.8 + 0.8 − 1.2) = (1.4, −1.2). A fourth neuron far away does not belong to the group.
 */
const U = [
  [0.6, -0.8],
  [-0.2, 0.4],
  [-0.4, 0.4],
];
const B = [1, 2, -3];
const C = 0.5;
const WBAR = [1, 0.5];
const V = [1.4, -1.2];

function threeMerged(eps: string, readouts?: readonly string[]): string[] {
  const p = precision(40);
  const e = new p.D(eps);
  const w = U.map((u) => u.map((x, c) => new p.D(WBAR[c]!).plus(e.times(x)).toString()));
  const a = readouts ?? B.map((b) => new p.D(C).div(3).plus(new p.D(b).div(e)).toString());
  return [...w.flat(), '-0.3', '1.2', ...a, '0.25'];
}
const LAYOUT = { width: 4, inputDimension: 2, hiddenBias: false, outputBias: false } as const;

/** Σ_k a_k tanh(w_k·x) over the three members, in float64 (|a| ≤ 6000: rounding error ≈ 10⁻¹²). */
function groupOutput(flat: readonly string[], x: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < 3; k++) {
    const z = Number(flat[2 * k]) * x[0]! + Number(flat[2 * k + 1]) * x[1]!;
    s += Number(flat[8 + k]) * Math.tanh(z);
  }
  return s;
}

const XS = [
  [0.3, -1.1],
  [1.2, 0.7],
  [-0.8, 0.4],
  [2, -1.5],
];

describe('detect: groups of three or more merging neurons', () => {
  it('mixed-sign readouts: a channel group whose GLU is (Σa_k, w̄, Σa_k(w_k − w̄))', () => {
    const flat = threeMerged('0.001');
    const r = detectChannels(LAYOUT, flat);
    expect(r.groups).toHaveLength(1);
    const g = r.groups[0]!;
    expect(g.neurons).toEqual([1, 2, 3]);
    expect(g.signsMixed).toBe(true);
    // ‖θ‖ ≈ 3742 > 10³ and Σ|a_k| ≈ 6000 > 10²: the paper's criteria carried over to the group.
    expect(g.verdict).toBe('channel');
    expect(r.verdict).toBe('channel');
    expect(Number(g.glu?.c)).toBeCloseTo(C, 11);
    expect(g.glu?.w.map(Number)).toEqual(WBAR);
    expect(Number(g.glu?.v[0])).toBeCloseTo(V[0]!, 11);
    expect(Number(g.glu?.v[1])).toBeCloseTo(V[1]!, 11);
    // Σa_k δ_k δ_kᵀ = ε² (c/3) Σu_k u_kᵀ + ε Σb_k u_k u_kᵀ, computed here from the construction.
    const eps = 1e-3;
    let frob = 0;
    for (let r1 = 0; r1 < 2; r1++)
      for (let c1 = 0; c1 < 2; c1++) {
        let e = 0;
        for (let k = 0; k < 3; k++) e += (eps * eps * (C / 3) + eps * B[k]!) * U[k]![r1]! * U[k]![c1]!;
        frob += e * e;
      }
    expect(Number(g.secondOrder)).toBeCloseTo(Math.sqrt(frob), 9);
    // Pairs inside the group keep their pair verdicts (same-sign pairs duplicates, opposite-sign pairs channels) but
    // no GLU of their own (the group's is the limit); the far neuron's pairs are apart. None carries a GLU.
    for (const q of r.pairs) {
      expect(q.glu).toBeUndefined();
      if (q.j === 4) expect(q).toMatchObject({ verdict: 'notAChannel', noGlu: 'weightsApart' });
      else expect(q).toMatchObject({ verdict: q.signsOpposite ? 'channel' : 'duplicate', noGlu: 'inGroup' });
    }
  });

  it('precision ladder: at ε = 10⁻¹⁵ (|a_k| ≈ 3·10¹⁵) the group GLU at 80 and at 100 working digits agree', () => {
    const flat = threeMerged('1e-15');
    // The default working digits, 3·log₁₀|A| + 30 ≈ 76, already exceed 40.
    expect(detectChannels(LAYOUT, flat).digits).toBeGreaterThan(70);
    const lo = detectChannels(LAYOUT, flat, undefined, { digits: 80 });
    const hi = detectChannels(LAYOUT, flat, undefined, { digits: 100 });
    expect([lo.digits, hi.digits]).toEqual([80, 100]);
    expect(lo.groups[0]?.glu).toEqual(hi.groups[0]?.glu);
    expect(lo.groups[0]?.glu).toEqual({ c: '0.5', w: ['1', '0.5'], v: ['1.4', '-1.2'] });
  });

  it('the reported GLU is the limit of the group’s output: the error is O(ε), O(ε²) with the σ″ term', () => {
    // Independent check: the members' output computed naively, against the detected GLU
    // c tanh(w̄·x) + (v·x) sech²(w̄·x) and its σ″ correction ½ xᵀMx tanh″(w̄·x), M = Σa_k δ_k δ_kᵀ.
    const errors = (eps: string): [number, number] => {
      const flat = threeMerged(eps);
      const g = detectChannels(LAYOUT, flat).groups[0]!;
      const c = Number(g.glu?.c);
      const [w0, w1] = g.glu!.w.map(Number) as [number, number];
      const [v0, v1] = g.glu!.v.map(Number) as [number, number];
      const e = Number(eps);
      let e1 = 0;
      let e2 = 0;
      for (const x of XS) {
        const z = w0 * x[0]! + w1 * x[1]!;
        const t = Math.tanh(z);
        const s2 = 1 - t * t;
        const glu = c * t + (v0 * x[0]! + v1 * x[1]!) * s2;
        let q = 0;
        for (let k = 0; k < 3; k++) {
          const a = C / 3 + B[k]! / e;
          q += a * (e * (U[k]![0]! * x[0]! + U[k]![1]! * x[1]!)) ** 2;
        }
        const second = 0.5 * q * (-2 * t * s2);
        const out = groupOutput(flat, x);
        e1 = Math.max(e1, Math.abs(out - glu));
        e2 = Math.max(e2, Math.abs(out - glu - second));
      }
      return [e1, e2];
    };
    const [a1, a2] = errors('0.002');
    const [b1, b2] = errors('0.001');
    expect(a1 / b1).toBeGreaterThan(1.8);
    expect(a1 / b1).toBeLessThan(2.2);
    expect(a2 / b2).toBeGreaterThan(3.6);
    expect(a2 / b2).toBeLessThan(4.4);
    expect(b1).toBeLessThan(0.05);
  });

  it('with data: the share of −∇L in the group’s subspace, against finite differences of a naive loss', () => {
    // Moderate readouts (a candidate group), so that the far neuron's share of the gradient is visible.
    const flat = threeMerged('0.001', ['2', '-1', '-0.5']);
    const xs = [...XS, [-1.4, -0.6], [0.5, 1.9]];
    const ys = xs.map((x) => 0.4 * Math.tanh(x[0]! - x[1]!) + 0.1 * x[0]!);
    const net: ImportedNetwork = {
      format: 'params-json',
      layout: LAYOUT,
      params: { w: [0, 1, 2, 3].map((k) => [flat[2 * k]!, flat[2 * k + 1]!]), a: flat.slice(8) },
      sourcePrecision: 'decimal',
    };
    const problem = detectionProblem(net, 'tanh', { kind: 'json', json: { x: xs, y: ys }, what: 'd' });
    const r = detectChannels(LAYOUT, flat, problem);
    const g = r.groups[0]!;
    // MSE without ½ over the samples, naive float64; central differences in each parameter.
    const loss = (q: readonly number[]): number =>
      xs.reduce((acc, x, n) => {
        let out = 0;
        for (let k = 0; k < 4; k++) out += q[8 + k]! * Math.tanh(q[2 * k]! * x[0]! + q[2 * k + 1]! * x[1]!);
        return acc + (out - ys[n]!) ** 2;
      }, 0) / xs.length;
    const q0 = flat.map(Number);
    const grad = q0.map((_, k) => {
      const h = 1e-7 * Math.max(1, Math.abs(q0[k]!));
      const up = q0.map((v, j) => (j === k ? v + h : v));
      const dn = q0.map((v, j) => (j === k ? v - h : v));
      return (loss(up) - loss(dn)) / (2 * h);
    });
    // Outside the group: neuron 4's input weights (coordinates 6, 7) and readout (11).
    const outside = [6, 7, 11].reduce((acc, k) => acc + grad[k]! ** 2, 0);
    const total = grad.reduce((acc, v) => acc + v * v, 0);
    expect(Number(g.updateFraction)).toBeCloseTo(1 - outside / total, 4);
    expect(Number(g.updateFraction)).toBeLessThan(0.999);
    expect(g.verdict).toBe('channelCandidate');
  });

  it('readouts of one sign: a duplicate group, no GLU; below the thresholds a mixed group is a candidate', () => {
    const dup = detectChannels(LAYOUT, threeMerged('0.001', ['0.2', '0.5', '0.3']));
    expect(dup.groups).toEqual([expect.objectContaining({ neurons: [1, 2, 3], verdict: 'duplicate' })]);
    expect(dup.groups[0]?.glu).toBeUndefined();
    expect(dup.groups[0]?.noGlu).toBe('sameSignReadouts');
    expect(dup.verdict).toBe('noChannel');
    // Readouts ±2: mixed signs, but ‖θ‖ and Σ|a_k| are small.
    const cand = detectChannels(LAYOUT, threeMerged('0.001', ['2', '-1', '-0.5']));
    expect(cand.groups[0]?.verdict).toBe('channelCandidate');
    expect(Number(cand.groups[0]?.glu?.c)).toBeCloseTo(0.5, 12);
    expect(cand.verdict).toBe('channelCandidate');
  });

  it('in one input dimension same-sign weights far apart form no group (cosine distance 0 is not merging)', () => {
    const layout = { width: 3, inputDimension: 1, hiddenBias: false, outputBias: false } as const;
    expect(detectChannels(layout, ['1', '2', '3', '1', '-1', '1']).groups).toEqual([]);
    expect(detectChannels(layout, ['1', '1.01', '0.995', '1', '-1', '1']).groups[0]?.neurons).toEqual([
      1, 2, 3,
    ]);
  });
});

describe('detect: the GLU only where it means something', () => {
  const data = (file: string): unknown => JSON.parse(readFileSync(f(file), 'utf8'));

  it('finite minima and duplicates carry no GLU, with the reason; candidates carry it', () => {
    const minimum = importNetwork(f('teacher-minimum.state-dict.json'));
    const r1 = detectChannels(
      minimum.layout,
      flatOf(minimum),
      detectionProblem(minimum, 'tanh', { kind: 'json', json: data('teacher-data.json'), what: 'd' }),
    );
    expect(r1.verdict).toBe('finiteMinimum');
    expect(r1.pairs[0]).toMatchObject({ verdict: 'notAChannel', noGlu: 'weightsApart' });
    expect(r1.pairs[0]?.glu).toBeUndefined();

    const dup = importNetwork(f('toy-duplicate.params.json'));
    const r2 = detectChannels(dup.layout, flatOf(dup));
    expect(r2.pairs[0]).toMatchObject({ verdict: 'duplicate', noGlu: 'sameSignReadouts' });
    expect(r2.pairs[0]?.glu).toBeUndefined();

    const ch = importNetwork(f('glu-channel.params.json'));
    const r3 = detectChannels(ch.layout, flatOf(ch));
    expect(r3.pairs[0]?.verdict).toBe('channelCandidate');
    expect(r3.pairs[0]?.noGlu).toBeUndefined();
    // c = a₁ + a₂ from the file's readouts, summed here.
    expect(Number(r3.pairs[0]?.glu?.c)).toBeCloseTo(Number(ch.params.a[0]) + Number(ch.params.a[1]), 9);
  });

  it('identical input weights with opposite readouts: a candidate without a GLU direction', () => {
    const layout = { width: 2, inputDimension: 2, hiddenBias: false, outputBias: false } as const;
    const r = detectChannels(layout, ['1', '0.5', '1', '0.5', '3', '-2']);
    expect(r.pairs[0]).toMatchObject({ verdict: 'channelCandidate', noGlu: 'identicalWeights' });
    expect(r.pairs[0]?.glu).toBeUndefined();
  });
});
