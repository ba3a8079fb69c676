import type { Decimal } from 'decimal.js';
import { precision } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import { pairExpansion, pairOutput, type PairPoint } from '../landscape/pair-expansion.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';
import { halfUlp } from './_internals/half-ulp.js';
import { figureSeries, type Figure } from '../report/plot/figure.js';

const POINTS = 6;
const EPSILONS = ['1e-3', '1e-4'] as const;
const ORDERS = [0, 2, 4] as const;

/**
 * Numeric check of the ε-expansion of a neuron pair: for M = 0, 2, 4 the remainder
 * F(ε) − Σ_{m≤M} f_m ε^m must equal f_{M+2} ε^{M+2} (1 + O(ε²)). An ε⁰ term other than the GLU, or any odd
 * power, would make the ratio ρ_M = remainder / (f_{M+2} ε^{M+2}) grow like 1/ε or worse instead of tending to 1.
 */
function check(ctx: ClaimContext): Verdict {
  const act = ctx.activation;
  if (!act.smooth) {
    return {
      kind: 'not-applicable',
      summary: `${act.name} is not smooth: the expansion needs σ to be differentiable to any order`,
      evidence: { activation: act.name },
    };
  }
  // Remainders are as small as ε^6 · f_6 ≈ 1e-24 and must be resolved to several digits: 40 digits beyond
  // the requested ones keep the check independent of the requested precision's size.
  const work = precision(ctx.digits + 40);
  const rng = new SeededRandom(ctx.seed);
  let first: PairPoint | undefined;
  let worst = 0;
  let worstAt = '';
  let checked = 0;
  let skipped = 0;
  let roundingWorst = 0;
  let roundingWorstAt = '';
  let roundingChecked = 0;
  for (let i = 0; i < POINTS; i++) {
    const pt: PairPoint = {
      c: rng.decimal(-2, 2),
      a: rng.decimal(-2, 2),
      z: rng.decimal(-2, 2),
      delta: rng.decimal(-2, 2),
    };
    first ??= pt;
    const f = pairExpansion(act, pt, 6, work);
    // The coefficients at the requested d digits must be correctly rounded (pairExpansion keeps 10 guard digits):
    // judged against the same expansion at d + 40 digits, the precision ladder's oracle. What is under test here is
    // the precision rule, not the formula (the remainders below test that). Allowed: half a unit in the d-th digit
    // plus 10^−(d+8) of the value (the guarded computation's own error, a few roundings at d + 10 digits).
    const atD = pairExpansion(act, pt, 6, precision(ctx.digits));
    atD.forEach((v, k) => {
      const ref = f[k];
      if (ref === undefined) return;
      const tol = halfUlp(ref, ctx.digits, work).plus(ref.abs().times(new work.D(10).pow(-(ctx.digits + 8))));
      const ratio = new work.D(v).minus(ref).abs().div(tol).toNumber();
      roundingChecked++;
      if (!(ratio <= roundingWorst)) {
        roundingWorst = Number.isNaN(ratio) ? Infinity : ratio;
        roundingWorstAt = `f_${2 * k} at c=${String(pt.c)}, a=${String(pt.a)}, z=${String(pt.z)}, δ=${String(pt.delta)}`;
      }
    });
    for (const epsText of EPSILONS) {
      const eps = new work.D(epsText);
      const F = pairOutput(act, pt, eps, work);
      let partial = new work.D(0);
      for (const M of ORDERS) {
        partial = partial.plus(at(f, M).times(eps.pow(M)));
        const next = at(f, M + 2);
        const after = at(f, M + 4);
        const scale = next.abs();
        // A vanishing next coefficient leaves nothing to compare the remainder against.
        if (scale.lt(new work.D(10).pow(-12))) {
          skipped++;
          continue;
        }
        const rho = F.minus(partial).div(next.times(eps.pow(M + 2)));
        // The error model: ρ_M − 1 = (f_{M+4} ε² + f_{M+6} ε⁴ + …)/f_{M+2}; the series converges fast at
        // ε ≤ 1e-3, so twice its first two terms bounds it (plus the rounding of F at the working digits).
        const allowed = after
          .abs()
          .times(eps.pow(2))
          .plus(
            at(f, M + 6)
              .abs()
              .times(eps.pow(4)),
          )
          .times(2)
          .div(scale)
          .plus(new work.D(10).pow(-(work.digits - 5)).div(scale.times(eps.pow(M + 2))));
        const ratio = rho.minus(1).abs().div(allowed).toNumber();
        checked++;
        if (ratio > worst) {
          worst = ratio;
          worstAt = `c=${String(pt.c)}, a=${String(pt.a)}, z=${String(pt.z)}, δ=${String(pt.delta)}, ε=${epsText}, M=${M}`;
        }
      }
    }
  }
  const figure = first === undefined ? undefined : errorFigure(act, first, precision(FIGURE_DIGITS));
  const evidence = {
    activation: act.name,
    digits: work.digits,
    seed: ctx.seed,
    points: POINTS,
    epsilons: [...EPSILONS],
    comparisons: checked,
    skippedNearZeroCoefficient: skipped,
    worstRatioToBound: worst.toPrecision(3),
    worstAt,
    coefficientsAtRequestedDigits: `${roundingChecked} coefficients f_m at ${ctx.digits} digits against the same at ${work.digits}: worst ${roundingWorst.toPrecision(2)} of ½ unit in the last digit + 10^−(d+8) relative`,
    ...(figure === undefined ? {} : { halvingRatio: figure.halvingRatio }),
  };
  const figures = figure === undefined ? [] : [figure.figure];
  if (checked === 0)
    return { kind: 'inconclusive', summary: 'every coefficient vanished', evidence, figures };
  if (!(roundingWorst <= 1)) {
    return {
      kind: 'refuted',
      summary: `the expansion's coefficients at ${ctx.digits} digits are not correctly rounded: ${roundingWorstAt} is off by ${roundingWorst.toPrecision(3)}× half a unit in its last digit`,
      evidence,
      figures,
    };
  }
  if (worst <= 1) {
    return {
      kind: 'verified',
      summary: `remainders match f_{M+2} ε^{M+2} for M = 0, 2, 4 (worst |ρ−1| at ${worst.toPrecision(2)} of the bound 2(|f_{M+4}|ε² + |f_{M+6}|ε⁴)/|f_{M+2}| of the error model)`,
      evidence,
      figures,
    };
  }
  return { kind: 'refuted', summary: `remainder off its predicted size at ${worstAt}`, evidence, figures };
}

