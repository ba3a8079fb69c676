import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  dataset64Of,
  edgeOfStabilityProblem,
  edgeOfStabilityRun,
  erfNetworkGradient64,
  largestHessianEigenvalue64,
} from '../../src/landscape/edge-of-stability.js';
import { precision } from '../../src/precision/context.js';
import { erf } from '../../src/precision/special/index.js';

const p = precision(30);

/**
 * The loss and gradient written out naively from the definitions (mathematics.md §1) with the 30-digit standard erf
 * of precision/special: L = (1/N) Σ (a₁σ(w₁x) + a₂σ(w₂x) − y)², σ(z) = erf(z/√2), σ′(z) = √(2/π) e^(−z²/2).
 */
function naive(
  xs: Float64Array,
  ys: Float64Array,
  theta: readonly number[],
): { loss: number; gradient: number[] } {
  const [w1, w2, a1, a2] = theta.map((t) => new p.D(t));
  const sqrt2 = p.D.sqrt(2);
  const c = p.D.sqrt(new p.D(2).div(p.D.acos(-1)));
  const sigma = (z: InstanceType<typeof p.D>): InstanceType<typeof p.D> => erf(z.div(sqrt2), p);
  const dsigma = (z: InstanceType<typeof p.D>): InstanceType<typeof p.D> => c.times(z.pow(2).div(-2).exp());
  let loss = new p.D(0);
  const g = [new p.D(0), new p.D(0), new p.D(0), new p.D(0)];
  xs.forEach((xv, n) => {
    const x = new p.D(xv);
    const z1 = w1!.times(x);
    const z2 = w2!.times(x);
    const r = a1!
      .times(sigma(z1))
      .plus(a2!.times(sigma(z2)))
      .minus(ys[n] as number);
    loss = loss.plus(r.pow(2));
    g[0] = g[0]!.plus(r.times(a1!).times(dsigma(z1)).times(x));
    g[1] = g[1]!.plus(r.times(a2!).times(dsigma(z2)).times(x));
    g[2] = g[2]!.plus(r.times(sigma(z1)));
    g[3] = g[3]!.plus(r.times(sigma(z2)));
  });
  const N = xs.length;
  return { loss: loss.div(N).toNumber(), gradient: g.map((v) => v.times(2).div(N).toNumber()) };
}

