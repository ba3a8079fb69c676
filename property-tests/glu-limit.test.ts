// The ε-expansion of a neuron pair and its GLU limit (mathematics.md §2, paper eq. 3–4 and 13). numRuns 25–40 per
// law (a pair output costs two σ evaluations at 50–80 digits, an expansion one jet); the file runs in ≈ 20 s.
// The searchable form of the O(ε²) law (src/claims/counterexamples/glu-limit.ts) is checked here over the same
// genome space the `counterexample` command searches, with the corpus of found counterexamples replayed first.
import { join } from 'node:path';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation, type Activation } from '../src/activations/index.js';
import { gluLimitSearch } from '../src/claims/counterexamples/glu-limit.js';
import { pairExpansion, pairOutput, type PairPoint } from '../src/landscape/pair-expansion.js';
import { lossAndDerivatives } from '../src/network/loss.js';
import { precision } from '../src/precision/context.js';
import { activationArbitrary } from '../src/testing/activation-arbitrary.js';
import { gridDecimal } from '../src/testing/_internals/grid-decimal.js';
import { channelParameters } from '../src/testing/channel-configuration.js';
import { channelConfigurationArbitrary } from '../src/testing/channel-configuration-arbitrary.js';
import { corpusGenomes, readCorpus } from '../src/search/corpus.js';
import { genomeArbitrary } from '../src/testing/genome-arbitrary.js';
import { checkLaw } from './_support/law.js';
import './_support/matchers.js';

const p = precision(60);
const value = gridDecimal(p, -2, 2);
const points: fc.Arbitrary<PairPoint> = fc.record({ c: value, a: value, z: value, delta: value });
const acts = activationArbitrary({ formulaDepth: 2 });
const CORPUS = join(import.meta.dirname, 'corpus');