/** ε = 2^−1 … 2^−FIGURE_HALVINGS for the figure. */
const FIGURE_HALVINGS = 16;
/**
 * Working digits of the figure, whatever the requested precision: its smallest value, |F − f₀ − f₂ε²| ≈ f₄ ε⁴ at
 * ε = 2^−16, is about 1e-20 of F, so 40 digits still resolve it to ~20 (pairOutput adds the digits its
 * cancellation costs), far more than a plot or the 6-digit halving ratio shows.
 */
const FIGURE_DIGITS = 40;

/**
 * The picture of the claim at one point: |F(ε) − f₀| (the GLU error, slope 2 on log–log axes) and
 * |F(ε) − f₀ − f₂ε²| (slope 4: an odd ε³ term would show as slope 3) as ε halves, with slope-2 and slope-4
 * reference lines a factor 3 below the last points. `halvingRatio` is err(2ε)/err(ε) at the smallest ε (→ 4).
 */
function errorFigure(
  act: ClaimContext['activation'],
  pt: PairPoint,
  work: ReturnType<typeof precision>,
): { figure: Figure; halvingRatio: string } {
  const [f0, f2] = pairExpansion(act, pt, 2, work);
  if (f0 === undefined || f2 === undefined) throw new Error('glu-limit: expansion too short');
  const eps: Decimal[] = [];
  const err0: Decimal[] = [];
  const err2: Decimal[] = [];
  for (let k = 1; k <= FIGURE_HALVINGS; k++) {
    const e = new work.D(2).pow(-k);
    const F = pairOutput(act, pt, e, work);
    eps.push(e);
    err0.push(F.minus(f0).abs());
    err2.push(
      F.minus(f0)
        .minus(f2.times(e.pow(2)))
        .abs(),
    );
  }
  const last = FIGURE_HALVINGS - 1;
  const eLast = eps[last] ?? new work.D(1);
  const e0Last = err0[last] ?? new work.D(0);
  const e0Prev = err0[last - 1] ?? new work.D(0);
  const e2Last = err2[last] ?? new work.D(0);
  const through = (y: Decimal): readonly [string, string] => [
    eLast.toString(),
    y.div(3).toSignificantDigits(17).toString(),
  ];
  const point = `c=${String(pt.c)}, a=${String(pt.a)}, z=${String(pt.z)}, δ=${String(pt.delta)}`;
  return {
    halvingRatio: e0Last.isZero() ? 'NaN' : e0Prev.div(e0Last).toPrecision(6),
    figure: {
      id: 'error-vs-epsilon',
      title: `${act.name}: pair output against its GLU limit`,
      caption:
        `At ${point}: the error of the GLU limit falls like ε² (parallel to the slope-2 line), and after ` +
        `subtracting f₂ε² like ε⁴ (slope 4): no odd powers of ε.`,
      x: { label: 'ε', scale: 'log' },
      y: { label: 'error', scale: 'log' },
      // 12 digits: the errors are resolved to about 20 at FIGURE_DIGITS working digits (see above), and the test of
      // the figure reads slopes and f₂ back from the series to 6–8 digits.
      series: [
        figureSeries('|F(ε) − GLU|', eps, err0, undefined, 12),
        figureSeries('|F(ε) − GLU − f₂ε²|', eps, err2, undefined, 12),
      ],
      references: [
        { label: 'slope 2', slope: 2, through: through(e0Last) },
        { label: 'slope 4', slope: 4, through: through(e2Last) },
      ],
    },
  };
}

function at(f: readonly Decimal[], m: number): Decimal {
  const v = f[m / 2];
  if (v === undefined) throw new Error(`glu-limit: coefficient f_${m} missing`);
  return v;
}

export const gluLimit: Claim = {
  id: 'glu-limit',
  title: 'Two neurons tend to a gated linear unit, with error O(ε²) and no odd powers',
  statement:
    'For smooth σ, a_i σ(z+εδ) + a_j σ(z−εδ) with a_{i,j} = c/2 ± a/(2ε) equals c σ(z) + a δ σ′(z) + ε² f₂ + ε⁴ f₄ + …, ' +
    'with f₂ = (c/2)δ²σ″(z) + (a/6)δ³σ‴(z) and no odd powers of ε.',
  latex:
    "a_i\\sigma(z+\\varepsilon\\delta)+a_j\\sigma(z-\\varepsilon\\delta) = c\\,\\sigma(z)+a\\,\\delta\\,\\sigma'(z)" +
    "+\\varepsilon^2\\Big(\\tfrac{c}{2}\\delta^2\\sigma''(z)+\\tfrac{a}{6}\\delta^3\\sigma'''(z)\\Big)+O(\\varepsilon^4)",
  hypotheses: ['σ is smooth (C^∞) near z', 'ε ≠ 0'],
  source: 'Martinelli et al. 2025, §3, eq. 3–4 (mathematics.md §2)',
  check,
};
