// Asymptotic parallelism (mathematics.md §2, paper eq. 5), the heart of the toolkit: for random channel
// configurations (activation, data, c, a, w, Δ, other neurons) the channel runs parallel to the saddle lines of
// neuron duplication. numRuns 20–30 per law (each law evaluates θ(ε) at 3–4 values of ε at 80–120 digits; the
// Hessian law needs 3 Hessians); the file runs in ≈ 30 s.
//
// Laws that need a gradient-flow trajectory (updates on the channel make a vanishing angle with the saddle-line
// direction; the fraction of each update inside the channel subspace tends to 1) wait for src/flow's integrator:
// see docs/testing.md, "Open laws".
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { lossAndDerivatives } from '../src/network/loss.js';
import { precision, type Precision } from '../src/precision/context.js';
import { symmetricEigenvalues } from '../src/precision/linalg/index.js';
import { activationArbitrary } from '../src/testing/activation-arbitrary.js';
import { gridDecimal } from '../src/testing/_internals/grid-decimal.js';
import {
  channelParameters,
  saddleLineDirection,
  type ChannelConfiguration,
} from '../src/testing/channel-configuration.js';
import { channelConfigurationArbitrary } from '../src/testing/channel-configuration-arbitrary.js';
import { splitDirection, splitNeuron } from '../src/testing/saddle-line.js';
import { checkLaw } from './_support/law.js';
import './_support/matchers.js';

const p = precision(100);
const configs = channelConfigurationArbitrary(p, {
  activation: activationArbitrary({ formulaDepth: 2 }),
  hiddenBias: false,
});
const configsWithBias = channelConfigurationArbitrary(p, {
  hiddenBias: true,
  outputBias: true,
  maxInputDimension: 1,
});

const dot = (x: readonly Decimal[], y: readonly Decimal[], q: Precision): Decimal =>
  x.reduce((s, v, i) => s.plus(v.times(y[i] as Decimal)), new q.D(0));
const norm = (x: readonly Decimal[], q: Precision): Decimal => dot(x, x, q).sqrt();

/** sin of the angle between x and y: ‖x − (x·ŷ)ŷ‖/‖x‖ (accurate for tiny angles, unlike acos of the cosine). */
function sinAngle(x: readonly Decimal[], y: readonly Decimal[], q: Precision): Decimal {
  const yy = dot(y, y, q);
  const t = dot(x, y, q).div(yy);
  const perp = x.map((v, i) => v.minus(t.times(y[i] as Decimal)));
  return norm(perp, q).div(norm(x, q));
}

/** dθ/dε by a central difference of the inverse channel map (not from its formula): step ε·10⁻³⁰, error O(step²). */
function tangent(config: ChannelConfiguration, eps: Decimal, q: Precision): Decimal[] {
  const h = eps.times('1e-30');
  const up = channelParameters(config, eps.plus(h), q);
  const down = channelParameters(config, eps.minus(h), q);
  return up.map((v, i) => v.minus(down[i] as Decimal).div(h.times(2)));
}

/** ε on a grid of 10⁻³ … 10⁻² (small enough for the asymptotic regime with |a| ≥ 0.1). */
const epsArb = fc.integer({ min: 1, max: 10 }).map((k) => new p.D(k).div(1000));