describe('edge of stability: the float64 gradient-descent step', () => {
  const problem = edgeOfStabilityProblem({ samples: 64, seed: 5 });
  const data = dataset64Of(problem);
  const points = [
    [1.2, 0.5, 3, -1.3],
    [0.95, 0.75, 4.6, -3.1],
    [-0.3, 2.4, 0.7, 1.1],
  ];

  it('loss and gradient agree with a naive 30-digit implementation to 1e-14 (relative to the largest term)', () => {
    for (const t of points) {
      const g = new Float64Array(4);
      const loss = erfNetworkGradient64(data, Float64Array.from(t), g);
      const ref = naive(data.inputs, data.targets, t);
      expect(Math.abs(loss - ref.loss) / ref.loss).toBeLessThan(1e-14);
      const scale = Math.max(...ref.gradient.map(Math.abs));
      g.forEach((v, i) => expect(Math.abs(v - (ref.gradient[i] as number)) / scale).toBeLessThan(1e-14));
    }
  });

  it('the gradient agrees with central differences of the loss (step 1e-5, error ~1e-10)', () => {
    const t = Float64Array.from(points[1] as number[]);
    const g = new Float64Array(4);
    erfNetworkGradient64(data, t, g);
    const scratch = new Float64Array(4);
    for (let i = 0; i < 4; i++) {
      const h = 1e-5;
      const up = t.slice();
      const down = t.slice();
      up[i] = (up[i] as number) + h;
      down[i] = (down[i] as number) - h;
      const fd =
        (erfNetworkGradient64(data, up, scratch) - erfNetworkGradient64(data, down, scratch)) / (2 * h);
      expect(Math.abs(fd - (g[i] as number))).toBeLessThan(1e-8);
    }
  });

  it('one step of edgeOfStabilityRun is θ − η∇L with the naive gradient', () => {
    const start = { w: 0.9, c: 1.6, a: 1.5, eps: 0.2 };
    const eta = 0.05; // 2/η = 40 lies far above λ_max here: no arrival, the run stops after the one step
    const run = edgeOfStabilityRun(problem, eta, { start, maxSteps: 1 });
    const theta0 = [0.9 + 0.2, 0.9 - 0.2, 0.8 + 1.5 / 0.4, 0.8 - 1.5 / 0.4];
    const ref = naive(data.inputs, data.targets, theta0);
    run.theta.forEach((v, i) =>
      expect(Math.abs(v - ((theta0[i] as number) - eta * (ref.gradient[i] as number)))).toBeLessThan(1e-14),
    );
  });

  it('λ_max of the float64 Hessian equals the 30-digit one', () => {
    const t = points[1] as number[];
    const H = problem.evaluate(
      t.map((x) => new p.D(x)),
      p,
      { gradient: false, hessian: true },
    ).hessian!;
    // Power iteration on the Decimal Hessian (an independent route to λ_max; it dominates here).
    let v = [1, 1, 1, 1].map((x) => new p.D(x));
    let lambda = new p.D(0);
    for (let k = 0; k < 400; k++) {
      const w = H.map((row) => row.reduce((s, h, j) => s.plus(h.times(v[j]!)), new p.D(0)));
      const norm = p.D.sqrt(w.reduce((s, x) => s.plus(x.pow(2)), new p.D(0)));
      lambda = norm;
      v = w.map((x) => x.div(norm));
    }
    const f64 = largestHessianEigenvalue64(problem, Float64Array.from(t));
    expect(Math.abs(f64 - lambda.toNumber()) / lambda.toNumber()).toBeLessThan(1e-12);
  });
});

describe('edge of stability: a run', () => {
  it('on 512 samples at η = 0.35: λ_max rises to 2/η and saturates; ε stalls on a period-2 orbit', () => {
    const problem = edgeOfStabilityProblem({ samples: 512 });
    const run = edgeOfStabilityRun(problem, 0.35);
    expect(run.outcome.kind).toBe('saturated');
    if (run.outcome.kind !== 'saturated') return;
    const first = run.records[0]!;
    expect((first.lambdaMax * 0.35) / 2).toBeLessThan(0.75); // it starts well below the threshold
    expect(Math.abs(run.outcome.lambdaRatio - 1)).toBeLessThan(0.02);
    expect(run.outcome.epsMin).toBeLessThan(first.eps);
    // Records in the window come in both parities (the two points of the orbit).
    const inWindow = run.records.filter(
      (r) => r.step >= (run.outcome as { windowStart: number }).windowStart,
    );
    expect(new Set(inWindow.map((r) => r.step % 2)).size).toBe(2);
    // Deterministic: the same run again gives the same bits.
    const again = edgeOfStabilityRun(problem, 0.35);
    expect(Array.from(again.theta)).toEqual(Array.from(run.theta));
  });

  it('a smaller step stalls at a smaller ε', () => {
    const problem = edgeOfStabilityProblem({ samples: 512 });
    const big = edgeOfStabilityRun(problem, 0.35).outcome;
    const small = edgeOfStabilityRun(problem, 0.3).outcome;
    expect(big.kind === 'saturated' && small.kind === 'saturated').toBe(true);
    if (big.kind !== 'saturated' || small.kind !== 'saturated') return;
    expect(small.epsMin).toBeLessThan(big.epsMin);
  });

  it('refuses a bad step, a bad option and a problem of another shape', () => {
    const problem = edgeOfStabilityProblem({ samples: 16 });
    expect(() => edgeOfStabilityRun(problem, 0)).toThrow(InputError);
    expect(() => edgeOfStabilityRun(problem, NaN)).toThrow(/positive/);
    expect(() => edgeOfStabilityRun(problem, 0.1, { arrival: 2 })).toThrow(/arrival/);
    expect(() => edgeOfStabilityProblem({ samples: 1 })).toThrow(InputError);
  });
});