describe('the ε-expansion and the GLU limit', () => {
  it('the exact identity is even in ε: F(ε) = F(−ε) to every digit', () => {
    checkLaw(
      fc.property(acts, points, gridDecimal(p, 0.001, 0.5), (act, pt, eps) => {
        expect(pairOutput(act, pt, eps.neg(), p)).toAgreeToDigits(pairOutput(act, pt, eps, p), 58);
      }),
      { numRuns: 30 },
    );
  });

  it('the finite-difference identity (paper eq. 3): a_i σ(z+εδ) + a_j σ(z−εδ) = (c/2)[σ₊ + σ₋] + a[σ₊ − σ₋]/(2ε)', () => {
    checkLaw(
      fc.property(acts, points, gridDecimal(p, 0.001, 0.5), (act, pt, eps) => {
        const q = precision(90);
        const [c, a, z, d] = [pt.c, pt.a, pt.z, pt.delta].map((v) => new q.D(v)) as [
          Decimal,
          Decimal,
          Decimal,
          Decimal,
        ];
        const e = new q.D(eps);
        const plus = act.value(z.plus(e.times(d)), q);
        const minus = act.value(z.minus(e.times(d)), q);
        const rhs = c
          .div(2)
          .times(plus.plus(minus))
          .plus(a.times(plus.minus(minus)).div(e.times(2)));
        expect(pairOutput(act, pt, eps, p)).toAgreeToDigits(rhs, 55);
      }),
      { numRuns: 30 },
    );
  });

  it('the pair output minus the GLU is O(ε²): the error ratio E(ε)/E(ε/2) → 4', () => {
    checkLaw(
      fc.property(acts, points, (act, pt) => {
        const [f0, f2, f4] = pairExpansion(act, pt, 3, p) as [Decimal, Decimal, Decimal];
        fc.pre(f2.abs().gt('1e-3'));
        const eps = new p.D('1e-4');
        const ratio = pairOutput(act, pt, eps, p)
          .minus(f0)
          .div(pairOutput(act, pt, eps.div(2), p).minus(f0));
        // E(ε) = f₂ε² + f₄ε⁴ + …: ratio = 4(1 + ¾(f₄/f₂)ε² + …).
        const allowed = f4.abs().div(f2.abs()).plus(1).times(eps.pow(2)).times(4);
        expect(ratio.minus(4).abs().lte(allowed)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('the remainder after the ε² term is O(ε⁴) with coefficient f₄ (no odd powers)', () => {
    checkLaw(
      fc.property(acts, points, (act, pt) => {
        const [f0, f2, f4, f6] = pairExpansion(act, pt, 4, p) as [Decimal, Decimal, Decimal, Decimal];
        fc.pre(f4.abs().gt('1e-3'));
        const eps = new p.D('1e-3');
        const rem = pairOutput(act, pt, eps, p)
          .minus(f0)
          .minus(f2.times(eps.pow(2)))
          .div(eps.pow(4));
        // rem = f₄ + f₆ε² + …; an ε³ term would leave an error of size 1/ε here.
        expect(
          rem
            .minus(f4)
            .abs()
            .lte(f6.abs().plus(1).times(eps.pow(2)).times(2)),
        ).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('the O(ε²) Taylor bound holds for smooth activations over the counterexample search space (corpus first)', () => {
    const space = gluLimitSearch.space({ activation: resolveActivation('tanh'), digits: 40 });
    const tanh = resolveActivation('tanh');
    // The corpus genomes (violations found with relu) must not violate the law for a smooth σ.
    const examples = corpusGenomes(readCorpus(CORPUS, 'glu-limit')).map(
      (g) => [[...g], tanh] as [number[], Activation],
    );
    checkLaw(
      fc.property(genomeArbitrary(space), activationArbitrary({ formulaDepth: 2 }), (genome, act) => {
        const ev = gluLimitSearch.replay({ activation: act, digits: 40 }, genome);
        if (ev.kind === 'scored') expect(ev.violated, `${act.name}: score ${ev.score}`).toBe(false);
      }),
      { numRuns: 30, examples },
    );
  });

  it('the loss along a channel is L₀ + ε² h + O(ε⁴) with h = (1/N) Σ ρ f₂ · 2(f₀ − y) (paper eq. 13)', () => {
    const q = precision(80);
    const configs = channelConfigurationArbitrary(q, { maxWidth: 3, maxInputDimension: 2, maxSamples: 3 });
    checkLaw(
      fc.property(configs, (config) => {
        const { layout, activation, data } = config;
        // L₀ and h from the GLU limit, written out independently of loss.ts: other neurons + c σ(w·x) + a (Δ·x) σ′(w·x).
        let L0 = new q.D(0);
        let h = new q.D(0);
        data.targets.forEach((y, n) => {
          const x = data.inputs[n] ?? [];
          const xt = layout.hiddenBias ? [...x, new q.D(1)] : x;
          const proj = (v: readonly Decimal[]): Decimal =>
            v.reduce((s, u, j) => s.plus(u.times(xt[j] as Decimal)), new q.D(0));
          let f0 = config.others.b ?? new q.D(0);
          config.others.w.forEach((row, k) => {
            f0 = f0.plus((config.others.a[k] as Decimal).times(activation.value(proj(row), q)));
          });
          const [g0, g2] = pairExpansion(
            activation,
            { c: config.c, a: config.a, z: proj(config.w), delta: proj(config.delta) },
            2,
            q,
          ) as [Decimal, Decimal];
          f0 = f0.plus(g0);
          L0 = L0.plus(f0.minus(y).pow(2));
          h = h.plus(g2.times(f0.minus(y)).times(2));
        });
        L0 = L0.div(data.targets.length);
        h = h.div(data.targets.length);
        fc.pre(h.abs().gt('1e-4'));
        const net = { layout, activation };
        const gap = (e: string): Decimal =>
          lossAndDerivatives(net, data, channelParameters(config, e, q), q, { gradient: false, guard: 30 })
            .loss.minus(L0)
            .div(new q.D(e).pow(2));
        // (L(ε) − L₀)/ε² = h + O(ε²): the error shrinks fourfold when ε halves.
        const e1 = gap('1e-3').minus(h).abs();
        const e2 = gap('5e-4').minus(h).abs();
        expect(e1.lte(h.abs().times('1e-2'))).toBe(true);
        expect(e2.div(e1).minus('0.25').abs().lte('0.01')).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