describe('asymptotic parallelism', () => {
  it('the angle between the channel tangent dθ/dε and the saddle-line direction shrinks like ε² (ratio 4 when ε halves)', () => {
    checkLaw(
      fc.property(fc.oneof(configs, configsWithBias), epsArb, (config, eps) => {
        const dir = saddleLineDirection(config.layout, p);
        const s1 = sinAngle(tangent(config, eps, p), dir, p);
        const s2 = sinAngle(tangent(config, eps.div(2), p), dir, p);
        // tan(angle) = 2ε²‖Δ‖/|a| exactly, so the sines' ratio is 4 up to O(ε⁴/a²) ≤ 10⁻²: allow 2 %.
        expect(s1.div(s2).minus(4).abs().lte('0.08')).toBe(true);
        expect(s1.lte(eps.pow(2).times(2).div(config.a.abs()).times('1.0001'))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('the fitted exponent of that angle in ε is 2 (log-log slope over ε, ε/10, ε/100)', () => {
    checkLaw(
      fc.property(configs, epsArb, (config, eps) => {
        const dir = saddleLineDirection(config.layout, p);
        const logs = [1, 10, 100].map((k) => sinAngle(tangent(config, eps.div(k), p), dir, p).log(10));
        const slope = (logs[0] as Decimal).minus(logs[2] as Decimal).div(2);
        expect(slope.minus(2).abs().lte('0.001')).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('the secant θ(2A) − θ(A) along the channel makes an angle O(1/A²) with the saddle line (ratio 4 when A doubles)', () => {
    checkLaw(
      fc.property(configs, epsArb, (config, eps) => {
        // A = a/(2ε) doubles when ε halves at fixed c, a, w, Δ.
        const dir = saddleLineDirection(config.layout, p);
        const secant = (e: Decimal): Decimal[] => {
          const far = channelParameters(config, e.div(2), p);
          const near = channelParameters(config, e, p);
          return far.map((v, i) => v.minus(near[i] as Decimal));
        };
        const s1 = sinAngle(secant(eps), dir, p);
        const s2 = sinAngle(secant(eps.div(2)), dir, p);
        expect(s1.div(s2).minus(4).abs().lte('0.08')).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('the distance to the parent saddle line stays bounded while ‖θ‖ → ∞: dist² = its limit + 2ε²‖Δ‖² exactly', () => {
    const q = precision(120);
    const arb = fc.tuple(
      configs,
      epsArb,
      gridDecimal(q, -2, 2).filter((v) => !v.isZero()),
      fc.array(gridDecimal(q, -2, 2), { minLength: 3, maxLength: 3 }),
    );
    checkLaw(
      fc.property(arb, ([config, eps, aStar, wRaw]) => {
        const { layout } = config;
        const m = config.w.length;
        const wStar = wRaw.slice(0, m);
        // The parent: the other neurons and one neuron (w*, a*); its saddle line through splitting that neuron.
        const parentLayout = { ...layout, width: layout.width - 1 };
        const parentFlat = [
          ...config.others.w.flat(),
          ...wStar,
          ...config.others.a,
          aStar,
          ...(layout.outputBias ? [config.others.b ?? new q.D(0)] : []),
        ].map((v) => new q.D(v));
        const base = splitNeuron(parentLayout, parentFlat, layout.width - 2, 0, q).params;
        const d = splitDirection(layout, layout.width - 2, q);
        const deltaSq = dot(config.delta, config.delta, q);
        const wGap = config.w.reduce(
          (s, v, k) => s.plus(new q.D(v).minus(wStar[k] as Decimal).pow(2)),
          new q.D(0),
        );
        const limit = wGap.times(2).plus(config.c.minus(aStar).pow(2).div(2));
        for (const k of [1, 1e3, 1e6]) {
          const e = eps.div(k);
          const theta = channelParameters(config, e, q);
          const rel = theta.map((v, i) => v.minus(base[i] as Decimal));
          const t = dot(rel, d, q).div(dot(d, d, q));
          const distSq = dot(rel, rel, q).minus(t.pow(2).times(dot(d, d, q)));
          expect(distSq).toAgreeToDigits(limit.plus(e.pow(2).times(deltaSq).times(2)), 40);
          // Parallel, not converging: ‖θ‖ grows like |a|/ε while the distance stays at its limit.
          expect(norm(theta, q).gt(config.a.abs().div(e).div(2))).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('the largest Hessian eigenvalue grows like 1/ε²: λ_max·ε² = K + O(ε²), its differences shrink by 4 as ε halves', () => {
    const tanhConfigs = channelConfigurationArbitrary(p, {
      maxWidth: 2,
      maxInputDimension: 1,
      minSamples: 2,
      maxSamples: 3,
      minAbsA: 0.5,
    });
    checkLaw(
      fc.property(tanhConfigs, (config) => {
        const net = { layout: config.layout, activation: config.activation };
        const scaled = (e: string): Decimal => {
          const H =
            lossAndDerivatives(net, config.data, channelParameters(config, e, p), p, { hessian: true })
              .hessian ?? [];
          const ev = symmetricEigenvalues(H, precision(60));
          if (ev.kind !== 'converged') throw new Error('Jacobi did not converge');
          return ev.values.reduce((mx, v) => (v.gt(mx) ? v : mx)).times(new p.D(e).pow(2));
        };
        // Swapping the pair maps ε to −ε, so λ_max is even in ε: λ_max ε² = K + C ε² + O(ε⁴). The ratio test
        // λ(ε/2)/λ(ε) → 4 is polluted by C/λ (C can be large when K is small); the differences of λ ε² are not.
        const [g1, g2, g3] = ['1e-6', '5e-7', '2.5e-7'].map(scaled) as [Decimal, Decimal, Decimal];
        fc.pre(g1.gt('1e-3'));
        const d1 = g1.minus(g2);
        const d2 = g2.minus(g3);
        expect(
          d2.times(4).minus(d1).abs().lte(g3.abs().times('1e-8')),
          `K≈${g3.toSignificantDigits(6).toString()}`,
        ).toBe(true);
        expect(d1.abs().lte(g3.abs().times('1e-2'))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});
