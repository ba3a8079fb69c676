import { describe, expect, it } from 'vitest';
import { ProblemSpec, parseWith } from '../../src/network/spec.js';
import { sweepProblemOf } from '../../src/sweep/_internals/problem-cache.js';
import { classifyEndPoint } from '../../src/sweep/classify-end-point.js';
import { crossTable } from '../../src/sweep/fig2-table.js';
import { barrierTerms } from '../../src/sweep/paper-protocol.js';
import { paperProtocolOptions, trainOptions } from '../../src/sweep/train-options.js';
import { train64 } from '../../src/sweep/train64.js';
import type { SweepProblem } from '../../src/sweep/sweep-problem.js';
import { GLU_XS, tanhDerivatives } from './helpers.js';

/** clip(x, −1, 1) at the nine glu-teacher inputs (exact decimals), fitted by tanh neurons without biases. */
const clip = (x: number): number => Math.sign(x) * Math.min(1, Math.abs(x));
function clipProblem(width: number): SweepProblem {
  const spec = parseWith(
    ProblemSpec,
    {
      format: 'flat-channels-problem',
      version: 1,
      name: 'clip-test',
      activation: 'tanh',
      hiddenBias: false,
      outputBias: false,
      inputDimension: 1,
      data: { kind: 'samples', inputs: GLU_XS.map(String), targets: GLU_XS.map((x) => String(clip(x))) },
      student: { width, init: { kind: 'glorot-normal', seed: 1 } },
    },
    'test spec',
  );
  return sweepProblemOf(spec).sweep;
}

/**
 * The width-1 minimum of clipProblem, independently of the toolkit: a(w) = Σσy/Σσ² is optimal for each w; the
 * profile loss is minimised by ternary search on [0.5, 3]. Also B = (1/N) Σ a σ″(wx) x² · 2(f − y) (mathematics.md §3).
 */
function clipMinimum(): { w: number; a: number; B: number } {
  const y = GLU_XS.map(clip);
  const profile = (w: number): { a: number; loss: number } => {
    const s = GLU_XS.map((x) => Math.tanh(w * x));
    const a = s.reduce((acc, v, i) => acc + v * (y[i] as number), 0) / s.reduce((acc, v) => acc + v * v, 0);
    return { a, loss: s.reduce((acc, v, i) => acc + (a * v - (y[i] as number)) ** 2, 0) };
  };
  let [lo, hi] = [0.5, 3];
  for (let k = 0; k < 200; k++) {
    const m1 = lo + (hi - lo) / 3;
    const m2 = hi - (hi - lo) / 3;
    if (profile(m1).loss < profile(m2).loss) hi = m2;
    else lo = m1;
  }
  const w = (lo + hi) / 2;
  const { a } = profile(w);
  const B =
    GLU_XS.reduce((acc, x, n) => {
      const [t, , s2] = tanhDerivatives(w * x);
      return acc + a * s2 * x * x * 2 * (a * t - (y[n] as number));
    }, 0) / GLU_XS.length;
  return { w, a, B };
}

describe('the paper protocol', () => {
  it('the cubic barrier: zero below maxnorm, gradient and Hessian agree with finite differences above', () => {
    const below = Float64Array.from([3, -4, 1, 2]); // weightnorm 30/8 < 4
    expect(barrierTerms(below, 4, true).value).toBe(0);
    const theta = Float64Array.from([3, -4, 1, 2.5]); // weightnorm 32.25/8 = 4.03125 > 4
    const c = 4;
    const b = barrierTerms(theta, c, true);
    // Reference value by hand: (4.03125 − 4)³/3.
    expect(b.value).toBeCloseTo(0.03125 ** 3 / 3, 18);
    const h = 1e-5;
    for (let k = 0; k < 4; k++) {
      const plus = theta.slice();
      const minus = theta.slice();
      plus[k] = (plus[k] as number) + h;
      minus[k] = (minus[k] as number) - h;
      const fd = (barrierTerms(plus, c, false).value - barrierTerms(minus, c, false).value) / (2 * h);
      expect(Math.abs(fd - (b.gradient[k] as number))).toBeLessThan(1e-8);
      for (let j = 0; j < 4; j++) {
        const fdH =
          ((barrierTerms(plus, c, false).gradient[j] as number) -
            (barrierTerms(minus, c, false).gradient[j] as number)) /
          (2 * h);
        expect(Math.abs(fdH - ((b.hessian as Float64Array)[k * 4 + j] as number))).toBeLessThan(1e-8);
      }
    }
  });

  it('options: Table 1 by default; the settings are refused for other optimisers', () => {
    expect(paperProtocolOptions()).toMatchObject({ reltol: 1e-3, abstol: 1e-6, patience: 1e6, maxnorm: 1e3 });
    expect(trainOptions({ optimizer: 'paper' }).paper?.maxnorm).toBe(1e3);
    // The accurate protocol's options carry no paper field: the content addresses of stored gf runs are kept.
    expect('paper' in trainOptions({ optimizer: 'gf' })).toBe(false);
    expect(() => trainOptions({ optimizer: 'gf', paper: paperProtocolOptions() })).toThrow(/paper/);
  });

  it('width 1: ODE then Newton end on the one-neuron minimum (an independent profile minimisation)', () => {
    const { w, a } = clipMinimum();
    const run = train64(
      { network: clipProblem(1).network, data: clipProblem(1).data64 },
      Float64Array.from([0.4, 0.3]),
      trainOptions({ optimizer: 'paper' }),
      1,
    );
    expect(run.stop).toBe('converged');
    expect(run.phases?.ode.stop).toBe('maxTime');
    expect(Math.abs((run.theta[0] as number) - w)).toBeLessThan(1e-6);
    expect(Math.abs((run.theta[1] as number) - a)).toBeLessThan(1e-6);
  });
});

describe('positive control: starts near a stable plateau segment come back and are plateau saddles', () => {
  const { w, a, B } = clipMinimum();
  // Perturbed across the saddle line θ_γ = (w, w; γa, (1 − γ)a): the input weights split by ±δ.
  const start = (gamma: number, delta: number): Float64Array =>
    Float64Array.from([w + delta, w - delta, gamma * a, (1 - gamma) * a]);
  const problem = clipProblem(2);

  it('B > 0 here, so γ ∈ (0, 1) is the stable segment', () => {
    expect(B).toBeGreaterThan(1e-3);
  });

  for (const optimizer of ['gf', 'paper'] as const) {
    it(`${optimizer}: from γ = 0.3, δ = 10⁻²: back on the line, classified plateau-saddle`, () => {
      const run = train64(
        { network: problem.network, data: problem.data64 },
        start(0.3, 1e-2),
        trainOptions({ optimizer }),
        1,
      );
      const c = classifyEndPoint(problem, run);
      expect(c.class).toBe('plateau-saddle');
      expect(Math.abs((run.theta[0] as number) - (run.theta[1] as number))).toBeLessThan(1e-6);
      // On the line: the loss is the one-neuron minimum's (computed here from the reference point).
      const loss1 = GLU_XS.reduce((s, x) => s + (a * Math.tanh(w * x) - clip(x)) ** 2, 0) / GLU_XS.length;
      expect(Math.abs(Number(c.loss) - loss1)).toBeLessThan(1e-10);
      // The paper's duplicate criterion agrees here: this one is a genuine plateau saddle.
      expect(c.paper.class).toBe('plateau-saddle');
    });
  }

  it('the negative control: from γ = 1.5 (outside the stable segment) the run leaves the line', () => {
    const run = train64(
      { network: problem.network, data: problem.data64 },
      start(1.5, 1e-2),
      trainOptions({ optimizer: 'gf' }),
      1,
    );
    expect(classifyEndPoint(problem, run).class).not.toBe('plateau-saddle');
  });
});

describe('crossTable', () => {
  it('counts runs by the paper’s class (rows) and the toolkit’s class (columns)', () => {
    const runs = [
      { class: 'split-channel', paper: 'plateau-saddle' },
      { class: 'split-channel', paper: 'plateau-saddle' },
      { class: 'channel', paper: 'plateau-saddle' },
      { class: 'finite-minimum', paper: 'minimum' },
      { class: 'channel', paper: 'channel' },
    ] as const;
    const t = crossTable(runs);
    expect(t['plateau-saddle']['split-channel']).toBe(2);
    expect(t['plateau-saddle'].channel).toBe(1);
    expect(t.channel['plateau-saddle']).toBe(0);
    expect(t.minimum['finite-minimum']).toBe(1);
    expect(t.channel.channel).toBe(1);
    const total = Object.values(t).reduce((n, row) => n + Object.values(row).reduce((m, v) => m + v, 0), 0);
    expect(total).toBe(runs.length);
  });
});
